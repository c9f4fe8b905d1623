package dev.opaljitbot.slack;

import static dev.opaljitbot.slack.BotHarness.ADA;
import static dev.opaljitbot.slack.BotHarness.BEN;
import static dev.opaljitbot.slack.BotHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opaljitbot.opal.GroupResource;
import dev.opaljitbot.sandbox.SandboxWorld;
import dev.opaljitbot.sandbox.slack.RecordedMessage;
import dev.opaljitbot.sandbox.slack.RecordedView;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A group's items end to end: listing them, Request again, Remove, and refusals, against the sandbox and the stand-in. */
class ItemsEndToEndTest {
  static final UUID FALCON = BotHarness.FALCON_GROUP;
  static final UUID BEN_OPAL = BotHarness.BEN_OPAL;
  static final UUID PROD_READONLY = UUID.fromString("44444444-4444-4444-8444-000000000001");
  static final UUID GUILD = UUID.fromString("33333333-3333-4333-8333-000000000006");

  /** Closed after each test (JUnit closes every @AutoClose field): the bot, its sandbox and stand-in. */
  @AutoClose
  private final BotHarness harness = new BotHarness();

  @BeforeEach
  void falconHoldsAResourceAndAGroup() {
    SandboxWorld world = harness.opal.world();
    UUID resource = world.createRequest(BEN_OPAL, null, FALCON, List.of(new SandboxWorld.NewItem(PROD_READONLY, null, null)), "launch", 240);
    world.approveByApi(resource, true);
    UUID group = world.createRequest(BEN_OPAL, null, FALCON, List.of(new SandboxWorld.NewItem(null, GUILD, null)), "dashboards", 120);
    world.approveByApi(group, true);
  }


  private RecordedMessage reply(String user, String containing) {
    return harness.slack.awaitMessageTo(user, m -> m.allText().contains(containing), WAIT);
  }

  private static String valueOf(RecordedMessage m, String actionId, String itemId) {
    for (JsonNode el : m.blocks().findParents("action_id")) {
      if (el.path("action_id").asText().equals(actionId) && el.path("value").asText().endsWith(itemId)) {
        return el.path("value").asText();
      }
    }
    throw new AssertionError("no " + actionId + " for " + itemId + " in " + m.allText());
  }

  @Test
  void a_leader_lists_the_groups_items_with_their_ends_and_buttons() {
    harness.command(ADA, "items Project Falcon");
    RecordedMessage list = reply(ADA, "What Project Falcon gives access to");
    String text = list.allText();
    assertTrue(text.contains("*prod-readonly* · resource"), text);
    assertTrue(text.contains("(in 4 h)"), text);
    assertTrue(text.contains("*Data Science Guild* · group"), text);
    assertTrue(text.contains("granted for 2h (Opal does not report when it ends)"), text);
    assertTrue(list.actionIds().containsAll(List.of("item-request-again", "item-remove", "item-remove-in-opal")), list.actionIds().toString());

    harness.command(BEN, "resources Project Falcon");
    RecordedMessage forMember = reply(BEN, "What Project Falcon gives access to");
    assertTrue(forMember.actionIds().isEmpty(), "only leaders get buttons");
  }

  @Test
  void members_mentions_what_the_group_already_gives_access_to() {
    harness.command(ADA, "members Project Falcon");
    RecordedMessage members = reply(ADA, "Members of Project Falcon");
    assertTrue(members.allText().contains("already gives access to *prod-readonly* until <!date^"), members.allText());
  }

  @Test
  void removing_a_group_item_leaves_every_other_item_as_it_was() {
    List<GroupResource> before = harness.opal.world().groupResources(FALCON);
    harness.command(ADA, "items Project Falcon");
    RecordedMessage list = reply(ADA, "What Project Falcon gives access to");
    harness.click(ADA, "item-remove", valueOf(list, "item-remove", GUILD.toString()));
    RecordedMessage done = reply(ADA, "no longer gives access to *Data Science Guild*");
    assertTrue(done.replaceOriginal());
    assertTrue(harness.opal.world().containingGroups(FALCON).isEmpty());
    assertEquals(before, harness.opal.world().groupResources(FALCON), "prod-readonly keeps its access level and end");
    assertEquals(1, harness.opalFaults.calls("DELETE", "/groups/{g}/containing-groups/{c}"));
    assertEquals(0, harness.opalFaults.calls("PUT", "/groups/{g}/resources"), "the list-setting PUT is never used");
  }

  @Test
  void a_non_leader_is_refused_with_the_leaders_and_nothing_is_written() {
    harness.click(BEN, "item-remove", FALCON + ":G:" + GUILD);
    RecordedMessage refused = reply(BEN, "Only leaders of *Project Falcon*");
    assertTrue(refused.allText().contains("<@U0ADA0001>"), refused.allText());
    assertEquals(0, harness.opalFaults.calls("DELETE", "/groups/{g}/containing-groups/{c}"));
    assertFalse(harness.opal.world().containingGroups(FALCON).isEmpty());
  }

