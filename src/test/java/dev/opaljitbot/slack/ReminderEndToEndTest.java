package dev.opaljitbot.slack;

import static dev.opaljitbot.slack.BotHarness.WAIT;
import static dev.opaljitbot.slack.BotHarness.BEN_OPAL;
import static dev.opaljitbot.slack.BotHarness.ADA;
import static dev.opaljitbot.slack.BotHarness.BEN;
import static dev.opaljitbot.slack.BotHarness.CLEO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opaljitbot.opal.GroupUser;
import dev.opaljitbot.sandbox.slack.RecordedMessage;
import dev.opaljitbot.sandbox.slack.RecordedView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Expiry reminders end to end: DMs from a pass, their buttons clicked as Slack would, Opal checked after. */
class ReminderEndToEndTest {
  static final UUID FALCON = BotHarness.FALCON_GROUP;

  /** Closed after each test (JUnit closes every @AutoClose field): the bot, its sandbox and stand-in. */
  @AutoClose
  private final BotHarness harness = new BotHarness();


  private Optional<GroupUser> bensFalcon() {
    return harness.opal.world().groupUsers(FALCON).stream().filter(m -> m.userId().equals(BEN_OPAL)).findFirst();
  }

  private RecordedMessage dm(String user, String containing) {
    return harness.slack.awaitMessageTo(user, m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains(containing), WAIT);
  }

  private String valueOf(RecordedMessage m, String actionId) {
    for (var node : m.blocks().findParents("action_id")) {
      if (node.path("action_id").asText().equals(actionId)) {
        return node.path("value").asText();
      }
    }
    throw new AssertionError(actionId + " not in " + m.blocks());
  }

  @Test
  void a_member_is_reminded_asks_a_leader_and_the_leader_extends_from_the_dm() {
    Instant end = bensFalcon().orElseThrow().expirationDate();
    harness.bot.expiryWatch().runOnce();
    RecordedMessage reminder = dm(BEN, "Your access to *Project Falcon* ends");
    assertTrue(reminder.actionIds().contains("reminder-ask"), "Ben does not lead Falcon, so he asks");
    assertFalse(reminder.actionIds().contains("reminder-extend"));

    harness.click(BEN, "reminder-ask", valueOf(reminder, "reminder-ask"));
    harness.slack.awaitMessageTo(BEN, m -> m.allText().contains("Asked <@U0ADA0001>"), WAIT);
    RecordedMessage ask = dm(ADA, "asks to extend their access to *Project Falcon*");

    harness.click(ADA, "leader-extend", valueOf(ask, "leader-extend"));
    dm(BEN, "<@U0ADA0001> extended your access to *Project Falcon*");
    assertEquals(end.plus(Duration.ofMinutes(60)), bensFalcon().orElseThrow().expirationDate(), "Falcon extends by 60 minutes");
  }

