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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The add, extend and remove modals: opened from the command, options loaded as you type, submitted. */
class ModalEndToEndTest {
  static final String FALCON = BotHarness.FALCON_GROUP.toString();

  private final BotHarness harness = new BotHarness();

  @AfterEach
  void stop() {
    harness.close();
  }

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
    assertEquals(List.of("Group", "Users", "Duration", "Custom duration", "Access level", "Reason"), labels);
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
    harness.slack.replaceView(modal.viewId(), harness.parse(answer.body()).path("view"));
    RecordedView result = harness.slack.awaitView(ADA, v -> v.allText().contains("added"), WAIT);
    assertTrue(result.allText().contains("<@U0DEV0004> added"), result.allText());
    assertTrue(result.allText().contains("<@U0BEN0002> already has access"), result.allText());
    assertEquals(now.plus(Duration.ofMinutes(90)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS), harness.opal.world().groupUsers(UUID.fromString(FALCON)).stream()
        .filter(m -> m.userId().equals(DEV_OPAL)).findFirst().orElseThrow().expirationDate());
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
}
