package dev.opaljitbot.testing;

import dev.opaljitbot.opal.AccessDuration;
import dev.opaljitbot.opal.CreateRequest;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.GroupAccessLevel;
import dev.opaljitbot.opal.GroupQuery;
import dev.opaljitbot.opal.GroupResource;
import dev.opaljitbot.opal.GroupType;
import dev.opaljitbot.opal.GroupUser;
import dev.opaljitbot.opal.OpalApi;
import dev.opaljitbot.opal.OpalException;
import dev.opaljitbot.opal.OpalNotFoundException;
import dev.opaljitbot.opal.PropagationStatus;
import dev.opaljitbot.opal.Request;
import dev.opaljitbot.opal.Resource;
import dev.opaljitbot.opal.User;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A small in-memory Opal for unit tests of the directory and the domain: groups, users and memberships,
 * with counters of every call and a switch to make writes fail. The real sandbox is tested over HTTP.
 */
public final class InMemoryOpal implements OpalApi {
  private final Clock clock;
  public final Map<UUID, Group> groups = new ConcurrentHashMap<>();
  public final Map<UUID, User> users = new ConcurrentHashMap<>();
  /** group id → user id → membership. */
  public final Map<UUID, Map<UUID, GroupUser>> members = new ConcurrentHashMap<>();
  public final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  /** Write operations performed, e.g. "POST group-user &lt;gid&gt; &lt;uid&gt;". */
  public final Collection<String> writes = new ConcurrentLinkedQueue<>();
  /** The resources each group holds; tests put them here. */
  public final Map<UUID, List<GroupResource>> groupResources = new ConcurrentHashMap<>();
  /** Groups whose member list cannot be read (Opal answers 500). */
  public final java.util.Set<UUID> unreadableGroups = ConcurrentHashMap.newKeySet();
  /** While true, listing groups fails as an unavailable Opal would. */
  public volatile boolean groupListingFails;
  /** When set, the next write fails with this exception (once). */
  public volatile OpalException failNextWrite;

  public InMemoryOpal(Clock clock) {
    this.clock = clock;
  }

