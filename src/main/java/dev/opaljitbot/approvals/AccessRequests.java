package dev.opaljitbot.approvals;

import dev.opaljitbot.access.Actor;
import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.access.DurationText;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.AccessDuration;
import dev.opaljitbot.opal.CreateRequest;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.OpalApi;
import dev.opaljitbot.opal.OpalException;
import dev.opaljitbot.opal.OpalNotFoundException;
import dev.opaljitbot.opal.Request;
import dev.opaljitbot.opal.RequestReviewer;
import dev.opaljitbot.opal.RequestReviewerStages;
import dev.opaljitbot.opal.RequestStage;
import dev.opaljitbot.opal.RequestStatus;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.store.BotStore;
import dev.opaljitbot.delivery.Delivery;
import dev.opaljitbot.store.RequestRecord;
import dev.opaljitbot.store.ReviewMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests for access on behalf of a group (only its leaders may ask) and their review: reviewers of the
 * current stage are asked, a decision is honoured only from a pending reviewer who did not ask, once per
 * stage, and every reviewer's message then shows what happened.
 */
public final class AccessRequests {
  private static final Logger LOG = LoggerFactory.getLogger(AccessRequests.class);

  private final OpalApi opal;
  private final GroupDirectory groups;
  private final UserDirectory users;
  private final Catalog catalog;
  private final BotStore store;
  private final ReviewNotifier notifier;
  private final Clock clock;
  private final Settings settings;
  private final ReviewChannels channels;
  private final ReviewDelegations delegations;
  private final dev.opaljitbot.access.AccessAudit audit;

  /**
   * How requests are made and followed.
   *
   * @param reviewExternalRequests whether pending requests made outside the bot (in Opal's web app) also get reviewer DMs
   * @param tellMembersOfNewAccess whether the target group's members hear when the group gains access
   * @param ticketingProvider Opal's {@code ticketing_provider} for a support ticket typed in the form (JIRA, LINEAR, SERVICE_NOW)
   * @param remindAfter how long a stage may wait before its reviewers are nudged (then at doubling intervals, at most a day apart)
   * @param staleAfter how long a request may stay pending before it is flagged as stale (and nudges stop)
   */
  public record Settings(boolean reviewExternalRequests, boolean tellMembersOfNewAccess, String ticketingProvider,
      Duration remindAfter, Duration staleAfter) {
    /** Ticketing providers Opal knows ({@code TicketingProviderEnum}). */
    public static final List<String> TICKETING_PROVIDERS = List.of("JIRA", "LINEAR", "SERVICE_NOW");

    public Settings {
      if (!TICKETING_PROVIDERS.contains(ticketingProvider)) {
        throw new IllegalArgumentException("ticketing provider must be one of " + TICKETING_PROVIDERS + ": " + ticketingProvider);
      }
    }

    /** Requests made through the bot only, nobody else told, tickets in Jira, nudges after 4 hours, stale after a week. */
    public static Settings defaults() {
      return new Settings(false, false, "JIRA", Duration.ofHours(4), Duration.ofDays(7));
    }
  }

  /** @param audit where requests and decisions made through the bot are recorded, like member changes */
  public AccessRequests(OpalApi opal, GroupDirectory groups, UserDirectory users, Catalog catalog, BotStore store,
      ReviewNotifier notifier, ReviewChannels channels, ReviewDelegations delegations, Clock clock, Settings settings,
      dev.opaljitbot.access.AccessAudit audit) {
    this.channels = channels;
    this.delegations = delegations;
    this.opal = opal;
    this.groups = groups;
    this.users = users;
    this.catalog = catalog;
    this.store = store;
    this.notifier = notifier;
    this.clock = clock;
    this.settings = settings;
    this.audit = audit;
  }

  private static AccessDuration asOpalTakesIt(DurationPolicy.Requested requested) {
    return requested instanceof DurationPolicy.Requested.For f ? AccessDuration.of(f.duration()) : AccessDuration.indefinite();
  }

  /** Scheduled nudges double their interval up to this, so a forgotten request is brought up daily, not hourly. */
  static final Duration NUDGE_INTERVAL_CAP = Duration.ofDays(1);
  /** A requester may nudge a request's reviewers this often. */
  public static final Duration REQUESTER_NUDGE_EVERY = Duration.ofHours(1);

  /** What became of a requester's "Nudge reviewers". */
  public sealed interface Nudged {
    /** The current stage's reviewers were nudged ({@code unreachable}: Slack did not take theirs). */
    record Sent(List<User> reviewers, List<User> unreachable) implements Nudged {}

    /** The last nudge was less than an hour ago; the next is allowed at {@code allowedAt}. */
    record TooSoon(Instant allowedAt) implements Nudged {}

