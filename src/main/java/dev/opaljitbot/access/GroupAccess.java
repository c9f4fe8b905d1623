package dev.opaljitbot.access;

import dev.opaljitbot.access.DurationPolicy.Checked;
import dev.opaljitbot.access.MemberChange.PersonResult;
import dev.opaljitbot.access.MemberChange.PersonResult.Status;
import dev.opaljitbot.access.MemberChange.Refusal;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.AccessDuration;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.GroupUser;
import dev.opaljitbot.opal.OpalApi;
import dev.opaljitbot.opal.OpalException;
import dev.opaljitbot.opal.OpalNotFoundException;
import dev.opaljitbot.opal.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Adding people to a group for a while, extending and ending their access, and seeing who has access
 * until when. Every rule is checked before anything is sent to Opal, so a refused change sends nothing.
 */
public final class GroupAccess {
  private final OpalApi opal;
  private final GroupDirectory groups;
  private final UserDirectory users;
  private final GroupLeaderPolicy leaders;
  private final DurationPolicy durations;
  private final AccessAudit audit;
  private final Clock clock;
  private final List<MembershipObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

  public GroupAccess(
      OpalApi opal,
      GroupDirectory groups,
      UserDirectory users,
      GroupLeaderPolicy leaders,
      DurationPolicy durations,
      AccessAudit audit,
      Clock clock) {
    this.opal = opal;
    this.groups = groups;
    this.users = users;
    this.leaders = leaders;
    this.durations = durations;
    this.audit = audit;
    this.clock = clock;
  }

  /** Adds an observer of the bot's membership changes (reminders, Home tabs); call while wiring. */
  public void observe(MembershipObserver observer) {
    observers.add(observer);
  }

  /** Claims the single extension from one end, so several clicks about the same end move it once. */
  public interface OnceFrom {
    /** True for the first caller about this end. */
    boolean claim(UUID groupId, UUID userId, Instant fromEnd);

    /** Gives the claim back when the extension did not happen, so a later click can try again. */
    void release(UUID groupId, UUID userId, Instant fromEnd);
  }

  /**
   * An Extend button about the end {@code fromEnd}: extends by the group's extension once per end, after the
   * actor is authorized; a second click about the same end (another leader, a double click) changes nothing.
   */
  public MemberChange extendFromButton(Actor actor, UUID groupId, User person, Instant fromEnd, OnceFrom once) {
    Group group = groups.groupToAuthorize(groupId);
    Optional<Refusal> refusal = mayManage(actor, group);
    if (refusal.isPresent()) {
      return refused(actor, AuditEntry.Action.EXTEND, group, List.of(person), null, refusal.get());
    }
    if (!once.claim(groupId, person.userId(), fromEnd)) {
      Optional<Instant> now = Optional.ofNullable(currentMembers(groupId).get(person.userId())).flatMap(GroupUser::expiration);
      return new MemberChange.Applied(group, List.of(new PersonResult(person, Status.ALREADY_EXTENDED, now, Optional.empty(), Optional.of(fromEnd), false)));
    }
    MemberChange change = null;
    try {
      change = extend(actor, groupId, person, new DurationPolicy.Requested.For(durations.extension(group)));
      return change;
    } finally {
      // Only an extension Opal made spends the claim: after a refusal or a failure the next click tries again.
      if (!(change instanceof MemberChange.Applied a && a.people().stream().anyMatch(r -> r.status() == Status.EXTENDED))) {
        once.release(groupId, person.userId(), fromEnd);
      }
    }
  }

  /** Adds each person for the duration; people who already have access are left as they are and reported. */
  public MemberChange add(
      Actor actor, UUID groupId, List<User> people, DurationPolicy.Requested requested, String accessLevelRemoteId, Optional<String> reason) {
    Group group = groups.groupToAuthorize(groupId);
    Optional<Refusal> refusal = mayManage(actor, group).or(() -> durationRefusal(group, requested));
    if (refusal.isPresent()) {
      return refused(actor, AuditEntry.Action.ADD, group, people, requested, refusal.get());
    }
    AccessDuration duration = ((Checked.Allowed) durations.check(group, requested)).duration();
    Map<UUID, GroupUser> current = currentMembers(groupId);
    List<PersonResult> results = new ArrayList<>();
    for (User person : people) {
      GroupUser existing = current.get(person.userId());
      if (existing != null) {
        results.add(new PersonResult(person, Status.ALREADY_MEMBER, existing.expiration()));
        continue;
      }
      results.add(addOne(group, person, duration, accessLevelRemoteId));
    }
    return applied(actor, AuditEntry.Action.ADD, group, results, duration, reason);
  }

