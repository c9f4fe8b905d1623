package dev.opaljitbot.slack;

import static dev.opaljitbot.slack.BotHarness.ADA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opaljitbot.sandbox.FaultInjector.Fault;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A burst beyond the bot's work queue: the excess is answered "busy" at once, and every queued command is still answered. */
class BackPressureEndToEndTest {
  /** Closed after each test (JUnit closes every @AutoClose field): the bot, its sandbox and stand-in. */
  @AutoClose
  private final BotHarness harness = new BotHarness(Map.of(), Optional.empty(), 2);


  @Test
  void a_full_queue_answers_busy_at_once_and_every_queued_command_is_answered() throws Exception {
    harness.command(ADA, "groups");
    harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("Groups you lead"), BotHarness.WAIT); // identity cached
    int burst = 24;
    harness.opalFaults.failNext(burst, "GET", "/groups/{g}/users", Fault.slow(Duration.ofSeconds(2)));
    ExecutorService senders = Executors.newFixedThreadPool(burst);
    List<CompletableFuture<HttpResponse<String>>> acks = java.util.stream.IntStream.range(0, burst)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> harness.command(ADA, "members Project Falcon"), senders)).toList();
    int busy = 0;
    for (CompletableFuture<HttpResponse<String>> ack : acks) {
      HttpResponse<String> response = ack.get();
      assertEquals(200, response.statusCode());
      if (harness.parse(response.body()).toString().contains("I'm busy right now")) {
        busy++;
      }
    }
    senders.shutdown();
    // 16 workers and a queue of 2: at least the rest were told at once, none silently dropped.
    assertTrue(busy >= burst - 18, "busy answers: " + busy);
    int queued = burst - busy;
    // Every command that was not answered "busy" gets its answer (the stand-in fails the wait otherwise).
    assertEquals(queued, harness.slack.awaitMessagesTo(ADA, m -> m.allText().contains("Members of Project Falcon"), queued,
        Duration.ofSeconds(20)).size());
  }
}
