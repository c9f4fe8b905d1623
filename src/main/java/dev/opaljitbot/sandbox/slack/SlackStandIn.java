package dev.opaljitbot.sandbox.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An emulation of the Slack Web API methods the bot calls, answering as Slack does (HTTP 200 with
 * {@code ok} or Slack's error codes, Block Kit limits enforced) and recording every call and message per
 * user, so end-to-end tests and local runs need no Slack workspace.
 */
public final class SlackStandIn implements AutoCloseable {
  /** How long a trigger id stays valid, as in Slack. */
  static final Duration TRIGGER_LIFETIME = Duration.ofSeconds(3);
  static final String TEAM_ID = "T0SANDBOX";
  static final String BOT_USER_ID = "U0BOT0000";

  private final ObjectMapper json = new ObjectMapper();
  private final String botToken;
  /** The app-level token for Socket Mode; with it the stand-in runs {@link SocketModeLink}. */
  private final Optional<String> appToken;
  private final Optional<SocketModeLink> socketMode;
  private final Clock clock;
  private final Map<String, SlackUser> users = new LinkedHashMap<>();
  private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
  private final List<RecordedMessage> messages = new CopyOnWriteArrayList<>();
  private final Map<String, RecordedView> views = new LinkedHashMap<>();
  private final Map<String, RecordedView> homes = new LinkedHashMap<>();
  private final Map<String, Trigger> triggers = new LinkedHashMap<>();
  private final Map<String, ResponseUrl> responseUrls = new LinkedHashMap<>();
  private final List<Consumer<RecordedCall>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Object changed = new Object();
  private long version;
  private final Server server;
  private final ServerConnector connector;

  private record Trigger(String userId, Instant issuedAt) {}

  /** A response URL and, for one handed out with a click, the message the click came from. */
  private record ResponseUrl(String userId, String channelId, String originalTs) {}

  private SlackStandIn(Builder b) {
    this.botToken = b.botToken;
    this.appToken = b.appToken;
    this.socketMode = b.appToken.map(t -> new SocketModeLink());
    this.clock = b.clock;
    b.users.forEach(u -> users.put(u.id(), u));
    users.put(BOT_USER_ID, new SlackUser(BOT_USER_ID, "opal-jit-bot", "Opal JIT Access", null, "UTC", 0, true));
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("slack-stand-in");
    threads.setDaemon(true);
    server = new Server(threads);
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(b.port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder("api", new Api()), "/api/*");
    context.addServlet(new ServletHolder("response", new ResponseUrls()), "/response/*");
    server.setHandler(context);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("the Slack stand-in cannot listen: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException("the Slack stand-in did not start: " + e.getMessage(), e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options for a stand-in; every one has a default. */
  public static final class Builder {
    private String botToken = "xoxb-stand-in";
    private Optional<String> appToken = Optional.empty();
    private Clock clock = Clock.systemUTC();
    private int port;
    private List<SlackUser> users = SlackUser.demo();

    private Builder() {}

    public Builder botToken(String token) {
      this.botToken = token;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** With an app-level token ({@code xapp-…}) the stand-in also serves Socket Mode. */
    public Builder appToken(Optional<String> token) {
      this.appToken = token;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder users(List<SlackUser> users) {
      this.users = List.copyOf(users);
      return this;
    }

    public SlackStandIn start() {
      return new SlackStandIn(this);
    }
  }

  /** The Web API base for {@code SLACK_API_URL}, e.g. {@code http://127.0.0.1:41234/api/}. */
  public String apiUrl() {
    return "http://127.0.0.1:" + connector.getLocalPort() + "/api/";
  }

  /** Socket Mode, when the stand-in was built with an app token. */
  public Optional<SocketModeLink> socketMode() {
    return socketMode;
  }

  public List<SlackUser> users() {
    return users.values().stream().filter(u -> !u.isBot()).toList();
  }

  /** A trigger id for a request from this user, valid for 3 seconds by the stand-in's clock. */
  public synchronized String issueTriggerId(String userId) {
    String id = sequence.incrementAndGet() + "." + clock.millis() + ".trigger";
    triggers.put(id, new Trigger(userId, clock.instant()));
    return id;
  }

  /** A response URL for a request from this user in this channel; what the bot posts there is recorded. */
  public synchronized String newResponseUrl(String userId, String channelId) {
    return newResponseUrl(userId, channelId, null);
  }

  /**
   * A response URL for a click on the message with {@code originalTs}: a reply with
   * {@code replace_original} then replaces that message in place, as Slack does.
   */
  public synchronized String newResponseUrl(String userId, String channelId, String originalTs) {
    String id = "R" + sequence.incrementAndGet();
    responseUrls.put(id, new ResponseUrl(userId, channelId, originalTs));
    return "http://127.0.0.1:" + connector.getLocalPort() + "/response/" + id;
  }

  public List<RecordedCall> calls() {
    return List.copyOf(calls);
  }

  public List<RecordedCall> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  /** What this person has been shown: DMs, ephemeral replies and response_url replies, oldest first. */
  public List<RecordedMessage> messagesTo(String userId) {
    return messages.stream().filter(m -> userId.equals(m.userId())).toList();
  }

  /**
   * Everything one person would see, in the order it happened: what was sent to them (DMs, ephemeral and
   * response_url replies) and the bot's posts in channels (everyone is taken to be in every channel).
   */
  public List<RecordedMessage> seenBy(String userId) {
    return messages.stream()
        .filter(m -> userId.equals(m.userId()) || m.kind() == RecordedMessage.Kind.CHANNEL && m.userId() == null)
        .toList();
  }

  public List<RecordedMessage> channelMessages(String channelId) {
    return messages.stream().filter(m -> m.kind() == RecordedMessage.Kind.CHANNEL && channelId.equals(m.channel())).toList();
  }

  /** Waits for a message to this person that matches, since the bot answers after acknowledging. */
  public RecordedMessage awaitMessageTo(String userId, Predicate<RecordedMessage> matching, Duration timeout) {
    return await(() -> messagesTo(userId).stream().filter(matching).findFirst(), timeout,
        () -> "no matching message to " + userId + " within " + timeout + "; got: "
            + messagesTo(userId).stream().map(RecordedMessage::allText).toList());
  }

  /** Waits for a modal of this person to match (after views.open or views.update). */
  /** Waits until {@code count} messages to the user match, and returns them. */
  public List<RecordedMessage> awaitMessagesTo(String userId, Predicate<RecordedMessage> matching, int count, Duration timeout) {
    return await(() -> {
      List<RecordedMessage> found = messagesTo(userId).stream().filter(matching).toList();
      return found.size() >= count ? Optional.of(found) : Optional.empty();
    }, timeout, () -> "fewer than " + count + " matching messages to " + userId + " within " + timeout + ": "
        + messagesTo(userId).stream().filter(matching).count());
  }

  /** Waits for a message in a channel (e.g. the audit channel), matching. */
  public RecordedMessage awaitChannelMessage(String channelId, Predicate<RecordedMessage> matching, Duration timeout) {
    return await(() -> channelMessages(channelId).stream().filter(matching).findFirst(), timeout,
        () -> "no matching message in " + channelId + " within " + timeout + "; got: "
            + channelMessages(channelId).stream().map(RecordedMessage::allText).toList());
  }

  /** Waits for the user's Home tab as published, matching. */
  public RecordedView awaitHome(String userId, Predicate<RecordedView> matching, Duration timeout) {
    return await(() -> homeOf(userId).filter(matching), timeout, () -> "no matching Home tab for " + userId + " within " + timeout);
  }

  public RecordedView awaitView(String userId, Predicate<RecordedView> matching, Duration timeout) {
    return await(() -> openViews(userId).stream().filter(matching).findFirst(), timeout,
        () -> "no matching view for " + userId + " within " + timeout + "; got: "
            + openViews(userId).stream().map(RecordedView::allText).toList());
  }

  /** Waits until the recorded calls of {@code method} match (e.g. how many there are); returns them. */
  public List<RecordedCall> awaitCalls(String method, Predicate<List<RecordedCall>> matching, Duration timeout) {
    return await(() -> Optional.of(calls(method)).filter(matching), timeout,
        () -> "the calls of " + method + " did not match within " + timeout + "; got " + calls(method).size());
  }

  /** Waits until {@code probe} finds something; woken by every change, so it never misses one. */
  private <T> T await(java.util.function.Supplier<Optional<T>> probe, Duration timeout, java.util.function.Supplier<String> failure) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen;
      synchronized (changed) {
        seen = version;
      }
      Optional<T> found = probe.get();
      if (found.isPresent()) {
        return found.get();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(failure.get());
      }
      synchronized (changed) {
        if (version == seen) {
          try {
            changed.wait(Math.max(1, left / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting");
          }
        }
      }
    }
  }

  public synchronized List<RecordedView> openViews(String userId) {
    return views.values().stream().filter(v -> v.userId().equals(userId)).toList();
  }

  public synchronized Optional<RecordedView> currentView(String viewId) {
    return Optional.ofNullable(views.get(viewId));
  }

  public synchronized Optional<RecordedView> homeOf(String userId) {
    return Optional.ofNullable(homes.get(userId));
  }

  /** Forgets everything recorded (users and tokens stay). */
  public synchronized void clear() {
    calls.clear();
    messages.clear();
    views.clear();
    homes.clear();
  }

  /** Called for every call recorded (the playground pushes updates with it). */
  public void onRecorded(Consumer<RecordedCall> listener) {
    listeners.add(listener);
  }

  @Override
  public void close() {
    socketMode.ifPresent(SocketModeLink::close);
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the Slack stand-in did not stop cleanly", e);
    }
  }

  // ---- the Web API ----

  private String ts() {
    Instant now = clock.instant();
    return now.getEpochSecond() + "." + String.format("%06d", sequence.incrementAndGet() % 1_000_000);
  }

  private void record(RecordedCall call) {
    calls.add(call);
    listeners.forEach(l -> l.accept(call));
    viewsChanged(); // a call is recorded just after its effect: wake those waiting on the calls too
  }

  private void addMessage(RecordedMessage message) {
    messages.add(message);
    viewsChanged();
  }

  /** Wakes everyone waiting for a message or a view. */
  private void viewsChanged() {
    synchronized (changed) {
      version++;
      changed.notifyAll();
    }
  }

  /** The DM channel of a user: Slack's ids start with D. */
  private static String dmOf(String userId) {
    return "D" + userId.substring(1);
  }

  private Optional<String> userOfDm(String channel) {
    if (channel.startsWith("D")) {
      String user = "U" + channel.substring(1);
      return users.containsKey(user) ? Optional.of(user) : Optional.empty();
    }
    if (channel.startsWith("U") || channel.startsWith("W")) {
      return users.containsKey(channel) ? Optional.of(channel) : Optional.empty();
    }
    return Optional.empty();
  }

  private final class Api extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      handle(req, resp);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      handle(req, resp);
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String method = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
      ObjectNode params = params(req);
      ObjectNode answer = json.createObjectNode();
      String token = Optional.ofNullable(req.getHeader("Authorization")).filter(h -> h.startsWith("Bearer "))
          .map(h -> h.substring(7)).orElse(params.path("token").asText(null));
      String concerns = null;
      String error;
      Refusal refusal = nextRefusal(method);
      if (refusal != null) {
        // As Slack does when it rate-limits (429 with Retry-After) or fails (5xx): nothing is done.
        record(new RecordedCall(clock.instant(), method, null, params, refusal.status() == 429 ? "ratelimited" : "internal_error"));
        resp.setStatus(refusal.status());
        if (refusal.retryAfterSeconds() > 0) {
          resp.setHeader("Retry-After", String.valueOf(refusal.retryAfterSeconds()));
        }
        resp.setContentType("application/json; charset=utf-8");
        resp.getOutputStream().write(json.writeValueAsBytes(json.createObjectNode().put("ok", false)
            .put("error", refusal.status() == 429 ? "ratelimited" : "internal_error")));
        return;
      }
      if (token == null || token.isEmpty()) {
        error = "not_authed";
      } else if (method.equals("apps.connections.open")) {
        // Only with the app-level token, as Slack does.
        if (socketMode.isPresent() && appToken.get().equals(token)) {
          answer.put("url", socketMode.get().newConnectionUrl());
          error = null;
        } else {
          error = socketMode.isPresent() ? "invalid_auth" : "not_allowed_token_type";
        }
      } else if (method.equals("auth.test") && appToken.filter(token::equals).isPresent()) {
        // Slack answers auth.test for an app-level token too (Bolt's Socket Mode client asks for its team).
        answer.put("url", "https://sandbox.slack.local/").put("team", "Sandbox").put("team_id", TEAM_ID).put("app_id", "A0SANDBOX");
        error = null;
      } else if (!token.equals(botToken)) {
        error = "invalid_auth";
      } else {
        Result result = dispatch(method, params, answer);
        error = result.error();
        concerns = result.userId();
      }
      if (error != null) {
        answer.removeAll();
        answer.put("ok", false).put("error", error);
        if (!problems.get().isEmpty()) {
          ArrayNode list = answer.putObject("response_metadata").putArray("messages");
          problems.get().forEach(list::add);
        }
      } else {
        answer.put("ok", true);
      }
      problems.remove();
      record(new RecordedCall(clock.instant(), method, concerns, params, error));
      resp.setStatus(200);
      resp.setContentType("application/json; charset=utf-8");
      resp.getOutputStream().write(json.writeValueAsBytes(answer));
    }
  }

  private final ThreadLocal<List<String>> problems = ThreadLocal.withInitial(ArrayList::new);

  /** A refusal the stand-in answers instead of doing a Web API call. */
  private record Refusal(int status, int retryAfterSeconds) {}

  private final Map<String, java.util.ArrayDeque<Refusal>> refusals = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The next {@code count} calls of {@code method} are refused with {@code status} (429 with
   * {@code retryAfterSeconds} as Retry-After, or a 5xx), as Slack does under rate limits or outages.
   */
  public void refuseNext(String method, int count, int status, int retryAfterSeconds) {
    java.util.ArrayDeque<Refusal> queue = refusals.computeIfAbsent(method, m -> new java.util.ArrayDeque<>());
    synchronized (queue) {
      for (int i = 0; i < count; i++) {
        queue.add(new Refusal(status, retryAfterSeconds));
      }
    }
  }

  /** Refuses every call to {@code method} (HTTP {@code status}, with Retry-After when positive) until {@link #lift}: an outage. */
  public void refuseUntilLifted(String method, int status, int retryAfterSeconds) {
    outages.put(method, new Refusal(status, retryAfterSeconds));
  }

  /** Ends an outage begun with {@link #refuseUntilLifted}. */
  public void lift(String method) {
    outages.remove(method);
  }

  /** Channels the bot was never invited to: posting there answers {@code not_in_channel}, as Slack does. */
  private final java.util.Set<String> channelsWithoutBot = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The bot is not a member of {@code channelId} (it was never invited, or was removed). */
  public void botNotIn(String channelId) {
    channelsWithoutBot.add(channelId);
  }

  /** How many calls to {@code method} were refused so far (the recorded calls hold only the answered ones). */
  public int refusedCalls(String method) {
    return refusedCounts.getOrDefault(method, new java.util.concurrent.atomic.AtomicInteger()).get();
  }

  private final Map<String, Refusal> outages = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.AtomicInteger> refusedCounts = new java.util.concurrent.ConcurrentHashMap<>();

  private Refusal nextRefusal(String method) {
    Refusal refusal = nextQueuedRefusal(method);
    if (refusal == null) {
      refusal = outages.get(method);
    }
    if (refusal != null) {
      refusedCounts.computeIfAbsent(method, m -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
    }
    return refusal;
  }

  private Refusal nextQueuedRefusal(String method) {
    java.util.ArrayDeque<Refusal> queue = refusals.get(method);
    if (queue == null) {
      return null;
    }
    synchronized (queue) {
      return queue.poll();
    }
  }

  private record Result(String error, String userId) {
    static Result ok(String userId) {
      return new Result(null, userId);
    }

    static Result error(String code) {
      return new Result(code, null);
    }
  }

  private ObjectNode params(HttpServletRequest req) throws IOException {
    String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    ObjectNode params = json.createObjectNode();
    String type = req.getContentType() == null ? "" : req.getContentType();
    if (type.startsWith("application/json") && !body.isBlank()) {
      JsonNode parsed = json.readTree(body);
      if (parsed.isObject()) {
        params.setAll((ObjectNode) parsed);
      }
    } else {
      String query = req.getQueryString();
      for (String source : new String[] {body, query == null ? "" : query}) {
        for (String pair : source.split("&")) {
          if (pair.isEmpty()) continue;
          int eq = pair.indexOf('=');
          String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
          params.put(key, value);
        }
      }
    }
    // blocks and view arrive as JSON strings in form posts: keep them parsed for assertions.
    for (String field : new String[] {"blocks", "view"}) {
      if (params.path(field).isTextual() && !params.path(field).asText().isBlank()) {
        try {
          params.set(field, json.readTree(params.path(field).asText()));
        } catch (IOException e) {
          params.put(field + "_invalid", true);
        }
      }
    }
    return params;
  }

  private synchronized Result dispatch(String method, ObjectNode p, ObjectNode answer) {
    switch (method) {
      case "auth.test" -> {
        answer.put("url", "https://sandbox.slack.local/").put("team", "Sandbox").put("user", "opal-jit-bot")
            .put("team_id", TEAM_ID).put("user_id", BOT_USER_ID).put("bot_id", "B0BOT0000").put("is_enterprise_install", false);
        return Result.ok(null);
      }
      case "users.info" -> {
        SlackUser u = users.get(p.path("user").asText());
        if (u == null) return Result.error("user_not_found");
        answer.set("user", userJson(u));
        return Result.ok(null);
      }
      case "users.lookupByEmail" -> {
        String email = p.path("email").asText("");
        Optional<SlackUser> u = users.values().stream().filter(x -> x.email() != null && x.email().equalsIgnoreCase(email)).findFirst();
        if (u.isEmpty()) return Result.error("users_not_found");
        answer.set("user", userJson(u.get()));
        return Result.ok(null);
      }
      case "conversations.open" -> {
        String user = p.path("users").asText("").split(",")[0];
        if (!users.containsKey(user)) return Result.error("user_not_found");
        answer.putObject("channel").put("id", dmOf(user)).put("is_im", true).put("user", user);
        return Result.ok(user);
      }
      case "chat.postMessage" -> {
        String channel = p.path("channel").asText("");
        if (channel.isEmpty()) return Result.error("channel_not_found");
        Result invalid = checkMessage(p);
        if (invalid != null) return invalid;
        Optional<String> dmUser = userOfDm(channel);
        if ((channel.startsWith("U") || channel.startsWith("D")) && dmUser.isEmpty()) return Result.error("channel_not_found");
        if (channelsWithoutBot.contains(channel)) return Result.error("not_in_channel");
        String ts = ts();
        String where = dmUser.map(SlackStandIn::dmOf).orElse(channel);
        addMessage(new RecordedMessage(dmUser.isPresent() ? RecordedMessage.Kind.DM : RecordedMessage.Kind.CHANNEL, where,
            dmUser.orElse(null), ts, p.path("text").asText(null), p.path("blocks"), false));
        answer.put("channel", where).put("ts", ts);
        answer.putObject("message").put("text", p.path("text").asText("")).put("ts", ts).put("user", BOT_USER_ID);
        return Result.ok(dmUser.orElse(null));
      }
      case "chat.postEphemeral" -> {
        String user = p.path("user").asText("");
        if (!users.containsKey(user)) return Result.error("user_not_found");
        Result invalid = checkMessage(p);
        if (invalid != null) return invalid;
        String ts = ts();
        addMessage(new RecordedMessage(RecordedMessage.Kind.EPHEMERAL, p.path("channel").asText(""), user, ts,
            p.path("text").asText(null), p.path("blocks"), false));
        answer.put("message_ts", ts);
        return Result.ok(user);
      }
      case "chat.update" -> {
        String channel = p.path("channel").asText("");
        String ts = p.path("ts").asText("");
        Result invalid = checkMessage(p);
        if (invalid != null) return invalid;
        for (int i = 0; i < messages.size(); i++) {
          RecordedMessage m = messages.get(i);
          if (ts.equals(m.ts()) && channel.equals(m.channel())) {
            messages.set(i, new RecordedMessage(m.kind(), m.channel(), m.userId(), m.ts(), p.path("text").asText(m.text()),
                p.has("blocks") ? p.path("blocks") : m.blocks(), false));
            viewsChanged();
            answer.put("channel", channel).put("ts", ts);
            return Result.ok(m.userId());
          }
        }
        return Result.error("message_not_found");
      }
      case "views.open", "views.push" -> {
        Trigger trigger = triggers.get(p.path("trigger_id").asText(""));
        if (trigger == null) return Result.error("invalid_trigger_id");
        if (clock.instant().isAfter(trigger.issuedAt().plus(TRIGGER_LIFETIME))) return Result.error("expired_trigger_id");
        Result invalid = checkView(p.path("view"));
        if (invalid != null) return invalid;
        RecordedView view = new RecordedView("V" + sequence.incrementAndGet(), trigger.userId(), "modal", p.path("view"), "h" + sequence.get());
        views.put(view.viewId(), view);
        viewsChanged();
        answer.set("view", viewJson(view));
        return Result.ok(trigger.userId());
      }
      case "views.update" -> {
        String viewId = p.path("view_id").asText("");
        String externalId = p.path("external_id").asText("");
        RecordedView existing = views.get(viewId);
        if (existing == null && !externalId.isEmpty()) {
          existing = views.values().stream().filter(v -> externalId.equals(v.view().path("external_id").asText())).findFirst().orElse(null);
        }
        if (existing == null) return Result.error("not_found");
        if (p.hasNonNull("hash") && !p.path("hash").asText().isEmpty() && !p.path("hash").asText().equals(existing.hash())) {
          return Result.error("hash_conflict");
        }
        Result invalid = checkView(p.path("view"));
        if (invalid != null) return invalid;
        RecordedView updated = new RecordedView(existing.viewId(), existing.userId(), "modal", p.path("view"), "h" + sequence.incrementAndGet());
        views.put(updated.viewId(), updated);
        viewsChanged();
        answer.set("view", viewJson(updated));
        return Result.ok(updated.userId());
      }
      case "views.publish" -> {
        String user = p.path("user_id").asText("");
        if (!users.containsKey(user)) return Result.error("user_not_found");
        Result invalid = checkView(p.path("view"));
        if (invalid != null) return invalid;
        RecordedView home = new RecordedView("V" + sequence.incrementAndGet(), user, "home", p.path("view"), "h" + sequence.get());
        homes.put(user, home);
        viewsChanged();
        answer.set("view", viewJson(home));
        return Result.ok(user);
      }
      default -> {
        return Result.error("unknown_method");
      }
    }
  }

  /** Records a view as Slack would know it after a submission answered with response_action update. */
  public synchronized void replaceView(String viewId, JsonNode view) {
    RecordedView existing = views.get(viewId);
    if (existing != null) {
      views.put(viewId, new RecordedView(viewId, existing.userId(), existing.type(), view, "h" + sequence.incrementAndGet()));
      viewsChanged();
    }
  }

  /**
   * Applies a submission's {@code response_action: update} unless the app already updated the view since
   * (its hash moved on): Slack applies the response first, so a later views.update must win.
   */
  public synchronized void replaceViewIfUnchanged(String viewId, String hashAtSubmission, JsonNode view) {
    RecordedView existing = views.get(viewId);
    if (existing != null && existing.hash().equals(hashAtSubmission)) {
      replaceView(viewId, view);
    }
  }

  /** Forgets a modal the person closed or submitted. */
  public synchronized void closeView(String viewId) {
    views.remove(viewId);
    viewsChanged();
  }

  private Result checkMessage(ObjectNode p) {
    if (p.path("text").asText("").length() > SlackLimits.MESSAGE_TEXT) {
      return Result.error("msg_too_long");
    }
    if (p.has("blocks_invalid")) {
      return Result.error("invalid_blocks_format");
    }
    if (p.path("text").asText("").isEmpty() && (!p.has("blocks") || p.path("blocks").isEmpty())) {
      return Result.error("no_text");
    }
    List<String> found = SlackLimits.check(p.path("blocks"), SlackLimits.MESSAGE_BLOCKS);
    if (!found.isEmpty()) {
      problems.get().addAll(found);
      return Result.error("invalid_blocks");
    }
    return null;
  }

  private Result checkView(JsonNode view) {
    if (view == null || !view.isObject()) {
      return Result.error("invalid_arguments");
    }
    List<String> found = new ArrayList<>(SlackLimits.check(view.path("blocks"), SlackLimits.VIEW_BLOCKS));
    if (view.path("title").path("text").asText("").length() > SlackLimits.VIEW_TITLE) {
      found.add("[ERROR] must be less than 25 characters [json-pointer:/view/title/text]");
    }
    if (view.path("private_metadata").asText("").length() > SlackLimits.PRIVATE_METADATA) {
      found.add("[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]");
    }
    if (!found.isEmpty()) {
      problems.get().addAll(found);
      return Result.error("invalid_arguments");
    }
    return null;
  }

  private ObjectNode userJson(SlackUser u) {
    ObjectNode user = json.createObjectNode();
    user.put("id", u.id()).put("team_id", TEAM_ID).put("name", u.name()).put("real_name", u.realName())
        .put("tz", u.tz()).put("tz_offset", u.tzOffset()).put("is_bot", u.isBot()).put("deleted", false);
    ObjectNode profile = user.putObject("profile");
    profile.put("real_name", u.realName()).put("display_name", u.name());
    if (u.email() != null) {
      profile.put("email", u.email());
    }
    return user;
  }

  private ObjectNode viewJson(RecordedView v) {
    ObjectNode out = v.view().deepCopy();
    out.put("id", v.viewId()).put("team_id", TEAM_ID).put("hash", v.hash()).put("app_id", "A0SANDBOX").put("bot_id", "B0BOT0000");
    return out;
  }

  private final class ResponseUrls extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String id = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
      ResponseUrl target;
      synchronized (SlackStandIn.this) {
        target = responseUrls.get(id);
      }
      if (target == null) {
        resp.setStatus(404);
        resp.getWriter().write("no_such_response_url");
        return;
      }
      JsonNode body = json.readTree(req.getInputStream());
      if (body.path("text").asText("").length() > SlackLimits.MESSAGE_TEXT
          || !SlackLimits.check(body.path("blocks"), SlackLimits.MESSAGE_BLOCKS).isEmpty()) {
        resp.setStatus(400);
        resp.getWriter().write("invalid_blocks");
        return;
      }
      String responseType = body.path("response_type").asText("ephemeral");
      boolean replace = body.path("replace_original").asBoolean(false);
      RecordedMessage reply = new RecordedMessage(
          responseType.equals("in_channel") ? RecordedMessage.Kind.CHANNEL : RecordedMessage.Kind.RESPONSE_URL,
          target.channelId(), target.userId(), ts(), body.path("text").asText(null), body.path("blocks"), replace);
      int original = -1;
      if (target.originalTs() != null && (replace || body.path("delete_original").asBoolean(false))) {
        for (int i = 0; i < messages.size(); i++) {
          if (target.originalTs().equals(messages.get(i).ts())) {
            original = i;
          }
        }
      }
      if (original >= 0 && body.path("delete_original").asBoolean(false)) {
        messages.remove(original);
        viewsChanged();
      } else if (original >= 0) {
        RecordedMessage old = messages.get(original);
        // In place, keeping where the message was (a DM stays a DM), as Slack shows it.
        messages.set(original, new RecordedMessage(old.kind(), old.channel(), old.userId(), old.ts(), reply.text(), reply.blocks(), true));
        viewsChanged();
      } else {
        addMessage(reply);
      }
      record(new RecordedCall(clock.instant(), "response_url", target.userId(), body, null));
      resp.setStatus(200);
      resp.setContentType("text/plain");
      resp.getWriter().write("ok");
    }
  }
}
