package dev.opaljitbot.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.access.GroupAccess;
import dev.opaljitbot.access.MembershipObserver;
import dev.opaljitbot.reminders.ReminderActions;
import dev.opaljitbot.approvals.AccessRequests;
import dev.opaljitbot.approvals.Catalog;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.event.AppHomeOpenedEvent;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.UserDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

/** The Bolt app: every listener registered in one place, served by Bolt's servlet at /slack/events. */
public final class SlackApp {
  private final App app;
  private final HomeTab home;
  private final MemberNotices memberNotices;

  /** Slack connection settings; {@code apiUrl} ends with a slash. */
  public record Settings(String botToken, String signingSecret, String apiUrl, String slashCommand) {
    @Override
    public String toString() {
      return "Settings[apiUrl=" + apiUrl + ", slashCommand=" + slashCommand + ", tokens redacted]";
    }
  }

  /** The domain the handlers act through, and the directories they read. */
  public record Services(
      GroupAccess access,
      dev.opaljitbot.access.GroupItems groupItems,
      GroupDirectory groups,
      UserDirectory users,
      DurationPolicy durations,
      ReminderActions reminderActions,
      AccessRequests accessRequests,
      Catalog catalog,
      dev.opaljitbot.approvals.RequestConversation conversation,
      dev.opaljitbot.plans.PlannedAdds plans) {}

  public SlackApp(Settings settings, Services services, SlackMessaging messaging, String opalWebUrl, MeterRegistry metrics,
      ExecutorService work, Clock clock) {
    GroupAccess access = services.access();
    dev.opaljitbot.access.GroupItems groupItems = services.groupItems();
    GroupDirectory groups = services.groups();
    UserDirectory users = services.users();
    DurationPolicy durations = services.durations();
    ReminderActions reminderActions = services.reminderActions();
    AccessRequests accessRequests = services.accessRequests();
    Catalog catalog = services.catalog();
    DirectMessages directMessages = messaging.messages();
    this.app = new App(appConfig(settings));
    Messages messages = new Messages(clock, settings.slashCommand());
    Lookups lookups = new Lookups(groups, users, settings.slashCommand());
    RequestViews requestViews = new RequestViews(opalWebUrl, settings.slashCommand());
    ItemViews itemViews = new ItemViews(clock, opalWebUrl, settings.slashCommand());
    ModalOpener modals = new ModalOpener(groups, users, access, durations, catalog, requestViews, lookups, groupItems, itemViews, accessRequests, work, messages);
    MethodsClient client = app.client();
    this.home = new HomeTab(client, users, access, durations, lookups, work, clock, settings.slashCommand(), accessRequests, requestViews,
        groupItems, itemViews, services.plans(), new PlanViews(messages));
    this.memberNotices = new MemberNotices(directMessages, work, clock);
    ClickAnswers answers = new ClickAnswers(home, directMessages);

    app.use(new RequestMetrics(metrics));
    app.use(new OnceEachEvent());
    app.use(new BusyWhenFull(metrics));
    ActingAs actingAs = new ActingAs(lookups, messages);
    RequestListeners requestListeners = new RequestListeners(accessRequests, catalog, lookups, requestViews, messages, work, answers, actingAs);
    requestListeners.register(app);
    app.command(settings.slashCommand(), new CommandListener(lookups, access, modals, requestListeners, messages, work, groupItems, itemViews, actingAs, services.plans(), metrics));
    ModalSubmissions submissions = new ModalSubmissions(groups, access, durations, lookups, messages, work, answers, actingAs, services.plans());
    app.viewSubmission(ActionIds.ADD_MODAL, submissions);
    app.viewSubmission(ActionIds.EXTEND_MODAL, submissions);
    app.viewSubmission(ActionIds.REMOVE_MODAL, submissions);
    app.blockSuggestion(ActionIds.GROUP_SELECT, new GroupOptions(groups, lookups));
    app.blockAction(
        Pattern.compile("^(" + String.join("|", ActionIds.ITEM_REQUEST_AGAIN, ActionIds.ITEM_REMOVE, ActionIds.ITEM_REMOVE_IN_OPAL,
            ActionIds.ITEM_LET_EXPIRE) + ")$"),
        new ItemButtons(groups, groupItems, catalog, lookups, modals, itemViews, messages, answers, work, reminderActions, home, actingAs));
    app.blockAction(ActionIds.HOME_ADD, (req, ctx) -> {
      modals.openBlank(ctx.client(), req.getPayload().getTriggerId(), ActionIds.ADD_MODAL);
      return ctx.ack();
    });
    app.blockAction(ActionIds.HOME_REQUEST, (req, ctx) -> {
      modals.openBlank(ctx.client(), req.getPayload().getTriggerId(), ActionIds.REQUEST_MODAL);
      return ctx.ack();
    });
    app.blockAction(ActionIds.GROUP_SELECT, new GroupPicked(groups, durations, work, requestViews, groupItems, itemViews));
    app.blockAction(
        Pattern.compile("^(" + ActionIds.MEMBER_EXTEND + "|" + ActionIds.MEMBER_REMOVE + "|" + ActionIds.MEMBERS_PAGE + "-(prev|next))$"),
        new MemberButtons(groups, users, access, lookups, modals, messages, work, answers, actingAs));
    app.blockAction(
        Pattern.compile("^(" + String.join("|", ActionIds.REMINDER_EXTEND, ActionIds.REMINDER_ASK, ActionIds.REMINDER_LET_EXPIRE,
            ActionIds.REMINDER_DONE, ActionIds.LEADER_EXTEND, ActionIds.LEADER_DECLINE) + ")$"),
        new ReminderButtons(lookups, access, reminderActions, durations, new ReminderMessages(clock), messages,
            directMessages, work, clock, answers, actingAs));
    app.blockAction(ActionIds.PLAN_CANCEL, new PlanButtons(services.plans(), new PlanViews(messages), actingAs, answers, work, lookups));
    app.event(com.slack.api.model.event.MessageEvent.class, new ThreadReplies(services.conversation(), actingAs, directMessages, work));
    app.event(AppHomeOpenedEvent.class, (payload, ctx) -> {
      String user = payload.getEvent().getUser();
      if ("home".equals(payload.getEvent().getTab())) {
        work.execute(() -> home.opened(user));
      }
      return ctx.ack();
    });
  }

