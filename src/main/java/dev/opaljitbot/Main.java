package dev.opaljitbot;

import dev.opaljitbot.config.BotConfig;
import dev.opaljitbot.config.ConfigException;
import dev.opaljitbot.sandbox.OpalSandbox;
import dev.opaljitbot.sandbox.SandboxSeed;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Entry point: parses the command line and the environment, starts the bot or the sandbox, waits for SIGTERM. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs a subcommand and returns the exit code: 0 clean stop, 2 bad configuration, 1 anything else. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    CommandLine command;
    try {
      command = CommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(CommandLine.USAGE);
      return 2;
    }
    try {
      if (command instanceof CommandLine.Sandbox sandbox) {
        return runSandbox(sandbox, out);
      }
      if (command instanceof CommandLine.Serve serve) {
        return serve(serve, env, out);
      }
      out.println(CommandLine.USAGE);
      return 0;
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      // Anything else is a failure to start or to run, not bad configuration: exit 1 with the cause logged.
      LOG.error("opal-jit-bot stopped: {}", e.getMessage(), e);
      return 1;
    }
  }

  private static int serve(CommandLine.Serve serve, Map<String, String> env, PrintStream out) {
    BotConfig config = BotConfig.fromEnvironment(env, serve.sandbox());
    Optional<SandboxSeed> seed = serve.seed().map(Main::readSeed);
    CountDownLatch stop = onTermination();
    try (OpalJitBot bot = OpalJitBot.start(config, seed, out)) {
      await(stop);
    }
    return 0;
  }

  /** A seed file that cannot be read or used is bad configuration (exit 2), said in the seed's own words. */
  private static SandboxSeed readSeed(java.nio.file.Path file) {
    try {
      return SandboxSeed.read(file);
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new ConfigException(java.util.List.of(e.getMessage()));
    }
  }

  private static int runSandbox(CommandLine.Sandbox sandbox, PrintStream out) {
    SandboxSeed seed = sandbox.seed().map(Main::readSeed).orElseGet(SandboxSeed::demo);
    CountDownLatch stop = onTermination();
    try (OpalSandbox opal = OpalSandbox.builder().seed(seed).port(sandbox.port()).start()) {
      // The demo organisation's token is public (it is in the README); a seed's own tokens are not echoed.
      String token = sandbox.seed().isEmpty() ? "token: " + opal.apiToken() : "tokens: the seed's api_tokens";
      out.println("Opal sandbox API at " + opal.baseUrl() + " (" + token + ")");
      await(stop);
    }
    return 0;
  }

  /**
   * A latch released by SIGTERM or SIGINT, installed before anything starts. Handling the signal ourselves
   * (instead of in a shutdown hook) lets the servers drain in-flight requests and the process exit with 0,
   * as the runtime contract asks.
   */
  private static CountDownLatch onTermination() {
    CountDownLatch stop = new CountDownLatch(1);
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), s -> stop.countDown());
      } catch (IllegalArgumentException e) {
        // SIGINT is ignored in background jobs; SIGTERM still stops us.
      }
    }
    return stop;
  }

  private static void await(CountDownLatch stop) {
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("stopping: letting requests in flight finish");
  }
}