  @Test
  void request_again_opens_the_request_form_with_the_group_and_the_item() {
    harness.command(ADA, "items Project Falcon");
    RecordedMessage list = reply(ADA, "What Project Falcon gives access to");
    harness.click(ADA, "item-request-again", valueOf(list, "item-request-again", PROD_READONLY.toString()));
    RecordedView form = harness.slack.awaitView(ADA, v -> v.title().equals("Request access"), WAIT);
    String json = form.view().toString();
    assertTrue(json.contains("\"value\":\"" + FALCON + "\""), json);
    assertTrue(json.contains("\"value\":\"R:" + PROD_READONLY + "\""), json);
    assertTrue(json.contains("\"initial_option\":{\"text\":{\"type\":\"plain_text\",\"text\":\"4h\""), "the same 4h as before: " + json);
  }

  @Test
  void leaders_are_reminded_before_the_groups_access_to_an_item_ends_and_can_let_it_expire() {
    harness.bot.expiryWatch().runOnce();
    harness.bot.expiryWatch().runOnce();
    RecordedMessage reminder = reply(ADA, "*Project Falcon*'s access to *prod-readonly* ends");
    assertTrue(reminder.actionIds().containsAll(List.of("item-request-again", "item-let-expire")), reminder.actionIds().toString());
    assertEquals(1, harness.slack.messagesTo(ADA).stream().filter(m -> m.allText().contains("access to *prod-readonly* ends")).count());

    harness.click(ADA, "item-let-expire", valueOf(reminder, "item-let-expire", ""));
    reply(ADA, "No more reminders to *Project Falcon*'s leaders about *prod-readonly*");
    harness.clock.advance(java.time.Duration.ofHours(3).plusMinutes(30)); // inside the last hour
    harness.bot.expiryWatch().runOnce();
    assertEquals(1, harness.slack.messagesTo(ADA).stream().filter(m -> m.allText().contains("access to *prod-readonly* ends")).count(),
        "a leader who let it expire hears nothing more about that end");
  }

  @Test
  void a_leaders_home_shows_each_groups_items_with_request_again() {
    com.fasterxml.jackson.databind.node.ObjectNode event = harness.json().createObjectNode().put("type", "app_home_opened")
        .put("user", ADA).put("channel", "D0ADA").put("tab", "home").put("event_ts", "1.0");
    harness.event(event);
    String home = awaitHome(h -> h.contains("prod-readonly"));
    assertTrue(home.contains(":package: *prod-readonly* · resource"), home);
    assertTrue(home.contains("*Data Science Guild* · group"), home);
    assertTrue(harness.slack.homeOf(ADA).orElseThrow().view().toString().contains("item-request-again"));
  }

  @Test
  void picking_a_group_in_the_request_form_shows_what_it_already_holds() {
    harness.command(ADA, "request");
    RecordedView form = harness.slack.awaitView(ADA, v -> v.title().equals("Request access"), WAIT);
    com.fasterxml.jackson.databind.node.ObjectNode p = harness.payload("block_actions", ADA);
    p.put("trigger_id", harness.slack.issueTriggerId(ADA));
    p.putObject("container").put("type", "view").put("view_id", form.viewId());
    p.putObject("view").put("id", form.viewId()).put("hash", form.hash()).put("type", "modal").put("callback_id", form.callbackId())
        .put("private_metadata", "").put("team_id", "T0SANDBOX");
    com.fasterxml.jackson.databind.node.ObjectNode action = p.putArray("actions").addObject().put("action_id", "group-select")
        .put("block_id", "group").put("type", "external_select").put("action_ts", "1.0");
    action.putObject("selected_option").put("value", FALCON.toString()).putObject("text").put("type", "plain_text").put("text", "Project Falcon");
    harness.interaction(p);
    RecordedView redrawn = harness.slack.awaitView(ADA, v -> v.viewId().equals(form.viewId()) && v.allText().contains("already gives access"), WAIT);
    assertTrue(redrawn.allText().contains("*Project Falcon* already gives access to *prod-readonly*"), redrawn.allText());
  }

  @Test
  void a_removal_shows_at_once_on_the_leaders_home_tab() throws Exception {
    harness.event(harness.json().createObjectNode().put("type", "app_home_opened").put("user", ADA).put("channel", "D0ADA")
        .put("tab", "home").put("event_ts", "1.0"));
    awaitHome(h -> h.contains("*Data Science Guild* · group"));
    harness.command(ADA, "items Project Falcon");
    RecordedMessage list = reply(ADA, "What Project Falcon gives access to");
    harness.click(ADA, "item-remove", valueOf(list, "item-remove", GUILD.toString()));
    String home = awaitHome(h -> !h.contains("Data Science Guild"));
    assertTrue(home.contains("*prod-readonly* · resource"), home);
  }

  private String awaitHome(java.util.function.Predicate<String> shows) {
    return harness.slack.awaitHome(ADA, home -> shows.test(home.allText()), WAIT).allText();
  }
}
