package dev.opaljitbot.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A local emulation of Opal's API for running and testing the bot without an Opal account: the
 * endpoints the bot uses, with Opal's semantics, over the organisation of a seed.
 */
public final class OpalSandbox implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final SandboxWorld world;
  private final String apiToken;

  private OpalSandbox(Builder b) {
    this.world = new SandboxWorld(b.seed, b.clock);
    this.apiToken = b.seed.apiTokens().get(0);
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("opal-sandbox");
    threads.setDaemon(true);
    server = new Server(threads);
    connector = new ServerConnector(server);
    connector.setHost(b.host);
    connector.setPort(b.port);
    // Jetty's default is 30 s; tests shorten it to make the client meet connections the server closed.
    connector.setIdleTimeout(b.idleTimeout.toMillis());
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder("opal-api", new SandboxApi(world, b.seed.apiTokens())), "/*");
    server.setHandler(b.handlerWrapper.apply(context));
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("the Opal sandbox cannot listen on " + b.host + ":" + b.port + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException("the Opal sandbox did not start: " + e.getMessage(), e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options for a sandbox; every one has a default. */
  public static final class Builder {
    private SandboxSeed seed;
    private Clock clock = Clock.systemUTC();
    private String host = "127.0.0.1";
    private int port;
    private UnaryOperator<Handler> handlerWrapper = UnaryOperator.identity();
    private java.time.Duration idleTimeout = java.time.Duration.ofSeconds(30);

    private Builder() {}

    /** How long an idle connection stays open (as servers and load balancers close them). */
    public Builder idleTimeout(java.time.Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder seed(SandboxSeed seed) {
      this.seed = seed;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** 0 (the default) takes any free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Test-only hook point: wraps the sandbox's handler (the fault injector lives in the tests). */
    public Builder handlerWrapper(UnaryOperator<Handler> wrapper) {
      this.handlerWrapper = wrapper;
      return this;
    }

    public OpalSandbox start() {
      if (seed == null) {
        seed = SandboxSeed.demo();
      }
      return new OpalSandbox(this);
    }
  }

  /** The API base, e.g. {@code http://127.0.0.1:41234/v1}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port() + "/v1");
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** The sandbox's state, for tests and the playground. */
  public SandboxWorld world() {
    return world;
  }

  /** The first API token of the seed (the demo's is {@code sandbox-token}). */
  public String apiToken() {
    return apiToken;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the Opal sandbox did not stop cleanly", e);
    }
  }
}
