package dev.opaljitbot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.app_backend.SlackSignature;
import dev.opaljitbot.OpalJitBot;
import dev.opaljitbot.config.BotConfig;
import dev.opaljitbot.sandbox.FaultInjector;
import dev.opaljitbot.sandbox.OpalSandbox;
import dev.opaljitbot.sandbox.SandboxClock;
import dev.opaljitbot.sandbox.SandboxSeed;
import dev.opaljitbot.sandbox.slack.SlackStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The real bot on the embedded Opal sandbox and Slack stand-in, driven like Slack drives it: correctly
 * signed HTTP requests to {@code /slack/events}.
 */
final class BotHarness implements AutoCloseable {
  static final String ADA = "U0ADA0001";
  static final String BEN = "U0BEN0002";
  static final String CLEO = "U0CLEO003";
  static final String DEV = "U0DEV0004";
  static final String EVE = "U0EVE0005";
  static final String FINN = "U0FINN006";
  static final String GUS = "U0GUS0007";
  static final String CHANNEL = "C0PROJECTS";
  static final String AUDIT = "C0AUDIT01";
  /** The demo organisation's ids in Opal (see SandboxSeed.demo()). */
  static final UUID FALCON_GROUP = UUID.fromString("33333333-3333-4333-8333-000000000001");
  static final UUID ADA_OPAL = UUID.fromString("11111111-1111-4111-8111-000000000001");
  static final UUID BEN_OPAL = UUID.fromString("11111111-1111-4111-8111-000000000002");
  static final UUID CLEO_OPAL = UUID.fromString("11111111-1111-4111-8111-000000000003");
  static final UUID DEV_OPAL = UUID.fromString("11111111-1111-4111-8111-000000000004");
  /** How long a test waits for the bot's answer after the ack. */
  static final Duration WAIT = Duration.ofSeconds(10);

  final SandboxClock clock = new SandboxClock(Instant.now(), ZoneOffset.UTC);
  final FaultInjector opalFaults = new FaultInjector();
  /** Replaced by {@link #restart()}. */
  volatile OpalJitBot bot;
  final SlackStandIn slack;
  final OpalSandbox opal;
  private final String secret;
  /** For a restartable bot: its environment (Opal and Slack outside it, one database file); empty otherwise. */
  private final Optional<Map<String, String>> restartEnv;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  BotHarness() {
    this(Map.of());
  }

  BotHarness(Map<String, String> extraEnv) {
    this(extraEnv, Optional.empty());
  }

  BotHarness(Map<String, String> extraEnv, Optional<SandboxSeed> seed) {
    this(extraEnv, seed, 2_000);
  }

