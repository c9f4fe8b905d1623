package dev.opaljitbot.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * How fast Slack gets its acknowledgement: signed requests to the running bot (sandbox Opal, Slack stand-in)
 * over loopback, measured from send to HTTP answer. Slack's deadline is 3 s.
 * Run: {@code mvn -B -Pbench test-compile exec:exec -Dbench.args="SlackAckBenchmark -f 1 -wi 2 -i 3"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SlackAckBenchmark {
  private BotHarness harness;
  private ObjectNode suggestion;

  @Setup(Level.Trial)
  public void start() {
    harness = new BotHarness();
    // Warm the identity cache as a running bot would have it.
    harness.command(BotHarness.ADA, "groups");
    suggestion = harness.payload("block_suggestion", BotHarness.ADA).put("action_id", "group-select").put("block_id", "group").put("value", "fal");
    suggestion.putObject("view").put("id", "V1").put("type", "modal").put("callback_id", "add-members").put("team_id", "T0SANDBOX");
  }

  @TearDown(Level.Trial)
  public void stop() {
    harness.close();
  }

  /** Answered in the HTTP response itself. */
  @Benchmark
  public HttpResponse<String> helpAnsweredInline() {
    return harness.command(BotHarness.ADA, "help");
  }

  /** Acknowledged at once; the Opal work happens afterwards. */
  @Benchmark
  public HttpResponse<String> membersAcknowledged() {
    return harness.command(BotHarness.ADA, "members Project Falcon");
  }

  /** An options load for the group select, answered from the cache. */
  @Benchmark
  public HttpResponse<String> groupOptionsAsYouType() {
    return harness.interaction(suggestion);
  }
}