  @Test
  void reminders_follow_the_new_expiry_after_an_extension_and_not_the_old_one() {
    Instant oldEnd = bensFalcon().orElseThrow().expirationDate();
    harness.bot.expiryWatch().runOnce();
    dm(BEN, "Your access to *Project Falcon* ends");
    harness.command(ADA, "extend <@U0BEN0002|ben> Project Falcon 8h");
    harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("now ends"), WAIT);
    Instant newEnd = bensFalcon().orElseThrow().expirationDate();
    harness.clock.advance(Duration.ofMinutes(40)); // the old end's last hour has begun
    harness.bot.expiryWatch().runOnce();
    assertEquals(1, remindersAbout(oldEnd), "no reminder for the old end's last hour");
    assertEquals(0, remindersAbout(newEnd), "an 8 h extension is shorter than the 24 h lead: no reminder the moment it is made");
    harness.clock.advance(Duration.ofHours(6).plusMinutes(30));
    harness.bot.expiryWatch().runOnce();
    assertEquals(1, remindersAbout(newEnd), "its last-hour reminder");
  }

  private long remindersAbout(Instant end) {
    return harness.slack.messagesTo(BEN).stream()
        // A reminder about this end, whether still as sent ("*Group* ends <date>") or since marked outdated.
        .filter(m -> m.kind() == RecordedMessage.Kind.DM && (m.allText().contains("* ends <!date^" + end.getEpochSecond() + "^")
            || m.allText().contains("about access ending <!date^" + end.getEpochSecond() + "^")))
        .count();
  }

  @Test
  void let_it_expire_stops_the_reminders_and_the_end_is_announced() {
    harness.bot.expiryWatch().runOnce();
    RecordedMessage reminder = dm(BEN, "Your access to *Project Falcon* ends");
    harness.click(BEN, "reminder-let-expire", valueOf(reminder, "reminder-let-expire"));
    harness.slack.awaitMessageTo(BEN, m -> m.allText().contains("no more reminders"), WAIT);
    harness.clock.advance(Duration.ofMinutes(45));
    harness.bot.expiryWatch().runOnce();
    assertEquals(1, harness.slack.messagesTo(BEN).stream()
        .filter(m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains("Your access to *Project Falcon* ends")).count());
    harness.clock.advance(Duration.ofMinutes(50));
    harness.bot.expiryWatch().runOnce();
    dm(BEN, "Your access to *Project Falcon* ended");
  }

  @Test
  void im_done_gives_the_access_back() {
    harness.bot.expiryWatch().runOnce();
    RecordedMessage reminder = dm(BEN, "Your access to *Project Falcon* ends");
    harness.click(BEN, "reminder-done", valueOf(reminder, "reminder-done"));
    harness.slack.awaitMessageTo(BEN, m -> m.allText().contains("You gave back your access"), WAIT);
    assertTrue(bensFalcon().isEmpty());
  }

  @Test
  void a_non_leader_cannot_extend_from_a_forged_button() {
    harness.bot.expiryWatch().runOnce();
    RecordedMessage reminder = dm(BEN, "Your access to *Project Falcon* ends");
    Instant end = bensFalcon().orElseThrow().expirationDate();
    harness.click(BEN, "leader-extend", valueOf(reminder, "reminder-ask"));
    harness.slack.awaitMessageTo(BEN, m -> m.allText().contains("Only leaders of *Project Falcon*"), WAIT);
    assertEquals(end, bensFalcon().orElseThrow().expirationDate());
  }

  @Test
  void the_leader_gets_one_digest_of_members_ending_soon() {
    harness.bot.expiryWatch().runOnce();
    harness.bot.expiryWatch().runOnce();
    RecordedMessage digest = dm(ADA, "ending soon");
    assertTrue(digest.allText().contains("<@U0BEN0002>") && digest.allText().contains("<@U0CLEO003>"), digest.allText());
    assertEquals(1, harness.slack.messagesTo(ADA).stream().filter(m -> m.allText().contains("ending soon")).count());
  }

  @Test
  void the_home_tab_shows_my_access_and_my_groups_members() {
    ObjectNode event = harness.json().createObjectNode().put("type", "app_home_opened").put("user", ADA).put("channel", "D0ADA0001")
        .put("tab", "home").put("event_ts", "1.0");
    assertEquals(200, harness.event(event).statusCode());
    RecordedView home = awaitHome(ADA, "Groups you lead");
    assertTrue(home.allText().contains("Incident Bridge"), home.allText());
    assertTrue(home.allText().contains("<@U0BEN0002> · ends"), home.allText());

    harness.command(ADA, "remove <@U0BEN0002|ben> Project Falcon");
    harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("no longer has access"), WAIT);
    awaitHome(ADA, "<@U0CLEO003> · ends", h -> !h.allText().contains("<@U0BEN0002> · ends"));
    // Ben's access changed too, but he never opened Home: no views.publish for him (Ada's redraw came first).
    assertTrue(harness.slack.calls("views.publish").stream().anyMatch(c -> ADA.equals(c.params().path("user_id").asText())));
    assertTrue(harness.slack.calls("views.publish").stream().noneMatch(c -> BEN.equals(c.params().path("user_id").asText())),
        harness.slack.calls("views.publish").toString());
    assertTrue(harness.slack.homeOf(BEN).isEmpty());
  }

  @Test
  void a_reminder_whose_membership_changed_is_updated_and_loses_its_buttons() {
    harness.bot.expiryWatch().runOnce();
    RecordedMessage reminder = dm(BEN, "Your access to *Project Falcon* ends");
    assertFalse(reminder.actionIds().isEmpty());
    harness.command(ADA, "extend <@U0BEN0002|ben> Project Falcon 1h");
    RecordedMessage updated = harness.slack.awaitMessageTo(BEN,
        m -> m.ts().equals(reminder.ts()) && m.allText().contains("This reminder was about access ending"), WAIT);
    assertTrue(updated.allText().contains("it now ends"), updated.allText());
    assertTrue(updated.actionIds().isEmpty(), "its buttons would act on the old end");
  }

  @Test
  void a_reminder_loses_its_buttons_once_the_access_it_was_about_has_ended() {
    harness.bot.expiryWatch().runOnce();
    RecordedMessage reminder = dm(BEN, "Your access to *Project Falcon* ends");
    assertFalse(reminder.actionIds().isEmpty());
    Instant end = bensFalcon().orElseThrow().expirationDate();
    harness.clock.advance(java.time.Duration.between(harness.clock.instant(), end).plusMinutes(1));
    harness.bot.expiryWatch().runOnce();
    RecordedMessage retired = harness.slack.awaitMessageTo(BEN, m -> m.ts().equals(reminder.ts()) && m.allText().contains("ended"), WAIT);
    assertTrue(retired.allText().contains("Your access to *Project Falcon* ended"), retired.allText());
    assertTrue(retired.actionIds().isEmpty(), "no Ask a leader or I'm done for access that is gone");
  }

  @Test
  void a_reminder_answered_in_place_keeps_its_answer_when_the_access_changes_later() {
    harness.bot.expiryWatch().runOnce();
    RecordedMessage reminder = dm(BEN, "Your access to *Project Falcon* ends");
    // Clicked in the DM itself: the answer replaces the reminder there, as Slack does with replace_original.
    harness.clickInChannel(BEN, reminder, "reminder-ask", valueOf(reminder, "reminder-ask"));
    harness.slack.awaitMessageTo(BEN, m -> m.ts().equals(reminder.ts()) && m.allText().contains("Asked "), WAIT);
    harness.command(ADA, "extend <@U0BEN0002|ben> Project Falcon 1h");
    harness.slack.awaitMessageTo(BEN, m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains("extended your access"), WAIT);
    RecordedMessage after = harness.slack.messagesTo(BEN).stream().filter(m -> m.ts().equals(reminder.ts())).findFirst().orElseThrow();
    assertTrue(after.allText().contains("Asked "), "the answer stays; it is not rewritten as an outdated reminder: " + after.allText());
  }

  @Test
  void every_reminder_button_acts_only_on_the_end_it_was_sent_about() {
    harness.bot.expiryWatch().runOnce();
    RecordedMessage reminder = dm(BEN, "Your access to *Project Falcon* ends");
    String ask = valueOf(reminder, "reminder-ask");
    String done = valueOf(reminder, "reminder-done");
    // The end moves in Opal itself (the bot does not see it happen): the old buttons must not act.
    harness.opal.world().updateGroupUser(FALCON, BEN_OPAL, 300, null);
    Instant moved = bensFalcon().orElseThrow().expirationDate();
    harness.click(BEN, "reminder-ask", ask);
    harness.slack.awaitMessageTo(BEN, m -> m.allText().contains("has changed since this message: it now ends"), WAIT);
    harness.click(BEN, "reminder-done", done);
    harness.slack.awaitMessageTo(BEN, m -> m.allText().contains("has changed since this message"), WAIT);
    assertEquals(moved, bensFalcon().orElseThrow().expirationDate(), "I'm done on the old reminder gave nothing back");
    assertTrue(harness.slack.messagesTo(ADA).stream().noneMatch(m -> m.allText().contains("asks to extend")), "no leader was asked");

    harness.opal.world().deleteGroupUser(FALCON, BEN_OPAL);
    harness.click(BEN, "reminder-done", done);
    harness.slack.awaitMessageTo(BEN, m -> m.allText().contains("has already ended; nothing was changed"), WAIT);
  }

  @Test
  void two_clicks_on_extend_for_the_same_end_move_it_once() {
    Instant end = bensFalcon().orElseThrow().expirationDate();
    String value = FALCON + ":" + BEN_OPAL + ":" + end.toEpochMilli();
    // The digest's button and the "asks to extend" DM's, clicked at the same moment (or a double click).
    java.util.concurrent.CompletableFuture<?> one = java.util.concurrent.CompletableFuture.runAsync(() -> harness.click(ADA, "leader-extend", value));
    java.util.concurrent.CompletableFuture<?> two = java.util.concurrent.CompletableFuture.runAsync(() -> harness.click(ADA, "leader-extend", value));
    one.join();
    two.join();
    harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("access now ends"), WAIT);
    harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("already extended from that end")
        || m.allText().contains("has changed since this message"), WAIT);
    assertEquals(end.plus(Duration.ofMinutes(60)), bensFalcon().orElseThrow().expirationDate(), "moved by one extension, not two");
    assertEquals(1, harness.opalFaults.calls("PUT", "/groups/{g}/users/{u}"));
  }

  /** A click on a Home tab button: Slack sends the view, no response_url and no channel. */
  private void clickOnHome(String user, String actionId, String value) {
    ObjectNode p = harness.payload("block_actions", user);
    p.put("trigger_id", harness.slack.issueTriggerId(user));
    p.putObject("container").put("type", "view").put("view_id", harness.slack.homeOf(user).orElseThrow().viewId());
    p.putObject("view").put("id", harness.slack.homeOf(user).orElseThrow().viewId()).put("type", "home").put("team_id", "T0SANDBOX");
    p.putArray("actions").addObject().put("action_id", actionId).put("block_id", "b").put("type", "button").put("value", value)
        .put("action_ts", "1.0");
    assertEquals(200, harness.interaction(p).statusCode());
  }

  private void openHome(String user) {
    ObjectNode event = harness.json().createObjectNode().put("type", "app_home_opened").put("user", user).put("channel", "D0" + user)
        .put("tab", "home").put("event_ts", "1.0");
    assertEquals(200, harness.event(event).statusCode());
  }

  private static String valueOf(RecordedView view, String actionId) {
    for (com.fasterxml.jackson.databind.JsonNode el : view.view().findParents("action_id")) {
      if (el.path("action_id").asText().equals(actionId)) {
        return el.path("value").asText();
      }
    }
    throw new AssertionError("no " + actionId + " in " + view.view());
  }

  @Test
  void a_leader_extends_from_home_and_home_is_redrawn_without_a_response_url() {
    openHome(ADA);
    RecordedView home = awaitHome(ADA, "Groups you lead");
    assertTrue(home.allText().contains("Add people"), home.allText());
    assertTrue(home.allText().contains("Extend 1h"), "the same words as the reminders: " + home.allText());
    Instant bensEnd = bensFalcon().orElseThrow().expirationDate();
    String value = FALCON + ":" + BEN_OPAL + ":" + bensEnd.toEpochMilli();
    long drawnBefore = awaitHomesDrawn(ADA, 1);
    clickOnHome(ADA, "leader-extend", value);
    awaitHome(ADA, "<!date^" + bensEnd.plus(java.time.Duration.ofMinutes(60)).getEpochSecond());
    assertEquals(bensEnd.plus(java.time.Duration.ofMinutes(60)), bensFalcon().orElseThrow().expirationDate());
    awaitHomesDrawn(ADA, drawnBefore + 1);
    dm(ADA, "access now ends"); // the words of the answer come as a DM, after the click's own Home redraw (or its skip)
    assertEquals(drawnBefore + 1, homesDrawn(ADA, harness.slack.calls("views.publish")), "one click, one redraw");
  }

  private long awaitHomesDrawn(String user, long atLeast) {
    return homesDrawn(user, harness.slack.awaitCalls("views.publish", calls -> homesDrawn(user, calls) >= atLeast, WAIT));
  }

  private static long homesDrawn(String user, List<dev.opaljitbot.sandbox.slack.RecordedCall> calls) {
    return calls.stream().filter(c -> user.equals(c.params().path("user_id").asText())).count();
  }

  @Test
  void a_reviewer_sees_pending_reviews_on_home_and_approves_there() {
    String id = harness.opal.world().createRequest(BEN_OPAL, null, FALCON,
        List.of(new dev.opaljitbot.sandbox.SandboxWorld.NewItem(UUID.fromString("44444444-4444-4444-8444-000000000001"), null, null)),
        "from the web app", 60).toString();
    openHome(CLEO);
    RecordedView home = awaitHome(CLEO, "Awaiting your review");
    assertTrue(home.allText().contains("from the web app"), home.allText());
    clickOnHome(CLEO, "review-approve", valueOf(home, "review-approve"));
    awaitHome(CLEO, "Your group access", h -> !h.allText().contains("Awaiting your review"));
    assertEquals(dev.opaljitbot.opal.RequestStatus.APPROVED, harness.opal.world().request(UUID.fromString(id)).status());
  }

  private RecordedView awaitHome(String user, String containing) {
    return awaitHome(user, containing, h -> true);
  }

  private RecordedView awaitHome(String user, String containing, java.util.function.Predicate<RecordedView> also) {
    return harness.slack.awaitHome(user, home -> home.allText().contains(containing) && also.test(home), WAIT);
  }

}
