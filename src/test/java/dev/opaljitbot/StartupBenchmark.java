package dev.opaljitbot;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Start-up as an operator sees it: spawn {@code java -jar target/opal-jit-bot.jar serve --sandbox} (the
 * README's run command; build the jar first) and time until it says it is listening, with a store that
 * exists already (a restart), then until {@code /healthz} reports the group index loaded.
 * Run: {@code mvn -B -DskipTests package && mvn -B -Pbench test-compile exec:exec -Dbench.args="StartupBenchmark -f 1 -wi 1 -i 8"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StartupBenchmark {
  private Path store;
  private final HttpClient http = HttpClient.newHttpClient();

  @Setup(Level.Trial)
  public void prepare() throws Exception {
    if (!Files.exists(Path.of("target/opal-jit-bot.jar"))) {
      throw new IllegalStateException("build the jar first: mvn -B -DskipTests package");
    }
    store = Files.createTempDirectory("startup").resolve("store.db");
    run(false); // creates and migrates the store: what follows are restarts
  }

  /** Spawn to "listening": the bot answers Slack from here on. */
  @Benchmark
  public long toListening() throws Exception {
    return run(false);
  }

  /** Spawn to /healthz reporting the group index loaded. */
  @Benchmark
  public long toIndexLoaded() throws Exception {
    return run(true);
  }

  private long run(boolean waitForIndex) throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", "target/opal-jit-bot.jar", "serve", "--sandbox"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PORT", String.valueOf(port));
    builder.environment().put("DATABASE_URL", "jdbc:sqlite:" + store);
    long start = System.nanoTime();
    Process bot = builder.start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(bot.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.contains("listening on http")) {
        // reading until the bot says it listens
      }
      if (waitForIndex) {
        while (!http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
            HttpResponse.BodyHandlers.ofString()).body().contains("\"group_index\":\"loaded\"")) {
          Thread.sleep(5);
        }
      }
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    } finally {
      bot.destroy();
      bot.waitFor(20, TimeUnit.SECONDS);
    }
  }
}
