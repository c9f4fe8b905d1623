package dev.opaljitbot.store;

import dev.opaljitbot.delivery.Delivery;
import dev.opaljitbot.delivery.OutboxMessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opaljitbot.testing.SharedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same behaviour on a SQLite file and on a real PostgreSQL, each starting from an empty database. */
class JdbcBotStoreTest {
  @TempDir static Path dir;

  static Stream<String> databases() {
    return Stream.of("sqlite", "postgresql");
  }

  private static String url(String kind) {
    return kind.equals("sqlite")
        ? "jdbc:sqlite:" + dir.resolve("nested/folder/store-" + UUID.randomUUID() + ".db")
        : SharedPostgres.newDatabase();
  }

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final UUID GROUP = UUID.randomUUID();
  private static final UUID USER = UUID.randomUUID();

  @ParameterizedTest
  @MethodSource("databases")
  void migrations_create_the_schema_in_an_empty_database_and_tracking_round_trips(String kind) {
    try (JdbcBotStore store = JdbcBotStore.open(url(kind))) {
      assertTrue(store.isReachable());
      TrackedExpiry e = new TrackedExpiry(GROUP, USER, "Project Falcon", "ben@example.com", NOW.plus(Duration.ofHours(2)));
      store.track(e, NOW);
      assertEquals(List.of(e), store.tracked());
      TrackedExpiry moved = new TrackedExpiry(GROUP, USER, "Project Falcon", "ben@example.com", NOW.plus(Duration.ofHours(5)));
      store.track(moved, NOW);
      assertEquals(List.of(moved), store.trackedIn(GROUP));
      store.untrack(GROUP, USER);
      assertTrue(store.tracked().isEmpty());
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void a_notice_is_claimed_once_even_after_reopening(String kind) {
    String url = url(kind);
    Notice notice = new Notice(GROUP, USER, NOW, Notice.Kind.REMINDER, Duration.ofHours(1));
    try (JdbcBotStore store = JdbcBotStore.open(url)) {
      assertTrue(store.claim(notice, NOW));
      assertFalse(store.claim(notice, NOW));
      assertTrue(store.claim(new Notice(GROUP, USER, NOW, Notice.Kind.REMINDER, Duration.ofHours(24)), NOW), "another lead time");
    }
    try (JdbcBotStore reopened = JdbcBotStore.open(url)) {
      assertFalse(reopened.claim(notice, NOW), "a restart does not forget what was sent");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void a_released_claim_can_be_claimed_again_and_only_that_one(String kind) {
    Notice extension = new Notice(GROUP, USER, NOW, Notice.Kind.EXTENSION, Duration.ZERO);
    Notice reminder = new Notice(GROUP, USER, NOW, Notice.Kind.REMINDER, Duration.ofHours(1));
    try (JdbcBotStore store = JdbcBotStore.open(url(kind))) {
      assertTrue(store.claim(extension, NOW));
      assertTrue(store.claim(reminder, NOW));
      store.release(extension);
      assertTrue(store.claim(extension, NOW), "given back, the extension can be claimed by the next click");
      assertFalse(store.claim(reminder, NOW), "other claims about the same end stay");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void two_processes_racing_for_the_same_notice_get_exactly_one_claim(String kind) throws Exception {
    String url = url(kind);
    try (JdbcBotStore first = JdbcBotStore.open(url); JdbcBotStore second = JdbcBotStore.open(url)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        for (int round = 0; round < 20; round++) {
          Notice notice = new Notice(GROUP, USER, NOW.plusSeconds(round), Notice.Kind.REMINDER, Duration.ofHours(1));
          List<Future<Boolean>> claims = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            JdbcBotStore store = i % 2 == 0 ? first : second;
            claims.add(pool.submit((Callable<Boolean>) () -> store.claim(notice, NOW)));
          }
          int won = 0;
          for (Future<Boolean> f : claims) {
            won += f.get() ? 1 : 0;
          }
          assertEquals(1, won, "round " + round);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void a_requester_nudge_counts_once_an_hour_across_two_processes_and_a_released_one_not_at_all(String kind) throws Exception {
    String url = url(kind);
    UUID request = UUID.randomUUID();
    Duration hour = Duration.ofHours(1);
    try (JdbcBotStore first = JdbcBotStore.open(url); JdbcBotStore second = JdbcBotStore.open(url)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<java.util.Optional<Instant>>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          JdbcBotStore store = i % 2 == 0 ? first : second;
          claims.add(pool.submit(() -> store.claimRequesterNudge(request, NOW, hour)));
        }
        int won = 0;
        for (Future<java.util.Optional<Instant>> f : claims) {
          java.util.Optional<Instant> refused = f.get();
          won += refused.isEmpty() ? 1 : 0;
          refused.ifPresent(next -> assertEquals(NOW.plus(hour), next));
        }
        assertEquals(1, won);
      } finally {
        pool.shutdownNow();
      }
      assertEquals(java.util.Optional.of(NOW.plus(hour)), second.claimRequesterNudge(request, NOW.plus(Duration.ofMinutes(59)), hour));
      assertEquals(java.util.Optional.empty(), first.claimRequesterNudge(request, NOW.plus(hour), hour), "an hour later");
      first.releaseRequesterNudge(request, NOW.plus(hour));
      assertEquals(java.util.Optional.empty(), second.claimRequesterNudge(request, NOW.plus(Duration.ofMinutes(61)), hour),
          "given back: it did not count");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void a_stage_was_asked_when_its_first_card_was_claimed(String kind) {
    UUID request = UUID.randomUUID();
    try (JdbcBotStore store = JdbcBotStore.open(url(kind))) {
      assertEquals(java.util.Optional.empty(), store.stageAskedAt(request, 1));
      store.claimReviewCard(request, UUID.randomUUID(), 1, NOW);
      store.claimReviewCard(request, UUID.randomUUID(), 1, NOW.plusSeconds(30));
      store.claimReviewCard(request, UUID.randomUUID(), 2, NOW.plusSeconds(90));
      assertEquals(java.util.Optional.of(NOW), store.stageAskedAt(request, 1));
      assertEquals(java.util.Optional.of(NOW.plusSeconds(90)), store.stageAskedAt(request, 2));
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void a_refused_delivery_is_due_again_after_slacks_retry_after_and_taken_over_by_one_of_two_processes(String kind) throws Exception {
    String url = url(kind);
    Notice notice = new Notice(GROUP, USER, NOW.plus(Duration.ofHours(5)), Notice.Kind.REMINDER, Duration.ofHours(1));
    try (JdbcBotStore first = JdbcBotStore.open(url); JdbcBotStore second = JdbcBotStore.open(url)) {
      assertEquals(Delivery.Claim.YOURS, first.claimDelivery(notice, NOW));
      assertEquals(Delivery.Claim.WAITING, second.claimDelivery(notice, NOW), "being sent by the first");
      assertEquals(Delivery.State.RETRY, first.settle(notice, new Delivery.Refused(Duration.ofMinutes(10), "HTTP 429"), NOW));
      Instant early = NOW.plus(Duration.ofMinutes(9));
      assertTrue(first.isClaimed(notice, early));
      assertEquals(List.of(), second.noticesDue(early));
      assertEquals(Delivery.Claim.WAITING, second.claimDelivery(notice, early), "Retry-After is honoured");

      Instant due = NOW.plus(Duration.ofMinutes(10));
      assertEquals(List.of(notice), second.noticesDue(due));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Delivery.Claim>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          JdbcBotStore store = i % 2 == 0 ? first : second;
          claims.add(pool.submit(() -> store.claimDelivery(notice, due)));
        }
        int won = 0;
        for (Future<Delivery.Claim> f : claims) {
          won += f.get() == Delivery.Claim.YOURS ? 1 : 0;
        }
        assertEquals(1, won);
      } finally {
        pool.shutdownNow();
      }
      assertEquals(Delivery.State.SENT, second.settle(notice, new Delivery.Sent("D1", "1.0"), due));
      assertEquals(Delivery.Claim.DONE, first.claimDelivery(notice, due.plus(Duration.ofDays(2))));
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void a_send_that_never_reported_is_taken_over_after_its_lease_and_a_day_of_refusals_gives_up(String kind) {
    try (JdbcBotStore store = JdbcBotStore.open(url(kind))) {
      Notice notice = new Notice(GROUP, USER, NOW.plus(Duration.ofDays(3)), Notice.Kind.ENDED, Duration.ZERO);
      assertEquals(Delivery.Claim.YOURS, store.claimDelivery(notice, NOW)); // and the process died
      assertEquals(Delivery.Claim.WAITING, store.claimDelivery(notice, NOW.plus(Duration.ofMinutes(1))));
      Instant later = NOW.plus(Delivery.SENDING_LEASE);
      assertEquals(Delivery.Claim.YOURS, store.claimDelivery(notice, later));
      assertEquals(Delivery.State.RETRY, store.settle(notice, new Delivery.Refused(Duration.ZERO, "HTTP 500"), later));
      Instant dayLater = NOW.plus(Delivery.GIVE_UP_AFTER);
      assertEquals(Delivery.Claim.YOURS, store.claimDelivery(notice, dayLater));
      assertEquals(Delivery.State.GAVE_UP, store.settle(notice, new Delivery.Refused(Duration.ZERO, "HTTP 500"), dayLater));
      assertEquals(Delivery.Claim.DONE, store.claimDelivery(notice, dayLater.plus(Duration.ofHours(1))));
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void a_kept_message_is_handed_to_one_process_when_due_and_forgotten_once_sent(String kind) {
    String url = url(kind);
    try (JdbcBotStore first = JdbcBotStore.open(url); JdbcBotStore second = JdbcBotStore.open(url)) {
      OutboxMessage kept = new OutboxMessage(UUID.randomUUID(), "DIGEST", "email:ada@example.com", "Falcon ending soon", "[]", 1, NOW,
          NOW.plus(Duration.ofMinutes(1)));
      first.keep(kept);
      assertEquals(List.of(), second.claimDueMessages(NOW, 10), "not before its retry time");
      Instant due = NOW.plus(Duration.ofMinutes(1));
      List<OutboxMessage> mine = second.claimDueMessages(due, 10);
      assertEquals(1, mine.size());
      assertEquals(2, mine.get(0).attempts());
      assertEquals(List.of(), first.claimDueMessages(due, 10), "one process sends it");
      assertEquals(Delivery.State.RETRY, second.settleMessage(mine.get(0), new Delivery.Refused(Duration.ofMinutes(5), "HTTP 429"), due));
      Instant again = due.plus(Duration.ofMinutes(5));
      List<OutboxMessage> retry = first.claimDueMessages(again, 10);
      assertEquals(1, retry.size());
      assertEquals(Delivery.State.SENT, first.settleMessage(retry.get(0), new Delivery.Sent("D1", "2.0"), again));
      assertEquals(List.of(), second.claimDueMessages(again.plus(Duration.ofDays(1)), 10));
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void a_sweep_writes_only_what_changed_and_keeps_an_ended_membership_for_its_notice(String kind) {
    try (JdbcBotStore store = JdbcBotStore.open(url(kind))) {
      UUID ben = UUID.randomUUID();
      UUID cleo = UUID.randomUUID();
      UUID dev = UUID.randomUUID();
      TrackedExpiry bens = new TrackedExpiry(GROUP, ben, "Project Falcon", "ben@example.com", NOW.plus(Duration.ofHours(2)));
      TrackedExpiry cleos = new TrackedExpiry(GROUP, cleo, "Project Falcon", "cleo@example.com", NOW.plus(Duration.ofHours(3)));
      TrackedExpiry devs = new TrackedExpiry(GROUP, dev, "Project Falcon", "dev@example.com", NOW.minus(Duration.ofMinutes(1)));
      assertEquals(3, store.recordSweep(GROUP, List.of(bens, cleos, devs), NOW));
      assertEquals(0, store.recordSweep(GROUP, List.of(bens, cleos, devs), NOW), "nothing changed, nothing written");

      TrackedExpiry bensLater = new TrackedExpiry(GROUP, ben, "Project Falcon", "ben@example.com", NOW.plus(Duration.ofHours(4)));
      // Ben's end moved, Cleo was removed before her end, Dev's membership ended (kept for the ended notice).
      assertEquals(2, store.recordSweep(GROUP, List.of(bensLater), NOW));
      assertEquals(List.of(devs, bensLater), store.trackedIn(GROUP));
    }
  }

  @org.junit.jupiter.api.Test
  void the_schema_version_the_store_checks_at_start_up_is_the_newest_migration() throws Exception {
    java.net.URL folder = JdbcBotStore.class.getClassLoader().getResource("db/migration");
    int newest;
    try (var files = java.nio.file.Files.list(Path.of(folder.toURI()))) {
      newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
          .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
    }
    assertEquals(newest, JdbcBotStore.SCHEMA_VERSION, "a new migration must raise SCHEMA_VERSION, or start-ups would skip it");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void a_store_opened_again_skips_nothing_it_needs(String kind) {
    String url = url(kind);
    try (JdbcBotStore first = JdbcBotStore.open(url)) {
      first.track(new TrackedExpiry(GROUP, USER, "Project Falcon", "ben@example.com", NOW.plus(Duration.ofHours(2))), NOW);
    }
    try (JdbcBotStore again = JdbcBotStore.open(url)) {
      assertEquals(1, again.tracked().size());
      assertEquals(Delivery.Claim.YOURS, again.claimDelivery(new Notice(GROUP, USER, NOW, Notice.Kind.ENDED, Duration.ZERO), NOW));
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void let_it_expire_is_remembered_per_expiry(String kind) {
    try (JdbcBotStore store = JdbcBotStore.open(url(kind))) {
      store.silence(GROUP, USER, NOW, NOW);
      store.silence(GROUP, USER, NOW, NOW);
      assertTrue(store.isSilenced(GROUP, USER, NOW));
      assertFalse(store.isSilenced(GROUP, USER, NOW.plusSeconds(60)), "a new expiry gets its own reminders");
    }
  }

  @org.junit.jupiter.api.Test
  void a_password_in_the_url_never_appears_in_messages() {
    assertEquals("jdbc:postgresql://db.internal:5432/bot", JdbcBotStore.redact("jdbc:postgresql://bot:s3cret@db.internal:5432/bot?password=s3cret"));
  }
}
