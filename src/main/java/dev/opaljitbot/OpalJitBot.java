package dev.opaljitbot;

import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.approvals.AccessRequests;
import dev.opaljitbot.approvals.RequestConversation;
import dev.opaljitbot.plans.PlannedAdds;
import dev.opaljitbot.approvals.ReviewChannels;
import dev.opaljitbot.approvals.ReviewDelegations;
import dev.opaljitbot.approvals.Catalog;
import dev.opaljitbot.access.GroupAccess;
import dev.opaljitbot.access.GroupItems;
import dev.opaljitbot.access.GroupLeaderPolicy;
import com.slack.api.methods.MethodsClient;
import dev.opaljitbot.config.BotConfig;
import dev.opaljitbot.config.Secret;
import dev.opaljitbot.directory.DirectorySettings;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.OpalClient;
import dev.opaljitbot.opal.OpalClientSettings;
import dev.opaljitbot.reminders.ExpiryTracker;
import dev.opaljitbot.reminders.ExpiryWatch;
import dev.opaljitbot.reminders.ReminderActions;
import dev.opaljitbot.reminders.ReminderSettings;
import dev.opaljitbot.playground.PlaygroundServlet;
import dev.opaljitbot.sandbox.OpalSandbox;
import dev.opaljitbot.sandbox.SandboxClock;
import dev.opaljitbot.store.JdbcBotStore;
import dev.opaljitbot.sandbox.SandboxSeed;
import dev.opaljitbot.sandbox.slack.SlackStandIn;
import dev.opaljitbot.server.BotServer;
import dev.opaljitbot.server.DependencyCheck;
import dev.opaljitbot.server.SocketModeOnly;
import dev.opaljitbot.slack.SlackMessaging;
import dev.opaljitbot.slack.OutboxSender;
import dev.opaljitbot.slack.SlackApp;
import dev.opaljitbot.slack.SlackWorkspace;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running bot, wired from its configuration: Opal client (or the embedded sandbox), directory, the
 * access domain, the Slack app (or the embedded Slack stand-in) and the HTTP server. Closing it drains
 * requests in flight, then stops everything in reverse order.
 */
