package dev.opaljitbot.opal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opaljitbot.sandbox.FaultInjector;
import dev.opaljitbot.sandbox.FaultInjector.Fault;
import dev.opaljitbot.sandbox.OpalSandbox;
import dev.opaljitbot.sandbox.SandboxClock;
import dev.opaljitbot.sandbox.SandboxSeed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against the real sandbox over HTTP, with faults injected by the test. */
class OpalClientTest {
  static final UUID FALCON = UUID.fromString("33333333-3333-4333-8333-000000000001");
  static final UUID BRIDGE = UUID.fromString("33333333-3333-4333-8333-000000000002");
  static final UUID ADA = UUID.fromString("11111111-1111-4111-8111-000000000001");
  static final UUID BEN = UUID.fromString("11111111-1111-4111-8111-000000000002");
  static final UUID DEV = UUID.fromString("11111111-1111-4111-8111-000000000004");
  static final UUID PLATFORM_OWNERS = UUID.fromString("22222222-2222-4222-8222-000000000001");
  static final UUID PROD_READONLY = UUID.fromString("44444444-4444-4444-8444-000000000001");
  static final UUID PAYMENTS_LEDGER = UUID.fromString("44444444-4444-4444-8444-000000000004");

  private final SandboxClock clock = new SandboxClock(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);
  private final FaultInjector faults = new FaultInjector();
  private final List<Duration> retryDelays = Collections.synchronizedList(new ArrayList<>());
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private OpalSandbox sandbox;
  private OpalClient opal;

