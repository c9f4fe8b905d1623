package dev.opaljitbot.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The bot's HTTP server: Slack's requests at {@code POST /slack/events}, {@code /healthz} and
 * {@code /metrics}, plus any extra servlets (the playground in sandbox mode). Stopping it lets in-flight
 * requests finish for up to the drain timeout.
 */
public final class BotServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  /**
   * @param extraServlets path spec → servlet, e.g. {@code "/playground/*"}
   */
  public BotServer(
      String host,
      int port,
      HttpServlet slackServlet,
      List<DependencyCheck> checks,
      PrometheusMeterRegistry metrics,
      Map<String, HttpServlet> extraServlets,
      Duration drainTimeout) {
    this(host, port, slackServlet, checks, Map.of(), metrics, extraServlets, drainTimeout);
  }

  /** @param states readiness shown in /healthz beside the dependencies, e.g. {@code group_index}: loading/loaded */
  public BotServer(
      String host,
      int port,
      HttpServlet slackServlet,
      List<DependencyCheck> checks,
      Map<String, java.util.function.Supplier<String>> states,
      PrometheusMeterRegistry metrics,
      Map<String, HttpServlet> extraServlets,
      Duration drainTimeout) {
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("http");
    server = new Server(threads);
    connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder("slack", slackServlet), "/slack/events");
    context.addServlet(new ServletHolder("health", new HealthServlet(checks, states)), "/healthz");
    context.addServlet(new ServletHolder("metrics", new MetricsServlet(metrics)), "/metrics");
    extraServlets.forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));

    // GracefulHandler rejects new requests once stopping begins and waits for the ones in flight.
    server.setHandler(new GracefulHandler(context));
    server.setStopTimeout(drainTimeout.toMillis());
  }

  public BotServer start() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + connector.getPort() + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the HTTP server: " + e.getMessage(), e);
    }
    return this;
  }

  /** The port actually bound (useful when started on port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Stops accepting requests, lets in-flight requests finish (bounded by the drain timeout), then stops. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("HTTP server did not stop cleanly", e);
    }
  }
}
