package dev.opaljitbot.directory;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.sandbox.SandboxClock;
import dev.opaljitbot.testing.SandboxOpal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Group lookups over 50,000 cached groups, as Slack's select menus and name resolution use them. The index is
 * loaded once from the sandbox's Opal over HTTP; the lookups themselves never call Opal.
 * Run: {@code mvn -B -Pbench test-compile exec:exec -Dbench.args="GroupSearchBenchmark -f 1 -wi 2 -i 3"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GroupSearchBenchmark {
  private static final String[] WORDS = {"falcon", "orion", "payments", "ledger", "search", "mobile", "billing", "atlas",
      "zephyr", "quartz", "nimbus", "harbor", "delta", "summit", "cobalt", "ember", "granite", "lumen", "nova", "prism"};

  private SandboxOpal opal;
  private GroupDirectory directory;
  private String existingName;
  private UUID someLeader;

  @Setup
  public void load() {
    SandboxClock clock = new SandboxClock(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    opal = new SandboxOpal(clock);
    List<UUID> leaders = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      leaders.add(opal.user("leader" + i).userId());
    }
    someLeader = leaders.get(7);
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
      opal.group(name, null, leaders.get(i % 500));
    }
    directory = new GroupDirectory(opal.client(), DirectorySettings.defaults(), clock, null, Runnable::run);
    directory.reloadNow();
  }

  @TearDown
  public void stop() {
    opal.close();
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
    return directory.ledBy(someLeader);
  }
}
