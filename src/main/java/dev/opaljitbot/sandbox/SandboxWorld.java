package dev.opaljitbot.sandbox;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.GroupAccessLevel;
import dev.opaljitbot.opal.GroupResource;
import dev.opaljitbot.opal.GroupType;
import dev.opaljitbot.opal.GroupUser;
import dev.opaljitbot.opal.PropagationStatus;
import dev.opaljitbot.opal.Request;
import dev.opaljitbot.opal.RequestReviewer;
import dev.opaljitbot.opal.RequestReviewerStages;
import dev.opaljitbot.opal.RequestStage;
import dev.opaljitbot.opal.RequestStatus;
import dev.opaljitbot.opal.RequestedItem;
import dev.opaljitbot.opal.Resource;
import dev.opaljitbot.opal.ResourceAccessLevel;
import dev.opaljitbot.opal.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The sandbox's organisation and everything that changes in it: memberships with their expiry, the
 * resources groups hold, and access requests moving through their review stages. One lock guards it all,
 * so concurrent calls (two approvals at once) see one consistent order. Time comes from the clock, so
 * moving the clock makes access expire.
 */
public final class SandboxWorld {
  /** Opal's largest {@code duration_minutes}. */
  static final int MAX_MINUTES = 525_960;

  private final Clock clock;
  private final Map<UUID, SandboxSeed.SeedUser> users = new LinkedHashMap<>();
  private final Map<UUID, SandboxSeed.SeedGroup> groups = new LinkedHashMap<>();
  private final Map<UUID, SandboxSeed.SeedResource> resources = new LinkedHashMap<>();
  private final Map<UUID, SandboxSeed.SeedOwner> owners = new LinkedHashMap<>();
  /** group → user → membership. */
  private final Map<UUID, Map<UUID, Membership>> memberships = new LinkedHashMap<>();
  /** group → resource → grant. */
  private final Map<UUID, Map<UUID, Grant>> groupResources = new LinkedHashMap<>();
  /** For each group, the groups it is a member of (nested groups) and until when. */
  private final Map<UUID, Map<UUID, Grant>> containingGroups = new LinkedHashMap<>();
  private final Map<UUID, RequestState> requests = new LinkedHashMap<>();
  private final UUID tokenUserId;
  private final List<SandboxSeed.SeedTag> tags;
  private final List<dev.opaljitbot.opal.Delegation> delegations = new java.util.ArrayList<>();
  private final Instant started;

  private record Membership(String accessLevelRemoteId, Instant expiresAt) {}

  private record Grant(String accessLevelRemoteId, String accessLevelName, Instant expiresAt, int durationMinutes) {
    Grant(String accessLevelRemoteId, String accessLevelName, Instant expiresAt) {
      this(accessLevelRemoteId, accessLevelName, expiresAt, 0);
    }
  }

  /** A reviewer's place in one stage of one item. */
  private static final class ReviewerState {
    final UUID userId;
    RequestReviewer.Status status = RequestReviewer.Status.PENDING;

    ReviewerState(UUID userId) {
      this.userId = userId;
    }
  }

  private record StageState(int stage, List<ReviewerState> reviewers) {
    boolean isDone() {
      // Each stage is an OR of its owner's users: one approval completes it.
      return reviewers.stream().anyMatch(r -> r.status == RequestReviewer.Status.APPROVED);
    }
  }

  private record ItemState(RequestedItem item, List<StageState> stages) {}

  private static final class RequestState {
    final UUID id;
    final Instant createdAt;
    Instant updatedAt;
    final UUID requesterId;
    final UUID targetUserId;
    final UUID targetGroupId;
    RequestStatus status = RequestStatus.PENDING;
    final String reason;
    final int durationMinutes;
    final List<ItemState> items;
    final List<dev.opaljitbot.opal.RequestComment> comments = new java.util.ArrayList<>();

    RequestState(UUID id, Instant at, UUID requesterId, UUID targetUserId, UUID targetGroupId, String reason, int minutes, List<ItemState> items) {
      this.id = id;
      this.createdAt = at;
      this.updatedAt = at;
      this.requesterId = requesterId;
      this.targetUserId = targetUserId;
      this.targetGroupId = targetGroupId;
      this.reason = reason;
      this.durationMinutes = minutes;
      this.items = items;
    }
  }