public final class OpalJitBot implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpalJitBot.class);
  /** How long SIGTERM waits for requests in flight. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final Optional<OpalSandbox> sandbox;
  private final Optional<SlackStandIn> standIn;
  private final Secret signingSecret;
  private final BotServer server;
  private final ExpiryWatch expiryWatch;
  private final OutboxSender outbox;
  private final AccessRequests accessRequests;
  private final RequestConversation conversation;
  private final PlannedAdds plannedAdds;
  /** Opal's web app, where MFA-protected requests are approved. */
  /** How often requests decided in Opal's own UI are noticed. */
  static final Duration REQUEST_POLL_INTERVAL = Duration.ofMinutes(1);
  /** How often messages Slack refused are looked at; each waits for its own retry time (at least a minute). */
  static final Duration RETRY_INTERVAL = Duration.ofSeconds(30);

  /**
   * What tests (and the playground) can set beyond the environment; not reachable from configuration.
   *
   * @param sandboxWrapper wraps the embedded Opal sandbox's handler (tests inject faults with it)
   */
  /** Threads that do the work after Slack's ack. */
  static final int WORK_THREADS = 16;
  /** Work waiting for a thread before new requests are answered "busy". */
  static final int WORK_QUEUE_CAPACITY = 2_000;

  public record Options(Clock clock, String host, UnaryOperator<Handler> sandboxWrapper, boolean scheduleReminders, int workQueueCapacity) {
    public Options(Clock clock, String host, UnaryOperator<Handler> sandboxWrapper, boolean scheduleReminders) {
      this(clock, host, sandboxWrapper, scheduleReminders, WORK_QUEUE_CAPACITY);
    }

    public static Options defaults() {
      return new Options(Clock.systemUTC(), "0.0.0.0", UnaryOperator.identity(), true);
    }
  }

  private OpalJitBot(BotConfig config, Optional<SandboxSeed> seed, Options options, PrintStream out) {
    try {
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(metrics);
      new JvmThreadMetrics().bindTo(metrics);

      Surroundings around = Surroundings.start(config, seed, options, out, toClose);
      Clock clock = around.clock();
      sandbox = around.opal().sandbox();
      standIn = around.slack().standIn();
      signingSecret = around.slack().signingSecret();
      MethodsClient slackClient = SlackApp.slackClient(around.slack().apiUrl()).methods(around.slack().botToken().reveal());

      // Opened before the work pool, so it closes after the pool has drained.
      JdbcBotStore store = JdbcBotStore.open(config.databaseUrl());
      toClose.add(store);
      ExecutorService work = workPool(options.workQueueCapacity(), metrics);

      // Opal's side: the client and what the bot remembers of groups, people and requestable items.
      OpalClient opal = new OpalClient(OpalClientSettings.defaults(around.opal().baseUrl(), around.opal().token().reveal()), metrics);
      GroupDirectory groups = new GroupDirectory(opal, DirectorySettings.defaults(), clock, metrics);
      UserDirectory users = new UserDirectory(opal, new SlackWorkspace(slackClient), DirectorySettings.defaults(), clock, metrics);
      Catalog catalog = new Catalog(opal, groups);
      // Loading from now on: answers about who leads what wait for this first load (see GroupDirectory.ledBy).
      groups.warmUp();

      // What the bot says outside a request's own answer; the domain reports through it.
      // Links to Opal's web app (requests, groups) never end in a slash.
      String opalWebUrl = config.opalWebUrl().toString().replaceAll("/+$", "");
      SlackMessaging messaging = new SlackMessaging(slackClient, groups, users, store, metrics, work,
          new SlackMessaging.Settings(config.slashCommand(), opalWebUrl, config.auditChannel()), clock);
      outbox = messaging.outbox();

      // The domain: who may do what, and what happens when.
      DurationPolicy durations = new DurationPolicy();
      GroupAccess access = new GroupAccess(opal, groups, users, new GroupLeaderPolicy(), durations, messaging.audit(), clock);
      ReviewChannels reviewChannels = new ReviewChannels(opal, config.reviewChannelTag(), config.reviewChannel());
      accessRequests = new AccessRequests(opal, groups, users, catalog, store, messaging.reviews(), reviewChannels,
          new ReviewDelegations(opal, clock), clock, new AccessRequests.Settings(
          config.reviewExternalRequests(), config.requestNotifyMembers(), config.ticketingProvider(), config.reviewRemindAfter(),
          config.reviewStaleAfter()), messaging.audit());
      conversation = new RequestConversation(opal, store, messaging.reviews(), clock);
      plannedAdds = new PlannedAdds(access, groups, users, store, messaging.plans(), clock);
      expiryWatch = new ExpiryWatch(opal, groups, users, store, messaging.reminders(), durations, new ReminderSettings(
          config.reminderLeadTimes(), config.reminderSweepInterval(), config.reminderSweepCallsPerSecond(), config.reminderEndedNotice()),
          clock);
      access.observe(new ExpiryTracker(store, clock, messaging.reminders()));

      // Slack's side: the handlers.
      SlackApp slackApp = new SlackApp(
          new SlackApp.Settings(around.slack().botToken().reveal(), signingSecret.reveal(), around.slack().apiUrl(), config.slashCommand()),
          new SlackApp.Services(access, new GroupItems(opal, groups, users, new GroupLeaderPolicy(), messaging.audit(), clock), groups, users,
              durations, new ReminderActions(store, groups, users, access, clock), accessRequests, catalog, conversation, plannedAdds),
          messaging, opalWebUrl, metrics, work, clock);
      access.observe(slackApp.homeRefresh());
      access.observe(slackApp.memberNotices());
      toClose.add(slackApp::stop);
      slackApp.start();
      Optional<SlackApp.SocketMode> socketMode = around.slack().appToken().map(t -> slackApp.connectSocketMode(t.reveal()));
      socketMode.ifPresent(toClose::add);

      server = httpServer(config, options, around, slackApp, socketMode, groups, List.of(
          new DependencyCheck("opal", opal::isReachable, Duration.ofSeconds(30), clock),
          new DependencyCheck("store", store::isReachable, Duration.ofSeconds(30), clock)), metrics);
      toClose.add(server::close);
      server.start();
      afterListening(config, options, catalog, slackApp, socketMode.isPresent(), work);
      LOG.info("opal-jit-bot listening on port {} ({} answers {}{})", server.port(), around.slack().apiUrl(), config.slashCommand(),
          socketMode.isPresent() ? " over Socket Mode" : "");
      out.println(socketMode.isPresent()
          ? "opal-jit-bot listening over Socket Mode; /healthz and /metrics on http://localhost:" + server.port()
          : "opal-jit-bot listening on http://localhost:" + server.port() + "/slack/events");
      if (around.embedded()) {
        out.println("Playground: open http://localhost:" + server.port() + "/playground in a browser");
      }
    } catch (RuntimeException e) {
      // Whatever did start (sandboxes, threads) must not outlive a failed start.
      close();
      throw e;
    }
  }

  /** HTTP: Slack's requests (unless Socket Mode), /healthz, /metrics, and the playground when everything is embedded. */
  private BotServer httpServer(BotConfig config, Options options, Surroundings around, SlackApp slackApp,
      Optional<SlackApp.SocketMode> socketMode, GroupDirectory groups, List<DependencyCheck> checks, PrometheusMeterRegistry metrics) {
    Map<String, jakarta.servlet.http.HttpServlet> extra = new java.util.HashMap<>();
    if (around.embedded()) {
      extra.put("/playground/*", new PlaygroundServlet(standIn.get(), sandbox.get(), (SandboxClock) around.clock(), signingSecret.reveal(),
          config.slashCommand(), () -> {
            expiryWatch.runOnce();
            followRequests();
            plannedAdds.startDue();
            retryRefusedMessages();
          }));
    }
    // The stand-in's playground hands out the signing secret: a local toy, so it listens on loopback only.
    String host = standIn.isPresent() && "0.0.0.0".equals(options.host()) ? "127.0.0.1" : options.host();
    Map<String, java.util.function.Supplier<String>> states = new java.util.LinkedHashMap<>();
    states.put("group_index", () -> groups.isLoaded() ? "loaded" : "loading");
    socketMode.ifPresent(link -> states.put("socket_mode", () -> link.isConnected() ? "connected" : "reconnecting"));
    // In Socket Mode nothing comes from Slack over HTTP: /slack/events only says so.
    return new BotServer(host, config.port(), socketMode.isPresent() ? new SocketModeOnly() : slackApp.servlet(), checks, states, metrics,
        extra, DRAIN_TIMEOUT);
  }

  /** Once the bot answers: the catalog loads and the request path warms up (nothing waits for either), and the schedules start. */
  private void afterListening(BotConfig config, Options options, Catalog catalog, SlackApp slackApp, boolean socketMode, ExecutorService work) {
    work.execute(catalog::warmUp);
    if (!socketMode) {
      work.execute(() -> slackApp.warmUp(signingSecret.reveal(), config.slashCommand()));
    }
    if (options.scheduleReminders()) {
      toClose.add(every("expiry-watch", config.reminderSweepInterval(), () -> expiryWatch.runOnce()));
      toClose.add(every("request-poll", REQUEST_POLL_INTERVAL, this::followRequests));
      toClose.add(every("message-retries", RETRY_INTERVAL, this::retryRefusedMessages));
      // Also at start-up: a plan whose start passed while the bot was down starts now, for the rest of its time.
      toClose.add(every("planned-adds", RETRY_INTERVAL, plannedAdds::startDue));
    }
  }

  /** The request poll: decisions and stages taken in Opal, cards due again, nudges, then comments made in Opal. */
  void followRequests() {
    accessRequests.syncDecidedElsewhere();
    conversation.sync();
  }

  /** Adds planned for later. */
  public PlannedAdds plannedAdds() {
    return plannedAdds;
  }

  /** The conversations kept with requests (thread replies and Opal's comments). */
  public RequestConversation conversation() {
    return conversation;
  }

  /**
   * The threads that do the work after Slack's ack. Bounded: past WORK_THREADS busy and {@code capacity}
   * waiting, a request is answered "busy" at once (BusyWhenFull) instead of piling up in memory while answers
   * wait for minutes. Registered to drain on close.
   */
  private ExecutorService workPool(int capacity, PrometheusMeterRegistry metrics) {
    java.util.concurrent.ArrayBlockingQueue<Runnable> queue = new java.util.concurrent.ArrayBlockingQueue<>(capacity);
    ExecutorService work = new java.util.concurrent.ThreadPoolExecutor(WORK_THREADS, WORK_THREADS, 0, TimeUnit.MILLISECONDS, queue, r -> {
      Thread t = new Thread(r, "slack-work");
      t.setDaemon(true);
      // Handlers catch their own failures and tell the person; anything that still escapes is logged, not printed.
      t.setUncaughtExceptionHandler((thread, e) -> LOG.error("after-ack work failed", e));
      return t;
    }, new java.util.concurrent.ThreadPoolExecutor.AbortPolicy());
    metrics.gauge("slack_work_queue_depth", queue, java.util.Collection::size);
    toClose.add(() -> {
      work.shutdown();
      work.awaitTermination(DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    });
    return work;
  }

  /**
   * Runs a pass at once (reminders whose time passed while the bot was down go out now, if their expiry is
   * still ahead) and then every sweep interval, on one thread so passes never overlap in this process.
   */
  private static AutoCloseable every(String name, Duration interval, Runnable task) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (Throwable e) {
        // Anything escaping would end the schedule for good, silently: log it whole and run again next time.
        LOG.error("{} failed, next run in {}", name, interval, e);
      }
    }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return scheduler::shutdownNow;
  }

  /**
   * Sends again what Slack refused, once its retry time has come: reminders and ended notices (checked against
   * Opal first) and kept messages. Review cards are sent again by the request poll. Runs every
   * {@link #RETRY_INTERVAL}; public for tests and the playground.
   */
  public void retryRefusedMessages() {
    try {
      expiryWatch.retryDue();
    } finally {
      outbox.sendDue();
    }
  }

  /** Requests, for checking on decisions made in Opal by hand (tests, the playground). */
  public AccessRequests accessRequests() {
    return accessRequests;
  }

  /** The expiry reminders, for running a pass by hand (tests, the playground). */
  public ExpiryWatch expiryWatch() {
    return expiryWatch;
  }

  public static OpalJitBot start(BotConfig config, Optional<SandboxSeed> seed, PrintStream out) {
    return start(config, seed, Options.defaults(), out);
  }

  public static OpalJitBot start(BotConfig config, Optional<SandboxSeed> seed, Options options, PrintStream out) {
    return new OpalJitBot(config, seed, options, out);
  }

  public int port() {
    return server.port();
  }

  public Optional<OpalSandbox> sandbox() {
    return sandbox;
  }

  public Optional<SlackStandIn> slackStandIn() {
    return standIn;
  }

  /** The secret Slack's requests are signed with (generated in sandbox mode without Slack credentials). */
  public Secret signingSecret() {
    return signingSecret;
  }

  /** Stops in reverse order of start: the server drains first, the sandboxes go last. */
  @Override
  public void close() {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      AutoCloseable c = toClose.get(i);
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("while stopping: {}", e.toString());
      }
    }
  }
}
