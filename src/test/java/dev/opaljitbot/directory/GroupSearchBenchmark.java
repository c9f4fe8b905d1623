package dev.opaljitbot.directory;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.testing.InMemoryOpal;
import dev.opaljitbot.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Group lookups over 50,000 cached groups, as Slack's select menus and name resolution use them.
 * Run: {@code mvn -B -Pbench test-compile exec:exec -Dbench.args="GroupSearchBenchmark -f 1 -wi 2 -i 3"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GroupSearchBenchmark {
  private static final String[] WORDS = {"falcon", "orion", "payments", "ledger", "search", "mobile", "billing", "atlas",
      "zephyr", "quartz", "nimbus", "harbor", "delta", "summit", "cobalt", "ember", "granite", "lumen", "nova", "prism"};

  private GroupDirectory directory;
  private String existingName;

  @Setup
  public void load() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    InMemoryOpal opal = new InMemoryOpal(clock);
    Random random = new Random(42);
    for (int i = 0; i < 50_000; i++) {
      String a = WORDS[random.nextInt(WORDS.length)];
      String b = WORDS[random.nextInt(WORDS.length)];
      String name = switch (i % 3) {
        case 0 -> "team-" + a + "-" + i;
        case 1 -> "Project " + Character.toUpperCase(b.charAt(0)) + b.substring(1) + " " + i;
        default -> a + "-" + b + "-oncall-" + i;
      };
      if (i == 25_000) {
        existingName = name.toUpperCase();
      }
      opal.putGroup(new Group(new UUID(1, i), null, name, "", null, List.of(new UUID(2, i % 500)), null, null, null,
          null, null, null, false, false, false, false, false, true));
    }
    directory = new GroupDirectory(opal, DirectorySettings.defaults(), clock, null, Runnable::run);
    directory.reloadNow();
  }

  @Benchmark
  public GroupMatch findExactName() {
    return directory.find(existingName);
  }

  /** The slowest path of name resolution: no match, so near misses are searched by substring. */
  @Benchmark
  public GroupMatch findUnknownName() {
    return directory.find("no such group anywhere");
  }

  @Benchmark
  public List<Group> searchPrefix() {
    return directory.search("team-orion", 100);
  }

  @Benchmark
  public List<Group> searchSubstring() {
    return directory.search("oncall-4999", 100);
  }

  @Benchmark
  public List<Group> searchCommonSubstringFirstHundred() {
    return directory.search("ledger", 100);
  }

  @Benchmark
  public List<Group> groupsLedBy() {
    return directory.ledBy(new UUID(2, 7));
  }
}