  SandboxWorld(SandboxSeed seed, Clock clock) {
    this.clock = clock;
    seed.users().forEach(u -> users.put(u.userId(), u));
    seed.groups().forEach(g -> groups.put(g.groupId(), g));
    seed.resources().forEach(r -> resources.put(r.resourceId(), r));
    seed.owners().forEach(o -> owners.put(o.ownerId(), o));
    Instant start = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    for (SandboxSeed.SeedGroupUser m : seed.groupUsers()) {
      int minutes = m.durationMinutes() == null ? 0 : m.durationMinutes();
      membersOf(m.groupId()).put(m.userId(), new Membership(nullToEmpty(m.accessLevelRemoteId()),
          minutes == 0 ? null : start.plus(Duration.ofMinutes(minutes))));
    }
    this.tags = seed.tags();
    this.started = start;
    for (SandboxSeed.SeedDelegation d : seed.delegations()) {
      delegations.add(new dev.opaljitbot.opal.Delegation(d.id(), d.delegatorUserId(), d.delegateUserId(),
          d.startTime() != null ? d.startTime() : start.plus(Duration.ofMinutes(d.startMinutes())),
          d.endTime() != null ? d.endTime() : start.plus(Duration.ofMinutes(d.endMinutes())), d.reason() == null ? "" : d.reason()));
    }
    this.tokenUserId = seed.tokenUserId() != null ? seed.tokenUserId() : seed.users().get(0).userId();
  }

  /** The user the sandbox's API tokens act as. */
  public UUID tokenUserId() {
    return tokenUserId;
  }

  // ---- reading ----

  public synchronized List<Group> groups() {
    return groups.values().stream().map(SandboxWorld::group).toList();
  }

  public synchronized Group group(UUID id) {
    return group(seedGroup(id));
  }

  public synchronized List<User> users() {
    return users.values().stream().map(SandboxWorld::user).toList();
  }

  public synchronized Optional<User> userByEmail(String email) {
    return users.values().stream().filter(u -> u.email().equalsIgnoreCase(email.strip())).findFirst().map(SandboxWorld::user);
  }

  public synchronized Optional<User> userById(UUID id) {
    return Optional.ofNullable(users.get(id)).map(SandboxWorld::user);
  }

  public synchronized List<Resource> resources() {
    return resources.values().stream().map(SandboxWorld::resource).toList();
  }

  public synchronized List<User> ownerUsers(UUID ownerId) {
    SandboxSeed.SeedOwner owner = owners.get(ownerId);
    if (owner == null) {
      throw SandboxException.notFound("owner " + ownerId + " not found");
    }
    return owner.userIds() == null ? List.of() : owner.userIds().stream().map(users::get).map(SandboxWorld::user).toList();
  }

