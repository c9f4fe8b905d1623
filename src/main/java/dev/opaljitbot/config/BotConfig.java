package dev.opaljitbot.config;

import dev.opaljitbot.access.DurationText;
import dev.opaljitbot.approvals.AccessRequests;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the bot reads from its environment (names as in the runtime contract), checked as a whole:
 * {@link #fromEnvironment} names every missing or invalid setting in one {@link ConfigException}.
 *
 * @param slack Slack credentials; empty only in sandbox mode, where the Slack stand-in is used
 * @param opalApiToken empty only in sandbox mode, where the embedded sandbox's token is used
 * @param reminderLeadTimes longest first, no duplicates
 * @param slackAppToken SLACK_APP_TOKEN: Socket Mode, with real Slack or (in sandbox mode without Slack credentials) the stand-in
 */
public record BotConfig(
    boolean sandbox,
    Optional<SlackCredentials> slack,
    URI slackApiUrl,
    Optional<Secret> opalApiToken,
    URI opalBaseUrl,
    int port,
    String databaseUrl,
    String slashCommand,
    List<Duration> reminderLeadTimes,
    Duration reminderSweepInterval,
    Optional<String> auditChannel,
    double reminderSweepCallsPerSecond,
    boolean reminderEndedNotice,
    boolean reviewExternalRequests,
    boolean requestNotifyMembers,
    URI opalWebUrl,
    Optional<Secret> slackAppToken,
    String ticketingProvider,
    Optional<String> reviewChannel,
    String reviewChannelTag,
    Duration reviewRemindAfter,
    Duration reviewStaleAfter) {

  public static final URI DEFAULT_SLACK_API_URL = URI.create("https://slack.com/api/");
  public static final URI DEFAULT_OPAL_BASE_URL = URI.create("https://api.opal.dev/v1");
  /** Opal's web app, for links to requests and groups. */
  public static final URI DEFAULT_OPAL_WEB_URL = URI.create("https://app.opal.dev");
  public static final String DEFAULT_DATABASE_URL = "jdbc:sqlite:./data/opal-jit-bot.db";

  private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{6,}");
  private static final Pattern SLASH_COMMAND = Pattern.compile("/[a-z0-9_-]{1,31}");
  private static final Duration SHORTEST_SWEEP = Duration.ofMinutes(1);

  /** The bot's Slack app credentials. */
  /**
   * The Slack app's credentials. With an app-level token the bot uses Socket Mode (an outbound WebSocket, no
   * public URL) and needs no signing secret: nothing arrives over HTTP to verify.
   */
  public record SlackCredentials(Secret botToken, Optional<Secret> signingSecret, Optional<Secret> appToken) {
    public boolean socketMode() {
      return appToken.isPresent();
    }
  }

  public BotConfig {
    reminderLeadTimes = List.copyOf(reminderLeadTimes);
  }

  /**
   * Reads the configuration.
   *
   * @param sandbox whether Opal is the embedded sandbox ({@code serve --sandbox}): Opal and Slack
   *     credentials become optional
   * @throws ConfigException naming every problem
   */
  public static BotConfig fromEnvironment(Map<String, String> env, boolean sandbox) {
    Settings s = new Settings(env);

    Optional<Secret> appToken = s.secret("SLACK_APP_TOKEN");
    Optional<SlackCredentials> slack = slackCredentials(s, appToken, sandbox);

    Optional<Secret> opalToken = s.secret("OPAL_API_TOKEN");
    if (opalToken.isEmpty() && !sandbox) {
      s.missing("OPAL_API_TOKEN", "an Opal API token");
    }

    URI slackApiUrl = s.url("SLACK_API_URL", DEFAULT_SLACK_API_URL);
    if (!slackApiUrl.toString().endsWith("/")) {
      slackApiUrl = URI.create(slackApiUrl + "/");
    }
    URI opalBaseUrl = s.url("OPAL_BASE_URL", DEFAULT_OPAL_BASE_URL);
    URI opalWebUrl = s.url("OPAL_WEB_URL", DEFAULT_OPAL_WEB_URL);
    int port = s.port("PORT", 3000);

    String databaseUrl = s.text("DATABASE_URL").orElse(DEFAULT_DATABASE_URL);
    if (!databaseUrl.startsWith("jdbc:sqlite:") && !databaseUrl.startsWith("jdbc:postgresql://")) {
      s.problem("DATABASE_URL must start with jdbc:sqlite: or jdbc:postgresql:// (got a different scheme)");
    }

    String slashCommand = s.text("SLASH_COMMAND").orElse("/access");
    if (!SLASH_COMMAND.matcher(slashCommand).matches()) {
      s.problem(
          "SLASH_COMMAND must be a slash and up to 31 lower-case letters, digits, - or _ (e.g. /access), got \""
              + slashCommand + "\"");
    }

    List<Duration> leadTimes = s.leadTimes("REMINDER_LEAD_TIMES", "24h,1h");
    Duration sweep = s.duration("REMINDER_SWEEP_INTERVAL", "5m");
    if (sweep != null && sweep.compareTo(SHORTEST_SWEEP) < 0) {
      s.problem("REMINDER_SWEEP_INTERVAL must be at least 1m");
    }

    Optional<String> auditChannel = s.channel("AUDIT_CHANNEL");

    double callsPerSecond = 5;
    Optional<String> rate = s.text("REMINDER_SWEEP_CALLS_PER_SECOND");
    if (rate.isPresent()) {
      try {
        callsPerSecond = Double.parseDouble(rate.get());
      } catch (NumberFormatException e) {
        callsPerSecond = -1;
      }
      if (!(callsPerSecond > 0 && callsPerSecond <= 1000)) {
        s.problem("REMINDER_SWEEP_CALLS_PER_SECOND must be a number above 0 and at most 1000 (e.g. 5), got \"" + rate.get() + "\"");
      }
    }
    // Read by LogSetup when logging starts (before this check); a wrong value is reported here.
    s.text("LOG_FORMAT").ifPresent(format -> {
      if (!format.equalsIgnoreCase(LogSetup.TEXT) && !format.equalsIgnoreCase(LogSetup.JSON)) {
        s.problem("LOG_FORMAT must be text or json, got \"" + format + "\"");
      }
    });
    boolean endedNotice = s.flag("REMINDER_ENDED_NOTICE", true);
    boolean externalRequests = s.flag("REVIEW_EXTERNAL_REQUESTS", false);
    boolean notifyMembers = s.flag("REQUEST_NOTIFY_MEMBERS", false);
    String ticketingProvider = ticketingProvider(s);
    Optional<String> reviewChannel = s.channel("REVIEW_CHANNEL");
    String reviewChannelTag = s.text("REVIEW_CHANNEL_TAG").orElse("slack-review-channel");
    Duration remindAfter = s.duration("REVIEW_REMIND_AFTER", "4h");
    if (remindAfter != null && remindAfter.compareTo(SHORTEST_SWEEP) < 0) {
      s.problem("REVIEW_REMIND_AFTER must be at least 1m (pending requests are looked at every minute)");
    }
    Duration staleAfter = s.duration("REVIEW_STALE_AFTER", "7d");
    if (remindAfter != null && staleAfter != null && staleAfter.compareTo(remindAfter) <= 0) {
      s.problem("REVIEW_STALE_AFTER must be longer than REVIEW_REMIND_AFTER (nudges stop once a request is stale)");
    }

    if (!s.problems.isEmpty()) {
      throw new ConfigException(s.problems);
    }
    return new BotConfig(
        sandbox, slack, slackApiUrl, opalToken, opalBaseUrl, port, databaseUrl, slashCommand, leadTimes, sweep,
        auditChannel, callsPerSecond, endedNotice, externalRequests, notifyMembers, opalWebUrl, appToken, ticketingProvider,
        reviewChannel, reviewChannelTag, remindAfter, staleAfter);
  }

  /** The Slack app's credentials, checked; empty in sandbox mode without them (the stand-in is used). */
  private static Optional<SlackCredentials> slackCredentials(Settings s, Optional<Secret> appToken, boolean sandbox) {
    Optional<Secret> botToken = s.secret("SLACK_BOT_TOKEN");
    Optional<Secret> signingSecret = s.secret("SLACK_SIGNING_SECRET");
    botToken.ifPresent(
        t -> {
          if (!t.reveal().startsWith("xoxb-")) {
            s.problem("SLACK_BOT_TOKEN must be a bot token starting with xoxb-");
          }
        });
    appToken.ifPresent(
        t -> {
          if (!t.reveal().startsWith("xapp-")) {
            s.problem("SLACK_APP_TOKEN must be an app-level token starting with xapp- (scope connections:write)");
          }
        });
    if (botToken.isPresent() && (signingSecret.isPresent() || appToken.isPresent())) {
      return Optional.of(new SlackCredentials(botToken.get(), signingSecret, appToken));
    }
    if (!sandbox || botToken.isPresent() || signingSecret.isPresent()) {
      // In sandbox mode all may be absent (the Slack stand-in is used, over Socket Mode when SLACK_APP_TOKEN
      // is set), but a secret without a token, or a token without a way in, is a mistake.
      if (botToken.isEmpty()) s.missing("SLACK_BOT_TOKEN", "the Slack app's bot token (xoxb-…)");
      if (signingSecret.isEmpty() && appToken.isEmpty()) {
        s.missing("SLACK_SIGNING_SECRET", "the Slack app's signing secret (or SLACK_APP_TOKEN, xapp-…, for Socket Mode)");
      }
    }
    return Optional.empty();
  }

  /** Opal's name for the ticketing system of ticket references typed in the request form. */
  private static String ticketingProvider(Settings s) {
    String provider = s.text("TICKET_PROVIDER").map(p -> p.toUpperCase(Locale.ROOT)).orElse("JIRA");
    if (!AccessRequests.Settings.TICKETING_PROVIDERS.contains(provider)) {
      s.problem("TICKET_PROVIDER must be one of " + String.join(", ", AccessRequests.Settings.TICKETING_PROVIDERS) + " (Opal's ticketing"
          + " providers), got \"" + s.text("TICKET_PROVIDER").orElse("") + "\"");
    }
    return provider;
  }

  /** Reads settings and collects problems instead of failing on the first. */
  private static final class Settings {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Settings(Map<String, String> env) {
      this.env = env;
    }

    void problem(String text) {
      problems.add(text);
    }

    void missing(String name, String what) {
      problems.add(name + " is missing: set it to " + what);
    }

    Optional<String> text(String name) {
      String value = env.get(name);
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    Optional<Secret> secret(String name) {
      return text(name).map(Secret::new);
    }

    URI url(String name, URI fallback) {
      Optional<String> value = text(name);
      if (value.isEmpty()) {
        return fallback;
      }
      try {
        URI uri = URI.create(value.get());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
          return uri;
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
      problem(name + " must be an http(s) URL such as " + fallback + ", got \"" + value.get() + "\"");
      return fallback;
    }

    int port(String name, int fallback) {
      Optional<String> value = text(name);
      if (value.isEmpty()) {
        return fallback;
      }
      try {
        int port = Integer.parseInt(value.get());
        if (port >= 0 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problem(name + " must be a port number from 0 to 65535, got \"" + value.get() + "\"");
      return fallback;
    }

    boolean flag(String name, boolean fallback) {
      Optional<String> value = text(name);
      if (value.isEmpty()) {
        return fallback;
      }
      switch (value.get().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on", "1":
          return true;
        case "false", "no", "off", "0":
          return false;
        default:
          problem(name + " must be true or false, got \"" + value.get() + "\"");
          return fallback;
      }
    }

    /** A Slack channel id setting; a #name or anything else is a problem to report. */
    Optional<String> channel(String name) {
      Optional<String> channel = text(name);
      channel.filter(c -> !CHANNEL_ID.matcher(c).matches()).ifPresent(c ->
          problem(name + " must be a Slack channel ID such as C0123ABCD (not a #name), got \"" + c + "\""));
      return channel;
    }

    Duration duration(String name, String fallback) {
      String value = text(name).orElse(fallback);
      DurationText.Parsed parsed = DurationText.parse(value);
      if (parsed instanceof DurationText.Parsed.Valid valid) {
        return valid.duration();
      }
      problem(name + ": " + ((DurationText.Parsed.Invalid) parsed).problem());
      return null;
    }

    List<Duration> leadTimes(String name, String fallback) {
      String value = text(name).orElse(fallback);
      List<Duration> result = new ArrayList<>();
      for (String part : value.split(",")) {
        DurationText.Parsed parsed = DurationText.parse(part);
        if (parsed instanceof DurationText.Parsed.Valid valid) {
          if (result.contains(valid.duration())) {
            problem(name + " lists " + part.strip() + " twice");
          } else {
            result.add(valid.duration());
          }
        } else {
          problem(name + ": " + ((DurationText.Parsed.Invalid) parsed).problem() + " (a comma-separated list such as 24h,1h)");
        }
      }
      result.sort(Comparator.reverseOrder());
      return result;
    }
  }
}