  @BeforeEach
  void start() {
    sandbox = OpalSandbox.builder().seed(SandboxSeed.demo()).clock(clock).handlerWrapper(faults).start();
    opal = client(settings());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private OpalClientSettings settings() {
    // Tiny backoffs: retries are tested for what they do, not for how long they wait.
    return OpalClientSettings.defaults(sandbox.baseUrl().toString(), "sandbox-token")
        .withRetries(3, Duration.ofMillis(1), Duration.ofSeconds(10));
  }

  private OpalClient client(OpalClientSettings s) {
    return new OpalClient(s, metrics, null, retryDelays::add);
  }

  @Test
  void the_first_call_after_the_server_closed_an_idle_connection_succeeds_without_a_retry() throws Exception {
    try (OpalSandbox closing = OpalSandbox.builder().idleTimeout(Duration.ofMillis(300)).start()) {
      // A pool that keeps connections far longer than this server does, as with a load balancer's 60 s.
      okhttp3.OkHttpClient longPool = new okhttp3.OkHttpClient.Builder()
          .connectionPool(new okhttp3.ConnectionPool(4, 10, java.util.concurrent.TimeUnit.MINUTES)).build();
      OpalClient client = new OpalClient(OpalClientSettings.defaults(closing.baseUrl().toString(), "sandbox-token")
          .withRetries(3, Duration.ofMillis(1), Duration.ofSeconds(10)), metrics, longPool, retryDelays::add);
      assertEquals("Project Falcon", client.getGroup(FALCON).name());
      Thread.sleep(700); // the server closes the idle connection
      assertEquals("Project Falcon", client.getGroup(FALCON).name());
      assertEquals(List.of(), retryDelays, "a stale pooled connection is not one of the client's attempts");
      client.addGroupUser(FALCON, DEV, dev.opaljitbot.opal.AccessDuration.of(Duration.ofMinutes(30)), "");
      Thread.sleep(700);
      client.deleteGroupUser(FALCON, DEV, null);
      assertEquals(List.of(), retryDelays);
    }
  }

  @Test
  void get_groups_and_a_group() {
    List<Group> groups = opal.getGroups(GroupQuery.all()).toList();
    assertEquals(6, groups.size());
    Group falcon = opal.getGroup(FALCON);
    assertEquals("Project Falcon", falcon.name());
    assertEquals(List.of(ADA), falcon.groupLeaderUserIds());
    assertEquals(Optional.of(Duration.ofHours(8)), falcon.maxAccessDuration());
    assertEquals(GroupType.OPAL_GROUP, falcon.groupType());
  }

  @Test
  void group_filters_are_sent_to_opal() {
    assertEquals(List.of("Incident Bridge"), opal.getGroups(GroupQuery.byName("Incident Bridge")).map(Group::name).toList());
    assertEquals(2, opal.getGroups(GroupQuery.byIds(List.of(FALCON, BRIDGE))).count());
    assertEquals(List.of("Red Team Drill"),
        opal.getGroups(new GroupQuery(List.of(), null, GroupType.OKTA_GROUP, List.of())).map(Group::name).toList());
  }

  @Test
  void pages_are_fetched_lazily_and_keep_the_filters() {
    OpalClient small = client(settings().withPageSize(2));
    List<UUID> four = List.of(
        FALCON, BRIDGE, UUID.fromString("33333333-3333-4333-8333-000000000003"), UUID.fromString("33333333-3333-4333-8333-000000000004"),
        UUID.fromString("33333333-3333-4333-8333-000000000005"));
    // Reading only the first group fetches one page.
    assertEquals(1, small.getGroups(GroupQuery.all()).limit(1).count());
    assertEquals(1, faults.calls("GET", "/groups"));
    // Five filtered groups in pages of two: three pages, and the filter holds on every page.
    List<UUID> read = small.getGroups(GroupQuery.byIds(four)).map(Group::groupId).toList();
    assertEquals(4, faults.calls("GET", "/groups"));
    assertEquals(Set(four), Set(read));
    assertEquals(5, read.size());
  }

  private static java.util.Set<UUID> Set(List<UUID> ids) {
    return new java.util.HashSet<>(ids);
  }

  @Test
  void adding_updating_and_removing_a_member() {
    GroupUser added = opal.addGroupUser(FALCON, DEV, AccessDuration.of(Duration.ofHours(2)), "");
    assertEquals(Instant.parse("2026-11-24T11:00:00Z"), added.expirationDate());
    assertEquals("dev@example.com", added.email());
    assertTrue(opal.getGroupUsers(FALCON).anyMatch(u -> u.userId().equals(DEV)));

    clock.advance(Duration.ofMinutes(30));
    GroupUser updated = opal.updateGroupUser(FALCON, DEV, AccessDuration.of(Duration.ofHours(4)), null);
    assertEquals(Instant.parse("2026-11-24T13:30:00Z"), updated.expirationDate());

    opal.deleteGroupUser(FALCON, DEV, null);
    assertFalse(opal.getGroupUsers(FALCON).anyMatch(u -> u.userId().equals(DEV)));
    assertThrows(OpalNotFoundException.class, () -> opal.deleteGroupUser(FALCON, DEV, null));
  }

  @Test
  void indefinite_access_has_no_expiration_and_expired_access_disappears() {
    GroupUser forever = opal.addGroupUser(BRIDGE, DEV, AccessDuration.indefinite(), "");
    assertNull(forever.expirationDate());
    assertTrue(forever.isIndefinite());

    assertTrue(opal.getUserGroups(BEN).anyMatch(m -> m.groupId().equals(FALCON)), "Ben's 90 minutes in Falcon");
    clock.advance(Duration.ofMinutes(91));
    assertFalse(opal.getUserGroups(BEN).anyMatch(m -> m.groupId().equals(FALCON)));
    assertFalse(opal.getGroupUsers(FALCON).anyMatch(m -> m.userId().equals(BEN)));
  }

  @Test
  void adding_someone_twice_is_refused_with_opals_message() {
    OpalBadRequestException e = assertThrows(OpalBadRequestException.class,
        () -> opal.addGroupUser(FALCON, BEN, AccessDuration.of(Duration.ofHours(1)), ""));
    assertEquals(400, e.status());
    assertTrue(e.opalMessage().contains("already a member"), e.opalMessage());
    assertEquals("POST /groups/{group_id}/users/{user_id}", e.operation());
  }

  @Test
  void users_by_email_and_id_owners_and_resources() {
    User ada = opal.getUserByEmail("ada@example.com").orElseThrow();
    assertEquals(ADA, ada.userId());
    assertEquals(Optional.of(ada), opal.getUserById(ADA));
    assertEquals(Optional.empty(), opal.getUserByEmail("finn@example.com"));
    assertEquals(6, opal.getUsers().count());
    assertEquals(List.of("cleo@example.com"), opal.getOwnerUsers(PLATFORM_OWNERS).stream().map(User::email).toList());
    assertEquals(List.of("prod-readonly", "prod-admin"), opal.getResources("prod").map(Resource::name).toList());
    assertTrue(opal.getResources(null).anyMatch(r -> r.requireSupportTicket()));
  }

  @Test
  void tags_of_resources_and_groups_and_an_unknown_item_is_a_typed_failure() {
    UUID customerDb = UUID.fromString("44444444-4444-4444-8444-000000000002");
    assertEquals(List.of(new dev.opaljitbot.opal.Tag(UUID.fromString("55555555-5555-4555-8555-000000000001"), "data-classification",
        "restricted")), opal.getResourceTags(customerDb));
    assertEquals(List.of(), opal.getGroupTags(FALCON));
    assertThrows(OpalNotFoundException.class, () -> opal.getResourceTags(UUID.randomUUID()));
  }

  @Test
  void a_reviewers_delegations_with_their_start_and_end() {
    UUID cleo = UUID.fromString("11111111-1111-4111-8111-000000000003");
    List<dev.opaljitbot.opal.Delegation> made = opal.getDelegations(cleo).toList();
    assertEquals(1, made.size());
    assertEquals(UUID.fromString("11111111-1111-4111-8111-000000000004"), made.get(0).delegateUserId());
    assertFalse(made.get(0).isActiveAt(java.time.Instant.now()), "the demo's delegation ended a day before the sandbox started");
    assertEquals(List.of(), opal.getDelegations(ADA).toList());
    assertEquals(made, opal.getDelegationsTo(UUID.fromString("11111111-1111-4111-8111-000000000004")).toList(), "the same, by its delegate");
  }

  @Test
  void a_request_for_a_group_is_reviewed_in_stages_and_grants_the_group_its_items() {
    UUID id = opal.createRequest(new CreateRequest(FALCON,
        List.of(new CreateRequest.Item(CreateRequest.Item.Kind.RESOURCE, PAYMENTS_LEDGER, null)),
        AccessDuration.of(Duration.ofHours(4)), "quarter close", Optional.empty()));
    Request pending = opal.getRequest(id);
    assertEquals(RequestStatus.PENDING, pending.status());
    assertEquals(FALCON, pending.targetGroupId());
    assertEquals(2, pending.reviewerStages().get(0).stages().size(), "platform, then security");
    assertEquals("Cleo Park", pending.reviewerStages().get(0).stages().get(0).reviewers().get(0).fullName());
    assertTrue(opal.getPendingRequests().anyMatch(r -> r.id().equals(id)));

    assertEquals(RequestStatus.PENDING, opal.approveRequest(id, null).status(), "stage 1 of 2");
    Request approved = opal.approveRequest(id, "ok");
    assertEquals(RequestStatus.APPROVED, approved.status());
    List<GroupResource> held = opal.getGroupResources(FALCON);
    assertEquals(List.of(PAYMENTS_LEDGER), held.stream().map(GroupResource::resourceId).toList());
    assertEquals(Instant.parse("2026-11-24T13:00:00Z"), held.get(0).expirationDate());
    assertFalse(opal.getPendingRequests().anyMatch(r -> r.id().equals(id)));
  }

  @Test
  void a_denied_request_stays_denied() {
    UUID id = opal.createRequest(new CreateRequest(BRIDGE,
        List.of(new CreateRequest.Item(CreateRequest.Item.Kind.RESOURCE, PROD_READONLY, null)),
        AccessDuration.of(Duration.ofHours(1)), "debugging", Optional.empty()));
    assertEquals(RequestStatus.DENIED, opal.denyRequest(id, "use staging").status());
    OpalBadRequestException e = assertThrows(OpalBadRequestException.class, () -> opal.approveRequest(id, null));
    assertTrue(e.opalMessage().contains("DENIED"), e.opalMessage());
    assertTrue(opal.getGroupResources(BRIDGE).isEmpty());
  }

  @Test
  void rate_limiting_waits_for_retry_after_and_then_succeeds() {
    faults.failNext(1, "GET", "/groups/{group_id}", Fault.tooManyRequests(Duration.ofSeconds(1)));
    assertEquals("Project Falcon", opal.getGroup(FALCON).name());
    assertEquals(2, faults.calls("GET", "/groups/{group_id}"));
    assertEquals(List.of(Duration.ofSeconds(1)), retryDelays);
  }

  @Test
  void a_post_that_got_429_is_retried_because_opal_did_not_process_it() {
    faults.failNext(1, "POST", "/groups/{group_id}/users/{user_id}", Fault.tooManyRequests(Duration.ZERO));
    assertEquals(DEV, opal.addGroupUser(FALCON, DEV, AccessDuration.of(Duration.ofHours(1)), "").userId());
    assertEquals(2, faults.calls("POST", "/groups/{group_id}/users/{user_id}"));
  }

  @Test
  void a_retry_after_longer_than_allowed_fails_instead_of_hanging() {
    faults.failNext(1, "GET", "/groups/{group_id}", Fault.tooManyRequests(Duration.ofMinutes(10)));
    OpalRateLimitedException e = assertThrows(OpalRateLimitedException.class, () -> opal.getGroup(FALCON));
    assertEquals(429, e.status());
    assertEquals(1, faults.calls("GET", "/groups/{group_id}"));
  }

  @Test
  void server_errors_are_retried_for_get_put_and_delete() {
    faults.failNext(2, "GET", "/groups/{group_id}/users", Fault.status(503));
    assertEquals(2, opal.getGroupUsers(FALCON).count());
    assertEquals(3, faults.calls("GET", "/groups/{group_id}/users"));

    opal.addGroupUser(FALCON, DEV, AccessDuration.of(Duration.ofHours(1)), "");
    faults.failNext(1, "PUT", "/groups/{group_id}/users/{user_id}", Fault.status(500));
    opal.updateGroupUser(FALCON, DEV, AccessDuration.of(Duration.ofHours(2)), null);
    assertEquals(2, faults.calls("PUT", "/groups/{group_id}/users/{user_id}"));

    faults.failNext(1, "DELETE", "/groups/{group_id}/users/{user_id}", Fault.status(502));
    opal.deleteGroupUser(FALCON, DEV, null);
    assertEquals(2, faults.calls("DELETE", "/groups/{group_id}/users/{user_id}"));
  }

  @Test
  void server_errors_are_not_retried_for_post() {
    faults.failNext(1, "POST", "/groups/{group_id}/users/{user_id}", Fault.status(500));
    OpalServerException e = assertThrows(OpalServerException.class,
        () -> opal.addGroupUser(FALCON, DEV, AccessDuration.of(Duration.ofHours(1)), ""));
    assertEquals(500, e.status());
    assertEquals(1, faults.calls("POST", "/groups/{group_id}/users/{user_id}"));
    assertFalse(opal.getGroupUsers(FALCON).anyMatch(u -> u.userId().equals(DEV)));
  }

  @Test
  void retries_are_bounded() {
    faults.failNext(10, "GET", "/groups/{group_id}", Fault.status(500));
    OpalServerException e = assertThrows(OpalServerException.class, () -> opal.getGroup(FALCON));
    assertEquals(500, e.status());
    assertEquals("injected failure", e.opalMessage());
    assertEquals(3, faults.calls("GET", "/groups/{group_id}"));
  }

  @Test
  void a_read_timeout_is_retried_for_get_and_fails_a_post_without_retry() {
    OpalClient impatient = client(settings().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));
    faults.failNext(1, "GET", "/groups/{group_id}", Fault.slow(Duration.ofMillis(900)));
    assertEquals("Project Falcon", impatient.getGroup(FALCON).name());
    assertEquals(2, faults.calls("GET", "/groups/{group_id}"));

    faults.failNext(1, "POST", "/requests", Fault.slow(Duration.ofMillis(900)));
    OpalUnavailableException e = assertThrows(OpalUnavailableException.class, () -> impatient.createRequest(
        new CreateRequest(FALCON, List.of(new CreateRequest.Item(CreateRequest.Item.Kind.RESOURCE, PROD_READONLY, null)),
            AccessDuration.of(Duration.ofHours(1)), "x", Optional.empty())));
    assertEquals(0, e.status());
    assertTrue(e.isTransient());
    assertEquals(1, faults.calls("POST", "/requests"));
  }