    /** Only the person who asked (through the bot) may nudge. */
    record NotYours() implements Nudged {}

    /** The request is no longer pending: nothing to nudge. */
    record NotPending(RequestStatus status) implements Nudged {}

    /** No reviewer of the current stage could be reached in Slack; nothing counted, try again or review in Opal. */
    record NobodyReached() implements Nudged {}
  }

  /** How many scheduled nudges are due after a stage has waited {@code pending}: none before remindAfter, none after staleAfter. */
  int nudgesDue(Duration pending) {
    int due = 0;
    Duration next = settings.remindAfter();
    Duration interval = settings.remindAfter();
    while (pending.compareTo(next) >= 0 && next.compareTo(settings.staleAfter()) < 0) {
      due++;
      interval = interval.multipliedBy(2).compareTo(NUDGE_INTERVAL_CAP) > 0 ? NUDGE_INTERVAL_CAP : interval.multipliedBy(2);
      next = next.plus(interval);
    }
    return due;
  }

  /** The outcome of asking: created (with the reviewers asked), or refused before anything reached Opal. */
  public sealed interface Submitted {
    /** The request exists in Opal; {@code reviewersDelayed}: Slack refused their cards for now, the bot keeps trying. */
    record Created(Request request, ReviewCard card, List<User> reviewersAsked, List<User> reviewersDelayed) implements Submitted {}

    /**
     * Opal created the request, but what follows failed (reading it back, asking reviewers): it must not be
     * sent again. {@code followed}: the bot recorded it, so the request poll asks its reviewers.
     */
    record CreatedNotFollowedUp(UUID requestId, boolean followed) implements Submitted {}

    /** Nothing was sent: why, for which group, and (for {@link Why#ITEM_PROBLEMS}) each item's problem. */
    record Refused(Why why, String groupName, List<ItemProblem> items) implements Submitted {}

    /** Why a request was not sent. */
    enum Why {
      NOT_A_LEADER,
      NO_REASON,
      NO_ITEMS,
      ITEM_PROBLEMS
    }
  }

  /** The outcome of a click on Approve or Deny. */
  public sealed interface Decided {
    /** Opal took the decision; {@code request} is as Opal has it now. */
    record Done(Request request, ReviewCard card, boolean approved) implements Decided {}

    /** The click was not honoured; nothing was sent to Opal. */
    record Refused(Why why) implements Decided {}

    /** Why a decision was not sent. */
    enum Why {
      /** The requester cannot review their own request. */
      OWN_REQUEST,
      NOT_A_PENDING_REVIEWER,
      /** Opal wants MFA to approve, which Slack cannot prove. */
      NEEDS_MFA,
      /** A denial needs a comment. */
      NEEDS_COMMENT
    }

    /** Someone else decided first (or it was decided in Opal). */
    record AlreadyDecided(Request request) implements Decided {}
  }

  /** What a leader picked in the request form. */
  public record Choice(Catalog.Entry.Kind kind, UUID id, String accessLevelRemoteId) {}

  /** Why a picked item cannot be requested as the form stands; the form shows each beside its field. */
  public record ItemProblem(Kind kind, String itemName, Optional<Duration> maximum) {
    /** Which rule of the item stops the request. */
    public enum Kind {
      /** The item is gone from Opal. */
      GONE,
      /** Opal asks for MFA to request it, which Slack cannot prove. */
      NEEDS_MFA_TO_REQUEST,
      /** The item needs a support ticket and none was given. */
      NEEDS_TICKET,
      /** The duration is longer than Opal allows any access ({@code maximum}); not about one item ({@code itemName} is empty). */
      OVER_OPAL_MAXIMUM,
      /** The duration is longer than the item allows ({@code maximum}). */
      TOO_LONG,
      /** The group was picked as an item for itself. */
      SELF
    }
  }

