package dev.opaljitbot.slack;

import static dev.opaljitbot.slack.BotHarness.WAIT;
import static dev.opaljitbot.slack.BotHarness.BEN_OPAL;
import static dev.opaljitbot.slack.BotHarness.DEV_OPAL;
import static dev.opaljitbot.slack.BotHarness.ADA;
import static dev.opaljitbot.slack.BotHarness.BEN;
import static dev.opaljitbot.slack.BotHarness.DEV;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opaljitbot.sandbox.slack.RecordedView;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The add, extend and remove modals: opened from the command, options loaded as you type, submitted. */
class ModalEndToEndTest {
  static final String FALCON = BotHarness.FALCON_GROUP.toString();

  private static final String BEN_SLACK = BotHarness.BEN;
  /** Closed after each test (JUnit closes every @AutoClose field): the bot, its sandbox and stand-in. */
  @AutoClose
  private final BotHarness harness = new BotHarness();


  private RecordedView openedFor(String user, String title) {
    return harness.slack.awaitView(user, v -> v.title().equals(title), WAIT);
  }

  /** A view_submission for the modal, with the given values per block. */
  private HttpResponse<String> submit(String user, RecordedView view, ObjectNode values) {
    ObjectNode p = harness.payload("view_submission", user);
    ObjectNode v = p.putObject("view");
    v.put("id", view.viewId()).put("type", "modal").put("callback_id", view.callbackId())
        .put("private_metadata", view.view().path("private_metadata").asText("")).put("hash", view.hash())
        .put("team_id", "T0SANDBOX").put("app_id", "A0SANDBOX");
    v.set("title", view.view().path("title"));
    v.set("blocks", view.view().path("blocks"));
    v.putObject("state").set("values", values);
    return harness.interaction(p);
  }

  private ObjectNode addValues(String groupId, List<String> users, String duration, String custom) {
    ObjectNode values = harness.json().createObjectNode();
    values.putObject("group").putObject("group-select").put("type", "external_select")
        .putObject("selected_option").put("value", groupId).putObject("text").put("type", "plain_text").put("text", "g");
    ObjectNode usersValue = values.putObject("users").putObject("users-select").put("type", "multi_users_select");
    users.forEach(usersValue.putArray("selected_users")::add);
    values.putObject("duration").putObject("duration-select").put("type", "static_select")
        .putObject("selected_option").put("value", duration).putObject("text").put("type", "plain_text").put("text", duration);
    ObjectNode customValue = values.putObject("custom-duration").putObject("custom-duration-input").put("type", "plain_text_input");
    if (custom != null) {
      customValue.put("value", custom);
    }
    values.putObject("access-level").putObject("access-level-input").put("type", "plain_text_input");
    values.putObject("reason").putObject("reason-input").put("type", "plain_text_input").put("value", "on-call cover");
    return values;
  }

  @Test
  void add_without_arguments_opens_the_modal_with_labelled_inputs() {
    assertEquals(200, harness.command(ADA, "add").statusCode());
    RecordedView modal = openedFor(ADA, "Add members");
    List<String> labels = new ArrayList<>();
    modal.view().path("blocks").forEach(b -> labels.add(b.path("label").path("text").asText()));
    assertEquals(List.of("Group", "Users", "Duration", "Custom duration", "Starts", "Access level", "Reason"), labels);
  }

  @Test
  void add_with_some_arguments_opens_the_modal_prefilled() {
    harness.command(ADA, "add <@U0DEV0004|dev> Project Falcon");
    RecordedView modal = openedFor(ADA, "Add members");
    JsonNode blocks = modal.view().path("blocks");
    assertEquals(FALCON, blocks.get(0).path("element").path("initial_option").path("value").asText());
    assertEquals(DEV, blocks.get(1).path("element").path("initial_users").get(0).asText());
    // Falcon allows at most 8h and recommends 2h: the menu stops at 8h and preselects 2h.
    List<String> durations = new ArrayList<>();
    blocks.get(2).path("element").path("options").forEach(o -> durations.add(o.path("value").asText()));
    assertEquals(List.of("30m", "1h", "2h", "4h", "8h", "custom"), durations);
    assertEquals("2h", blocks.get(2).path("element").path("initial_option").path("value").asText());
  }

