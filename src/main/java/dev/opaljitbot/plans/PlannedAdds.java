package dev.opaljitbot.plans;

import dev.opaljitbot.access.Actor;
import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.access.GroupAccess;
import dev.opaljitbot.access.MemberChange;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.store.BotStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds planned for later ("Carol is on call from Monday 09:00 for 8h"). Opal's API has no start time for a
 * membership, so the bot keeps the plan and, at its start, adds the person as the planner would: only if the
 * planner still leads the group and the duration still fits. Each plan starts once, across restarts and replicas.
 */
public final class PlannedAdds {
  private static final Logger LOG = LoggerFactory.getLogger(PlannedAdds.class);
  /** A claim older than this is taken over (the process that made it died); adding twice changes nothing. */
  static final Duration CLAIM_LEASE = Duration.ofMinutes(3);
  /** Started within this of its time, a plan is on time; later, it is said to be late and grants only the rest. */
  static final Duration ON_TIME = Duration.ofMinutes(2);

  private final GroupAccess access;
  private final GroupDirectory groups;
  private final UserDirectory users;
  private final BotStore store;
  private final PlanNotifier notifier;
  private final Clock clock;

  public PlannedAdds(GroupAccess access, GroupDirectory groups, UserDirectory users, BotStore store, PlanNotifier notifier, Clock clock) {
    this.access = access;
    this.groups = groups;
    this.users = users;
    this.store = store;
    this.notifier = notifier;
    this.clock = clock;
  }

  /** What became of planning. */
  public sealed interface Planned {
    /** Kept: each person is added at {@code startsAt}. */
    record Scheduled(Group group, List<PlannedAdd> plans, List<User> people) implements Planned {}

    /** The same rules as adding now refuse it; nothing was kept. */
    record Refused(MemberChange.Refusal why) implements Planned {}

    /** The start is not in the future; nothing was kept (add now instead). */
    record NotInTheFuture(Instant startsAt) implements Planned {}
  }

  /** Plans adding {@code people} to the group at {@code startsAt} for {@code duration}, if the actor may add them for that long now. */
  public Planned plan(Actor actor, UUID groupId, List<User> people, Duration duration, Instant startsAt, Optional<String> reason) {
    Instant now = clock.instant();
    if (!startsAt.isAfter(now)) {
      return new Planned.NotInTheFuture(startsAt);
    }
    Optional<MemberChange.Refusal> refusal = access.whyNotAdd(actor, groupId, new DurationPolicy.Requested.For(duration));
    if (refusal.isPresent()) {
      return new Planned.Refused(refusal.get());
    }
    Group group = groups.groupToAuthorize(groupId);
    List<PlannedAdd> plans = new ArrayList<>();
    // The store keeps up to 2,000 characters of reason (as the form allows 1,000): a longer typed one is clipped.
    String why = reason.map(r -> r.length() > 2000 ? r.substring(0, 1999) + "…" : r).orElse("");
    for (User person : people) {
      PlannedAdd plan = new PlannedAdd(UUID.randomUUID(), groupId, person.userId(), actor.slackUserId(), actor.opalUser().userId(), startsAt,
          duration, why, PlannedAdd.State.PLANNED);
      store.savePlan(plan, now);
      plans.add(plan);
      notifier.planned(plan, group, person);
    }
    return new Planned.Scheduled(group, plans, List.copyOf(people));
  }

  /** The group's plans not yet started, soonest first. */
  public List<PlannedAdd> inGroup(UUID groupId) {
    return store.plansInGroup(groupId);
  }

  /** A plan not yet started and its group, for the member's own list. */
  public record Upcoming(PlannedAdd plan, Group group) {}

  /** The person's plans not yet started, soonest first, with their groups. */
  public List<Upcoming> upcomingFor(UUID userId) {
    return store.plansFor(userId).stream()
        .map(p -> new Upcoming(p, groups.cached(p.groupId()).orElseGet(() -> groups.group(p.groupId()))))
        .toList();
  }

  /** What became of a Cancel. */
  public sealed interface Cancelled {
    record Done(PlannedAdd plan, Group group, Optional<User> member) implements Cancelled {}

    /** Only the group's leaders may cancel (checked with fresh data); nothing changed. */
    record NotALeader(Group group) implements Cancelled {}

    /** It started, ended or was cancelled already. */
    record TooLate(PlannedAdd plan) implements Cancelled {}

    record NotFound() implements Cancelled {}
  }