  /** The item rules the request would break, checked from cached data so a form can show them at once. */
  public List<ItemProblem> itemProblems(UUID groupId, List<Choice> choices, DurationPolicy.Requested requested, Optional<String> ticket) {
    List<ItemProblem> problems = new ArrayList<>();
    if (requested instanceof DurationPolicy.Requested.For f && f.duration().compareTo(AccessDuration.OPAL_MAXIMUM) > 0) {
      problems.add(new ItemProblem(ItemProblem.Kind.OVER_OPAL_MAXIMUM, "", Optional.of(AccessDuration.OPAL_MAXIMUM)));
      return problems;
    }
    AccessDuration duration = asOpalTakesIt(requested);
    for (Choice choice : choices) {
      if (choice.kind() == Catalog.Entry.Kind.GROUP && choice.id().equals(groupId)) {
        problems.add(new ItemProblem(ItemProblem.Kind.SELF, groups.cached(groupId).map(Group::displayName).orElse("the group"),
            Optional.empty()));
        continue;
      }
      Optional<Catalog.Entry> entry = catalog.find(choice.kind(), choice.id());
      if (entry.isEmpty()) {
        problems.add(new ItemProblem(ItemProblem.Kind.GONE, "", Optional.empty()));
        continue;
      }
      Catalog.Entry e = entry.get();
      if (e.requiresMfaToRequest()) {
        problems.add(new ItemProblem(ItemProblem.Kind.NEEDS_MFA_TO_REQUEST, e.name(), Optional.empty()));
      }
      if (e.requiresSupportTicket() && ticket.filter(t -> !t.isBlank()).isEmpty()) {
        problems.add(new ItemProblem(ItemProblem.Kind.NEEDS_TICKET, e.name(), Optional.empty()));
      }
      if (e.maxDuration().isPresent()
          && (duration.isIndefinite() || duration.duration().orElseThrow().compareTo(e.maxDuration().get()) > 0)) {
        problems.add(new ItemProblem(ItemProblem.Kind.TOO_LONG, e.name(), e.maxDuration()));
      }
    }
    return problems;
  }

  public Submitted submit(Actor actor, UUID groupId, List<Choice> choices, DurationPolicy.Requested requested, String reason,
      Optional<String> ticket) {
    Group group = groups.groupToAuthorize(groupId);
    if (!group.isLeader(actor.opalUser().userId())) {
      return new Submitted.Refused(Submitted.Why.NOT_A_LEADER, group.displayName(), List.of());
    }
    if (reason == null || reason.isBlank()) {
      return new Submitted.Refused(Submitted.Why.NO_REASON, group.displayName(), List.of());
    }
    if (choices.isEmpty()) {
      return new Submitted.Refused(Submitted.Why.NO_ITEMS, group.displayName(), List.of());
    }
    // The same item rules the form shows beside its fields, checked again now (the catalog may have changed).
    List<ItemProblem> problems = itemProblems(groupId, choices, requested, ticket);
    if (!problems.isEmpty()) {
      return new Submitted.Refused(Submitted.Why.ITEM_PROBLEMS, group.displayName(), problems);
    }
    AccessDuration duration = asOpalTakesIt(requested);
    List<CreateRequest.Item> items = new ArrayList<>();
    for (Choice choice : choices) {
      Catalog.Entry e = catalog.find(choice.kind(), choice.id()).orElseThrow();
      items.add(new CreateRequest.Item(e.kind() == Catalog.Entry.Kind.RESOURCE ? CreateRequest.Item.Kind.RESOURCE
          : CreateRequest.Item.Kind.GROUP, e.id(), choice.accessLevelRemoteId()));
    }
    Optional<CreateRequest.SupportTicket> supportTicket = ticket.filter(t -> !t.isBlank())
        .map(t -> new CreateRequest.SupportTicket(settings.ticketingProvider(), t.strip(), t.strip(), ""));
    UUID id = opal.createRequest(new CreateRequest(groupId, items, duration, reason.strip(), supportTicket));
    // From here on the request exists: a failure is reported as such, never as "not requested" (a retry would duplicate it).
    boolean followed = false;
    try {
      store.recordRequest(new RequestRecord(id, groupId, actor.opalUser().userId(), actor.slackUserId(), "PENDING", clock.instant(),
          supportTicket.map(CreateRequest.SupportTicket::identifier).orElse("")));
      followed = true;
      Request request = opal.getRequest(id);
      ReviewCard card = card(request);
      record(actor, dev.opaljitbot.access.AuditEntry.Action.REQUEST, card, duration.duration(), false,
          "requested (" + request.status().name().toLowerCase(java.util.Locale.ROOT) + "); reason: " + reason.strip());
      Asked asked = request.isPending() ? askStage(card) : new Asked(List.of(), List.of());
      if (!request.isPending()) {
        store.setRequestStatus(id, request.status().name());
      }
      return new Submitted.Created(request, card, asked.now(), asked.delayed());
    } catch (RuntimeException e) {
      LOG.error("request {} for group {} by {} was created in Opal but not followed up", id, groupId, actor.slackUserId(), e);
      return new Submitted.CreatedNotFollowedUp(id, followed);
    }
  }