  @Test
  void group_options_list_only_my_groups_best_match_first() {
    ObjectNode p = harness.payload("block_suggestion", ADA);
    p.put("action_id", "group-select").put("block_id", "group").put("value", "falcon");
    p.putObject("container").put("type", "view").put("view_id", "V1");
    p.putObject("view").put("id", "V1").put("type", "modal").put("callback_id", "add-members").put("team_id", "T0SANDBOX");
    HttpResponse<String> answer = harness.interaction(p);
    assertEquals(200, answer.statusCode());
    List<String> names = new ArrayList<>();
    harness.parse(answer.body()).path("options").forEach(o -> names.add(o.path("text").path("text").asText()));
    assertEquals(List.of("Project Falcon", "Project Falcon Analytics"), names);

    p.put("value", "");
    names.clear();
    harness.parse(harness.interaction(p).body()).path("options").forEach(o -> names.add(o.path("text").path("text").asText()));
    assertEquals(List.of("Incident Bridge", "Project Falcon", "Project Falcon Analytics"), names);

    ObjectNode ben = harness.payload("block_suggestion", BEN).put("action_id", "group-select").put("block_id", "group").put("value", "");
    ben.putObject("view").put("id", "V1").put("type", "modal").put("callback_id", "add-members").put("team_id", "T0SANDBOX");
    assertEquals(0, harness.parse(harness.interaction(ben).body()).path("options").size(), "Ben leads no group");
  }

