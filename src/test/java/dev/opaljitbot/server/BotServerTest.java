package dev.opaljitbot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BotServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private static final class SlowSlack extends HttpServlet {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      resp.setStatus(200);
      resp.getWriter().write("acked");
    }
  }

  private BotServer server(HttpServlet slack, List<DependencyCheck> checks) {
    return new BotServer("127.0.0.1", 0, slack, checks, metrics, Map.of(), Duration.ofSeconds(5)).start();
  }

  private HttpResponse<String> get(BotServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthz_answers_ok_and_names_each_dependency_that_does_not_answer() throws Exception {
    AtomicBoolean opalUp = new AtomicBoolean(false);
    List<DependencyCheck> checks =
        List.of(
            new DependencyCheck("opal", opalUp::get, Duration.ZERO, Clock.systemUTC()),
            new DependencyCheck("store", () -> true, Duration.ZERO, Clock.systemUTC()));
    try (BotServer server = server(new SlowSlack(), checks)) {
      HttpResponse<String> response = get(server, "/healthz");
      assertEquals(200, response.statusCode());
      JsonNode body = new ObjectMapper().readTree(response.body());
      assertEquals("ok", body.path("status").asText());
      assertEquals("unreachable", body.path("dependencies").path("opal").asText());
      assertEquals("ok", body.path("dependencies").path("store").asText());

      opalUp.set(true);
      body = new ObjectMapper().readTree(get(server, "/healthz").body());
      assertEquals("ok", body.path("dependencies").path("opal").asText());
    }
  }

  @Test
  void metrics_are_served_in_prometheus_text_format() throws Exception {
    metrics.counter("opal_jit_test_events").increment(3);
    try (BotServer server = server(new SlowSlack(), List.of())) {
      HttpResponse<String> response = get(server, "/metrics");
      assertEquals(200, response.statusCode());
      assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
      assertTrue(response.body().contains("opal_jit_test_events_total 3.0"), response.body());
    }
  }

  @Test
  void stopping_lets_a_request_in_flight_finish() throws Exception {
    SlowSlack slack = new SlowSlack();
    BotServer server = server(slack, List.of());
    CompletableFuture<HttpResponse<String>> inFlight =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/slack/events"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(slack.entered.await(5, TimeUnit.SECONDS));
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
    slack.release.countDown();
    HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
    stopping.get(10, TimeUnit.SECONDS);
    assertEquals(200, response.statusCode());
    assertEquals("acked", response.body());
  }
}