  public Decided decide(Actor actor, UUID requestId, boolean approve, Optional<String> comment) {
    Request request = opal.getRequest(requestId);
    if (!request.isPending()) {
      return new Decided.AlreadyDecided(request);
    }
    ReviewCard card = card(request);
    Set<UUID> pending = pendingReviewers(request, card.stage());
    UUID me = actor.opalUser().userId();
    Optional<RequestRecord> record = store.request(requestId);
    if (record.isPresent() && record.get().requestedByOpal().equals(me)) {
      return new Decided.Refused(Decided.Why.OWN_REQUEST);
    }
    // A delegate decides for the reviewer who delegated to them, while the delegation is in force in Opal.
    Optional<UUID> onBehalfOf = pending.contains(me) ? Optional.empty() : delegatorAmong(List.copyOf(pending), me);
    if (!pending.contains(me) && onBehalfOf.isEmpty()) {
      return new Decided.Refused(Decided.Why.NOT_A_PENDING_REVIEWER);
    }
    if (approve && card.needsMfaToApprove()) {
      return new Decided.Refused(Decided.Why.NEEDS_MFA);
    }
    if (!approve && comment.filter(c -> !c.isBlank()).isEmpty()) {
      return new Decided.Refused(Decided.Why.NEEDS_COMMENT);
    }
    if (!store.claimDecision(requestId, card.stage(), me, clock.instant())) {
      return new Decided.AlreadyDecided(opal.getRequest(requestId));
    }
    Request after;
    try {
      after = approve ? opal.approveRequest(requestId, comment.orElse(null)) : opal.denyRequest(requestId, comment.orElseThrow());
    } catch (OpalException e) {
      store.releaseDecision(requestId, card.stage());
      throw e;
    }
    // Opal took the decision: what follows (audit, other reviewers' cards, the requester) must not turn it into a failure.
    try {
      record(actor, approve ? dev.opaljitbot.access.AuditEntry.Action.APPROVE : dev.opaljitbot.access.AuditEntry.Action.DENY, card,
          card.request().requestedDuration(), approve && after.status() == RequestStatus.APPROVED,
          (approve ? "approved stage " + card.stage() + " of " + card.stages() : "denied")
              + onBehalfOf.map(r -> " on behalf of " + users.byId(r).map(User::email).orElse(r.toString()) + " (delegated in Opal)").orElse("")
              + "; now "
              + after.status().name().toLowerCase(java.util.Locale.ROOT) + comment.filter(c -> !c.isBlank()).map(c -> "; comment: " + c).orElse(""));
      afterDecision(card, after, approve, Optional.of(actor.opalUser()), comment);
      return new Decided.Done(after, card(after), approve);
    } catch (RuntimeException e) {
      LOG.error("request {} was {} in Opal by {}, but its follow-up failed (the request poll retries it)", requestId,
          approve ? "approved" : "denied", actor.slackUserId(), e);
      return new Decided.Done(after, card, approve);
    }
  }

  /** Requests decided (or advanced) in Opal's own UI: update the messages, ask the next stage. */
  public int syncDecidedElsewhere() {
    int changed = 0;
    if (settings.reviewExternalRequests()) {
      try {
        changed += adoptExternalRequests();
      } catch (OpalException e) {
        LOG.warn("pending requests made in Opal could not be read: {}", e.getMessage());
      }
    }
    for (RequestRecord record : store.pendingRequests()) {
      try {
        Request now = opal.getRequest(record.requestId());
        Set<Integer> stagesMessaged = store.stagesAsked(record.requestId());
        ReviewCard card = card(now);
        if (!now.isPending()) {
          int lastStage = stagesMessaged.stream().max(Integer::compare).orElse(card.stage());
          ReviewCard decidedCard = card.atStage(lastStage);
          afterDecision(decidedCard, now, now.status() == RequestStatus.APPROVED, Optional.empty(), Optional.empty());
          changed++;
        } else if (!stagesMessaged.contains(card.stage())) {
          // A stage was approved in Opal: tell the earlier stage's reviewers and ask the next.
          int earlier = card.stage() - 1;
          for (ReviewMessage m : store.reviewMessages(record.requestId())) {
            if (m.stage() == earlier) {
              notifier.showOutcome(new Delivery.Sent(m.channelId(), m.messageTs()), card, new ReviewNotifier.Outcome(true, Optional.empty(), Optional.empty(), earlier, card.stages(), now.status()));
            }
          }
          askStage(card);
          changed++;
        } else {
          // Cards Slack refused earlier are sent once their retry time has come (claims keep it to one each).
          askStage(card);
          nudgeIfDue(card);
          flagIfStale(card, record);
        }
      } catch (OpalException e) {
        LOG.warn("request {} could not be checked: {}", record.requestId(), e.getMessage());
      } catch (RuntimeException e) {
        // One request failing (the store, Slack) must not stop the poll for the others.
        LOG.error("request {} could not be followed up", record.requestId(), e);
      }
    }
    return changed;
  }

