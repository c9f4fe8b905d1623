package dev.opaljitbot.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opaljitbot.access.MemberChange.PersonResult.Status;
import dev.opaljitbot.access.MemberChange.Refusal;
import dev.opaljitbot.directory.DirectorySettings;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.SlackProfiles;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.sandbox.SandboxClock;
import dev.opaljitbot.testing.SandboxOpal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The domain of adding, extending and removing access, against the sandbox's Opal over HTTP. */
class GroupAccessTest {
  private final SandboxClock clock = new SandboxClock(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
  private final SandboxOpal opal = new SandboxOpal(clock);
  private final List<AuditEntry> audit = new ArrayList<>();
  private final SlackProfiles noSlack = new SlackProfiles() {
    @Override public Optional<String> emailOf(String slackUserId) { return Optional.empty(); }
    @Override public Optional<String> slackIdOf(String email) { return Optional.empty(); }
  };
  private final GroupDirectory groups = new GroupDirectory(opal.client(), DirectorySettings.defaults(), clock, null, Runnable::run);
  private final UserDirectory users = new UserDirectory(opal.client(), noSlack, DirectorySettings.defaults(), clock, null, Runnable::run);
  private final GroupAccess access =
      new GroupAccess(opal.client(), groups, users, new GroupLeaderPolicy(), new DurationPolicy(), audit::add, clock);

  private final User ada = opal.user("ada");
  private final User ben = opal.user("ben");
  private final User dev = opal.user("dev");
  private Group falcon;
  private Actor leader;
  private Actor member;

  @BeforeEach
  void organisation() {
    falcon = opal.group("Project Falcon", 480, ada.userId());
    groups.reloadNow();
    leader = new Actor("U0ADA", ada);
    member = new Actor("U0BEN", ben);
  }

  @AfterEach
  void stop() {
    opal.close();
  }

  private static DurationPolicy.Requested hours(int h) {
    return new DurationPolicy.Requested.For(Duration.ofHours(h));
  }

  @Test
  void a_leader_adds_several_people_and_each_gets_the_expiry() {
    MemberChange change = access.add(leader, falcon.groupId(), List.of(ben, dev), hours(2), "", Optional.of("launch"));
    MemberChange.Applied applied = assertInstanceOf(MemberChange.Applied.class, change);
    assertEquals(2, applied.people().size());
    for (MemberChange.PersonResult p : applied.people()) {
      assertEquals(Status.ADDED, p.status());
      assertEquals(Optional.of(Instant.parse("2026-11-24T12:00:00Z")), p.expiresAt());
    }
    assertEquals(2, opal.memberIds(falcon.groupId()).size());
  }

  @Test
  void a_non_leader_is_refused_with_the_leaders_and_nothing_reaches_opal() {
    MemberChange change = access.add(member, falcon.groupId(), List.of(dev), hours(2), "", Optional.empty());
    Refusal.NotALeader refusal = assertInstanceOf(Refusal.NotALeader.class, ((MemberChange.Refused) change).reason());
    assertEquals(List.of(ada), refusal.leaders());
    assertEquals(0, opal.writes());
  }

  @Test
  void a_duration_over_the_groups_maximum_is_refused_before_any_write() {
    MemberChange change = access.add(leader, falcon.groupId(), List.of(ben), hours(9), "", Optional.empty());
    assertEquals(new Refusal.TooLong(falcon, Duration.ofHours(9), Duration.ofHours(8)), ((MemberChange.Refused) change).reason());
    assertEquals(0, opal.writes());
  }

  @Test
  void a_leader_removed_in_opal_loses_power_within_a_minute() {
    opal.group(falcon.name(), 480); // Ada is no longer a leader in Opal
    assertInstanceOf(MemberChange.Applied.class, access.add(leader, falcon.groupId(), List.of(ben), hours(1), "", Optional.empty()));
    clock.advance(Duration.ofSeconds(61));
    assertInstanceOf(MemberChange.Refused.class, access.add(leader, falcon.groupId(), List.of(dev), hours(1), "", Optional.empty()));
  }

  @Test
  void someone_who_already_has_access_is_reported_not_changed() {
    access.add(leader, falcon.groupId(), List.of(ben), hours(1), "", Optional.empty());
    int writes = opal.writes();
    MemberChange.Applied applied = (MemberChange.Applied) access.add(leader, falcon.groupId(), List.of(ben, dev), hours(4), "", Optional.empty());
    assertEquals(List.of(Status.ALREADY_MEMBER, Status.ADDED), applied.people().stream().map(MemberChange.PersonResult::status).toList());
    assertEquals(Optional.of(Instant.parse("2026-11-24T11:00:00Z")), applied.people().get(0).expiresAt());
    assertEquals(writes + 1, opal.writes());
  }

  @Test
  void a_failed_add_says_why_for_that_person_only() {
    opal.failNextCall("POST", "/groups/{group_id}/users/{user_id}", 500);
    MemberChange.Applied applied = (MemberChange.Applied) access.add(leader, falcon.groupId(), List.of(ben, dev), hours(1), "", Optional.empty());
    assertEquals(Status.FAILED, applied.people().get(0).status());
    assertEquals(Optional.of(new MemberChange.PersonResult.Failure(500, Optional.of("injected failure"))), applied.people().get(0).failure(),
        "the domain keeps Opal's facts; the Slack side says them in words");
    assertEquals(Status.ADDED, applied.people().get(1).status());
    assertTrue(applied.anyFailed());
  }

  @Test
  void extend_adds_the_duration_to_the_current_end_and_refuses_a_non_member() {
    access.add(leader, falcon.groupId(), List.of(ben), hours(1), "", Optional.empty());
    clock.advance(Duration.ofMinutes(30));
    MemberChange.Applied applied = (MemberChange.Applied) access.extend(leader, falcon.groupId(), ben, hours(3));
    MemberChange.PersonResult result = applied.people().get(0);
    assertEquals(Status.EXTENDED, result.status());
    assertEquals(Optional.of(Instant.parse("2026-11-24T14:00:00Z")), result.expiresAt(), "11:00 + 3 h");
    assertEquals(Optional.of(Instant.parse("2026-11-24T11:00:00Z")), result.previousEnd());
    assertFalse(result.capped());

    MemberChange refused = access.extend(leader, falcon.groupId(), dev, hours(3));
    assertEquals(new Refusal.NotAMember(falcon, dev), ((MemberChange.Refused) refused).reason());
  }

  @Test
  void extend_never_shortens_access_and_caps_at_the_groups_maximum_from_now() {
    access.add(leader, falcon.groupId(), List.of(ben), hours(7), "", Optional.empty());
    clock.advance(Duration.ofMinutes(10)); // ends in 6 h 50 min; Falcon allows 8 h
    MemberChange.PersonResult capped = ((MemberChange.Applied) access.extend(leader, falcon.groupId(), ben, hours(2))).people().get(0);
    assertEquals(Status.EXTENDED, capped.status());
    assertTrue(capped.capped());
    assertEquals(Optional.of(clock.instant().plus(Duration.ofHours(8))), capped.expiresAt());

    int writes = opal.writes();
    MemberChange.PersonResult unchanged = ((MemberChange.Applied) access.extend(leader, falcon.groupId(), ben, hours(1))).people().get(0);
    assertEquals(Status.AT_MAXIMUM, unchanged.status());
    assertEquals(capped.expiresAt(), unchanged.expiresAt());
    assertEquals(writes, opal.writes(), "nothing is sent when the end cannot move later");
  }

  @Test
  void an_extension_longer_than_opal_allows_is_capped_and_audited_without_failing() {
    access.add(leader, falcon.groupId(), List.of(ben), hours(1), "", Optional.empty());
    MemberChange.PersonResult result = ((MemberChange.Applied) access.extend(leader, falcon.groupId(), ben,
        new DurationPolicy.Requested.For(Duration.ofDays(2000)))).people().get(0);
    assertEquals(Status.EXTENDED, result.status());
    assertTrue(result.capped());
    assertEquals(Optional.of(Duration.ofMinutes(525_960)), audit.get(audit.size() - 1).duration());
  }

  /** The store's once-per-end claim, in memory. */
  private static final class Claims implements GroupAccess.OnceFrom {
    final java.util.Set<List<Object>> taken = new java.util.HashSet<>();

    @Override public boolean claim(java.util.UUID groupId, java.util.UUID userId, Instant fromEnd) {
      return taken.add(List.of(groupId, userId, fromEnd));
    }

    @Override public void release(java.util.UUID groupId, java.util.UUID userId, Instant fromEnd) {
      taken.remove(List.of(groupId, userId, fromEnd));
    }
  }

  @Test
  void an_extend_button_moves_an_end_once_however_often_it_is_clicked() {
    access.add(leader, falcon.groupId(), List.of(ben), hours(1), "", Optional.empty());
    Instant end = Instant.parse("2026-11-24T11:00:00Z");
    Claims claims = new Claims();
    MemberChange.Applied first = (MemberChange.Applied) access.extendFromButton(leader, falcon.groupId(), ben, end, claims);
    MemberChange.Applied second = (MemberChange.Applied) access.extendFromButton(leader, falcon.groupId(), ben, end, claims);
    assertEquals(Status.EXTENDED, first.people().get(0).status());
    assertEquals(Status.ALREADY_EXTENDED, second.people().get(0).status());
    assertEquals(first.people().get(0).expiresAt(), second.people().get(0).expiresAt(), "the second click reports the end the first one set");
  }

  @Test
  void an_extend_button_opal_failed_can_be_clicked_again() {
    access.add(leader, falcon.groupId(), List.of(ben), hours(1), "", Optional.empty());
    Instant end = Instant.parse("2026-11-24T11:00:00Z");
    Claims claims = new Claims();
    opal.failNextCall("PUT", "/groups/{group_id}/users/{user_id}", 503);
    MemberChange.Applied failed = (MemberChange.Applied) access.extendFromButton(leader, falcon.groupId(), ben, end, claims);
    assertEquals(Status.FAILED, failed.people().get(0).status());
    assertTrue(claims.taken.isEmpty(), "a failed extension does not spend the one extension from this end");

    MemberChange.Applied retried = (MemberChange.Applied) access.extendFromButton(leader, falcon.groupId(), ben, end, claims);
    assertEquals(Status.EXTENDED, retried.people().get(0).status());
  }

  @Test
  void an_extend_button_clicked_by_a_non_leader_leaves_the_extension_for_a_leader() {
    access.add(leader, falcon.groupId(), List.of(ben), hours(1), "", Optional.empty());
    Instant end = Instant.parse("2026-11-24T11:00:00Z");
    Claims claims = new Claims();
    assertInstanceOf(MemberChange.Refused.class, access.extendFromButton(member, falcon.groupId(), ben, end, claims));
    MemberChange.Applied byLeader = (MemberChange.Applied) access.extendFromButton(leader, falcon.groupId(), ben, end, claims);
    assertEquals(Status.EXTENDED, byLeader.people().get(0).status());
  }

  @Test
  void access_without_an_end_date_is_not_extended() {
    Group open = opal.group("Open", null, ada.userId());
    groups.reloadNow();
    access.add(leader, open.groupId(), List.of(ben), new DurationPolicy.Requested.Indefinite(), "", Optional.empty());
    int writes = opal.writes();
    MemberChange.PersonResult result = ((MemberChange.Applied) access.extend(leader, open.groupId(), ben, hours(1))).people().get(0);
    assertEquals(Status.NO_END_DATE, result.status());
    assertEquals(writes, opal.writes());
  }

  @Test
  void removing_someone_already_gone_changes_nothing_and_says_so() {
    MemberChange.PersonResult result = ((MemberChange.Applied) access.remove(leader, falcon.groupId(), dev)).people().get(0);
    assertEquals(Status.ALREADY_GONE, result.status());
    assertEquals(0, opal.writes());
  }

  @Test
  void observers_hear_who_changed_whose_access_and_why() {
    List<MemberNotice> notices = new ArrayList<>();
    access.observe(new MembershipObserver() {
      @Override public void changed(Group group, User user, Optional<Instant> endsAt, boolean removed) {}
      @Override public void changed(MemberNotice notice) { notices.add(notice); }
    });
    access.add(leader, falcon.groupId(), List.of(ben), hours(2), "", Optional.of("launch"));
    access.extend(leader, falcon.groupId(), ben, hours(1));
    access.leave(member, falcon.groupId());
    assertEquals(List.of(Status.ADDED, Status.EXTENDED, Status.REMOVED), notices.stream().map(n -> n.result().status()).toList());
    assertEquals(Optional.of("launch"), notices.get(0).reason());
    assertEquals(leader, notices.get(1).by());
    assertFalse(notices.get(1).bySelf());
    assertTrue(notices.get(2).bySelf(), "leaving is the member's own doing");
  }

  @Test
  void a_member_may_leave_but_not_remove_others() {
    access.add(leader, falcon.groupId(), List.of(ben, dev), hours(1), "", Optional.empty());
    assertInstanceOf(MemberChange.Refused.class, access.remove(member, falcon.groupId(), dev));
    MemberChange.Applied left = (MemberChange.Applied) access.leave(member, falcon.groupId());
    assertEquals(Status.REMOVED, left.people().get(0).status());
    assertFalse(opal.memberIds(falcon.groupId()).contains(ben.userId()));
    assertTrue(opal.memberIds(falcon.groupId()).contains(dev.userId()));
  }

  @Test
  void im_done_on_someone_elses_message_gives_back_nothing() {
    access.add(leader, falcon.groupId(), List.of(ben, dev), hours(1), "", Optional.empty());
    Actor devActor = new Actor("U0DEV", dev);
    MemberChange.Refused refused = assertInstanceOf(MemberChange.Refused.class, access.giveBack(devActor, falcon.groupId(), ben));
    assertEquals(new Refusal.NotTheMember(falcon, ben), refused.reason());
    assertTrue(opal.memberIds(falcon.groupId()).containsAll(List.of(ben.userId(), dev.userId())), "nobody left");

    MemberChange.Applied gaveBack = (MemberChange.Applied) access.giveBack(member, falcon.groupId(), ben);
    assertEquals(Status.REMOVED, gaveBack.people().get(0).status());
    assertFalse(opal.memberIds(falcon.groupId()).contains(ben.userId()));
  }

  @Test
  void every_attempt_is_audited_and_only_real_changes_count_as_changes() {
    access.add(member, falcon.groupId(), List.of(dev), hours(2), "", Optional.empty());
    access.add(leader, falcon.groupId(), List.of(dev), hours(2), "", Optional.of("launch"));
    assertEquals(2, audit.size());
    assertFalse(audit.get(0).changedAccess());
    assertTrue(audit.get(0).outcome().startsWith("refused"));
    AuditEntry change = audit.get(1);
    assertTrue(change.changedAccess());
    assertEquals(AuditEntry.Action.ADD, change.action());
    assertEquals("U0ADA", change.slackUserId());
    assertEquals(ada.userId(), change.opalUserId());
    assertEquals(Optional.of(Duration.ofHours(2)), change.duration());
    assertEquals("dev@example.com", change.targets().get(0).label());
    assertTrue(change.outcome().contains("launch"));
  }

  @Test
  void members_are_listed_soonest_expiry_first_and_indefinite_last() {
    Group open = opal.group("Open", null, ada.userId());
    groups.reloadNow();
    access.add(leader, open.groupId(), List.of(ben), new DurationPolicy.Requested.Indefinite(), "", Optional.empty());
    access.add(leader, open.groupId(), List.of(dev), hours(5), "", Optional.empty());
    access.add(leader, open.groupId(), List.of(ada), hours(1), "", Optional.empty());
    assertEquals(List.of("Ada", "Dev", "Ben"), access.members(open.groupId()).stream().map(u -> u.fullName()).toList());
  }
}
