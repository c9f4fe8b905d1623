package dev.opaljitbot.slack;

import com.slack.api.app_backend.interactive_components.response.BlockSuggestionResponse;
import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opaljitbot.sandbox.SandboxSeed;
import dev.opaljitbot.sandbox.slack.SlackStandIn;
import dev.opaljitbot.server.BotServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Type-ahead in the group select over 50,000 groups (Ada leads 500 of them): the bot's options answer against
 * a bare Bolt app answering empty options on the same Jetty set-up, one request at a time and 50 at once.
 * Signed requests over loopback; the time is from send to HTTP answer.
 * Run: {@code mvn -B -Pbench test-compile exec:exec -Dbench.args="TypeAheadBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TypeAheadBenchmark {
  private static final String[] WORDS = {"falcon", "orion", "payments", "ledger", "search", "mobile", "billing", "atlas"};
  private static final UUID ADA = UUID.fromString("11111111-1111-4111-8111-000000000001");

  private BotHarness harness;
  private SlackStandIn bareSlack;
  private BotServer bare;
  private final String bareSecret = "bare-" + UUID.randomUUID();
  private final HttpClient http = HttpClient.newHttpClient();
  private String suggestionBody;

  @Setup(Level.Trial)
  public void start() throws Exception {
    SandboxSeed demo = SandboxSeed.demo();
    List<SandboxSeed.SeedGroup> groups = new ArrayList<>(demo.groups());
    for (int i = 0; i < 50_000; i++) {
      String name = WORDS[i % WORDS.length] + "-" + WORDS[(i / 8) % WORDS.length] + "-" + i;
      groups.add(new SandboxSeed.SeedGroup(new UUID(7, i), name, "", "OPAL_GROUP", null, i % 100 == 0 ? List.of(ADA) : List.of(),
          null, null, null, true, false, false, false, false, null));
    }
    SandboxSeed seed = new SandboxSeed(demo.users(), groups, demo.groupUsers(), demo.resources(), demo.owners(), demo.apiTokens(),
        demo.tokenUserId());
    harness = new BotHarness(Map.of(), Optional.of(seed));
    awaitIndexLoaded(harness.bot.port());
    harness.command(BotHarness.ADA, "groups"); // Ada's identity cached, as in a running bot

    bareSlack = SlackStandIn.builder().botToken("xoxb-bare").start();
    App app = new App(AppConfig.builder().singleTeamBotToken("xoxb-bare").signingSecret(bareSecret)
        .slack(SlackApp.slackClient(bareSlack.apiUrl())).authTestCacheEnabled(true).authTestCacheExpirationMillis(-1).build());
    app.blockSuggestion("group-select", (req, ctx) -> ctx.ack(BlockSuggestionResponse.builder().options(List.of()).build()));
    app.start();
    bare = new BotServer("127.0.0.1", 0, new SlackAppServlet(app), List.of(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Map.of(), Duration.ofSeconds(1));
    bare.start();

    ObjectNode suggestion = harness.payload("block_suggestion", BotHarness.ADA).put("action_id", "group-select").put("block_id", "group")
        .put("value", "pay");
    suggestion.putObject("view").put("id", "V1").put("type", "modal").put("callback_id", "add-members").put("team_id", "T0SANDBOX");
    suggestionBody = "payload=" + URLEncoder.encode(suggestion.toString(), StandardCharsets.UTF_8);
  }

  private void awaitIndexLoaded(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      String health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      if (health.contains("\"loaded\"")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the group index did not load");
  }

  @TearDown(Level.Trial)
  public void stop() {
    harness.close();
    bare.close();
    bareSlack.close();
  }

  private HttpResponse<String> post(int port, String secret) {
    String ts = String.valueOf(Instant.now().getEpochSecond());
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("X-Slack-Request-Timestamp", ts)
              .header("X-Slack-Signature", new SlackSignature.Generator(secret).generate(ts, suggestionBody))
              .POST(HttpRequest.BodyPublishers.ofString(suggestionBody)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Benchmark
  @Threads(1)
  public HttpResponse<String> botOneAtATime() {
    return harness.post(suggestionBody);
  }

  @Benchmark
  @Threads(1)
  public HttpResponse<String> bareBoltOneAtATime() {
    return post(bare.port(), bareSecret);
  }

  @Benchmark
  @Threads(50)
  public HttpResponse<String> botFiftyAtOnce() {
    return harness.post(suggestionBody);
  }

  @Benchmark
  @Threads(50)
  public HttpResponse<String> bareBoltFiftyAtOnce() {
    return post(bare.port(), bareSecret);
  }
}