  /**
   * Pending requests made outside the bot: their reviewers get the same DMs, and the bot follows them from
   * then on like its own (a requester without a Slack account is simply not told).
   */
  private int adoptExternalRequests() {
    int adopted = 0;
    for (Request r : opal.getPendingRequests().toList()) {
      if (store.request(r.id()).isPresent() || r.targetGroupId() == null && r.targetUserId() == null) {
        continue;
      }
      try {
        Optional<User> requester = r.requesterId() == null ? Optional.empty() : users.byId(r.requesterId());
        String requesterSlack = requester.flatMap(u -> users.slackIdOf(u.email())).orElse("");
        store.recordRequest(new RequestRecord(r.id(), r.targetGroupId() != null ? r.targetGroupId() : r.targetUserId(),
            r.requesterId() == null ? new UUID(0, 0) : r.requesterId(), requesterSlack, "PENDING", clock.instant()));
        askStage(card(r));
        adopted++;
      } catch (RuntimeException e) {
        LOG.error("request {} made in Opal could not be taken up; trying again on the next poll", r.id(), e);
      }
    }
    return adopted;
  }

  /** The person's most recent requests made through the bot, newest first, as Opal has them now. */
  public List<ReviewCard> recentRequestsBy(String slackUserId, int limit) {
    List<ReviewCard> out = new ArrayList<>();
    for (RequestRecord record : store.requestsBy(slackUserId, limit)) {
      try {
        out.add(card(opal.getRequest(record.requestId())));
      } catch (OpalNotFoundException e) {
        LOG.info("request {} is no longer in Opal", record.requestId());
      }
    }
    return out;
  }

  /**
   * The duration of the newest approved request that gave the group this item ("Request again" asks for the
   * same): empty when there is none; an empty duration inside means it had no end date.
   */
  public Optional<Optional<Duration>> lastApprovedDuration(UUID targetGroupId, Catalog.Entry.Kind kind, UUID itemId) {
    return opal.getRequestsForItem(kind == Catalog.Entry.Kind.GROUP, itemId)
        .filter(r -> r.status() == RequestStatus.APPROVED && targetGroupId.equals(r.targetGroupId()))
        .filter(r -> r.requestedItemsList().stream().anyMatch(i -> itemId.equals(i.itemId())))
        .max(java.util.Comparator.comparing(r -> r.createdAt() == null ? java.time.Instant.MIN : r.createdAt()))
        .map(Request::requestedDuration);
  }

  private void record(Actor actor, dev.opaljitbot.access.AuditEntry.Action action, ReviewCard card, Optional<Duration> duration,
      boolean changedAccess, String outcome) {
    UUID groupId = card.targetGroup() == null ? new UUID(0, 0) : card.targetGroup().groupId();
    String groupName = card.targetGroup() == null ? "a user" : card.targetGroup().displayName();
    List<dev.opaljitbot.access.AuditEntry.Target> targets = card.request().requestedItemsList().stream()
        .map(i -> new dev.opaljitbot.access.AuditEntry.Target(i.itemId(), i.name() == null ? i.itemId().toString() : i.name(),
            "request " + card.request().id()))
        .toList();
    audit.record(new dev.opaljitbot.access.AuditEntry(clock.instant(), actor.slackUserId(), actor.opalUser().userId(), action, groupId,
        groupName, targets, duration, changedAccess, outcome));
  }

  /** Pending requests whose current stage the person reviews. */
  public List<ReviewCard> awaitingReviewBy(User reviewer) {
    List<ReviewCard> out = new ArrayList<>();
    // Filter on the request itself first: a card costs Opal calls (group size, names).
    opal.getPendingRequests()
        .filter(r -> pendingReviewers(r, currentStage(r)).contains(reviewer.userId()))
        .forEach(r -> out.add(card(r)));
    return out;
  }

  public ReviewCard card(UUID requestId) {
    return card(opal.getRequest(requestId));
  }

