package dev.opaljitbot.reminders;

import dev.failsafe.RateLimiter;
import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.GroupUser;
import dev.opaljitbot.opal.OpalApi;
import dev.opaljitbot.opal.OpalException;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.reminders.ExpiryNotifier.DigestLine;
import dev.opaljitbot.store.BotStore;
import dev.opaljitbot.delivery.Delivery;
import dev.opaljitbot.store.Notice;
import dev.opaljitbot.store.TrackedExpiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows what ends when and says so in time. Each pass sweeps Opal's groups for memberships with an end
 * (within a budget of Opal calls per second), then sends each due reminder once: the nearest lead time
 * whose moment has passed, after re-checking the expiry with Opal, claimed in the store before sending.
 */
public final class ExpiryWatch {
  private static final Logger LOG = LoggerFactory.getLogger(ExpiryWatch.class);
  /** How long the first sweep waits for the group index being loaded at start-up. */
  static final Duration FIRST_LOAD_WAIT = Duration.ofMinutes(2);

  private final OpalApi opal;
  private final GroupDirectory groups;
  private final UserDirectory users;
  private final BotStore store;
  private final ExpiryNotifier notifier;
  private final DurationPolicy durations;
  private final ReminderSettings settings;
  private final Clock clock;
  private final RateLimiter<Object> opalBudget;

  /** What one pass did, for logs and tests. */
  public record Pass(int groupsSwept, int groupsFailed, int reminders, int digests, int endedNotices) {}

  public ExpiryWatch(
      OpalApi opal, GroupDirectory groups, UserDirectory users, BotStore store, ExpiryNotifier notifier, DurationPolicy durations,
      ReminderSettings settings, Clock clock) {
    this.opal = opal;
    this.groups = groups;
    this.users = users;
    this.store = store;
    this.notifier = notifier;
    this.durations = durations;
    this.settings = settings;
    this.clock = clock;
    // Smooth: permits are spread evenly, so the sweep never bursts however many groups there are.
    Duration period = Duration.ofNanos((long) (1_000_000_000L / settings.opalCallsPerSecond()));
    this.opalBudget = RateLimiter.smoothBuilder(Duration.ofNanos(Math.max(1, period.toNanos()))).build();
  }

  /** A sweep of Opal followed by every notice that is due. */
  public Pass runOnce() {
    int[] sweep;
    try {
      sweep = sweep();
    } catch (RuntimeException e) {
      // What is already tracked is still due: a failed sweep must not hold back the reminders.
      LOG.error("expiry sweep failed; sending what is due from what was tracked before", e);
      sweep = new int[] {0, 0};
    }
    int[] sent = notify(clock.instant());
    Pass pass = new Pass(sweep[0], sweep[1], sent[0], sent[1], sent[2]);
    LOG.info("expiry pass: {}", pass);
    return pass;
  }

  /** Reads every group's members from Opal and records the timebound ones; returns {swept, failed}. */
  int[] sweep() {
    List<Group> all = groups.all();
    if (all.isEmpty()) {
      // At start-up the index is loading in the background: wait for that load rather than read every
      // group a second time; load it here only if it has not come (e.g. the first attempt failed).
      if (!groups.awaitLoaded(FIRST_LOAD_WAIT)) {
        groups.reloadNow();
      }
      all = groups.all();
    }
    int swept = 0;
    int failed = 0;
    Instant now = clock.instant();
    for (Group group : all) {
      opalCall();
      List<GroupUser> members;
      try {
        members = opal.getGroupUsers(group.groupId()).toList();
      } catch (OpalException e) {
        // One group failing delays only that group: the next pass tries it again.
        failed++;
        LOG.warn("sweep: members of group {} could not be read: {}", group.groupId(), e.getMessage());
        continue;
      }
      try {
        // Only what changed is written, in one transaction per group: most passes find most ends unchanged.
        store.recordSweep(group.groupId(), members.stream().filter(m -> m.expirationDate() != null)
            .map(m -> new TrackedExpiry(group.groupId(), m.userId(), group.displayName(), m.email(), m.expirationDate())).toList(), now);
      } catch (RuntimeException e) {
        failed++;
        LOG.error("sweep: members of group {} could not be recorded", group.groupId(), e);
        continue;
      }
      swept++;
      if (!group.groupLeaderUserIds().isEmpty()) {
        try {
          remindLeadersOfItems(group, now);
        } catch (RuntimeException e) {
          LOG.warn("sweep: item reminders of group {} failed: {}", group.groupId(), e.toString());
        }
      }
    }
    return new int[] {swept, failed};
  }

