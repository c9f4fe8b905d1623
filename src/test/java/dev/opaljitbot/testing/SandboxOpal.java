package dev.opaljitbot.testing;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.GroupUser;
import dev.opaljitbot.opal.OpalClient;
import dev.opaljitbot.opal.OpalClientSettings;
import dev.opaljitbot.opal.Resource;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.sandbox.FaultInjector;
import dev.opaljitbot.sandbox.OpalSandbox;
import dev.opaljitbot.sandbox.SandboxSeed;
import dev.opaljitbot.sandbox.SandboxWorld;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Opal for tests: an in-process {@link OpalSandbox} on the given clock, the real {@link OpalClient} to it over
 * HTTP, the sandbox's world to build and inspect, and a {@link FaultInjector} for failures and call counts.
 */
public final class SandboxOpal implements AutoCloseable {
  /** Attempts the client makes per GET, PUT or DELETE; a failure the bot should see must answer them all. */
  private static final int ATTEMPTS = 3;
  private static final List<Endpoint> WRITES = List.of(
      new Endpoint("POST", "/groups/{group_id}/users/{user_id}"), new Endpoint("PUT", "/groups/{group_id}/users/{user_id}"),
      new Endpoint("DELETE", "/groups/{group_id}/users/{user_id}"),
      new Endpoint("DELETE", "/groups/{group_id}/containing-groups/{containing_group_id}"));
  private static final Pattern GROUP_USERS = Pattern.compile("/v1/groups/([0-9a-fA-F-]{36})/users");

  private final FaultInjector faults = new FaultInjector();
  private final Set<UUID> unreadableGroups = ConcurrentHashMap.newKeySet();
  private final OpalSandbox sandbox;
  private final OpalClient client;

  /** Starts a sandbox whose only user is the admin its API token acts as; tests add the rest. */
  public SandboxOpal(Clock clock) {
    SandboxSeed seed = new SandboxSeed(List.of(seedUser("opal-admin")), List.of(), List.of(), List.of(), List.of(),
        List.of("test-token"), null);
    // The fault injector is outermost, so it counts every call, including those failed for an unreadable group.
    sandbox = OpalSandbox.builder().seed(seed).clock(clock)
        .handlerWrapper(handler -> faults.apply(new UnreadableGroups(handler))).start();
    // Retries on, as in production, with tiny backoffs: tests check what retries do, not how long they wait.
    client = new OpalClient(OpalClientSettings.defaults(sandbox.baseUrl().toString(), sandbox.apiToken())
        .withRetries(ATTEMPTS, Duration.ofMillis(1), Duration.ofSeconds(10)), null);
  }

  /** The bot's client, talking HTTP to the sandbox. */
  public OpalClient client() {
    return client;
  }

  /** The sandbox's state, for set-up and for assertions about what Opal now holds. */
  public SandboxWorld world() {
    return sandbox.world();
  }

  /** Every call the sandbox received, per endpoint; also plans 429s, 5xx and slow answers. */
  public FaultInjector faults() {
    return faults;
  }

  /** Adds (or replaces) the user {@code name@example.com}, full name capitalised; the id follows from the name. */
  public User user(String name) {
    SandboxSeed.SeedUser u = seedUser(name);
    world().putUser(u);
    return world().userById(u.userId()).orElseThrow();
  }

  /** Adds a group, or changes the settings of the one with that name (the id follows from the name). */
  public Group group(String name, Integer maxMinutes, UUID... leaders) {
    UUID id = UUID.nameUUIDFromBytes(("group:" + name).getBytes(StandardCharsets.UTF_8));
    world().putGroup(new SandboxSeed.SeedGroup(id, name, "", "OPAL_GROUP", null, List.of(leaders), maxMinutes, null, null,
        true, false, false, false, false, null));
    return world().group(id);
  }

  /** Adds a resource anyone may have without review, so {@link #grant} needs no reviewer. */
  public Resource resource(String name) {
    UUID id = UUID.nameUUIDFromBytes(("resource:" + name).getBytes(StandardCharsets.UTF_8));
    world().putResource(new SandboxSeed.SeedResource(id, name, "", "CUSTOM", null, null, null, true, false, false, false,
        true, null));
    return world().resources().stream().filter(r -> r.resourceId().equals(id)).findFirst().orElseThrow();
  }

  /** The group holds the resource until {@code duration} from now, granted as Opal grants it: by an approved request. */
  public void grant(UUID groupId, UUID resourceId, Duration duration) {
    world().createRequest(world().tokenUserId(), null, groupId, List.of(new SandboxWorld.NewItem(resourceId, null, null)),
        "granted by the test", (int) duration.toMinutes());
  }

  /** The user gets access to the group for {@code duration} from now, as an admin grants it in Opal's web app. */
  public GroupUser addMember(UUID groupId, UUID userId, Duration duration) {
    return world().addGroupUser(groupId, userId, (int) duration.toMinutes(), "");
  }

  /** The ids of the group's current members in Opal. */
  public List<UUID> memberIds(UUID groupId) {
    return world().groupUsers(groupId).stream().map(GroupUser::userId).toList();
  }

  /** Calls that change memberships or nesting the sandbox received so far (each attempt counts). */
  public int writes() {
    return WRITES.stream().mapToInt(w -> faults.calls(w.method(), w.pathTemplate())).sum();
  }

  /**
   * The next call to the endpoint fails with this 5xx as the bot sees it: every attempt of a GET, PUT or DELETE
   * answers it; a POST is tried once.
   */
  public void failNextCall(String method, String pathTemplate, int status) {
    faults.failNext(method.equals("POST") ? 1 : ATTEMPTS, method, pathTemplate, FaultInjector.Fault.status(status));
  }

  /** While set, reading the group's members answers 500 (other groups answer as usual). */
  public void membersUnreadable(UUID groupId, boolean unreadable) {
    if (unreadable) {
      unreadableGroups.add(groupId);
    } else {
      unreadableGroups.remove(groupId);
    }
  }

  @Override
  public void close() {
    sandbox.close();
  }

  private record Endpoint(String method, String pathTemplate) {}

  private static SandboxSeed.SeedUser seedUser(String name) {
    return new SandboxSeed.SeedUser(UUID.nameUUIDFromBytes(("user:" + name).getBytes(StandardCharsets.UTF_8)),
        name + "@example.com", Character.toUpperCase(name.charAt(0)) + name.substring(1), name, "", "");
  }

  /** Answers 500 to {@code GET /groups/{id}/users} for the groups a test made unreadable. */
  private final class UnreadableGroups extends Handler.Wrapper {
    UnreadableGroups(Handler sandboxHandler) {
      super(sandboxHandler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      Matcher m = GROUP_USERS.matcher(Request.getPathInContext(request));
      if (request.getMethod().equals("GET") && m.matches() && unreadableGroups.contains(UUID.fromString(m.group(1)))) {
        response.setStatus(500);
        response.getHeaders().put("Content-Type", "application/json");
        response.write(true, ByteBuffer.wrap("{\"code\":500,\"message\":\"injected failure\"}".getBytes(StandardCharsets.UTF_8)),
            callback);
        return true;
      }
      return super.handle(request, response, callback);
    }
  }
}