  private void afterDecision(ReviewCard card, Request after, boolean approved, Optional<User> by, Optional<String> comment) {
    ReviewNotifier.Outcome outcome = new ReviewNotifier.Outcome(approved, by, comment, card.stage(), card.stages(), after.status());
    for (ReviewMessage m : store.reviewMessages(after.id())) {
      if (ReviewCopies.isCard(m) && (m.stage() == card.stage() || !after.isPending())) {
        notifier.showOutcome(new Delivery.Sent(m.channelId(), m.messageTs()), card, outcome);
      }
    }
    if (after.isPending()) {
      ReviewCard next = card(after);
      if (next.stage() != card.stage()) {
        askStage(next);
      }
      return;
    }
    store.setRequestStatus(after.id(), after.status().name());
    store.request(after.id()).filter(r -> !r.requestedBySlack().isBlank())
        .ifPresent(r -> notifier.tellRequester(r.requestedBySlack(), card, outcome));
    if (approved && settings.tellMembersOfNewAccess() && card.targetGroup() != null) {
      // The decision is made: a failure to tell the members is logged, never reported as a failed decision.
      try {
        Optional<UUID> requester = card.requester().map(User::userId);
        List<User> members = opal.getGroupUsers(card.targetGroup().groupId())
            .filter(m -> requester.isEmpty() || !m.userId().equals(requester.get()))
            .map(m -> users.byId(m.userId())).flatMap(Optional::stream).toList();
        if (!members.isEmpty()) {
          notifier.tellGroupMembers(members, card, outcome);
        }
      } catch (RuntimeException e) {
        LOG.warn("members of group {} could not be told of request {}: {}", card.targetGroup().groupId(), after.id(), e.toString());
      }
    }
  }

  /** The current stage's pending reviewers, each asked once (claimed in the store); returns who was asked and who is still due. */
  private Asked askStage(ReviewCard card) {
    List<User> asked = new ArrayList<>();
    List<User> delayed = new ArrayList<>();
    UUID requestId = card.request().id();
    for (UUID reviewerId : pendingReviewers(card.request(), card.stage())) {
      Optional<User> reviewer = users.byId(reviewerId);
      if (reviewer.isEmpty()) {
        continue;
      }
      Instant now = clock.instant();
      Delivery.Claim claim = store.claimReviewCard(requestId, reviewerId, card.stage(), now);
      if (claim == Delivery.Claim.WAITING) {
        delayed.add(reviewer.get());
      }
      if (claim != Delivery.Claim.YOURS) {
        continue;
      }
      Recipient to = recipientFor(reviewer.get(), card);
      Delivery result;
      try {
        result = notifier.askReview(to.user(), card, to.onBehalfOf());
      } catch (RuntimeException e) {
        result = new Delivery.Refused(java.time.Duration.ZERO, e.toString());
      }
      Delivery.State state = store.settleReviewCard(requestId, reviewerId, card.stage(), result, now);
      switch (state) {
        case SENT -> asked.add(reviewer.get());
        case RETRY -> {
          delayed.add(reviewer.get());
          LOG.info("review card of request {} for {} not delivered ({}); trying again on a later poll", requestId, reviewerId, result);
        }
        case GAVE_UP -> {
          LOG.warn("review card of request {} for {} given up: {}", requestId, reviewerId, result);
          if (result instanceof Delivery.Refused) {
            notifier.gaveUp(result);
          }
        }
        default -> { }
      }
    }
    askInChannels(card);
    return new Asked(asked, delayed);
  }

  /** Who gets a reviewer's card: their delegate while a delegation is in force (never the requester), else themselves. */
  private Recipient recipientFor(User reviewer, ReviewCard card) {
    Optional<dev.opaljitbot.opal.Delegation> delegation;
    try {
      delegation = delegations.activeOf(reviewer.userId());
    } catch (RuntimeException e) {
      LOG.warn("delegations of {} could not be read ({}); the card goes to them", reviewer.userId(), e.toString());
      delegation = Optional.empty();
    }
    Optional<UUID> requester = card.requester().map(User::userId);
    return delegation.filter(d -> requester.isEmpty() || !requester.get().equals(d.delegateUserId()))
        .flatMap(d -> users.byId(d.delegateUserId()).map(delegate ->
            new Recipient(delegate, Optional.of(new ReviewNotifier.OnBehalfOf(reviewer, d.endTime())))))
        .orElse(new Recipient(reviewer, Optional.empty()));
  }

  /** The person a card goes to and, for a delegate, whose review they do. */
  private record Recipient(User user, Optional<ReviewNotifier.OnBehalfOf> onBehalfOf) {}

  private Optional<UUID> delegatorAmong(List<UUID> reviewers, UUID me) {
    try {
      return delegations.delegatorAmong(reviewers, me);
    } catch (RuntimeException e) {
      LOG.warn("delegations could not be read ({}); only Opal's own reviewers may decide now", e.toString());
      return Optional.empty();
    }
  }

