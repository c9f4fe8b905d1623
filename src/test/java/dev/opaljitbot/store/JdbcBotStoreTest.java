package dev.opaljitbot.store;

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