  public int calls(String operation) {
    AtomicInteger n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  private void count(String operation) {
    calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
  }

  public User user(String name) {
    User u = new User(UUID.nameUUIDFromBytes(("user:" + name).getBytes()), name + "@example.com",
        Character.toUpperCase(name.charAt(0)) + name.substring(1), name, "", "", "ACTIVE");
    users.put(u.userId(), u);
    return u;
  }

  public Group group(String name, Integer maxMinutes, UUID... leaders) {
    Group g = new Group(UUID.nameUUIDFromBytes(("group:" + name).getBytes()), null, name, "", null, List.of(leaders), null, null,
        GroupType.OPAL_GROUP, maxMinutes, null, null, false, false, false, false, false, true);
    groups.put(g.groupId(), g);
    return g;
  }

  public void putGroup(Group g) {
    groups.put(g.groupId(), g);
  }

  private Map<UUID, GroupUser> membersOf(UUID groupId) {
    return members.computeIfAbsent(groupId, k -> new ConcurrentHashMap<>());
  }

  private GroupUser membership(Group g, User u, AccessDuration d, String level) {
    return new GroupUser(g.groupId(), g.name(), "", u.userId(),
        new GroupAccessLevel(level == null || level.isEmpty() ? "Member" : level, level == null ? "" : level),
        u.fullName(), u.email(), d.duration().map(x -> clock.instant().plus(x)).orElse(null), new PropagationStatus("SUCCESS"));
  }

  private void maybeFail() {
    OpalException e = failNextWrite;
    if (e != null) {
      failNextWrite = null;
      throw e;
    }
  }

  @Override
  public Stream<Group> getGroups(GroupQuery query) {
    if (groupListingFails) {
      throw new dev.opaljitbot.opal.OpalException(503, "getGroups", "unavailable", null);
    }
    count("getGroups");
    return groups.values().stream()
        .filter(g -> query.groupName() == null || query.groupName().equals(g.name()))
        .filter(g -> query.groupIds().isEmpty() || query.groupIds().contains(g.groupId()));
  }

  @Override
  public Group getGroup(UUID groupId) {
    count("getGroup");
    Group g = groups.get(groupId);
    if (g == null) {
      throw new OpalNotFoundException("GET /groups/{group_id}", "group not found");
    }
    return g;
  }

  @Override
  public Stream<GroupUser> getGroupUsers(UUID groupId) {
    count("getGroupUsers");
    if (unreadableGroups.contains(groupId)) {
      throw new OpalException(500, "GET /groups/{group_id}/users", "injected", null);
    }
    return new ArrayList<>(membersOf(groupId).values()).stream()
        .filter(m -> m.expirationDate() == null || m.expirationDate().isAfter(clock.instant()));
  }

  @Override
  public GroupUser addGroupUser(UUID groupId, UUID userId, AccessDuration duration, String accessLevelRemoteId) {
    count("addGroupUser");
    maybeFail();
    GroupUser m = membership(getGroup(groupId), users.get(userId), duration, accessLevelRemoteId);
    membersOf(groupId).put(userId, m);
    writes.add("POST group-user " + groupId + " " + userId);
    return m;
  }

  @Override
  public GroupUser updateGroupUser(UUID groupId, UUID userId, AccessDuration duration, String accessLevelRemoteId) {
    count("updateGroupUser");
    maybeFail();
    GroupUser m = membership(getGroup(groupId), users.get(userId), duration, accessLevelRemoteId);
    membersOf(groupId).put(userId, m);
    writes.add("PUT group-user " + groupId + " " + userId);
    return m;
  }

  @Override
  public void deleteGroupUser(UUID groupId, UUID userId, String accessLevelRemoteId) {
    count("deleteGroupUser");
    maybeFail();
    if (membersOf(groupId).remove(userId) == null) {
      throw new OpalNotFoundException("DELETE /groups/{group_id}/users/{user_id}", "not a member");
    }
    writes.add("DELETE group-user " + groupId + " " + userId);
  }

  @Override
  public Stream<GroupUser> getUserGroups(UUID userId) {
    count("getUserGroups");
    return members.values().stream().map(m -> m.get(userId)).filter(m -> m != null)
        .filter(m -> m.expirationDate() == null || m.expirationDate().isAfter(clock.instant()));
  }

  @Override
  public List<GroupResource> getGroupResources(UUID groupId) {
    count("getGroupResources");
    return List.copyOf(groupResources.getOrDefault(groupId, List.of()));
  }

  @Override
  public List<dev.opaljitbot.opal.GroupContainingGroup> getContainingGroups(UUID groupId) {
    count("getContainingGroups");
    return List.of();
  }

  @Override
  public void deleteContainingGroup(UUID groupId, UUID containingGroupId) {
    count("deleteContainingGroup");
    writes.add("DELETE containing " + groupId + " " + containingGroupId);
  }

  @Override
  public java.util.stream.Stream<dev.opaljitbot.opal.Request> getRequestsForItem(boolean group, UUID itemId) {
    count("getRequestsForItem");
    return java.util.stream.Stream.empty();
  }

  @Override
  public Optional<User> getUserByEmail(String email) {
    count("getUserByEmail");
    return users.values().stream().filter(u -> u.email().equalsIgnoreCase(email)).findFirst();
  }

  @Override
  public Optional<User> getUserById(UUID userId) {
    count("getUserById");
    return Optional.ofNullable(users.get(userId));
  }

  @Override
  public Stream<User> getUsers() {
    count("getUsers");
    return users.values().stream();
  }

  @Override
  public Stream<Resource> getResources(String nameFilter) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<User> getOwnerUsers(UUID ownerId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public UUID createRequest(CreateRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Request getRequest(UUID requestId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Stream<Request> getPendingRequests() {
    throw new UnsupportedOperationException();
  }

  @Override
  public Request approveRequest(UUID requestId, String comment) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Request denyRequest(UUID requestId, String comment) {
    throw new UnsupportedOperationException();
  }
}
