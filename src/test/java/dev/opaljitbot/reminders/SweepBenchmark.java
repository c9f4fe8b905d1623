package dev.opaljitbot.reminders;

import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.directory.DirectorySettings;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.SlackProfiles;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.store.BotStore;
import dev.opaljitbot.delivery.Delivery;
import dev.opaljitbot.store.JdbcBotStore;
import dev.opaljitbot.sandbox.SandboxClock;
import dev.opaljitbot.testing.SandboxOpal;
import dev.opaljitbot.testing.SharedPostgres;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One sweep of 200 groups of 25 members with an end, at 50 Opal calls per second: its floor is the call budget,
 * 200 calls = 3.98 s (the first call is not waited for). A steady pass finds every end unchanged; the store's
 * work per group must fit in the 20 ms between calls. Opal is the sandbox, in-process over HTTP. On a SQLite file and on
 * PostgreSQL.
 * Run: {@code mvn -B -Pbench test-compile exec:exec -Dbench.args="SweepBenchmark -f 1 -wi 1 -i 3"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SweepBenchmark {
  static final int GROUPS = 200;
  static final int MEMBERS = 25;
  static final double CALLS_PER_SECOND = 50;

  @Param({"sqlite", "postgresql"})
  public String database;

  private SandboxOpal opal;
  private BotStore store;
  private ExpiryWatch watch;

  @Setup(Level.Trial)
  public void organisation() throws Exception {
    SandboxClock clock = new SandboxClock(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);
    opal = new SandboxOpal(clock);
    List<User> people = new ArrayList<>();
    for (int i = 0; i < GROUPS * MEMBERS / 5; i++) {
      people.add(opal.user("person" + i));
    }
    for (int g = 0; g < GROUPS; g++) {
      Group group = opal.group("group-" + g, null); // no leaders: one Opal call per group
      for (int m = 0; m < MEMBERS; m++) {
        opal.addMember(group.groupId(), people.get((g * 7 + m * 13) % people.size()).userId(),
            Duration.ofDays(3).plusMinutes(g + m));
      }
    }
    store = database.equals("sqlite")
        ? JdbcBotStore.open("jdbc:sqlite:" + Files.createTempDirectory("sweep").resolve("store.db"))
        : JdbcBotStore.open(SharedPostgres.newDatabase());
    SlackProfiles none = new SlackProfiles() {
      @Override public Optional<String> emailOf(String slackUserId) { return Optional.empty(); }
      @Override public Optional<String> slackIdOf(String email) { return Optional.empty(); }
    };
    GroupDirectory groups = new GroupDirectory(opal.client(), DirectorySettings.defaults(), clock, null, Runnable::run);
    groups.reloadNow();
    UserDirectory users = new UserDirectory(opal.client(), none, DirectorySettings.defaults(), clock, null, Runnable::run);
    watch = new ExpiryWatch(opal.client(), groups, users, store, new Silent(), new DurationPolicy(),
        new ReminderSettings(List.of(Duration.ofHours(24), Duration.ofHours(1)), Duration.ofMinutes(5), CALLS_PER_SECOND, true), clock);
    watch.sweep(); // the first pass records every end; the benchmark is the steady state after it
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
    opal.close();
  }

  /** A steady sweep: every group read, every end unchanged. */
  @Benchmark
  public int[] steadySweep() {
    return watch.sweep();
  }

  /** No reminder is due in this set-up; nothing is sent. */
  private static final class Silent implements ExpiryNotifier {
    @Override public Delivery remind(Reminder reminder) { return new Delivery.Sent("", ""); }
    @Override public void outdated(Delivery.Sent where, Group group, Instant remindedEnd, Optional<Instant> newEnd, boolean removed) {}
    @Override public void expired(Delivery.Sent where, Group group, Instant endedAt) {}
    @Override public void digest(Group group, User leader, List<DigestLine> lines) {}
    @Override public void remindItem(ItemReminder reminder) {}
    @Override public Delivery ended(User member, Group group, Instant endedAt) { return new Delivery.Sent("", ""); }
    @Override public void gaveUp(String kind, Delivery last) {}
  }
}