  /**
   * Moves a member's end later by {@code by}: the new end is the current end plus {@code by}, capped at the
   * group's maximum counted from now (the result says when it was capped), and never earlier than the
   * current end. Access without an end date is left as it is. {@code by} indefinite removes the end where
   * the group allows access without one.
   */
  public MemberChange extend(Actor actor, UUID groupId, User person, DurationPolicy.Requested by) {
    Group group = groups.groupToAuthorize(groupId);
    Optional<Refusal> refusal = mayManage(actor, group);
    if (refusal.isEmpty() && by instanceof DurationPolicy.Requested.Indefinite) {
      refusal = durationRefusal(group, by);
    }
    GroupUser current = refusal.isEmpty() ? currentMembers(groupId).get(person.userId()) : null;
    if (refusal.isEmpty() && current == null) {
      refusal = Optional.of(new Refusal.NotAMember(group, person));
    }
    if (refusal.isPresent()) {
      return refused(actor, AuditEntry.Action.EXTEND, group, List.of(person), by, refusal.get());
    }
    Optional<Instant> previousEnd = current.expiration();
    if (previousEnd.isEmpty()) {
      PersonResult unchanged = new PersonResult(person, Status.NO_END_DATE, Optional.empty(), Optional.empty(), Optional.empty(), false);
      return applied(actor, AuditEntry.Action.EXTEND, group, List.of(unchanged), null, Optional.empty());
    }
    AccessDuration duration;
    boolean capped = false;
    if (by instanceof DurationPolicy.Requested.For f) {
      Instant now = clock.instant();
      Instant from = previousEnd.get().isAfter(now) ? previousEnd.get() : now;
      Duration maximum = durations.maximum(group);
      Duration wanted = Duration.between(now, from.plus(f.duration()));
      if (wanted.compareTo(maximum) > 0) {
        capped = true;
        wanted = maximum;
      }
      if (now.plus(wanted).isBefore(previousEnd.get().plus(Duration.ofMinutes(1)))) {
        // The group's maximum from now is (within Opal's one-minute grain) no later than the current end:
        // "extending" would shorten it or move it by seconds. Leave it.
        PersonResult unchanged = new PersonResult(person, Status.AT_MAXIMUM, previousEnd, Optional.empty(), previousEnd, true);
        return applied(actor, AuditEntry.Action.EXTEND, group, List.of(unchanged), null, Optional.empty());
      }
      // Opal counts whole minutes from now: the nearest minute lands within 30 s of the end asked for (the
      // maximum itself is whole minutes, so a capped end stays within it; the check above keeps it later).
      duration = AccessDuration.of(Duration.ofMinutes(Math.max(1, Math.round(wanted.toSeconds() / 60.0))));
    } else {
      duration = AccessDuration.indefinite();
    }
    PersonResult result;
    try {
      // PUT is idempotent (it sets the end to now + duration), so the client may retry it safely.
      GroupUser updated = opal.updateGroupUser(groupId, person.userId(), duration, null);
      result = new PersonResult(person, Status.EXTENDED, updated.expiration(), Optional.empty(), previousEnd, capped);
    } catch (OpalException e) {
      result = failed(person, e);
    }
    // The audit records what was asked (the extension), not the length from now Opal was sent.
    AccessDuration asked = by instanceof DurationPolicy.Requested.For f
        ? AccessDuration.of(f.duration().compareTo(AccessDuration.OPAL_MAXIMUM) > 0 ? AccessDuration.OPAL_MAXIMUM : f.duration())
        : duration;
    return applied(actor, AuditEntry.Action.EXTEND, group, List.of(result), asked, Optional.empty());
  }