  /** Keeps Home tabs current after the bot changes a membership. */
  public MembershipObserver homeRefresh() {
    return home;
  }

  /** Tells members by DM when someone else changed their access. */
  public MembershipObserver memberNotices() {
    return memberNotices;
  }

  /** The Slack Web API client the bot uses outside requests (DMs, audit channel). */
  public static Slack slackClient(String apiUrl) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(apiUrl);
    // Never log request or response bodies: they carry tokens and people's data.
    config.setPrettyResponseLoggingEnabled(false);
    return Slack.getInstance(config);
  }

  private static AppConfig appConfig(Settings settings) {
    return AppConfig.builder()
        .singleTeamBotToken(settings.botToken())
        .signingSecret(settings.signingSecret())
        .slack(slackClient(settings.apiUrl()))
        // The bot token is checked once at start-up (start()); re-checking inside requests would spend
        // Slack's 3 seconds on auth.test.
        .authTestCacheEnabled(true)
        .authTestCacheExpirationMillis(-1)
        .build();
  }

  /** Checks the bot token with Slack (auth.test) and makes the app ready; call once at boot. */
  public void start() {
    try {
      app.start();
    } catch (Exception e) {
      throw new IllegalStateException("Slack refused the bot token or could not be reached: " + e.getMessage(), e);
    }
  }

  /**
   * Sends the app one signed {@code /access help} in-process, as Slack would, so the first real request does
   * not pay for loading and compiling the request path (verification, middleware, parsing, Block Kit). It has
   * no effect: help is answered in the (discarded) acknowledgement and calls neither Opal nor Slack.
   */
  public void warmUp(String signingSecret, String slashCommand) {
    try {
      String body = "token=warm-up&team_id=T0WARMUP&channel_id=C0WARMUP&user_id=U0WARMUP&command="
          + java.net.URLEncoder.encode(slashCommand, java.nio.charset.StandardCharsets.UTF_8) + "&text=help&api_app_id=A0WARMUP";
      String timestamp = String.valueOf(java.time.Instant.now().getEpochSecond());
      java.util.Map<String, java.util.List<String>> headers = java.util.Map.of(
          "content-type", java.util.List.of("application/x-www-form-urlencoded"),
          "x-slack-request-timestamp", java.util.List.of(timestamp),
          "x-slack-signature", java.util.List.of(new com.slack.api.app_backend.SlackSignature.Generator(signingSecret).generate(timestamp, body)));
      com.slack.api.bolt.request.Request<?> request = new com.slack.api.bolt.util.SlackRequestParser(app.config())
          .parse(com.slack.api.bolt.util.SlackRequestParser.HttpRequest.builder().requestUri("/slack/events").requestBody(body)
              .headers(new com.slack.api.bolt.request.RequestHeaders(headers)).remoteAddress("127.0.0.1").build());
      app.run(request);
    } catch (Exception e) {
      // Only a warm-up: the first real request pays the cost instead.
      org.slf4j.LoggerFactory.getLogger(SlackApp.class).debug("warm-up request failed: {}", e.toString());
    }
  }

  /**
   * Connects to Slack over Socket Mode (an outbound WebSocket; no public URL) with the same listeners.
   * Bolt's client reconnects after Slack's {@code disconnect} messages and dropped connections, with its own
   * session monitor; each envelope is acknowledged with the listener's ack.
   */
  public SocketMode connectSocketMode(String appToken) {
    try {
      // Built from the app token (not from a ready client): that is where Bolt registers its envelope listener.
      com.slack.api.bolt.socket_mode.SocketModeApp socketModeApp = new com.slack.api.bolt.socket_mode.SocketModeApp(
          appToken, app, com.slack.api.socket_mode.SocketModeClient.Backend.JavaWebSocket);
      // Bolt reconnects on Slack's disconnect message, and its session monitor notices a dropped connection.
      // (Reconnecting on every close as well would also fire for the old connection Slack closes after a
      // disconnect message, and drop the new one in the middle of an envelope.)
      socketModeApp.startAsync();
      return new SocketMode(socketModeApp);
    } catch (Exception e) {
      throw new IllegalStateException("Slack refused the app-level token or Socket Mode could not connect: " + e.getMessage(), e);
    }
  }

  /** A running Socket Mode connection: whether it is up (for /healthz), and closing it. */
  public static final class SocketMode implements AutoCloseable {
    private final com.slack.api.bolt.socket_mode.SocketModeApp socketModeApp;

    private SocketMode(com.slack.api.bolt.socket_mode.SocketModeApp socketModeApp) {
      this.socketModeApp = socketModeApp;
    }

    public boolean isConnected() {
      return socketModeApp.getClient().verifyConnection();
    }

    @Override
    public void close() {
      try {
        socketModeApp.stop();
      } catch (Exception e) {
        // Stopping is best effort at shutdown.
      }
    }
  }

  public HttpServlet servlet() {
    return new SlackAppServlet(app);
  }

  public void stop() {
    try {
      app.stop();
    } catch (Exception e) {
      // Stopping is best effort at shutdown.
    }
  }
}