  /** A bot whose after-ack work queue holds {@code workQueueCapacity} items, to test what happens when it is full. */
  BotHarness(Map<String, String> extraEnv, Optional<SandboxSeed> seed, int workQueueCapacity) {
    Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "AUDIT_CHANNEL", AUDIT,
        "DATABASE_URL", "jdbc:sqlite:target/e2e-" + java.util.UUID.randomUUID() + ".db"));
    env.putAll(extraEnv);
    BotConfig config = BotConfig.fromEnvironment(env, true);
    bot = OpalJitBot.start(config, seed, new OpalJitBot.Options(clock, "127.0.0.1", opalFaults, false, workQueueCapacity),
        new PrintStream(new ByteArrayOutputStream()));
    slack = bot.slackStandIn().orElseThrow();
    opal = bot.sandbox().orElseThrow();
    secret = bot.signingSecret().reveal();
    restartEnv = Optional.empty();
  }

  /**
   * The bot in Socket Mode on the sandbox: {@code SLACK_APP_TOKEN} set and no Slack credentials, so the stand-in
   * serves Socket Mode and every command, click, submission and event below is delivered as an envelope over
   * the bot's WebSocket instead of an HTTP request (answers are the envelopes' acknowledgements).
   */
  static BotHarness socketMode() {
    BotHarness harness = new BotHarness(Map.of("SLACK_APP_TOKEN", "xapp-1-A0SANDBOX-" + UUID.randomUUID()));
    harness.slack.socketMode().orElseThrow().awaitConnected(WAIT);
    return harness;
  }

  /** An envelope's acknowledgement in the shape of an HTTP answer, so the same test code reads both. */
  private record Ack(String body) implements HttpResponse<String> {
    @Override public int statusCode() { return 200; }
    @Override public HttpRequest request() { return null; }
    @Override public Optional<HttpResponse<String>> previousResponse() { return Optional.empty(); }
    @Override public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
    @Override public Optional<javax.net.ssl.SSLSession> sslSession() { return Optional.empty(); }
    @Override public URI uri() { return URI.create("ws://stand-in/link"); }
    @Override public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
  }

  private Optional<HttpResponse<String>> overSocketMode(String contentType, String body) {
    var link = slack.socketMode();
    if (link.isEmpty()) {
      return Optional.empty();
    }
    JsonNode ack;
    if (contentType.startsWith("application/json")) {
      ack = link.get().deliver("events_api", parse(body));
    } else {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          fields.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      ack = link.get().deliverForm(fields);
    }
    return Optional.of(new Ack(ack.isEmpty() ? "" : ack.toString()));
  }

  /**
   * A bot that can be restarted: the Opal sandbox and the Slack stand-in run outside it (as real Opal and
   * Slack do), the bot is configured with credentials for them like a production install, and its store is
   * one SQLite file that outlives each bot process.
   */
  static BotHarness restartable() {
    return new BotHarness(true);
  }

  private BotHarness(boolean restartable) {
    String botToken = "xoxb-test-" + UUID.randomUUID();
    secret = "secret-" + UUID.randomUUID();
    // Opal outlives the bot here, so the faults (and call counts) wrap it directly.
    opal = OpalSandbox.builder().seed(SandboxSeed.demo()).clock(clock).handlerWrapper(opalFaults).start();
    slack = SlackStandIn.builder().botToken(botToken).clock(clock).start();
    restartEnv = Optional.of(Map.of("PORT", "0", "AUDIT_CHANNEL", AUDIT,
        "DATABASE_URL", "jdbc:sqlite:target/e2e-" + UUID.randomUUID() + ".db",
        "OPAL_BASE_URL", opal.baseUrl().toString(), "OPAL_API_TOKEN", opal.apiToken(),
        "SLACK_BOT_TOKEN", botToken, "SLACK_SIGNING_SECRET", secret, "SLACK_API_URL", slack.apiUrl()));
    bot = startExternal();
  }

  private OpalJitBot startExternal() {
    return OpalJitBot.start(BotConfig.fromEnvironment(restartEnv.orElseThrow(), false), Optional.empty(),
        new OpalJitBot.Options(clock, "127.0.0.1", opalFaults, false), new PrintStream(new ByteArrayOutputStream()));
  }

  /** Stops the bot process and starts a new one on the same Opal, Slack and store (only for {@link #restartable()}). */
  void restart() {
    bot.close();
    bot = startExternal();
  }

  /** Sends a slash command as Slack does; returns the HTTP answer (the ack). */
  HttpResponse<String> command(String userId, String text) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", "unused");
    form.put("team_id", "T0SANDBOX");
    form.put("team_domain", "sandbox");
    form.put("channel_id", CHANNEL);
    form.put("channel_name", "projects");
    form.put("user_id", userId);
    form.put("user_name", userId.toLowerCase());
    form.put("command", "/access");
    form.put("text", text);
    form.put("api_app_id", "A0SANDBOX");
    form.put("response_url", slack.newResponseUrl(userId, CHANNEL));
    form.put("trigger_id", slack.issueTriggerId(userId));
    return post(form(form));
  }

  /** Sends an interactivity payload (block_actions, view_submission, block_suggestion). */
  HttpResponse<String> interaction(ObjectNode payload) {
    return post("payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8));
  }

  ObjectNode payload(String type, String userId) {
    ObjectNode p = json.createObjectNode().put("type", type).put("api_app_id", "A0SANDBOX").put("token", "unused");
    p.putObject("user").put("id", userId).put("username", userId.toLowerCase()).put("team_id", "T0SANDBOX");
    p.putObject("team").put("id", "T0SANDBOX").put("domain", "sandbox");
    return p;
  }

  /** A click on a button with this action id and value, in a message the user was sent. */
  HttpResponse<String> click(String userId, String actionId, String value) {
    ObjectNode p = payload("block_actions", userId);
    p.put("trigger_id", slack.issueTriggerId(userId));
    p.put("response_url", slack.newResponseUrl(userId, CHANNEL));
    p.putObject("channel").put("id", CHANNEL).put("name", "projects");
    p.putObject("container").put("type", "message").put("channel_id", CHANNEL).put("is_ephemeral", true);
    p.putArray("actions").addObject().put("action_id", actionId).put("block_id", "b").put("type", "button").put("value", value)
        .put("action_ts", "1.0");
    return interaction(p);
  }

  /** A click on a button of a message posted in a channel, as Slack sends it: its response_url answers in that channel. */
  HttpResponse<String> clickInChannel(String userId, dev.opaljitbot.sandbox.slack.RecordedMessage message, String actionId, String value) {
    return clickOnMessage(userId, message, slack.newResponseUrl(userId, message.channel(), message.ts()), "access-reviews", actionId, value);
  }

  /** A click on a button of a message the user was sent, with that message in the payload as Slack sends it. */
  HttpResponse<String> clickOn(String userId, dev.opaljitbot.sandbox.slack.RecordedMessage message, String actionId, String value) {
    return clickOnMessage(userId, message, slack.newResponseUrl(userId, CHANNEL), "dm", actionId, value);
  }

  private HttpResponse<String> clickOnMessage(String userId, dev.opaljitbot.sandbox.slack.RecordedMessage message, String responseUrl,
      String channelName, String actionId, String value) {
    ObjectNode p = payload("block_actions", userId);
    p.put("trigger_id", slack.issueTriggerId(userId));
    p.put("response_url", responseUrl);
    p.putObject("channel").put("id", message.channel()).put("name", channelName);
    p.putObject("container").put("type", "message").put("channel_id", message.channel()).put("message_ts", message.ts());
    p.putObject("message").put("type", "message").put("ts", message.ts()).put("text", message.text() == null ? "" : message.text())
        .set("blocks", message.blocks());
    p.putArray("actions").addObject().put("action_id", actionId).put("block_id", "b").put("type", "button").put("value", value)
        .put("action_ts", "1.0");
    return interaction(p);
  }

  HttpResponse<String> post(String body) {
    return post(body, secret, Instant.now().getEpochSecond());
  }

  /** An Events API event, as Slack posts it (JSON). */
  HttpResponse<String> event(ObjectNode event) {
    ObjectNode body = json.createObjectNode().put("token", "unused").put("team_id", "T0SANDBOX").put("api_app_id", "A0SANDBOX")
        .put("type", "event_callback").put("event_id", "Ev" + System.nanoTime()).put("event_time", Instant.now().getEpochSecond());
    body.set("event", event);
    String text = body.toString();
    Optional<HttpResponse<String>> delivered = overSocketMode("application/json", text);
    if (delivered.isPresent()) {
      return delivered.get();
    }
    String ts = String.valueOf(Instant.now().getEpochSecond());
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/slack/events"))
              .header("Content-Type", "application/json")
              .header("X-Slack-Request-Timestamp", ts)
              .header("X-Slack-Signature", new SlackSignature.Generator(secret).generate(ts, text))
              .POST(HttpRequest.BodyPublishers.ofString(text))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> post(String body, String signingSecret, long timestamp) {
    Optional<HttpResponse<String>> delivered = overSocketMode("application/x-www-form-urlencoded", body);
    if (delivered.isPresent()) {
      return delivered.get();
    }
    String ts = String.valueOf(timestamp);
    String signature = new SlackSignature.Generator(signingSecret).generate(ts, body);
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/slack/events"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("X-Slack-Request-Timestamp", ts)
              .header("X-Slack-Signature", signature)
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  JsonNode parse(String body) {
    try {
      return json.readTree(body);
    } catch (Exception e) {
      throw new IllegalStateException(body, e);
    }
  }

  ObjectMapper json() {
    return json;
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  @Override
  public void close() {
    bot.close();
    if (restartEnv.isPresent()) {
      slack.close();
      opal.close();
    }
  }
}