  /** When the person's access to the group ends now: empty optional inside when indefinite; empty when not a member. */
  public Optional<Optional<Instant>> currentEnd(UUID groupId, UUID userId) {
    return Optional.ofNullable(currentMembers(groupId).get(userId)).map(GroupUser::expiration);
  }

  /** Ends a member's access now. */
  public MemberChange remove(Actor actor, UUID groupId, User person) {
    Group group = groups.groupToAuthorize(groupId);
    Optional<Refusal> refusal = mayManage(actor, group);
    return removeChecked(actor, AuditEntry.Action.REMOVE, group, person, refusal);
  }

  /** Gives back the actor's own access early. Needs no leadership: it only ever reduces access. */
  public MemberChange leave(Actor actor, UUID groupId) {
    Group group = groups.groupToAuthorize(groupId);
    return removeChecked(actor, AuditEntry.Action.LEAVE, group, actor.opalUser(), Optional.empty());
  }

  /** "I'm done" on a message about {@code member}'s access: only that member may give it back, and it ends now. */
  public MemberChange giveBack(Actor actor, UUID groupId, User member) {
    if (!member.userId().equals(actor.opalUser().userId())) {
      Group group = groups.groupToAuthorize(groupId);
      return refused(actor, AuditEntry.Action.LEAVE, group, List.of(member), null, new Refusal.NotTheMember(group, member));
    }
    return leave(actor, groupId);
  }

  /** The group's members, soonest expiry first, indefinite last. */
  public List<GroupUser> members(UUID groupId) {
    return opal.getGroupUsers(groupId).sorted(BY_EXPIRY).toList();
  }

  /** The person's own group access, soonest expiry first. */
  public List<GroupUser> accessOf(User person) {
    return opal.getUserGroups(person.userId()).sorted(BY_EXPIRY).toList();
  }

  /** Groups the person leads, by name. */
  public List<Group> groupsLedBy(User person) {
    return groups.ledBy(person.userId()).stream()
        .sorted(Comparator.comparing(Group::displayName, String.CASE_INSENSITIVE_ORDER))
        .toList();
  }

  /** Leaders of the group as Opal users (for refusals that say whom to ask). */
  public List<User> leadersOf(Group group) {
    return users.byIds(group.groupLeaderUserIds());
  }

