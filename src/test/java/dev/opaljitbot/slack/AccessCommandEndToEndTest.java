package dev.opaljitbot.slack;

import static dev.opaljitbot.slack.BotHarness.WAIT;
import static dev.opaljitbot.slack.BotHarness.BEN_OPAL;
import static dev.opaljitbot.slack.BotHarness.DEV_OPAL;
import static dev.opaljitbot.slack.BotHarness.ADA;
import static dev.opaljitbot.slack.BotHarness.AUDIT;
import static dev.opaljitbot.slack.BotHarness.BEN;
import static dev.opaljitbot.slack.BotHarness.FINN;
import static dev.opaljitbot.slack.BotHarness.GUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opaljitbot.opal.GroupUser;
import dev.opaljitbot.sandbox.FaultInjector.Fault;
import dev.opaljitbot.sandbox.slack.RecordedMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The slash command end to end: signed requests to the running bot, Opal at the sandbox, Slack at the stand-in. */
class AccessCommandEndToEndTest {
  static final UUID FALCON = BotHarness.FALCON_GROUP;
  static final String DEV_SLACK = BotHarness.DEV;

  /** Closed after each test (JUnit closes every @AutoClose field): the bot, its sandbox and stand-in. */
  @AutoClose
  private final BotHarness harness = new BotHarness();


  private RecordedMessage reply(String user, String containing) {
    return harness.slack.awaitMessageTo(user, m -> m.allText().contains(containing), WAIT);
  }

  private Optional<GroupUser> membership(UUID group, UUID user) {
    return harness.opal.world().groupUsers(group).stream().filter(m -> m.userId().equals(user)).findFirst();
  }

  private int opalWrites() {
    return harness.opalFaults.calls("POST", "/groups/{g}/users/{u}") + harness.opalFaults.calls("PUT", "/groups/{g}/users/{u}")
        + harness.opalFaults.calls("DELETE", "/groups/{g}/users/{u}");
  }

  @Test
  void help_is_answered_at_once() {
    HttpResponse<String> ack = harness.command(ADA, "help");
    assertEquals(200, ack.statusCode());
    assertTrue(ack.body().contains("extend @user"), ack.body());
  }