  @Test
  void malformed_json_is_a_typed_failure() {
    faults.failNext(1, "GET", "/groups", Fault.malformedJson());
    OpalMalformedResponseException e = assertThrows(OpalMalformedResponseException.class, () -> opal.getGroups(GroupQuery.all()).toList());
    assertEquals("GET /groups", e.operation());
  }

  @Test
  void bad_token_and_unknown_ids_are_typed_failures() {
    OpalClient wrong = client(OpalClientSettings.defaults(sandbox.baseUrl().toString(), "not-the-token"));
    OpalUnauthorizedException e = assertThrows(OpalUnauthorizedException.class, () -> wrong.getGroup(FALCON));
    assertEquals(401, e.status());
    assertThrows(OpalNotFoundException.class, () -> opal.getGroup(UUID.randomUUID()));
  }

  @Test
  void calls_are_measured_by_endpoint_and_status() {
    opal.getGroup(FALCON);
    assertThrows(OpalNotFoundException.class, () -> opal.getGroup(UUID.randomUUID()));
    assertEquals(1, metrics.get("opal.calls").tag("endpoint", "GET /groups/{group_id}").tag("status", "200").timer().count());
    assertEquals(1, metrics.get("opal.calls").tag("endpoint", "GET /groups/{group_id}").tag("status", "404").timer().count());
  }