  static final Comparator<GroupUser> BY_EXPIRY =
      Comparator.comparing((GroupUser u) -> u.expirationDate(), Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(u -> u.fullName() == null ? "" : u.fullName(), String.CASE_INSENSITIVE_ORDER);

  private MemberChange removeChecked(
      Actor actor, AuditEntry.Action action, Group group, User person, Optional<Refusal> refusal) {
    if (refusal.isPresent()) {
      return refused(actor, action, group, List.of(person), null, refusal.get());
    }
    GroupUser current = currentMembers(group.groupId()).get(person.userId());
    if (current == null) {
      // Gone already (it ended, or was removed elsewhere): what was wanted is true; say so, change nothing.
      return applied(actor, action, group, List.of(new PersonResult(person, Status.ALREADY_GONE, Optional.empty())), null,
          Optional.empty());
    }
    PersonResult result;
    try {
      opal.deleteGroupUser(group.groupId(), person.userId(), null);
      result = new PersonResult(person, Status.REMOVED, Optional.empty(), Optional.empty(), current.expiration(), false);
    } catch (OpalNotFoundException e) {
      // Gone between the read and the delete: the wish is fulfilled all the same.
      result = new PersonResult(person, Status.ALREADY_GONE, Optional.empty());
    } catch (OpalException e) {
      result = failed(person, e);
    }
    return applied(actor, action, group, List.of(result), null, Optional.empty());
  }

  private PersonResult addOne(Group group, User person, AccessDuration duration, String accessLevelRemoteId) {
    try {
      GroupUser added = opal.addGroupUser(group.groupId(), person.userId(), duration, accessLevelRemoteId);
      return new PersonResult(person, Status.ADDED, added.expiration());
    } catch (OpalException e) {
      if (e.isTransient()) {
        // POST is not retried (it may have been applied); look instead whether it was.
        try {
          GroupUser now = currentMembers(group.groupId()).get(person.userId());
          if (now != null) {
            return new PersonResult(person, Status.ADDED, now.expiration());
          }
        } catch (OpalException ignored) {
          // Still unreachable: report the original failure.
        }
      }
      return failed(person, e);
    }
  }

  private Map<UUID, GroupUser> currentMembers(UUID groupId) {
    return opal.getGroupUsers(groupId).collect(Collectors.toMap(GroupUser::userId, Function.identity(), (a, b) -> a));
  }

  /**
   * Why the actor may not add people to the group for {@code requested} now (by group data no older than a
   * minute), if they may not: the same rules {@link #add} applies, for adds planned to happen later.
   */
  public Optional<Refusal> whyNotAdd(Actor actor, UUID groupId, DurationPolicy.Requested requested) {
    Group group = groups.groupToAuthorize(groupId);
    return mayManage(actor, group).or(() -> durationRefusal(group, requested));
  }

  private Optional<Refusal> mayManage(Actor actor, Group group) {
    if (leaders.mayManageMembers(actor.opalUser(), group) instanceof GroupLeaderPolicy.Decision.NotALeader) {
      return Optional.of(new Refusal.NotALeader(group, leadersOf(group)));
    }
    return Optional.empty();
  }

  private Optional<Refusal> durationRefusal(Group group, DurationPolicy.Requested requested) {
    Checked checked = durations.check(group, requested);
    if (checked instanceof Checked.TooLong tooLong) {
      return Optional.of(new Refusal.TooLong(group, tooLong.requested(), tooLong.maximum()));
    }
    if (checked instanceof Checked.IndefiniteNotAllowed no) {
      return Optional.of(new Refusal.IndefiniteNotAllowed(group, no.maximum()));
    }
    return Optional.empty();
  }

  private static PersonResult failed(User person, OpalException e) {
    // The facts only: the Slack side says it in words.
    return new PersonResult(person, Status.FAILED, Optional.empty(),
        Optional.of(new PersonResult.Failure(e.status(), Optional.ofNullable(e.opalMessage()))), Optional.empty(), false);
  }

  private MemberChange refused(
      Actor actor, AuditEntry.Action action, Group group, List<User> people, DurationPolicy.Requested requested, Refusal refusal) {
    audit.record(
        new AuditEntry(
            clock.instant(), actor.slackUserId(), actor.opalUser().userId(), action, group.groupId(), group.displayName(),
            people.stream().map(p -> new AuditEntry.Target(p.userId(), p.email(), "unchanged")).toList(),
            requested instanceof DurationPolicy.Requested.For f ? Optional.of(f.duration()) : Optional.empty(),
            false,
            "refused: " + refusal.getClass().getSimpleName()));
    return new MemberChange.Refused(refusal);
  }

  private MemberChange applied(
      Actor actor, AuditEntry.Action action, Group group, List<PersonResult> results, AccessDuration duration, Optional<String> reason) {
    boolean changed = results.stream().anyMatch(PersonResult::changedAccess);
    if (changed) {
      groups.invalidateGroup(group.groupId());
    }
    for (PersonResult r : results) {
      if (r.changedAccess()) {
        MemberNotice notice = new MemberNotice(actor, group, r, reason);
        for (MembershipObserver o : observers) {
          try {
            o.changed(notice);
          } catch (RuntimeException e) {
            // An observer (reminders, Home tab) must never undo or hide a change that Opal made.
            org.slf4j.LoggerFactory.getLogger(GroupAccess.class).warn("membership observer failed: {}", e.toString());
          }
        }
      }
    }
    long failures = results.stream().filter(r -> r.status() == Status.FAILED).count();
    String outcome = failures == 0 ? "done" : failures == results.size() ? "failed" : "partly failed";
    audit.record(
        new AuditEntry(
            clock.instant(), actor.slackUserId(), actor.opalUser().userId(), action, group.groupId(), group.displayName(),
            results.stream()
                .map(r -> new AuditEntry.Target(r.user().userId(), r.user().email(), r.status().name().toLowerCase(java.util.Locale.ROOT)
                    + r.failure().map(f -> " (" + f.summary() + ")").orElse("")))
                .toList(),
            duration == null ? Optional.empty() : duration.duration(),
            changed,
            reason.map(r -> outcome + "; reason: " + r).orElse(outcome)));
    return new MemberChange.Applied(group, results);
  }
}