  @Test
  void a_leader_adds_a_member_for_a_duration_and_sees_the_new_expiry() {
    Instant now = harness.clock.instant();
    assertEquals(200, harness.command(ADA, "add <@U0DEV0004|dev> Project Falcon 2h launch prep").statusCode());
    RecordedMessage reply = reply(ADA, "added");
    assertTrue(reply.allText().contains("<@U0DEV0004>"), reply.allText());
    assertTrue(reply.allText().contains("<!date^" + now.plus(Duration.ofHours(2)).getEpochSecond()), reply.allText());
    assertTrue(reply.allText().contains("in 2 h"), reply.allText());
    assertEquals(now.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS), membership(FALCON, DEV_OPAL).orElseThrow().expirationDate());
  }

  @Test
  void every_change_is_posted_once_to_the_audit_channel() throws Exception {
    harness.command(ADA, "add <@U0DEV0004|dev> Project Falcon 2h launch prep");
    reply(ADA, "added");
    harness.slack.awaitChannelMessage(AUDIT, m -> true, WAIT);
    List<RecordedMessage> audit = harness.slack.channelMessages(AUDIT);
    assertEquals(1, audit.size());
    String line = audit.get(0).allText();
    assertTrue(line.contains("<@U0ADA0001> added to *Project Falcon*"), line);
    assertTrue(line.contains("dev@example.com (added)"), line);
    assertTrue(line.contains("for 2h"), line);
    assertTrue(line.contains("launch prep"), line);

    harness.command(BEN, "add <@U0DEV0004|dev> Project Falcon 1h");
    reply(BEN, "Only leaders");
    // A positive signal first: the next real change's line arrives; the refusal in between left none.
    harness.command(ADA, "remove <@U0DEV0004|dev> Project Falcon");
    harness.slack.awaitChannelMessage(AUDIT, m -> m.allText().contains("removed from *Project Falcon*"), WAIT);
    assertEquals(2, harness.slack.channelMessages(AUDIT).size(), "a refusal changes nothing and is not posted");
  }

  @Test
  void a_non_leader_is_refused_with_the_leaders_named_and_nothing_sent_to_opal() {
    harness.command(BEN, "add <@U0DEV0004|dev> Project Falcon 1h");
    RecordedMessage reply = reply(BEN, "Only leaders");
    assertTrue(reply.allText().contains("<@U0ADA0001>"), reply.allText());
    assertEquals(0, opalWrites());
    assertTrue(membership(FALCON, DEV_OPAL).isEmpty());
  }

  @Test
  void ambiguous_and_unknown_group_names_say_what_to_type() {
    harness.command(ADA, "add <@U0DEV0004|dev> Project 1h");
    RecordedMessage ambiguous = reply(ADA, "matches several groups");
    assertTrue(ambiguous.allText().contains("Project Falcon Analytics"), ambiguous.allText());
    harness.command(ADA, "members Zeppelin");
    reply(ADA, "can't find a group called \"Zeppelin\"");
    harness.command(ADA, "members Falcon");
    RecordedMessage nearMiss = reply(ADA, "can't find a group called \"Falcon\"");
    assertTrue(nearMiss.allText().contains("Did you mean *Project Falcon*, *Project Falcon Analytics*?"), nearMiss.allText());
    assertEquals(0, opalWrites());
  }

  @Test
  void bad_durations_are_refused_with_the_fix() {
    harness.command(ADA, "add <@U0DEV0004|dev> Project Falcon 2x");
    // "2x" is not a duration word, so the modal opens instead: the group and user are prefilled.
    harness.slack.awaitView(ADA, v -> v.title().equals("Add members"), WAIT);

    harness.command(ADA, "add <@U0DEV0004|dev> Project Falcon 9h");
    RecordedMessage tooLong = reply(ADA, "at most 8h");
    assertTrue(tooLong.allText().contains("you asked for 9h"), tooLong.allText());
    harness.command(ADA, "add <@U0DEV0004|dev> Project Falcon indefinite");
    reply(ADA, "does not allow access without an end");
    assertEquals(0, opalWrites());
  }

  @Test
  void members_lists_expiries_with_extend_and_remove_for_leaders_only() {
    harness.command(ADA, "members project falcon");
    RecordedMessage forLeader = reply(ADA, "Members of Project Falcon");
    assertTrue(forLeader.allText().contains("<@U0BEN0002>"), forLeader.allText());
    assertTrue(forLeader.allText().contains("in 1.5 h"), forLeader.allText());
    assertTrue(forLeader.actionIds().contains("member-remove"));
    assertTrue(forLeader.actionIds().contains("member-extend"));

    harness.command(BEN, "members Project Falcon");
    RecordedMessage forMember = reply(BEN, "Members of Project Falcon");
    assertTrue(forMember.actionIds().isEmpty());
  }

  @Test
  void remove_button_removes_the_member_and_refreshes_the_list() {
    harness.click(ADA, "member-remove", FALCON + ":" + BEN_OPAL);
    RecordedMessage reply = reply(ADA, "no longer has access");
    assertTrue(reply.replaceOriginal());
    assertTrue(membership(FALCON, BEN_OPAL).isEmpty());
  }

  @Test
  void a_forged_remove_click_by_a_non_leader_is_refused() {
    harness.click(BEN, "member-remove", FALCON + ":" + UUID.fromString("11111111-1111-4111-8111-000000000003"));
    reply(BEN, "Only leaders");
    assertEquals(0, opalWrites());
  }

  @Test
  void extend_moves_the_end_later_by_the_duration_and_never_shortens_it() {
    Instant benEnds = membership(FALCON, BEN_OPAL).orElseThrow().expirationDate();
    harness.clock.advance(Duration.ofMinutes(37)); // 53 minutes left: a 30m extend used to cut it to 30 minutes
    harness.command(ADA, "extend <@U0BEN0002|ben> Project Falcon 30m");
    RecordedMessage reply = reply(ADA, "access now ends");
    assertEquals(benEnds.plus(Duration.ofMinutes(30)), membership(FALCON, BEN_OPAL).orElseThrow().expirationDate());
    assertTrue(reply.allText().contains("(was <!date^" + benEnds.getEpochSecond()), reply.allText());
    assertFalse(reply.allText().contains("capped"), reply.allText());
  }

  @Test
  void extend_beyond_the_groups_maximum_is_capped_and_says_so_then_changes_nothing_more() {
    harness.command(ADA, "extend <@U0BEN0002|ben> Project Falcon 8h");
    RecordedMessage capped = reply(ADA, "capped");
    Instant latest = harness.clock.instant().plus(Duration.ofHours(8)).truncatedTo(ChronoUnit.MILLIS);
    assertEquals(latest, membership(FALCON, BEN_OPAL).orElseThrow().expirationDate());
    assertTrue(capped.allText().contains("at most 8h from now"), capped.allText());

    harness.command(ADA, "extend <@U0BEN0002|ben> Project Falcon 1h");
    reply(ADA, "nothing changed");
    assertEquals(latest, membership(FALCON, BEN_OPAL).orElseThrow().expirationDate());
  }

  @Test
  void the_member_is_told_by_dm_who_changed_their_access_and_the_new_end() {
    harness.command(ADA, "add <@U0DEV0004|dev> Project Falcon 2h launch prep");
    RecordedMessage added = reply(DEV_SLACK, "gave you access to *Project Falcon*");
    assertTrue(added.allText().contains("<@U0ADA0001>"), added.allText());
    assertTrue(added.allText().contains("launch prep"), added.allText());

    harness.command(ADA, "extend <@U0DEV0004|dev> Project Falcon 1h");
    RecordedMessage extended = reply(DEV_SLACK, "extended your access to *Project Falcon*");
    assertTrue(extended.allText().contains("in 3 h"), extended.allText());

    harness.command(ADA, "remove <@U0DEV0004|dev> Project Falcon");
    reply(DEV_SLACK, "removed your access to *Project Falcon*");
    assertTrue(membership(FALCON, DEV_OPAL).isEmpty());
  }

  @Test
  void a_batch_add_adds_everyone_who_can_be_added_and_names_who_was_not() {
    harness.command(ADA, "add <@U0DEV0004|dev> <@U0FINN006|finn> Project Falcon 1h");
    RecordedMessage reply = reply(ADA, "Not added");
    assertTrue(reply.allText().contains("<@U0DEV0004> added"), reply.allText());
    assertTrue(reply.allText().contains("<@U0FINN006> has no Opal account"), reply.allText());
    assertTrue(membership(FALCON, DEV_OPAL).isPresent());
  }

  @Test
  void remove_for_someone_already_gone_says_so_and_redraws_the_list() {
    harness.command(ADA, "remove <@U0BEN0002|ben> Project Falcon");
    reply(ADA, "no longer has access");
    harness.click(ADA, "member-remove", FALCON + ":" + BEN_OPAL);
    RecordedMessage stale = reply(ADA, "already had no access");
    assertTrue(stale.replaceOriginal());
    assertTrue(stale.allText().contains("Members of Project Falcon"), stale.allText());
  }

  @Test
  void remove_ends_the_access() {
    harness.command(ADA, "remove <@U0BEN0002|ben> Project Falcon");
    reply(ADA, "no longer has access");
    assertTrue(membership(FALCON, BEN_OPAL).isEmpty());
  }

  @Test
  void a_member_sees_their_access_and_can_leave() {
    harness.command(BEN, "mine");
    RecordedMessage mine = reply(BEN, "Your group access");
    assertTrue(mine.allText().contains("Project Falcon"), mine.allText());
    assertTrue(mine.allText().contains("Red Team Drill"), mine.allText());

    harness.command(BEN, "leave Project Falcon");
    reply(BEN, "You no longer have access");
    assertTrue(membership(FALCON, BEN_OPAL).isEmpty());
  }

  @Test
  void groups_lists_the_groups_i_lead() {
    harness.command(ADA, "groups");
    RecordedMessage groups = reply(ADA, "Groups you lead");
    assertTrue(groups.allText().contains("Incident Bridge"));
    assertFalse(groups.allText().contains("Red Team Drill"));
  }

  @Test
  void people_without_an_opal_account_or_a_visible_email_get_a_clear_message() {
    harness.command(FINN, "mine");
    reply(FINN, "no Opal account for your e-mail (finn@example.com)");
    harness.command(GUS, "mine");
    reply(GUS, "can't see an e-mail address on your Slack profile");
    harness.command(ADA, "add <@U0FINN006|finn> Project Falcon 1h");
    RecordedMessage reply = reply(ADA, "has no Opal account");
    assertTrue(reply.allText().contains("Nothing was changed"), reply.allText()); // nobody else could be added
    assertEquals(0, opalWrites());
  }

  @Test
  void requests_opal_calls_and_cache_use_show_in_metrics() throws Exception {
    harness.command(ADA, "groups");
    reply(ADA, "Groups you lead");
    java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + harness.bot.port() + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    String text = metrics.body();
    assertTrue(text.contains("slack_requests_seconds_count{name=\"groups\",status=\"200\",type=\"Command\"} 1"), text);
    assertTrue(text.contains("opal_calls_seconds_count{endpoint=\"GET /user\",status=\"200\"}"), text);
    assertTrue(text.contains("cache_gets_total{cache=\"opal_users_by_email\",result=\"miss\"}"), text);
    assertTrue(text.contains("slack_work_queue_depth "), text);
    assertTrue(text.contains("slack_command_answers_seconds_count 1"), text);
  }

  @Test
  void forged_and_stale_signatures_are_refused() {
    String body = "command=%2Faccess&text=help&user_id=U0ADA0001&team_id=T0SANDBOX";
    assertEquals(401, harness.post(body, "not-the-secret", Instant.now().getEpochSecond()).statusCode());
    // Signed with the right secret, but ten minutes old: a replayed request.
    assertEquals(401, harness.post(body, harness.bot.signingSecret().reveal(), Instant.now().getEpochSecond() - 600).statusCode());
  }

  @Test
  void a_slow_opal_does_not_delay_the_acknowledgement() {
    harness.command(ADA, "groups");
    reply(ADA, "Groups you lead"); // warm the identity cache, as a running bot would have
    harness.opalFaults.failNext(1, "GET", "/groups/{g}/users", Fault.slow(Duration.ofSeconds(2)));
    long started = System.nanoTime();
    HttpResponse<String> ack = harness.command(ADA, "members Project Falcon");
    long ackMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(200, ack.statusCode());
    assertTrue(harness.slack.messagesTo(ADA).stream().noneMatch(m -> m.allText().contains("Members of")),
        "the ack came back before Opal answered");
    assertTrue(ackMillis < 3000, "acknowledged in " + ackMillis + " ms");
    reply(ADA, "Members of Project Falcon");
  }

  @Test
  void a_dm_slack_refuses_for_a_moment_is_delayed_not_lost() {
    // 429 with Retry-After on the first post, then a 500 on opening the next DM: both are tried again.
    harness.slack.refuseNext("chat.postMessage", 1, 429, 1);
    harness.command(ADA, "add <@U0DEV0004|dev> Project Falcon 2h launch prep");
    RecordedMessage told = reply(DEV_SLACK, "gave you access to *Project Falcon*");
    assertTrue(told.allText().contains("launch prep"), told.allText());
    // Which post met the 429 depends on which went first; it was refused, and nothing was lost.
    harness.slack.awaitCalls("chat.postMessage", calls -> calls.stream().anyMatch(c -> "ratelimited".equals(c.error())), WAIT);

    harness.slack.refuseNext("conversations.open", 1, 503, 0);
    harness.command(ADA, "remove <@U0DEV0004|dev> Project Falcon");
    reply(DEV_SLACK, "removed your access to *Project Falcon*");
  }
}
