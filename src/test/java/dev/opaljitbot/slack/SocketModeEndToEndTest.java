package dev.opaljitbot.slack;

import static dev.opaljitbot.slack.BotHarness.ADA;
import static dev.opaljitbot.slack.BotHarness.BEN;
import static dev.opaljitbot.slack.BotHarness.BEN_OPAL;
import static dev.opaljitbot.slack.BotHarness.CLEO;
import static dev.opaljitbot.slack.BotHarness.DEV;
import static dev.opaljitbot.slack.BotHarness.DEV_OPAL;
import static dev.opaljitbot.slack.BotHarness.FALCON_GROUP;
import static dev.opaljitbot.slack.BotHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opaljitbot.opal.GroupUser;
import dev.opaljitbot.opal.RequestStatus;
import dev.opaljitbot.sandbox.slack.RecordedMessage;
import dev.opaljitbot.sandbox.slack.RecordedView;
import dev.opaljitbot.sandbox.slack.SocketModeLink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The main flows with the bot in Socket Mode: every request arrives as an envelope over the bot's own
 * WebSocket to the stand-in (no request reaches it over HTTP), and is acknowledged within Slack's 3 seconds.
 */
class SocketModeEndToEndTest {
  /** Closed after each test (JUnit closes every @AutoClose field): the bot, its sandbox and stand-in. */
  @AutoClose
  private final BotHarness harness = BotHarness.socketMode();
  private final SocketModeLink link = harness.slack.socketMode().orElseThrow();


  private RecordedMessage dm(String user, String containing) {
    return harness.slack.awaitMessageTo(user, m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains(containing), WAIT);
  }

  private static String valueOf(RecordedMessage m, String actionId) {
    for (var node : m.blocks().findParents("action_id")) {
      if (node.path("action_id").asText().equals(actionId)) {
        return node.path("value").asText();
      }
    }
    throw new AssertionError(actionId + " not in " + m.blocks());
  }

  private Optional<GroupUser> membership(UUID user) {
    return harness.opal.world().groupUsers(FALCON_GROUP).stream().filter(m -> m.userId().equals(user)).findFirst();
  }

