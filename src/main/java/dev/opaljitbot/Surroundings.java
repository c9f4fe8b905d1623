package dev.opaljitbot;

import dev.opaljitbot.config.BotConfig;
import dev.opaljitbot.config.Secret;
import dev.opaljitbot.sandbox.OpalSandbox;
import dev.opaljitbot.sandbox.SandboxClock;
import dev.opaljitbot.sandbox.SandboxSeed;
import dev.opaljitbot.sandbox.slack.SlackStandIn;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Opal and Slack as this bot reaches them: the real services named in the configuration, or the embedded
 * Opal sandbox and Slack stand-in. The one place that chooses between them (and the clock that goes with them).
 */
record Surroundings(Clock clock, Opal opal, Slack slack) {

  /** Where Opal is and how the bot authenticates to it. */
  record Opal(String baseUrl, Secret token, Optional<OpalSandbox> sandbox) {}

  /**
   * Where Slack's Web API is, the bot's credentials, and the stand-in when there is one. With an app token the
   * bot connects over Socket Mode; the signing secret then only exists for Bolt's sake (nothing is verified).
   */
  record Slack(String apiUrl, Secret botToken, Secret signingSecret, Optional<Secret> appToken, Optional<SlackStandIn> standIn) {
    boolean socketMode() {
      return appToken.isPresent();
    }
  }

  /** Starts what is embedded (registering it with {@code started}, to be closed in reverse order) and says where each is. */
  static Surroundings start(BotConfig config, Optional<SandboxSeed> seed, OpalJitBot.Options options, PrintStream out,
      List<AutoCloseable> started) {
    // The playground moves time forward, so sandbox mode with the Slack stand-in runs on a movable clock.
    Clock clock = config.sandbox() && config.slack().isEmpty() && !(options.clock() instanceof SandboxClock)
        ? SandboxClock.running() : options.clock();

    Opal opal;
    if (config.sandbox()) {
      OpalSandbox sandbox = OpalSandbox.builder().seed(seed.orElseGet(SandboxSeed::demo)).clock(clock)
          .handlerWrapper(options.sandboxWrapper()).start();
      started.add(sandbox);
      out.println("Opal sandbox running at " + sandbox.baseUrl());
      opal = new Opal(sandbox.baseUrl().toString(), new Secret(sandbox.apiToken()), Optional.of(sandbox));
    } else {
      opal = new Opal(config.opalBaseUrl().toString(), config.opalApiToken().orElseThrow(), Optional.empty());
    }

    Slack slack;
    if (config.slack().isPresent()) {
      BotConfig.SlackCredentials credentials = config.slack().get();
      slack = new Slack(config.slackApiUrl().toString(), credentials.botToken(),
          credentials.signingSecret().orElseGet(() -> new Secret(randomHex(16))), credentials.appToken(), Optional.empty());
    } else {
      Secret botToken = new Secret("xoxb-sandbox-" + randomHex(12));
      Secret signingSecret = new Secret(randomHex(16));
      Optional<Secret> appToken = config.slackAppToken();
      SlackStandIn standIn = SlackStandIn.builder().botToken(botToken.reveal()).appToken(appToken.map(Secret::reveal)).clock(clock).start();
      started.add(standIn);
      if (appToken.isPresent()) {
        out.println("Slack stand-in running at " + standIn.apiUrl() + " (Socket Mode)");
      } else {
        // Printed once, on purpose: local tools need it to sign requests to this sandbox-only bot.
        out.println("Slack stand-in running at " + standIn.apiUrl() + "; signing secret for local requests: " + signingSecret.reveal());
      }
      slack = new Slack(standIn.apiUrl(), botToken, signingSecret, appToken, Optional.of(standIn));
    }
    return new Surroundings(clock, opal, slack);
  }

  /** Both embedded: the playground can be served. */
  boolean embedded() {
    return opal.sandbox().isPresent() && slack.standIn().isPresent();
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