  /**
   * The group's leaders are told before the group's access to a resource ends: one DM per resource, end and
   * lead time, claimed once in the store (so once across restarts and replicas). It reads Opal's current list,
   * so an end that moved gets its own reminders and an ended one none; after downtime only the nearest lead
   * time is sent. Groups the group is a member of have no end in Opal's API, so they get none.
   */
  private void remindLeadersOfItems(Group group, Instant now) {
    opalCall();
    List<dev.opaljitbot.opal.GroupResource> resources;
    try {
      resources = opal.getGroupResources(group.groupId());
    } catch (OpalException e) {
      LOG.warn("sweep: resources of group {} could not be read: {}", group.groupId(), e.getMessage());
      return;
    }
    for (dev.opaljitbot.opal.GroupResource r : resources) {
      Instant end = r.expirationDate();
      if (end == null || !end.isAfter(now) || store.isSilenced(group.groupId(), r.resourceId(), end)) {
        continue;
      }
      Optional<Duration> lead = nearestPassedLead(new TrackedExpiry(group.groupId(), r.resourceId(), group.displayName(), "", end), now);
      if (lead.isEmpty()
          || !store.claim(new Notice(group.groupId(), r.resourceId(), end, Notice.Kind.ITEM_REMINDER, lead.get()), now)) {
        continue;
      }
      for (UUID leaderId : group.groupLeaderUserIds()) {
        try {
          users.byId(leaderId).ifPresent(leader -> notifier.remindItem(new ExpiryNotifier.ItemReminder(
              group, leader, r.resourceId(), r.resourceName() == null ? "a resource" : r.resourceName(), end, lead.get())));
        } catch (RuntimeException e) {
          LOG.warn("item reminder for group {} to leader {} failed: {}", group.groupId(), leaderId, e.toString());
        }
      }
    }
  }

  /** Sends what is due at {@code now}; returns {reminders, digests, ended}. */
  int[] notify(Instant now) {
    int reminders = 0;
    int endedNotices = 0;
    Map<UUID, List<TrackedExpiry>> digestCandidates = new LinkedHashMap<>();
    for (TrackedExpiry e : store.tracked()) {
      try {
        if (!e.expiresAt().isAfter(now)) {
          endedNotices += ended(e, now) ? 1 : 0;
          continue;
        }
        if (store.isSilenced(e.groupId(), e.userId(), e.expiresAt())) {
          continue;
        }
        Optional<Duration> lead = nearestPassedLead(e, now);
        Outcome outcome = lead.isPresent() ? remind(e, lead.get(), now) : Outcome.NOT_DUE;
        reminders += outcome == Outcome.SENT ? 1 : 0;
        boolean stillTrue = outcome != Outcome.GONE && outcome != Outcome.MOVED;
        if (stillTrue && !now.isBefore(e.expiresAt().minus(settings.firstLead())) && longerThan(e, settings.firstLead())) {
          digestCandidates.computeIfAbsent(e.groupId(), k -> new ArrayList<>()).add(e);
        }
      } catch (RuntimeException ex) {
        LOG.warn("reminder for group {} user {} failed: {}", e.groupId(), e.userId(), ex.toString());
      }
    }
    int digests = 0;
    for (var entry : digestCandidates.entrySet()) {
      try {
        digests += digest(entry.getKey(), entry.getValue(), now);
      } catch (RuntimeException ex) {
        LOG.warn("digest for group {} failed: {}", entry.getKey(), ex.toString());
      }
    }
    return new int[] {reminders, digests, endedNotices};
  }

  /**
   * The shortest lead time whose moment has come: when several passed at once, only the nearest is sent.
   * Lead times not shorter than a grant the bot made are skipped: a 2 h grant gets the 1 h reminder, never
   * the 24 h one the moment it is granted.
   */
  Optional<Duration> nearestPassedLead(TrackedExpiry e, Instant now) {
    Optional<Duration> nearest = Optional.empty();
    for (Duration lead : settings.leadTimes()) {
      if (!now.isBefore(e.expiresAt().minus(lead)) && longerThan(e, lead)) {
        nearest = Optional.of(lead);
      }
    }
    return nearest;
  }

  /** True unless the bot granted this end less than {@code lead} before it (then that lead's notice would come at once). */
  private static boolean longerThan(TrackedExpiry e, Duration lead) {
    return e.grantLength().map(length -> length.compareTo(lead) > 0).orElse(true);
  }