  @Test
  void the_add_form_plans_the_add_when_it_starts_later_and_refuses_a_time_already_past() {
    harness.command(ADA, "add");
    RecordedView modal = openedFor(ADA, "Add members");
    ObjectNode past = addValues(FALCON, List.of(DEV), "2h", null);
    past.putObject("starts").putObject("starts-picker").put("type", "datetimepicker")
        .put("selected_date_time", harness.clock.instant().minusSeconds(3600).getEpochSecond());
    JsonNode refused = harness.parse(submit(ADA, modal, past).body());
    assertEquals("That time has passed: pick a later one, or leave it empty to add now.", refused.path("errors").path("starts").asText());

    java.time.Instant tomorrow = harness.clock.instant().plus(java.time.Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    ObjectNode later = addValues(FALCON, List.of(DEV), "2h", null);
    later.putObject("starts").putObject("starts-picker").put("type", "datetimepicker").put("selected_date_time", tomorrow.getEpochSecond());
    assertEquals(200, submit(ADA, modal, later).statusCode());
    RecordedView done = harness.slack.awaitView(ADA, v -> v.viewId().equals(modal.viewId()) && v.allText().contains("Planned: I'll add <@U0DEV0004> to *Project Falcon*"), WAIT);
    assertTrue(done.allText().contains("<!date^" + tomorrow.getEpochSecond()), done.allText());
    assertTrue(harness.opal.world().groupUsers(BotHarness.FALCON_GROUP).stream().noneMatch(m -> m.userId().equals(BotHarness.DEV_OPAL)),
        "nobody added yet");
    assertEquals(tomorrow, harness.bot.plannedAdds().inGroup(BotHarness.FALCON_GROUP).get(0).startsAt());
  }

  @Test
  void mistakes_in_the_modal_are_shown_inline() {
    harness.command(ADA, "add");
    RecordedView modal = openedFor(ADA, "Add members");
    HttpResponse<String> answer = submit(ADA, modal, addValues(FALCON, List.of(DEV), "custom", "soon"));
    JsonNode body = harness.parse(answer.body());
    assertEquals("errors", body.path("response_action").asText());
    assertTrue(body.path("errors").path("custom-duration").asText().contains("30m"), body.toString());

    body = harness.parse(submit(ADA, modal, addValues(FALCON, List.of(DEV), "custom", "9h")).body());
    assertTrue(body.path("errors").path("custom-duration").asText().contains("at most 8h"), body.toString());

    body = harness.parse(submit(ADA, modal, addValues(FALCON, List.of(), "2h", null)).body());
    assertTrue(body.path("errors").has("users"), body.toString());
    assertTrue(harness.opal.world().groupUsers(UUID.fromString(FALCON)).stream().noneMatch(m -> m.userId().equals(DEV_OPAL)));
  }

  @Test
  void submitting_the_modal_adds_everyone_and_shows_each_expiry() {
    harness.command(ADA, "add");
    RecordedView modal = openedFor(ADA, "Add members");
    Instant now = harness.clock.instant();
    HttpResponse<String> answer = submit(ADA, modal, addValues(FALCON, List.of(DEV, BEN), "custom", "90m"));
    assertEquals("update", harness.parse(answer.body()).path("response_action").asText());
    harness.slack.replaceViewIfUnchanged(modal.viewId(), modal.hash(), harness.parse(answer.body()).path("view"));
    RecordedView result = harness.slack.awaitView(ADA, v -> v.allText().contains("added"), WAIT);
    assertTrue(result.allText().contains("<@U0DEV0004> added"), result.allText());
    assertTrue(result.allText().contains("<@U0BEN0002> already has access"), result.allText());
    assertEquals(now.plus(Duration.ofMinutes(90)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS), harness.opal.world().groupUsers(UUID.fromString(FALCON)).stream()
        .filter(m -> m.userId().equals(DEV_OPAL)).findFirst().orElseThrow().expirationDate());
  }

  @Test
  void a_form_closed_before_its_answer_came_gets_the_outcome_by_dm() {
    harness.command(ADA, "add");
    RecordedView modal = openedFor(ADA, "Add members");
    harness.opalFaults.failNext(1, "POST", "/groups/{g}/users/{u}",
        dev.opaljitbot.sandbox.FaultInjector.Fault.slow(Duration.ofMillis(700)));
    HttpResponse<String> answer = submit(ADA, modal, addValues(FALCON, List.of(DEV), "2h", null));
    assertEquals("update", harness.parse(answer.body()).path("response_action").asText());
    harness.slack.closeView(modal.viewId()); // Ada closes the form while Opal is still working

    var dm = harness.slack.awaitMessageTo(ADA, m -> m.kind() == dev.opaljitbot.sandbox.slack.RecordedMessage.Kind.DM
        && m.allText().contains("<@U0DEV0004> added"), WAIT);
    assertTrue(dm.allText().contains("Project Falcon"), dm.allText());
    assertTrue(harness.opal.world().groupUsers(UUID.fromString(FALCON)).stream().anyMatch(m -> m.userId().equals(DEV_OPAL)));
  }

  @Test
  void extend_and_remove_without_all_arguments_open_their_modals() {
    harness.command(ADA, "extend <@U0BEN0002|ben>");
    RecordedView extend = openedFor(ADA, "Extend access");
    assertEquals(BEN, extend.view().path("blocks").get(1).path("element").path("initial_user").asText());
    harness.command(ADA, "remove");
    RecordedView remove = openedFor(ADA, "Remove access");
    ObjectNode values = harness.json().createObjectNode();
    values.putObject("group").putObject("group-select").put("type", "external_select").putObject("selected_option").put("value", FALCON);
    values.putObject("user").putObject("user-select").put("type", "users_select").put("selected_user", BEN);
    submit(ADA, remove, values);
    harness.slack.awaitView(ADA, v -> v.allText().contains("no longer has access"), WAIT);
    assertFalse(harness.opal.world().groupUsers(UUID.fromString(FALCON)).stream().anyMatch(m -> m.userId().equals(BEN_OPAL)));
  }

  /** The input block with this block id, wherever notes put it in the form. */
  private static JsonNode block(RecordedView view, String blockId) {
    for (JsonNode b : view.view().path("blocks")) {
      if (blockId.equals(b.path("block_id").asText())) {
        return b;
      }
    }
    throw new AssertionError("no block " + blockId + " in " + view.view());
  }

  @Test
  void a_mistyped_duration_is_named_and_everything_else_prefilled() {
    harness.command(ADA, "add <@U0DEV0004|dev> Project Falcon 2x");
    RecordedView modal = openedFor(ADA, "Add members");
    assertTrue(modal.allText().contains("`2x` is not a duration: use whole numbers with m, h, d or w"), modal.allText());
    assertEquals(FALCON, block(modal, "group").path("element").path("initial_option").path("value").asText());
    assertEquals(DEV, block(modal, "users").path("element").path("initial_users").get(0).asText());
    // What was typed is kept for correcting: Custom is chosen and the field holds "2x".
    assertEquals("custom", block(modal, "duration").path("element").path("initial_option").path("value").asText());
    assertEquals("2x", block(modal, "custom-duration").path("element").path("initial_value").asText());
  }

  @Test
  void people_typed_without_at_are_pointed_out_and_the_group_and_duration_kept() {
    harness.command(ADA, "add ben Project Falcon 4h");
    RecordedView modal = openedFor(ADA, "Add members");
    assertTrue(modal.allText().contains("Mention people as @ben"), modal.allText());
    assertEquals(FALCON, block(modal, "group").path("element").path("initial_option").path("value").asText());
    assertEquals("4h", block(modal, "duration").path("element").path("initial_option").path("value").asText());
  }

  @Test
  void request_with_words_opens_the_form_with_group_item_duration_and_reason() {
    harness.command(ADA, "request Project Falcon prod-readonly 2h debug the launch");
    RecordedView modal = openedFor(ADA, "Request access");
    assertEquals(FALCON, block(modal, "group").path("element").path("initial_option").path("value").asText());
    assertEquals("R:44444444-4444-4444-8444-000000000001",
        block(modal, "items").path("element").path("initial_options").get(0).path("value").asText());
    assertEquals("2h", block(modal, "duration").path("element").path("initial_option").path("value").asText());
    assertEquals("debug the launch", block(modal, "reason").path("element").path("initial_value").asText());
  }

  @Test
  void people_who_cannot_use_a_form_are_told_up_front_with_the_leaders_to_ask() {
    String ben = harness.parse(harness.command(BEN_SLACK, "add").body()).toString();
    assertTrue(ben.contains("You don't lead any Opal group"), ben);
    assertTrue(ben.contains("*Project Falcon*: <@U0ADA0001>"), ben);
    String named = harness.parse(harness.command(BEN_SLACK, "request Project Falcon").body()).toString();
    assertTrue(named.contains("Only leaders of *Project Falcon*"), named);
    String finn = harness.parse(harness.command(BotHarness.FINN, "add").body()).toString();
    assertTrue(finn.contains("no Opal account for your e-mail"), finn);
    assertTrue(harness.slack.calls("views.open").isEmpty(), "no empty form was opened");
  }

  @Test
  void picking_a_group_in_the_form_offers_only_durations_it_allows() {
    harness.command(ADA, "add");
    RecordedView modal = openedFor(ADA, "Add members");
    List<String> before = new ArrayList<>();
    block(modal, "duration").path("element").path("options").forEach(o -> before.add(o.path("value").asText()));
    assertTrue(before.containsAll(List.of("30d", "90d")), "no 4w2d-style presets: " + before);

    ObjectNode p = harness.payload("block_actions", ADA);
    p.put("trigger_id", harness.slack.issueTriggerId(ADA));
    p.putObject("container").put("type", "view").put("view_id", modal.viewId());
    p.putObject("view").put("id", modal.viewId()).put("hash", modal.hash()).put("type", "modal").put("callback_id", modal.callbackId())
        .put("private_metadata", modal.view().path("private_metadata").asText("")).put("team_id", "T0SANDBOX");
    ObjectNode action = p.putArray("actions").addObject().put("action_id", "group-select").put("block_id", "group")
        .put("type", "external_select").put("action_ts", "1.0");
    action.putObject("selected_option").put("value", FALCON).putObject("text").put("type", "plain_text").put("text", "Project Falcon");
    harness.interaction(p);

    RecordedView redrawn = harness.slack.awaitView(ADA, v -> v.viewId().equals(modal.viewId()) && !v.hash().equals(modal.hash()), WAIT);
    List<String> after = new ArrayList<>();
    block(redrawn, "duration").path("element").path("options").forEach(o -> after.add(o.path("value").asText()));
    assertEquals(List.of("30m", "1h", "2h", "4h", "8h", "custom"), after, "Falcon allows at most 8h");
    assertEquals("2h", block(redrawn, "duration").path("element").path("initial_option").path("value").asText());
  }

  @Test
  void the_extend_form_shows_the_current_end_and_says_the_duration_is_added_to_it() {
    harness.command(ADA, "extend <@U0BEN0002|ben> Project Falcon");
    RecordedView modal = openedFor(ADA, "Extend access");
    assertTrue(modal.allText().contains("*Current end:* <!date^"), modal.allText());
    assertTrue(modal.allText().contains("current end plus this duration"), modal.allText());
  }

  @Test
  void extending_past_the_groups_maximum_in_the_form_is_capped_like_the_command_not_refused() {
    harness.command(ADA, "extend <@U0BEN0002|ben> Project Falcon");
    RecordedView modal = openedFor(ADA, "Extend access");
    ObjectNode values = harness.json().createObjectNode();
    values.putObject("group").putObject("group-select").put("type", "external_select").putObject("selected_option").put("value", FALCON);
    values.putObject("user").putObject("user-select").put("type", "users_select").put("selected_user", BEN);
    values.putObject("duration").putObject("duration-select").put("type", "static_select").putObject("selected_option").put("value", "custom");
    values.putObject("custom-duration").putObject("custom-duration-input").put("type", "plain_text_input").put("value", "9h");
    HttpResponse<String> answer = submit(ADA, modal, values);
    assertEquals("update", harness.parse(answer.body()).path("response_action").asText(), answer.body());
    harness.slack.replaceViewIfUnchanged(modal.viewId(), modal.hash(), harness.parse(answer.body()).path("view"));
    RecordedView result = harness.slack.awaitView(ADA, v -> v.allText().contains("capped"), WAIT);
    assertTrue(result.allText().contains("at most 8h from now"), result.allText());
  }
}