  /**
   * The latest scheduled nudge due for the stage, to each of its pending reviewers, once (claimed like a card,
   * so a restart or a second replica sends it no second time, and the decision updates it too). Only the
   * latest: after a long outage the reviewers get one nudge, not every one missed.
   */
  private void nudgeIfDue(ReviewCard card) {
    UUID requestId = card.request().id();
    Optional<Instant> askedAt = store.stageAskedAt(requestId, card.stage());
    if (askedAt.isEmpty()) {
      return;
    }
    Duration pending = Duration.between(askedAt.get(), clock.instant());
    int due = nudgesDue(pending);
    if (due == 0 || isStale(card.request())) {
      return;
    }
    for (UUID reviewerId : pendingReviewers(card.request(), card.stage())) {
      Optional<User> reviewer = users.byId(reviewerId);
      if (reviewer.isPresent()) {
        // Who gets it (a delegate?) is looked up only once the nudge is this caller's to send, not on every poll.
        sendCopy(requestId, ReviewCopies.scheduledNudge(due, reviewerId), card.stage(), () -> {
          Recipient to = recipientFor(reviewer.get(), card);
          return notifier.nudge(to.user(), card, new ReviewNotifier.Nudge(pending, false, to.onBehalfOf()));
        });
      }
    }
  }

  /** Whether a request has been pending longer than the stale age (it is flagged on its cards and in the requester's list). */
  public boolean isStale(Request request) {
    return request.isPending() && request.createdAt() != null
        && !request.createdAt().plus(settings.staleAfter()).isAfter(clock.instant());
  }

  /**
   * A request pending past the stale age: every copy of its card is flagged and the requester is told, once
   * (claimed like a card; a DM Slack refused is tried again on a later poll, flagging again does no harm).
   */
  private void flagIfStale(ReviewCard card, RequestRecord record) {
    if (!isStale(card.request())) {
      return;
    }
    UUID requestId = card.request().id();
    Duration age = Duration.between(card.request().createdAt(), clock.instant());
    sendCopy(requestId, ReviewCopies.staleNotice(), ReviewCopies.REQUESTER_STAGE, () -> {
      List<User> reviewers = pendingReviewers(card.request(), card.stage()).stream().map(users::byId).flatMap(Optional::stream).toList();
      for (ReviewMessage m : store.reviewMessages(requestId)) {
        if (m.stage() == card.stage()) {
          notifier.flagStale(new Delivery.Sent(m.channelId(), m.messageTs()), card, reviewers, age);
        }
      }
      return record.requestedBySlack().isBlank() ? new Delivery.Undeliverable("made outside the bot: no requester to tell")
          : notifier.tellRequesterStale(record.requestedBySlack(), card, age);
    });
  }

  /**
   * "Nudge reviewers", pressed by the person who asked: the current stage's pending reviewers get the card
   * again, at most once an hour (claimed in the store, across replicas).
   */
  public Nudged nudge(Actor actor, UUID requestId) {
    Optional<RequestRecord> record = store.request(requestId);
    if (record.isEmpty() || !record.get().requestedByOpal().equals(actor.opalUser().userId())) {
      return new Nudged.NotYours();
    }
    Request now = opal.getRequest(requestId);
    if (!now.isPending()) {
      return new Nudged.NotPending(now.status());
    }
    Instant at = clock.instant();
    Optional<Instant> tooSoon = store.claimRequesterNudge(requestId, at, REQUESTER_NUDGE_EVERY);
    if (tooSoon.isPresent()) {
      return new Nudged.TooSoon(tooSoon.get());
    }
    List<User> reached = new ArrayList<>();
    List<User> unreachable = new ArrayList<>();
    try {
      ReviewCard card = card(now);
      Duration pending = store.stageAskedAt(requestId, card.stage()).map(t -> Duration.between(t, at)).orElse(Duration.ZERO);
      UUID press = UUID.randomUUID();
      for (UUID reviewerId : pendingReviewers(now, card.stage())) {
        Optional<User> reviewer = users.byId(reviewerId);
        if (reviewer.isEmpty()) {
          continue;
        }
        Recipient to = recipientFor(reviewer.get(), card);
        Delivery.State state = sendCopy(requestId, ReviewCopies.requesterNudge(press, reviewerId), card.stage(),
            () -> notifier.nudge(to.user(), card, new ReviewNotifier.Nudge(pending, true, to.onBehalfOf())));
        (state == Delivery.State.SENT ? reached : unreachable).add(to.user());
      }
    } finally {
      // A press that reached nobody (or failed half-way) does not use up the hour.
      if (reached.isEmpty()) {
        store.releaseRequesterNudge(requestId, at);
      }
    }
    if (reached.isEmpty()) {
      return new Nudged.NobodyReached();
    }
    return new Nudged.Sent(reached, unreachable);
  }

  /** Claims one copy of a card, sends it and settles how it went; NONE when it was not this caller's to send. */
  private Delivery.State sendCopy(UUID requestId, UUID copy, int stage, java.util.function.Supplier<Delivery> send) {
    Instant now = clock.instant();
    if (store.claimReviewCard(requestId, copy, stage, now) != Delivery.Claim.YOURS) {
      return Delivery.State.SENDING;
    }
    Delivery result;
    try {
      result = send.get();
    } catch (RuntimeException e) {
      result = new Delivery.Refused(Duration.ZERO, e.toString());
    }
    return store.settleReviewCard(requestId, copy, stage, result, now);
  }