  /** What became of a due reminder. */
  private enum Outcome {
    SENT,
    /** Refused (tried again later) or given up. */
    NOT_SENT,
    ALREADY_SENT,
    NOT_DUE,
    GONE,
    MOVED
  }

  private Outcome remind(TrackedExpiry e, Duration lead, Instant now) {
    Notice notice = new Notice(e.groupId(), e.userId(), e.expiresAt(), Notice.Kind.REMINDER, lead);
    if (store.isClaimed(notice, now)) {
      return Outcome.ALREADY_SENT;
    }
    Optional<GroupUser> current = currentMembership(e);
    if (current.isEmpty() || current.get().expirationDate() == null) {
      store.untrack(e.groupId(), e.userId());
      return Outcome.GONE;
    }
    if (!sameMoment(current.get().expirationDate(), e.expiresAt())) {
      // The end moved (extended in Opal): the new end gets its own reminders.
      store.track(new TrackedExpiry(e.groupId(), e.userId(), e.groupName(), e.userEmail(), current.get().expirationDate()), now);
      return Outcome.MOVED;
    }
    if (store.claimDelivery(notice, now) != Delivery.Claim.YOURS) {
      return Outcome.ALREADY_SENT;
    }
    Group group = groups.group(e.groupId());
    User member = users.byId(e.userId()).orElseGet(() -> fallbackUser(e));
    Delivery result = send(() -> notifier.remind(
        new ExpiryNotifier.Reminder(group, member, e.expiresAt(), lead, group.isLeader(e.userId()), durations.extension(group))));
    if (result instanceof Delivery.Sent sent && !sent.ts().isEmpty()) {
      store.recordReminderMessage(new dev.opaljitbot.store.ReminderMessage(e.groupId(), e.userId(), e.expiresAt(), sent.channelId(), sent.ts()));
    }
    return settle(notice, result, now) == Delivery.State.SENT ? Outcome.SENT : Outcome.NOT_SENT;
  }

  /** One send; a failure that escapes the notifier counts as a refusal, so the message stays due. */
  private static Delivery send(java.util.function.Supplier<Delivery> attempt) {
    try {
      return attempt.get();
    } catch (RuntimeException ex) {
      return new Delivery.Refused(Duration.ZERO, ex.toString());
    }
  }

  private Delivery.State settle(Notice notice, Delivery result, Instant now) {
    Delivery.State state = store.settle(notice, result, now);
    if (state == Delivery.State.RETRY) {
      LOG.info("{} for group {} user {} not delivered ({}); trying again later", notice.kind(), notice.groupId(), notice.userId(), why(result));
    } else if (state == Delivery.State.GAVE_UP) {
      LOG.warn("{} for group {} user {} given up: {}", notice.kind(), notice.groupId(), notice.userId(), why(result));
      notifier.gaveUp(notice.kind().name().toLowerCase(java.util.Locale.ROOT), result);
    }
    return state;
  }

  private static String why(Delivery d) {
    return d instanceof Delivery.Refused r ? r.why() : d instanceof Delivery.Undeliverable u ? u.why() : "sent";
  }

  /**
   * Reminders and ended notices Slack refused, once their retry time has come (between sweeps, which only look
   * for new ones every sweep interval): each is checked against Opal again and sent only if it still holds.
   */
  public int retryDue() {
    Instant now = clock.instant();
    int sent = 0;
    for (Notice due : store.noticesDue(now)) {
      try {
        Optional<TrackedExpiry> tracked = store.trackedIn(due.groupId()).stream()
            .filter(t -> t.userId().equals(due.userId()) && sameMoment(t.expiresAt(), due.expiresAt())).findFirst();
        if (tracked.isEmpty()) {
          // The membership changed or was forgotten since: the notice no longer holds.
          store.settle(due, new Delivery.Undeliverable("no longer true"), now);
        } else if (due.kind() == Notice.Kind.ENDED) {
          sent += ended(tracked.get(), now) ? 1 : 0;
        } else if (tracked.get().expiresAt().isAfter(now) && !store.isSilenced(due.groupId(), due.userId(), due.expiresAt())
            && nearestPassedLead(tracked.get(), now).equals(Optional.of(due.lead()))) {
          sent += remind(tracked.get(), due.lead(), now) == Outcome.SENT ? 1 : 0;
        } else {
          // Ended, silenced, or a nearer reminder is due instead (the next sweep sends that one).
          store.settle(due, new Delivery.Undeliverable("no longer true"), now);
        }
      } catch (RuntimeException ex) {
        LOG.warn("retry of {} for group {} user {} failed: {}", due.kind(), due.groupId(), due.userId(), ex.toString());
      }
    }
    return sent;
  }