  @Test
  void a_leader_adds_a_member_by_command_and_nothing_reaches_the_bot_over_http() throws Exception {
    harness.command(ADA, "add <@U0DEV0004|dev> Project Falcon 2h launch prep");
    harness.slack.awaitMessageTo(ADA, m -> m.kind() == RecordedMessage.Kind.RESPONSE_URL && m.allText().contains("<@U0DEV0004> added"), WAIT);
    assertTrue(membership(DEV_OPAL).isPresent());
    dm(DEV, "gave you access to *Project Falcon*");

    HttpResponse<String> http = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + harness.bot.port() + "/slack/events")).POST(HttpRequest.BodyPublishers.ofString("x=1")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(404, http.statusCode());
    assertTrue(http.body().contains("Socket Mode"), http.body());
    String health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + harness.bot.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(health.contains("\"socket_mode\":\"connected\""), health);
    assertEquals(List.of(), link.unexpectedAcks(), "each envelope acknowledged once");
  }

  @Test
  void the_add_form_opens_suggests_groups_and_its_submission_is_answered_in_the_form() {
    harness.command(ADA, "add");
    RecordedView form = harness.slack.awaitView(ADA, v -> v.title().equals("Add members"), WAIT);

    ObjectNode suggestion = harness.payload("block_suggestion", ADA).put("action_id", "group-select").put("block_id", "group").put("value", "fal");
    suggestion.putObject("view").put("id", form.viewId()).put("type", "modal").put("callback_id", form.callbackId()).put("team_id", "T0SANDBOX");
    String options = harness.interaction(suggestion).body();
    assertTrue(options.contains("Project Falcon"), options);

    ObjectNode values = harness.json().createObjectNode();
    values.putObject("group").putObject("group-select").put("type", "external_select")
        .putObject("selected_option").put("value", FALCON_GROUP.toString()).putObject("text").put("type", "plain_text").put("text", "g");
    values.putObject("users").putObject("users-select").put("type", "multi_users_select").putArray("selected_users").add(DEV);
    values.putObject("duration").putObject("duration-select").put("type", "static_select")
        .putObject("selected_option").put("value", "2h").putObject("text").put("type", "plain_text").put("text", "2h");
    values.putObject("custom-duration").putObject("custom-duration-input").put("type", "plain_text_input");
    values.putObject("access-level").putObject("access-level-input").put("type", "plain_text_input");
    values.putObject("reason").putObject("reason-input").put("type", "plain_text_input").put("value", "on-call cover");
    ObjectNode p = harness.payload("view_submission", ADA);
    ObjectNode v = p.putObject("view");
    v.put("id", form.viewId()).put("type", "modal").put("callback_id", form.callbackId())
        .put("private_metadata", form.view().path("private_metadata").asText("")).put("hash", form.hash()).put("team_id", "T0SANDBOX");
    v.set("blocks", form.view().path("blocks"));
    v.putObject("state").set("values", values);
    String ack = harness.interaction(p).body();
    assertEquals("update", harness.parse(ack).path("response_action").asText(), ack);
    harness.slack.replaceViewIfUnchanged(form.viewId(), form.hash(), harness.parse(ack).path("view"));
    RecordedView result = harness.slack.awaitView(ADA, x -> x.viewId().equals(form.viewId()) && x.allText().contains("added"), WAIT);
    assertTrue(result.allText().contains("<@U0DEV0004> added"), result.allText());
  }

  @Test
  void a_reminder_leads_to_a_leaders_extend_click_even_across_a_reconnect_in_the_middle() {
    Instant end = membership(BEN_OPAL).orElseThrow().expirationDate();
    harness.bot.expiryWatch().runOnce();
    RecordedMessage reminder = dm(BEN, "Your access to *Project Falcon* ends");
    harness.click(BEN, "reminder-ask", valueOf(reminder, "reminder-ask"));
    RecordedMessage ask = dm(ADA, "asks to extend their access to *Project Falcon*");

    // Slack recycles the connection in the middle of the flow: the bot opens a new one and goes on.
    int before = link.connectionsMade();
    link.disconnect("refresh_requested");
    link.awaitConnectionsMade(before + 1, Duration.ofSeconds(30));

    harness.click(ADA, "leader-extend", valueOf(ask, "leader-extend"));
    dm(BEN, "<@U0ADA0001> extended your access to *Project Falcon*");
    assertEquals(end.plus(Duration.ofMinutes(60)), membership(BEN_OPAL).orElseThrow().expirationDate());
    assertEquals(List.of(), link.unexpectedAcks(), "no envelope handled twice");
  }

  @Test
  void a_reviewer_approves_with_the_button_after_a_dropped_connection() {
    harness.command(ADA, "request");
    RecordedView result = RequestEndToEndTest.requestWith(harness, ADA, RequestEndToEndTest.FALCON,
        List.of("R:" + RequestEndToEndTest.PROD_READONLY), "2h", "debug the launch", null);
    UUID id = RequestEndToEndTest.idIn(result.allText());
    harness.slack.awaitMessageTo(CLEO, m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains(id.toString()), WAIT);

    int before = link.connectionsMade();
    link.dropConnections(); // no goodbye: the network failed
    link.awaitConnectionsMade(before + 1, Duration.ofSeconds(30));

    harness.click(CLEO, "review-approve", id.toString());
    dm(ADA, "was *approved* by <@U0CLEO003>");
    assertEquals(RequestStatus.APPROVED, harness.opal.world().request(id).status());
  }

  @Test
  void an_event_delivered_again_after_a_reconnect_is_handled_once() {
    ObjectNode body = harness.json().createObjectNode().put("token", "unused").put("team_id", "T0SANDBOX").put("api_app_id", "A0SANDBOX")
        .put("type", "event_callback").put("event_id", "Ev0AGAIN").put("event_time", Instant.now().getEpochSecond());
    body.putObject("event").put("type", "app_home_opened").put("user", ADA).put("channel", "D0ADA").put("tab", "home").put("event_ts", "1.0");
    link.deliver("events_api", body);
    harness.slack.awaitHome(ADA, home -> true, WAIT);
    link.deliver("events_api", body); // the same envelope's event again, as after a reconnect

    // A positive signal that the second delivery was processed by now: Ben's Home, opened after it, is drawn.
    ObjectNode bens = body.deepCopy().put("event_id", "Ev0BEN");
    ((ObjectNode) bens.path("event")).put("user", BEN).put("channel", "D0BEN");
    link.deliver("events_api", bens);
    harness.slack.awaitHome(BEN, home -> true, WAIT);
    assertEquals(1, harness.slack.calls("views.publish").stream().filter(c -> ADA.equals(c.userId())).count(), "Ada's Home drawn once");
  }

  @Test
  void the_playground_reaches_the_bot_through_the_stand_in_in_socket_mode() throws Exception {
    String body = "token=unused&team_id=T0SANDBOX&channel_id=C0PLAYGROUND&user_id=U0ADA0001&user_name=ada&command=%2Faccess&text=help"
        + "&api_app_id=A0SANDBOX&response_url=http%3A%2F%2Fx&trigger_id=t1";
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + harness.bot.port() + "/playground/api/deliver"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("Time-bound access to Opal groups"), answer.body());
  }
}