  @Test
  void an_unreachable_opal_is_a_typed_failure_after_bounded_retries() {
    int port = sandbox.port();
    sandbox.close();
    OpalUnavailableException e = assertThrows(OpalUnavailableException.class, () -> opal.getGroup(FALCON));
    assertEquals(0, e.status());
    assertEquals(2, retryDelays.size());
    sandbox = OpalSandbox.builder().port(0).start(); // for @AfterEach
    assertTrue(port > 0);
  }

  @Test
  void the_health_probe_reads_one_group_and_never_retries() {
    assertTrue(opal.isReachable());
    faults.failNext(1, "GET", "/groups", Fault.status(503));
    assertFalse(opal.isReachable());
    assertFalse(client(OpalClientSettings.defaults(sandbox.baseUrl().toString(), "wrong-token")).isReachable());
    assertEquals(3, faults.calls("GET", "/groups"));
  }

  @Test
  void many_groups_are_read_across_pages_in_order() {
    String users = "[{\"user_id\":\"" + ADA + "\",\"email\":\"ada@example.com\",\"full_name\":\"Ada\"}]";
    String groups = IntStream.range(0, 25)
        .mapToObj(i -> "{\"group_id\":\"" + new UUID(7, i) + "\",\"name\":\"team-" + String.format("%02d", i) + "\"}")
        .collect(Collectors.joining(","));
    try (OpalSandbox big = OpalSandbox.builder()
        .seed(SandboxSeed.parse("{\"users\":" + users + ",\"groups\":[" + groups + "],\"api_tokens\":[\"t\"]}")).start()) {
      OpalClient c = client(OpalClientSettings.defaults(big.baseUrl().toString(), "t").withPageSize(10));
      assertEquals(IntStream.range(0, 25).mapToObj(i -> "team-" + String.format("%02d", i)).toList(),
          c.getGroups(GroupQuery.all()).map(Group::name).toList());
    }
  }
}
