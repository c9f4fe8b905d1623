package dev.opaljitbot.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.sandbox.SandboxClock;
import dev.opaljitbot.testing.SandboxOpal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Finding groups by name, id and leader, and caching them, against the sandbox's Opal over HTTP. */
class GroupDirectoryTest {
  private final SandboxClock clock = new SandboxClock(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
  private final SandboxOpal opal = new SandboxOpal(clock);
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  // Runs "background" work on the calling thread so tests are deterministic.
  private final GroupDirectory directory = new GroupDirectory(opal.client(), DirectorySettings.defaults(), clock, metrics, Runnable::run);
  private Group falcon;
  private Group falconOps;
  private Group bridge;
  private final UUID ada = opal.user("ada").userId();

  @BeforeEach
  void groups() {
    falcon = opal.group("Project Falcon", 480, ada);
    falconOps = opal.group("Project Falcon Ops", null);
    bridge = opal.group("Incident Bridge", null, ada);
    opal.group("Bridge Club", null);
    opal.group("Old bridge", null);
    directory.reloadNow();
  }

  @AfterEach
  void stop() {
    opal.close();
  }

  @Test
  void a_whole_name_in_any_case_finds_the_group_even_when_it_is_also_a_prefix() {
    assertEquals(new GroupMatch.Found(falcon), directory.find("project falcon"));
    assertEquals(new GroupMatch.Found(bridge), directory.find("  INCIDENT BRIDGE "));
  }

  @Test
  void just_after_start_up_the_groups_someone_leads_wait_for_the_index_instead_of_coming_out_empty() throws Exception {
    java.util.concurrent.LinkedBlockingQueue<Runnable> background = new java.util.concurrent.LinkedBlockingQueue<>();
    GroupDirectory starting = new GroupDirectory(opal.client(), DirectorySettings.defaults(), clock, null, background::add);
    starting.warmUp(); // the start-up load, not run yet
    var led = java.util.concurrent.CompletableFuture.supplyAsync(() -> starting.ledBy(ada));
    background.take().run();
    assertEquals(List.of(bridge, falcon), led.get(5, java.util.concurrent.TimeUnit.SECONDS));
  }

  @Test
  @org.junit.jupiter.api.Timeout(10)
  void when_the_first_load_failed_nobody_waits_for_it() {
    opal.failNextCall("GET", "/groups", 503); // Opal is unavailable for the first load
    GroupDirectory starting = new GroupDirectory(opal.client(), DirectorySettings.defaults(), clock, null, Runnable::run);
    starting.warmUp();
    assertEquals(false, starting.awaitLoaded(java.time.Duration.ofDays(1)), "answered at once: the first attempt is over");
    assertEquals(List.of(), starting.ledBy(ada));
  }

  @Test
  void a_unique_start_of_a_name_finds_the_group() {
    assertEquals(new GroupMatch.Found(bridge), directory.find("incid"));
  }

  @Test
  void an_ambiguous_start_lists_the_candidates() {
    GroupMatch.Ambiguous ambiguous = assertInstanceOf(GroupMatch.Ambiguous.class, directory.find("project"));
    assertEquals(List.of(falcon, falconOps), ambiguous.candidates());
  }

  @Test
  void an_id_finds_the_group() {
    assertEquals(new GroupMatch.Found(falconOps), directory.find(falconOps.groupId().toString()));
    assertInstanceOf(GroupMatch.NotFound.class, directory.find(UUID.randomUUID().toString()));
  }

  @Test
  void an_unknown_name_is_not_found_with_near_misses() {
    GroupMatch.NotFound notFound = assertInstanceOf(GroupMatch.NotFound.class, directory.find("ridge"));
    assertEquals(List.of("Bridge Club", "Incident Bridge", "Old bridge"), notFound.nearMisses().stream().map(Group::name).toList());
    assertTrue(directory.find("zeppelin") instanceof GroupMatch.NotFound n && n.nearMisses().isEmpty());
  }

  @Test
  void search_ranks_exact_then_prefix_then_substring() {
    Group exact = opal.group("bridge", null);
    directory.reloadNow();
    List<String> names = directory.search("BRIDGE", 10).stream().map(Group::name).toList();
    assertEquals(List.of("bridge", "Bridge Club", "Incident Bridge", "Old bridge"), names);
    assertEquals(List.of(exact), directory.search("bridge", 1));
  }

  @Test
  void groups_led_by_a_user_come_from_the_index() {
    assertEquals(List.of(bridge, falcon), directory.ledBy(ada));
  }

  @Test
  void group_data_for_authorization_is_refetched_only_when_older_than_asked() {
    int before = opal.faults().calls("GET", "/groups/{group_id}");
    directory.groupNoOlderThan(falcon.groupId(), Duration.ofSeconds(60));
    assertEquals(before, opal.faults().calls("GET", "/groups/{group_id}"), "fresh index data is good enough");

    clock.advance(Duration.ofSeconds(61));
    Group newer = opal.group("Project Falcon", 60);
    assertEquals(60, directory.groupNoOlderThan(falcon.groupId(), Duration.ofSeconds(60)).maxDurationMinutes());
    assertEquals(before + 1, opal.faults().calls("GET", "/groups/{group_id}"));
    assertEquals(newer, directory.groupNoOlderThan(falcon.groupId(), Duration.ofSeconds(60)));
    assertEquals(before + 1, opal.faults().calls("GET", "/groups/{group_id}"));
  }

  @Test
  void stale_entries_are_served_while_a_refresh_is_under_way() {
    GroupDirectory slowRefresh = new GroupDirectory(opal.client(), DirectorySettings.defaults(), clock, null, task -> {});
    slowRefresh.group(bridge.groupId());
    int calls = opal.faults().calls("GET", "/groups/{group_id}");
    clock.advance(Duration.ofMinutes(3));
    // The refresh is due but its executor never runs it: the reader still gets the old entry at once.
    assertEquals(bridge, slowRefresh.group(bridge.groupId()));
    assertEquals(calls, opal.faults().calls("GET", "/groups/{group_id}"));
  }

  @Test
  void a_change_by_the_bot_drops_the_groups_cached_entries() {
    directory.group(falcon.groupId());
    directory.invalidateGroup(falcon.groupId());
    int calls = opal.faults().calls("GET", "/groups/{group_id}");
    directory.group(falcon.groupId());
    assertEquals(calls + 1, opal.faults().calls("GET", "/groups/{group_id}"));
  }

  @Test
  void before_the_index_is_loaded_an_exact_name_is_asked_of_opal() {
    GroupDirectory cold = new GroupDirectory(opal.client(), DirectorySettings.defaults(), clock, null, task -> {});
    assertEquals(new GroupMatch.Found(falcon), cold.find("Project Falcon"));
    assertEquals(List.of(), cold.search("Project", 10), "search never waits for Opal");
  }

  @Test
  void cache_hits_and_misses_are_counted_in_metrics() {
    directory.invalidateGroup(falcon.groupId());
    directory.group(falcon.groupId());
    directory.group(falcon.groupId());
    assertEquals(1.0, metrics.get("cache.gets").tag("cache", "opal_groups").tag("result", "miss").functionCounter().count());
    assertEquals(1.0, metrics.get("cache.gets").tag("cache", "opal_groups").tag("result", "hit").functionCounter().count());
  }

  @Test
  void type_ahead_offers_every_matching_group_a_person_leads_among_thousands_of_others() {
    UUID alice = opal.user("alice").userId();
    // 4,000 groups named "g…" that alice does not lead, and 13 she leads, spread through the alphabet.
    for (int i = 0; i < 4_000; i++) {
      opal.group("g-team-" + i, null);
    }
    List<String> hers = new java.util.ArrayList<>();
    for (int i = 0; i < 13; i++) {
      hers.add(opal.group("zz growth " + i, null, alice).displayName());
    }
    opal.group("g", null, alice);
    directory.reloadNow();

    List<Group> offered = directory.searchLedBy(alice, "g", 101);
    assertEquals(14, offered.size(), "every group she leads that matches, none crowded out");
    assertEquals("g", offered.get(0).displayName(), "an exact name first");
    assertTrue(offered.stream().map(Group::displayName).toList().containsAll(hers));
    assertTrue(offered.stream().allMatch(g -> g.isLeader(alice)));
  }

  @Test
  void type_ahead_ranks_exact_then_prefix_then_substring_and_stops_at_the_limit() {
    UUID bob = opal.user("bob").userId();
    for (int i = 0; i < 150; i++) {
      opal.group(String.format("data %03d", i), null, bob);
    }
    opal.group("big data", null, bob);
    directory.reloadNow();
    List<Group> offered = directory.searchLedBy(bob, "data", 101);
    assertEquals(101, offered.size(), "one more than Slack shows tells the form to ask for more letters");
    assertEquals("data 000", offered.get(0).displayName());
    assertTrue(offered.stream().noneMatch(g -> g.displayName().equals("big data")), "substrings come after all prefixes");
    assertEquals(List.of("big data"), directory.searchLedBy(bob, "big", 101).stream().map(Group::displayName).toList());
  }
}