  /** Cancels a plan not yet started, if the actor leads its group now. */
  public Cancelled cancel(Actor actor, UUID planId) {
    Optional<PlannedAdd> plan = store.plan(planId);
    if (plan.isEmpty()) {
      return new Cancelled.NotFound();
    }
    Group group = groups.groupToAuthorize(plan.get().groupId());
    if (!group.isLeader(actor.opalUser().userId())) {
      return new Cancelled.NotALeader(group);
    }
    if (!store.cancelPlan(planId, clock.instant())) {
      return new Cancelled.TooLate(store.plan(planId).orElse(plan.get()));
    }
    Optional<User> member = users.byId(plan.get().userId());
    member.ifPresent(m -> notifier.cancelled(plan.get(), group, m, actor.slackUserId()));
    return new Cancelled.Done(plan.get(), group, member);
  }

  /** Starts every plan whose time has come (each once, whichever process runs this); returns how many were settled. */
  public int startDue() {
    int settled = 0;
    for (PlannedAdd plan : store.plansDue(clock.instant(), CLAIM_LEASE)) {
      if (!store.claimPlan(plan.planId(), clock.instant(), CLAIM_LEASE)) {
        continue;
      }
      try {
        store.settlePlan(plan.planId(), start(plan), clock.instant());
        settled++;
      } catch (RuntimeException e) {
        // Opal or Slack unreachable: planned again, tried on the next run until its window has passed.
        LOG.warn("planned add {} could not start now ({}); trying again shortly", plan.planId(), e.toString());
        store.settlePlan(plan.planId(), PlannedAdd.State.PLANNED, clock.instant());
      }
    }
    return settled;
  }

  private PlannedAdd.State start(PlannedAdd plan) {
    Instant now = clock.instant();
    Group group = groups.groupToAuthorize(plan.groupId());
    Optional<User> member = users.byId(plan.userId());
    if (member.isEmpty()) {
      LOG.warn("planned add {}: Opal no longer knows user {}; nothing added", plan.planId(), plan.userId());
      return PlannedAdd.State.REFUSED;
    }
    if (!plan.endsAt().isAfter(now.plus(Duration.ofMinutes(1)))) {
      notifier.missed(plan, group, member.get());
      return PlannedAdd.State.MISSED;
    }
    Optional<User> planner = users.byId(plan.plannerOpal());
    if (planner.isEmpty()) {
      LOG.warn("planned add {}: Opal no longer knows its planner {}; nothing added", plan.planId(), plan.plannerOpal());
      return PlannedAdd.State.REFUSED;
    }
    Actor as = new Actor(plan.plannerSlack(), planner.get());
    Duration lateBy = Duration.between(plan.startsAt(), now);
    // Late: the rest of the window, in the whole minutes Opal counts, rounded up so it ends when planned (not a minute early).
    Duration granted = lateBy.compareTo(ON_TIME) > 0 ? Duration.ofMinutes((Duration.between(now, plan.endsAt()).toSeconds() + 59) / 60)
        : plan.duration();
    // The planner's say still counts only if they may still do it: add() checks leadership and the group's maximum now.
    MemberChange change = access.add(as, plan.groupId(), List.of(member.get()), new DurationPolicy.Requested.For(granted), "",
        plan.reason().isBlank() ? Optional.of("planned") : Optional.of(plan.reason()));
    if (change instanceof MemberChange.Refused refused) {
      notifier.refused(plan, group, member.get(), refused.reason());
      return PlannedAdd.State.REFUSED;
    }
    MemberChange.PersonResult result = ((MemberChange.Applied) change).people().get(0);
    if (result.status() == MemberChange.PersonResult.Status.FAILED) {
      throw new IllegalStateException("Opal did not add " + member.get().email() + ": "
          + result.failure().map(MemberChange.PersonResult.Failure::summary).orElse("failed"));
    }
    // Already a member with access ending before the planned window does: the window still holds, so it is extended to the plan's end.
    if (result.status() == MemberChange.PersonResult.Status.ALREADY_MEMBER && result.expiresAt().isPresent()
        && result.expiresAt().get().isBefore(plan.endsAt().minus(Duration.ofMinutes(1)))) {
      change = access.extend(as, plan.groupId(), member.get(),
          new DurationPolicy.Requested.For(Duration.between(result.expiresAt().get(), plan.endsAt())));
    }
    notifier.started(plan, group, member.get(), change, lateBy.compareTo(ON_TIME) > 0 ? lateBy : Duration.ZERO, granted);
    return PlannedAdd.State.DONE;
  }
}