  private int digest(UUID groupId, List<TrackedExpiry> entries, Instant now) {
    List<TrackedExpiry> fresh = new ArrayList<>();
    for (TrackedExpiry e : entries) {
      if (store.claim(new Notice(e.groupId(), e.userId(), e.expiresAt(), Notice.Kind.DIGEST, settings.firstLead()), now)) {
        fresh.add(e);
      }
    }
    if (fresh.isEmpty()) {
      return 0;
    }
    Group group = groups.group(groupId);
    Duration extension = durations.extension(group);
    int sent = 0;
    for (UUID leaderId : group.groupLeaderUserIds()) {
      Optional<User> leader = users.byId(leaderId);
      List<DigestLine> lines = fresh.stream()
          .filter(e -> !e.userId().equals(leaderId)) // a leader's own membership is in their own reminder
          .map(e -> new DigestLine(users.byId(e.userId()).orElseGet(() -> fallbackUser(e)), e.expiresAt(), extension))
          .toList();
      if (leader.isPresent() && !lines.isEmpty()) {
        notifier.digest(group, leader.get(), lines);
        sent++;
      }
    }
    return sent;
  }

  private boolean ended(TrackedExpiry e, Instant now) {
    Optional<GroupUser> current = currentMembership(e);
    if (current.isPresent() && (current.get().expirationDate() == null || current.get().expirationDate().isAfter(now))) {
      // Extended at the last minute: not ended after all.
      if (current.get().expirationDate() == null) {
        store.untrack(e.groupId(), e.userId());
      } else {
        store.track(new TrackedExpiry(e.groupId(), e.userId(), e.groupName(), e.userEmail(), current.get().expirationDate()), now);
      }
      return false;
    }
    boolean sent = false;
    if (settings.notifyEnded()) {
      Notice notice = new Notice(e.groupId(), e.userId(), e.expiresAt(), Notice.Kind.ENDED, Duration.ZERO);
      Delivery.Claim claim = store.claimDelivery(notice, now);
      if (claim == Delivery.Claim.WAITING) {
        return false; // refused before and not due again yet (or being sent elsewhere): keep it tracked until then
      }
      if (claim == Delivery.Claim.YOURS) {
        Group group = groups.cached(e.groupId()).orElseGet(() -> groups.group(e.groupId()));
        User member = users.byId(e.userId()).orElseGet(() -> fallbackUser(e));
        Delivery.State state = settle(notice, send(() -> notifier.ended(member, group, e.expiresAt())), now);
        if (state == Delivery.State.RETRY) {
          return false;
        }
        sent = state == Delivery.State.SENT;
      }
    }
    retireReminders(e);
    store.untrack(e.groupId(), e.userId());
    return sent;
  }

  /** The member's reminder DMs about this end lose their buttons now that it has passed (best effort: a click re-checks anyway). */
  private void retireReminders(TrackedExpiry e) {
    for (dev.opaljitbot.store.ReminderMessage m : store.reminderMessages(e.groupId(), e.userId())) {
      if (!m.expiresAt().equals(e.expiresAt())) {
        continue;
      }
      try {
        Group group = groups.cached(e.groupId()).orElseGet(() -> groups.group(e.groupId()));
        notifier.expired(new Delivery.Sent(m.channelId(), m.messageTs()), group, e.expiresAt());
        store.forgetReminderMessage(m);
      } catch (RuntimeException ex) {
        LOG.warn("reminder DM {} of group {} could not be retired: {}", m.messageTs(), e.groupId(), ex.toString());
      }
    }
  }

  /** The membership as Opal has it now (one call, within the sweep's budget). */
  private Optional<GroupUser> currentMembership(TrackedExpiry e) {
    opalCall();
    return opal.getUserGroups(e.userId()).filter(m -> m.groupId().equals(e.groupId())).findFirst();
  }

  private void opalCall() {
    try {
      opalBudget.acquirePermit();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Opal call budget", ex);
    }
  }

  /** The store keeps milliseconds (as Opal sends them); compare at that precision. */
  private static boolean sameMoment(Instant a, Instant b) {
    return a.toEpochMilli() == b.toEpochMilli();
  }

  private static User fallbackUser(TrackedExpiry e) {
    return new User(e.userId(), e.userEmail(), e.userEmail(), "", "", "", null);
  }
}
