package dev.opaljitbot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real process: SIGTERM stops it cleanly with exit code 0, as the runtime contract says. */
class ShutdownTest {

  @Test
  void sigterm_stops_the_bot_with_exit_code_0() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        "dev.opaljitbot.Main", "serve", "--sandbox");
    builder.environment().put("PORT", "0");
    builder.environment().put("DATABASE_URL", "jdbc:sqlite:target/shutdown-" + UUID.randomUUID() + ".db");
    builder.environment().remove("SLACK_BOT_TOKEN");
    builder.environment().remove("SLACK_SIGNING_SECRET");
    builder.redirectErrorStream(true);
    Process bot = builder.start();
    String port = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(bot.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        int at = line.indexOf("listening on http://localhost:");
        if (at >= 0) {
          port = line.substring(at + "listening on http://localhost:".length()).split("/")[0];
          break;
        }
      }
      assertTrue(port != null, "the bot said where it listens");
      // Keep reading its output, so a full pipe never blocks the bot.
      Thread drain = new Thread(() -> {
        try {
          out.lines().forEach(l -> { });
        } catch (java.io.UncheckedIOException closed) {
          // the test is over and closed the stream
        }
      });
      drain.setDaemon(true);
      drain.start();
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());

      bot.destroy(); // SIGTERM
      assertTrue(bot.waitFor(20, TimeUnit.SECONDS), "stopped within the drain time");
      assertEquals(0, bot.exitValue());
    } finally {
      bot.destroyForcibly();
    }
  }
}