  /** The group's current members (expired ones are gone), soonest expiry first. */
  public synchronized List<GroupUser> groupUsers(UUID groupId) {
    SandboxSeed.SeedGroup g = seedGroup(groupId);
    Instant now = clock.instant();
    return membersOf(groupId).entrySet().stream()
        .filter(e -> isLive(e.getValue().expiresAt(), now))
        .map(e -> groupUser(g, users.get(e.getKey()), e.getValue()))
        .sorted(Comparator.comparing(GroupUser::expirationDate, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(GroupUser::email))
        .toList();
  }

  /** Every group a user currently belongs to. */
  public synchronized List<GroupUser> userGroups(UUID userId) {
    SandboxSeed.SeedUser user = seedUser(userId);
    Instant now = clock.instant();
    List<GroupUser> out = new ArrayList<>();
    for (var entry : memberships.entrySet()) {
      Membership m = entry.getValue().get(userId);
      if (m != null && isLive(m.expiresAt(), now)) {
        out.add(groupUser(groups.get(entry.getKey()), user, m));
      }
    }
    return out;
  }

  public synchronized List<GroupResource> groupResources(UUID groupId) {
    SandboxSeed.SeedGroup g = seedGroup(groupId);
    Instant now = clock.instant();
    return groupResources.getOrDefault(groupId, Map.of()).entrySet().stream()
        .filter(e -> isLive(e.getValue().expiresAt(), now))
        .map(e -> new GroupResource(groupId, e.getKey(), g.name(), resources.get(e.getKey()).name(), e.getValue().expiresAt(),
            new ResourceAccessLevel(e.getValue().accessLevelName(), e.getValue().accessLevelRemoteId())))
        .toList();
  }

  /** A request's comments, oldest first; 404 for an unknown request. */
  public synchronized List<dev.opaljitbot.opal.RequestComment> comments(UUID requestId) {
    return List.copyOf(requestState(requestId).comments);
  }

  /** Someone comments on a request (through the API as the token's user, or in Opal's web app as themselves). */
  public synchronized dev.opaljitbot.opal.RequestComment comment(UUID requestId, UUID userId, String text) {
    RequestState r = requestState(requestId);
    SandboxSeed.SeedUser u = seedUser(userId);
    dev.opaljitbot.opal.RequestComment c = new dev.opaljitbot.opal.RequestComment(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
        requestId, userId, u.fullName(), u.email(), text);
    r.comments.add(c);
    return c;
  }

  /** Review delegations, optionally of one delegator and/or to one delegate, oldest first. */
  public synchronized List<dev.opaljitbot.opal.Delegation> delegations(UUID delegatorUserId, UUID delegateUserId) {
    return delegations.stream()
        .filter(d -> delegatorUserId == null || d.delegatorUserId().equals(delegatorUserId))
        .filter(d -> delegateUserId == null || d.delegateUserId().equals(delegateUserId))
        .toList();
  }

  /** A reviewer delegates their reviews (as {@code POST /delegations} would); for tests and the playground. */
  public synchronized dev.opaljitbot.opal.Delegation delegate(UUID delegatorUserId, UUID delegateUserId, Instant start, Instant end, String reason) {
    seedUser(delegatorUserId);
    seedUser(delegateUserId);
    dev.opaljitbot.opal.Delegation d = new dev.opaljitbot.opal.Delegation(UUID.randomUUID(), delegatorUserId, delegateUserId, start, end, reason);
    delegations.add(d);
    return d;
  }

  /** When the sandbox started: the created and updated time of what the seed describes. */
  public Instant started() {
    return started;
  }

  /** The tags applied to a group; 404 for an unknown group. */
  public synchronized List<dev.opaljitbot.opal.Tag> groupTags(UUID groupId) {
    seedGroup(groupId);
    return tags.stream().filter(t -> t.groupIds().contains(groupId)).map(SandboxWorld::tag).toList();
  }

  /** The tags applied to a resource; 404 for an unknown resource. */
  public synchronized List<dev.opaljitbot.opal.Tag> resourceTags(UUID resourceId) {
    if (!resources.containsKey(resourceId)) {
      throw SandboxException.notFound("resource " + resourceId + " not found");
    }
    return tags.stream().filter(t -> t.resourceIds().contains(resourceId)).map(SandboxWorld::tag).toList();
  }

  private static dev.opaljitbot.opal.Tag tag(SandboxSeed.SeedTag t) {
    return new dev.opaljitbot.opal.Tag(t.tagId(), t.key(), t.value());
  }

  /** The groups a group is a member of, as Opal lists them: the duration granted, no end. */
  public synchronized List<dev.opaljitbot.opal.GroupContainingGroup> containingGroups(UUID groupId) {
    seedGroup(groupId);
    Instant now = clock.instant();
    return containingGroups.getOrDefault(groupId, Map.of()).entrySet().stream()
        .filter(e -> isLive(e.getValue().expiresAt(), now))
        .map(e -> new dev.opaljitbot.opal.GroupContainingGroup(e.getKey(), e.getValue().durationMinutes(),
            e.getValue().accessLevelRemoteId() == null ? "" : e.getValue().accessLevelRemoteId()))
        .toList();
  }

  /** The group leaves a group it is a member of; 404 when it is not (any more) a member. */
  public synchronized void deleteContainingGroup(UUID groupId, UUID containingGroupId) {
    seedGroup(groupId);
    seedGroup(containingGroupId);
    Map<UUID, Grant> of = containingGroups.getOrDefault(groupId, new LinkedHashMap<>());
    Grant g = of.get(containingGroupId);
    if (g == null || !isLive(g.expiresAt(), clock.instant())) {
      throw SandboxException.notFound("group " + groupId + " is not a member of group " + containingGroupId);
    }
    of.remove(containingGroupId);
  }

  // ---- changes made in Opal itself (its web app, an admin) ----

  /** Adds a user, or replaces the one with the same id. */
  public synchronized void putUser(SandboxSeed.SeedUser u) {
    users.put(u.userId(), u);
  }

  /** Adds a group, or replaces its settings (name, leaders, limits) keeping its members; its leaders must be users. */
  public synchronized void putGroup(SandboxSeed.SeedGroup g) {
    if (g.groupLeaderUserIds() != null) g.groupLeaderUserIds().forEach(this::seedUser);
    groups.put(g.groupId(), g);
  }

  /** Adds a resource, or replaces the one with the same id. */
  public synchronized void putResource(SandboxSeed.SeedResource r) {
    resources.put(r.resourceId(), r);
  }

  // ---- memberships ----

  /** Adds a user; refuses someone who already has access, as Opal does. */
  public synchronized GroupUser addGroupUser(UUID groupId, UUID userId, int durationMinutes, String accessLevelRemoteId) {
    SandboxSeed.SeedGroup g = seedGroup(groupId);
    SandboxSeed.SeedUser u = seedUser(userId);
    checkDuration(durationMinutes, false);
    Membership existing = membersOf(groupId).get(userId);
    if (existing != null && isLive(existing.expiresAt(), clock.instant())) {
      throw SandboxException.badRequest("user " + u.email() + " is already a member of group " + g.name()
          + "; use PUT to change the duration or access level");
    }
    Membership m = new Membership(nullToEmpty(accessLevelRemoteId), expiry(durationMinutes));
    membersOf(groupId).put(userId, m);
    return groupUser(g, u, m);
  }

  /** Sets the end of a membership to now + duration; 0 means indefinite, a negative duration revokes. */
  public synchronized GroupUser updateGroupUser(UUID groupId, UUID userId, int durationMinutes, String accessLevelRemoteId) {
    SandboxSeed.SeedGroup g = seedGroup(groupId);
    SandboxSeed.SeedUser u = seedUser(userId);
    checkDuration(durationMinutes, true);
    Membership existing = membersOf(groupId).get(userId);
    if (existing == null || !isLive(existing.expiresAt(), clock.instant())) {
      throw SandboxException.notFound("user " + u.email() + " is not a member of group " + g.name());
    }
    String level = accessLevelRemoteId == null ? existing.accessLevelRemoteId() : accessLevelRemoteId;
    if (durationMinutes < 0) {
      membersOf(groupId).remove(userId);
      return groupUser(g, u, existing);
    }
    Membership m = new Membership(level, expiry(durationMinutes));
    membersOf(groupId).put(userId, m);
    return groupUser(g, u, m);
  }

  public synchronized void deleteGroupUser(UUID groupId, UUID userId) {
    SandboxSeed.SeedGroup g = seedGroup(groupId);
    SandboxSeed.SeedUser u = seedUser(userId);
    Membership existing = membersOf(groupId).remove(userId);
    if (existing == null || !isLive(existing.expiresAt(), clock.instant())) {
      throw SandboxException.notFound("user " + u.email() + " is not a member of group " + g.name());
    }
  }

  // ---- requests ----

  /** One requested item: a resource or a group, with an optional access level. */
  public record NewItem(UUID resourceId, UUID groupId, String accessLevelRemoteId) {}

  public synchronized UUID createRequest(
      UUID requesterId, UUID targetUserId, UUID targetGroupId, List<NewItem> items, String reason, int durationMinutes) {
    if (reason == null || reason.isBlank()) {
      throw SandboxException.badRequest("reason is required");
    }
    if (items.isEmpty()) {
      throw SandboxException.badRequest("a request needs at least one resource or group");
    }
    if ((targetUserId == null) == (targetGroupId == null)) {
      throw SandboxException.badRequest("give exactly one of target_user_id and target_group_id");
    }
    if (targetGroupId != null) seedGroup(targetGroupId);
    if (targetUserId != null) seedUser(targetUserId);
    if (durationMinutes < -1 || durationMinutes == 0 || durationMinutes > MAX_MINUTES) {
      throw SandboxException.badRequest("duration_minutes must be -1 (indefinite) or 1 to " + MAX_MINUTES);
    }
    List<ItemState> states = new ArrayList<>();
    boolean autoApprove = true;
    for (NewItem item : items) {
      List<UUID> stageOwners;
      RequestedItem requested;
      if (item.resourceId() != null) {
        SandboxSeed.SeedResource r = resources.get(item.resourceId());
        if (r == null) throw SandboxException.notFound("resource " + item.resourceId() + " not found");
        if (r.maxDuration() != null && r.maxDuration() > 0 && (durationMinutes == -1 || durationMinutes > r.maxDuration())) {
          throw SandboxException.badRequest("duration exceeds the maximum of " + r.maxDuration() + " minutes for " + r.name());
        }
        stageOwners = stageOwners(r.reviewerOwnerIds(), r.adminOwnerId());
        autoApprove &= Boolean.TRUE.equals(r.autoApproval());
        requested = new RequestedItem(r.resourceId(), null, levelName(item.accessLevelRemoteId()), nullToEmpty(item.accessLevelRemoteId()),
            r.name(), null, null);
      } else {
        SandboxSeed.SeedGroup g = groups.get(item.groupId());
        if (g == null) throw SandboxException.notFound("group " + item.groupId() + " not found");
        if (g.maxDuration() != null && g.maxDuration() > 0 && (durationMinutes == -1 || durationMinutes > g.maxDuration())) {
          throw SandboxException.badRequest("duration exceeds the maximum of " + g.maxDuration() + " minutes for " + g.name());
        }
        stageOwners = stageOwners(g.reviewerOwnerIds(), g.adminOwnerId());
        autoApprove &= Boolean.TRUE.equals(g.autoApproval());
        requested = new RequestedItem(null, g.groupId(), levelName(item.accessLevelRemoteId()), nullToEmpty(item.accessLevelRemoteId()),
            g.name(), null, null);
      }
      List<StageState> stages = new ArrayList<>();
      for (int i = 0; i < stageOwners.size(); i++) {
        SandboxSeed.SeedOwner owner = owners.get(stageOwners.get(i));
        List<ReviewerState> reviewers = owner == null || owner.userIds() == null ? new ArrayList<>()
            : owner.userIds().stream().map(ReviewerState::new).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        stages.add(new StageState(i + 1, reviewers));
      }
      states.add(new ItemState(requested, stages));
    }
    RequestState request = new RequestState(UUID.randomUUID(), clock.instant(), requesterId, targetUserId, targetGroupId,
        reason, durationMinutes, states);
    requests.put(request.id, request);
    if (autoApprove) {
      request.items.forEach(i -> i.stages().forEach(s -> s.reviewers().forEach(r -> r.status = RequestReviewer.Status.APPROVED)));
      complete(request);
    }
    return request.id;
  }

  public synchronized Request request(UUID id) {
    return toRequest(requestState(id));
  }

  /** Requests, newest first, filtered as {@code GET /requests} filters them. */
  public synchronized List<Request> requests(boolean pendingOnly, UUID requesterId, UUID targetUserId, UUID targetGroupId) {
    return requests.values().stream()
        .filter(r -> !pendingOnly || r.status == RequestStatus.PENDING)
        .filter(r -> requesterId == null || requesterId.equals(r.requesterId))
        .filter(r -> targetUserId == null || targetUserId.equals(r.targetUserId))
        .filter(r -> targetGroupId == null || targetGroupId.equals(r.targetGroupId))
        .sorted(Comparator.comparing((RequestState r) -> r.createdAt).reversed())
        .map(this::toRequest)
        .toList();
  }

  /**
   * Approval through the API, as the token's admin: {@code ADMIN} approves every stage, {@code REGULAR}
   * approves the current stage of each item.
   */
  public synchronized Request approveByApi(UUID id, boolean adminLevel) {
    RequestState r = pending(id);
    for (ItemState item : r.items) {
      for (StageState stage : item.stages()) {
        if (!stage.isDone()) {
          approveStage(stage, tokenUserId);
          if (!adminLevel) {
            break;
          }
        }
      }
    }
    r.updatedAt = clock.instant();
    complete(r);
    return toRequest(r);
  }

  /** Approval by one reviewer, as in Opal's web app: counts only in a stage where they are a pending reviewer. */
  public synchronized Request approveAs(UUID id, UUID reviewerId) {
    RequestState r = pending(id);
    boolean counted = false;
    for (ItemState item : r.items) {
      Optional<StageState> current = item.stages().stream().filter(s -> !s.isDone()).findFirst();
      if (current.isPresent()) {
        for (ReviewerState reviewer : current.get().reviewers()) {
          if (reviewer.userId.equals(reviewerId) && reviewer.status == RequestReviewer.Status.PENDING) {
            reviewer.status = RequestReviewer.Status.APPROVED;
            counted = true;
          }
        }
      }
    }
    if (!counted) {
      throw SandboxException.badRequest("user " + reviewerId + " is not a pending reviewer of request " + id);
    }
    r.updatedAt = clock.instant();
    complete(r);
    return toRequest(r);
  }

  /** Denial; the comment is required. {@code reviewerId} null means the token's admin. */
  public synchronized Request deny(UUID id, UUID reviewerId, String comment) {
    if (comment == null || comment.isBlank()) {
      throw SandboxException.badRequest("comment is required to deny a request");
    }
    RequestState r = pending(id);
    UUID who = reviewerId == null ? tokenUserId : reviewerId;
    for (ItemState item : r.items) {
      item.stages().stream().filter(s -> !s.isDone()).findFirst().ifPresent(stage -> {
        boolean found = false;
        for (ReviewerState reviewer : stage.reviewers()) {
          if (reviewer.userId.equals(who)) {
            reviewer.status = RequestReviewer.Status.REJECTED;
            found = true;
          }
        }
        if (!found) {
          ReviewerState admin = new ReviewerState(who);
          admin.status = RequestReviewer.Status.REJECTED;
          stage.reviewers().add(admin);
        }
      });
    }
    r.status = RequestStatus.DENIED;
    r.updatedAt = clock.instant();
    return toRequest(r);
  }

  // ---- helpers ----

  private void approveStage(StageState stage, UUID by) {
    Optional<ReviewerState> pendingReviewer = stage.reviewers().stream().filter(x -> x.status == RequestReviewer.Status.PENDING).findFirst();
    if (pendingReviewer.isPresent()) {
      pendingReviewer.get().status = RequestReviewer.Status.APPROVED;
    } else {
      ReviewerState admin = new ReviewerState(by);
      admin.status = RequestReviewer.Status.APPROVED;
      stage.reviewers().add(admin);
    }
  }

  /** When every stage of every item is approved, the request is approved and access granted. */
  private void complete(RequestState r) {
    boolean allDone = r.items.stream().allMatch(i -> i.stages().stream().allMatch(StageState::isDone));
    if (!allDone) {
      return;
    }
    r.status = RequestStatus.APPROVED;
    Instant expires = r.durationMinutes < 0 ? null : now().plus(Duration.ofMinutes(r.durationMinutes));
    for (ItemState item : r.items) {
      RequestedItem it = item.item();
      if (r.targetGroupId != null && it.resourceId() != null) {
        groupResources.computeIfAbsent(r.targetGroupId, k -> new LinkedHashMap<>())
            .put(it.resourceId(), new Grant(it.accessLevelRemoteId(), it.accessLevelName(), expires));
      } else if (r.targetGroupId != null && it.groupId() != null) {
        containingGroups.computeIfAbsent(r.targetGroupId, k -> new LinkedHashMap<>())
            .put(it.groupId(), new Grant(it.accessLevelRemoteId(), it.accessLevelName(), expires, Math.max(0, r.durationMinutes)));
      } else if (r.targetUserId != null && it.groupId() != null) {
        membersOf(it.groupId()).put(r.targetUserId, new Membership(it.accessLevelRemoteId(), expires));
      }
      // Resources granted to a user have no endpoint here.
    }
  }

  private RequestState pending(UUID id) {
    RequestState r = requestState(id);
    if (r.status != RequestStatus.PENDING) {
      throw SandboxException.badRequest("request " + id + " is already " + r.status + " and cannot be reviewed");
    }
    return r;
  }

  private RequestState requestState(UUID id) {
    RequestState r = requests.get(id);
    if (r == null) {
      throw SandboxException.notFound("request " + id + " not found");
    }
    return r;
  }

  private Request toRequest(RequestState r) {
    List<RequestReviewerStages> stages = r.items.stream()
        .map(i -> new RequestReviewerStages(i.item().accessLevelName(), i.item().accessLevelRemoteId(), i.item().name(),
            i.item().itemId(),
            i.stages().stream().map(s -> new RequestStage(s.stage(), "OR",
                s.reviewers().stream().map(x -> new RequestReviewer(x.userId, fullName(x.userId), x.status)).toList())).toList()))
        .toList();
    return new Request(r.id, r.createdAt, r.updatedAt, r.requesterId, r.targetUserId, r.targetGroupId, r.status, r.reason,
        r.durationMinutes, r.items.stream().map(ItemState::item).toList(), stages, null);
  }

  private String fullName(UUID userId) {
    SandboxSeed.SeedUser u = users.get(userId);
    return u == null ? "" : nullToEmpty(u.fullName());
  }

  private static List<UUID> stageOwners(List<UUID> reviewerOwnerIds, UUID adminOwnerId) {
    if (reviewerOwnerIds != null && !reviewerOwnerIds.isEmpty()) {
      return reviewerOwnerIds;
    }
    return adminOwnerId == null ? List.of() : List.of(adminOwnerId);
  }

  private static String levelName(String remoteId) {
    return remoteId == null || remoteId.isEmpty() ? "Default" : remoteId;
  }

  private Map<UUID, Membership> membersOf(UUID groupId) {
    return memberships.computeIfAbsent(groupId, k -> new LinkedHashMap<>());
  }

  /** Opal's times carry milliseconds ("2022-01-23T04:56:07.000Z"); so do the sandbox's. */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  private Instant expiry(int minutes) {
    return minutes == 0 ? null : now().plus(Duration.ofMinutes(minutes));
  }

  private static void checkDuration(int minutes, boolean negativeAllowed) {
    if (minutes > MAX_MINUTES) {
      throw SandboxException.badRequest("duration_minutes must be at most " + MAX_MINUTES);
    }
    if (minutes < 0 && !negativeAllowed) {
      throw SandboxException.badRequest("duration_minutes must be 0 (indefinite) or more");
    }
  }

  private static boolean isLive(Instant expiresAt, Instant now) {
    return expiresAt == null || expiresAt.isAfter(now);
  }

  private SandboxSeed.SeedGroup seedGroup(UUID id) {
    SandboxSeed.SeedGroup g = groups.get(id);
    if (g == null) {
      throw SandboxException.notFound("group " + id + " not found");
    }
    return g;
  }

  private SandboxSeed.SeedUser seedUser(UUID id) {
    SandboxSeed.SeedUser u = users.get(id);
    if (u == null) {
      throw SandboxException.notFound("user " + id + " not found");
    }
    return u;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static GroupUser groupUser(SandboxSeed.SeedGroup g, SandboxSeed.SeedUser u, Membership m) {
    String remote = m.accessLevelRemoteId();
    return new GroupUser(g.groupId(), g.name(), nullToEmpty(g.description()), u.userId(),
        new GroupAccessLevel(remote.isEmpty() ? "Member" : remote, remote), nullToEmpty(u.fullName()), u.email(), m.expiresAt(),
        new PropagationStatus("SUCCESS"));
  }

  static User user(SandboxSeed.SeedUser u) {
    return new User(u.userId(), u.email(), nullToEmpty(u.fullName()), nullToEmpty(u.firstName()), nullToEmpty(u.lastName()),
        nullToEmpty(u.position()), "ACTIVE");
  }

  static Group group(SandboxSeed.SeedGroup g) {
    GroupType type;
    try {
      type = g.groupType() == null ? GroupType.OPAL_GROUP : GroupType.valueOf(g.groupType());
    } catch (IllegalArgumentException e) {
      type = GroupType.OPAL_GROUP;
    }
    return new Group(g.groupId(), null, g.name(), nullToEmpty(g.description()), g.adminOwnerId(),
        g.groupLeaderUserIds() == null ? List.of() : g.groupLeaderUserIds(), null, null, type, g.maxDuration(),
        g.recommendedDuration(), g.extensionsDurationInMinutes(), false, Boolean.TRUE.equals(g.requireSupportTicket()),
        Boolean.TRUE.equals(g.requireMfaToApprove()), Boolean.TRUE.equals(g.requireMfaToRequest()),
        Boolean.TRUE.equals(g.autoApproval()), g.isRequestable() == null || g.isRequestable());
  }

  static Resource resource(SandboxSeed.SeedResource r) {
    return new Resource(r.resourceId(), null, r.name(), nullToEmpty(r.description()), r.adminOwnerId(),
        r.resourceType() == null ? "CUSTOM" : r.resourceType(), r.maxDuration(), r.recommendedDuration(),
        Boolean.TRUE.equals(r.requireSupportTicket()), Boolean.TRUE.equals(r.requireMfaToApprove()),
        Boolean.TRUE.equals(r.requireMfaToRequest()), r.isRequestable() == null || r.isRequestable());
  }
}
