package dev.opaljitbot.sandbox.slack;

import static com.slack.api.model.block.Blocks.asBlocks;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewTitle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.views.ViewsOpenResponse;
import com.slack.api.model.view.View;
import com.slack.api.webhook.WebhookResponse;
import dev.opaljitbot.sandbox.SandboxClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stand-in driven by the real Slack SDK client, so the bot's client and the stand-in agree. */
class SlackStandInTest {
  private static final String TOKEN = "xoxb-stand-in-test-token";
  private final SandboxClock clock = new SandboxClock(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
  private final SlackStandIn standIn = SlackStandIn.builder().botToken(TOKEN).clock(clock).start();
  private final Slack slack = Slack.getInstance(config());
  private final MethodsClient client = slack.methods(TOKEN);

  private SlackConfig config() {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(standIn.apiUrl());
    return config;
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  private static View modal(String title) {
    return view(v -> v.type("modal").callbackId("x").title(viewTitle(t -> t.type("plain_text").text(title)))
        .blocks(asBlocks(section(s -> s.text(markdownText("hello"))))));
  }

  @Test
  void auth_test_accepts_only_the_bot_token() throws Exception {
    assertTrue(client.authTest(r -> r).isOk());
    assertEquals("U0BOT0000", client.authTest(r -> r).getUserId());
    assertEquals("invalid_auth", slack.methods("xoxb-wrong").authTest(r -> r).getError());
  }

  @Test
  void users_have_emails_and_time_zones_except_where_slack_hides_them() throws Exception {
    var ada = client.usersInfo(r -> r.user("U0ADA0001")).getUser();
    assertEquals("ada@example.com", ada.getProfile().getEmail());
    assertEquals("Europe/Berlin", ada.getTz());
    assertNull(client.usersInfo(r -> r.user("U0GUS0007")).getUser().getProfile().getEmail());
    assertEquals("user_not_found", client.usersInfo(r -> r.user("U0NOBODY1")).getError());
    assertEquals("U0BEN0002", client.usersLookupByEmail(r -> r.email("BEN@example.com")).getUser().getId());
    assertEquals("users_not_found", client.usersLookupByEmail(r -> r.email("nobody@example.com")).getError());
  }

  @Test
  void a_dm_is_recorded_for_the_person_and_can_be_updated() throws Exception {
    String dm = client.conversationsOpen(r -> r.users(java.util.List.of("U0BEN0002"))).getChannel().getId();
    ChatPostMessageResponse posted = client.chatPostMessage(r -> r.channel(dm).text("Your access ends soon")
        .blocks(asBlocks(section(s -> s.text(markdownText("*Project Falcon* ends in 1 h"))))));
    assertTrue(posted.isOk());
    RecordedMessage message = standIn.messagesTo("U0BEN0002").get(0);
    assertEquals(RecordedMessage.Kind.DM, message.kind());
    assertTrue(message.allText().contains("*Project Falcon* ends in 1 h"));

    assertTrue(client.chatUpdate(r -> r.channel(posted.getChannel()).ts(posted.getTs()).text("Extended")
        .blocks(asBlocks(section(s -> s.text(markdownText("Extended by Ada")))))).isOk());
    assertTrue(standIn.messagesTo("U0BEN0002").get(0).allText().contains("Extended by Ada"));
    assertEquals("message_not_found", client.chatUpdate(r -> r.channel(dm).ts("1.1").text("x")).getError());
  }

  @Test
  void ephemeral_messages_and_response_url_replies_are_recorded_for_the_person() throws Exception {
    assertTrue(client.chatPostEphemeral(r -> r.channel("C0PROJECTS").user("U0ADA0001").text("only you")).isOk());
    WebhookResponse reply = slack.send(standIn.newResponseUrl("U0ADA0001", "C0PROJECTS"),
        "{\"response_type\":\"ephemeral\",\"text\":\"done\",\"replace_original\":true}");
    assertEquals(200, reply.getCode());
    assertEquals(2, standIn.messagesTo("U0ADA0001").size());
    assertTrue(standIn.messagesTo("U0ADA0001").get(1).replaceOriginal());
  }

  @Test
  void a_reply_that_replaces_the_original_edits_the_clicked_message_in_place() throws Exception {
    ChatPostMessageResponse posted = client.chatPostMessage(r -> r.channel("U0BEN0002").text("reminder with buttons"));
    client.chatPostMessage(r -> r.channel("U0BEN0002").text("a later message"));
    String url = standIn.newResponseUrl("U0BEN0002", posted.getChannel(), posted.getTs());
    slack.send(url, "{\"replace_original\":true,\"text\":\"You gave your access back\"}");
    assertEquals(2, standIn.messagesTo("U0BEN0002").size());
    RecordedMessage edited = standIn.messagesTo("U0BEN0002").get(0);
    assertEquals("You gave your access back", edited.text());
    assertEquals(RecordedMessage.Kind.DM, edited.kind());
    slack.send(standIn.newResponseUrl("U0BEN0002", posted.getChannel(), posted.getTs()), "{\"delete_original\":true}");
    assertEquals(java.util.List.of("a later message"), standIn.messagesTo("U0BEN0002").stream().map(RecordedMessage::text).toList());
  }

  @Test
  void modals_open_with_a_fresh_trigger_update_and_publish() throws Exception {
    String trigger = standIn.issueTriggerId("U0ADA0001");
    ViewsOpenResponse opened = client.viewsOpen(r -> r.triggerId(trigger).view(modal("Add members")));
    assertTrue(opened.isOk(), opened.getError());
    String viewId = opened.getView().getId();
    assertTrue(client.viewsUpdate(r -> r.viewId(viewId).view(modal("Done"))).isOk());
    assertEquals("Done", standIn.currentView(viewId).orElseThrow().title());
    assertEquals("hash_conflict", client.viewsUpdate(r -> r.viewId(viewId).hash("stale").view(modal("x"))).getError());
    assertTrue(client.viewsPublish(r -> r.userId("U0BEN0002").view(view(v -> v.type("home")
        .blocks(asBlocks(section(s -> s.text(markdownText("Your access")))))))).isOk());
    assertTrue(standIn.homeOf("U0BEN0002").orElseThrow().allText().contains("Your access"));
  }

  @Test
  void a_trigger_expires_after_three_seconds() throws Exception {
    String trigger = standIn.issueTriggerId("U0ADA0001");
    clock.advance(Duration.ofSeconds(4));
    assertEquals("expired_trigger_id", client.viewsOpen(r -> r.triggerId(trigger).view(modal("Late"))).getError());
    assertEquals("invalid_trigger_id", client.viewsOpen(r -> r.triggerId("made-up").view(modal("Late"))).getError());
  }

  @Test
  void texts_and_titles_over_slacks_limits_are_refused_as_slack_does() throws Exception {
    String trigger = standIn.issueTriggerId("U0ADA0001");
    ViewsOpenResponse longTitle = client.viewsOpen(r -> r.triggerId(trigger).view(modal("A title longer than twenty-four")));
    assertEquals("invalid_arguments", longTitle.getError());
    assertTrue(longTitle.getResponseMetadata().getMessages().get(0).contains("title"));

    ChatPostMessageResponse longSection = client.chatPostMessage(r -> r.channel("U0BEN0002").text("x")
        .blocks(asBlocks(section(s -> s.text(markdownText("a".repeat(3001)))))));
    assertEquals("invalid_blocks", longSection.getError());
    ChatPostMessageResponse longHeader = client.chatPostMessage(r -> r.channel("U0BEN0002").text("x")
        .blocks(asBlocks(header(h -> h.text(plainText("h".repeat(151)))))));
    assertEquals("invalid_blocks", longHeader.getError());
    assertEquals("msg_too_long", client.chatPostMessage(r -> r.channel("U0BEN0002").text("x".repeat(40_001))).getError());
    assertTrue(standIn.messagesTo("U0BEN0002").isEmpty());
    assertEquals(3, standIn.calls("chat.postMessage").size());
  }

  @Test
  void waiting_for_a_message_returns_it_when_it_arrives_and_times_out_cleanly() throws Exception {
    CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
      try {
        Thread.sleep(100);
        client.chatPostMessage(r -> r.channel("U0DEV0004").text("reminder"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertEquals("reminder", standIn.awaitMessageTo("U0DEV0004", m -> m.text().equals("reminder"), Duration.ofSeconds(5)).text());
    later.join();
    AssertionError timeout = assertThrows(AssertionError.class,
        () -> standIn.awaitMessageTo("U0EVE0005", m -> true, Duration.ofMillis(50)));
    assertTrue(timeout.getMessage().contains("U0EVE0005"));
    assertFalse(standIn.calls().isEmpty());
  }
}