  /**
   * The card in each review channel of the request, once per stage (claimed like a reviewer's card, so the
   * decision updates it with the DMs). A channel that will not take it never holds up the DMs.
   */
  private void askInChannels(ReviewCard card) {
    UUID requestId = card.request().id();
    List<String> where;
    try {
      where = channels.of(card.request());
    } catch (RuntimeException e) {
      LOG.warn("review channels of request {} not known now: {}", requestId, e.toString());
      return;
    }
    List<User> reviewers = pendingReviewers(card.request(), card.stage()).stream().map(users::byId).flatMap(Optional::stream).toList();
    for (String channel : where) {
      Delivery.State state = sendCopy(requestId, ReviewCopies.inChannel(channel), card.stage(),
          () -> notifier.askReviewInChannel(channel, card, reviewers));
      if (state == Delivery.State.GAVE_UP) {
        LOG.warn("review channel {} did not take the card of request {}; the reviewers' DMs went out. If the bot is not in"
            + " the channel, invite it: type /invite @ and the app's name in {}", channel, requestId, channel);
      }
    }
  }

  private record Asked(List<User> now, List<User> delayed) {}

  ReviewCard card(Request request) {
    Group target = request.targetGroupId() == null ? null : groups.cached(request.targetGroupId())
        .orElseGet(() -> groups.group(request.targetGroupId()));
    Optional<RequestRecord> record = store.request(request.id());
    Optional<User> requester = record.flatMap(r -> users.byId(r.requestedByOpal()));
    List<ReviewCard.Item> items = request.requestedItemsList().stream()
        .map(i -> {
          Catalog.Entry.Kind kind = i.resourceId() != null ? Catalog.Entry.Kind.RESOURCE : Catalog.Entry.Kind.GROUP;
          Optional<Catalog.Entry> entry = catalog.find(kind, i.itemId());
          boolean mfa = entry.map(Catalog.Entry::requiresMfaToApprove).orElse(false);
          String level = i.accessLevelName() == null || i.accessLevelName().isBlank() ? "default access" : i.accessLevelName();
          String name = i.name() != null ? i.name() : entry.map(Catalog.Entry::name).orElse("an item Opal did not name");
          return new ReviewCard.Item(name, level, mfa, kind == Catalog.Entry.Kind.GROUP,
              entry.map(Catalog.Entry::type).orElse(kind.name()));
        })
        .toList();
    int stages = request.reviewerStages().stream().mapToInt(s -> s.stages().size()).max().orElse(1);
    OptionalInt members = OptionalInt.empty();
    if (target != null) {
      try {
        members = OptionalInt.of((int) opal.getGroupUsers(target.groupId()).count());
      } catch (OpalException e) {
        LOG.debug("members of {} not counted: {}", target.groupId(), e.getMessage());
      }
    }
    return new ReviewCard(request, target, requester, record.map(RequestRecord::requestedBySlack), items, currentStage(request),
        Math.max(1, stages), record.map(RequestRecord::ticket).filter(t -> !t.isBlank()), members);
  }

  /** The first stage not yet complete in any item (1-based); stages are OR unless Opal says AND. */
  static int currentStage(Request request) {
    int current = Integer.MAX_VALUE;
    for (RequestReviewerStages item : request.reviewerStages()) {
      for (RequestStage stage : item.stages()) {
        if (!isDone(stage)) {
          current = Math.min(current, stage.stage() == null ? 1 : stage.stage());
          break;
        }
      }
    }
    return current == Integer.MAX_VALUE ? 1 : current;
  }

  private static boolean isDone(RequestStage stage) {
    boolean all = "AND".equalsIgnoreCase(stage.operator());
    return all
        ? stage.reviewers().stream().allMatch(r -> r.status() == RequestReviewer.Status.APPROVED)
        : stage.reviewers().stream().anyMatch(r -> r.status() == RequestReviewer.Status.APPROVED);
  }

  static Set<UUID> pendingReviewers(Request request, int stageNumber) {
    Set<UUID> out = new LinkedHashSet<>();
    for (RequestReviewerStages item : request.reviewerStages()) {
      for (RequestStage stage : item.stages()) {
        if ((stage.stage() == null ? 1 : stage.stage()) == stageNumber && !isDone(stage)) {
          stage.reviewers().stream().filter(r -> r.status() == RequestReviewer.Status.PENDING).map(RequestReviewer::id).forEach(out::add);
        }
      }
    }
    return out;
  }
}
