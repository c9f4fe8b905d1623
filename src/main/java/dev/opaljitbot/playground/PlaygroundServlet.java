package dev.opaljitbot.playground;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.GroupUser;
import dev.opaljitbot.sandbox.OpalSandbox;
import dev.opaljitbot.sandbox.SandboxClock;
import dev.opaljitbot.sandbox.slack.RecordedMessage;
import dev.opaljitbot.sandbox.slack.RecordedView;
import dev.opaljitbot.sandbox.slack.SlackStandIn;
import dev.opaljitbot.sandbox.slack.SlackUser;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

/**
 * The playground: static files (a plain page, no build step) and a small JSON API over the Slack
 * stand-in and the Opal sandbox: who you can be, what each person sees, the sandbox's state and its clock.
 * Every action the page takes goes to the bot as Slack would send it: a signed POST to /slack/events.
 */
public final class PlaygroundServlet extends HttpServlet {
  private static final Map<String, String> FILES = Map.of(
      "", "index.html", "/", "index.html", "/app.js", "app.js", "/style.css", "style.css");
  private static final Map<String, String> TYPES = Map.of(
      "index.html", "text/html; charset=utf-8", "app.js", "text/javascript; charset=utf-8", "style.css", "text/css; charset=utf-8");

  private final transient SlackStandIn slack;
  private final transient OpalSandbox opal;
  private final transient SandboxClock clock;
  private final transient String signingSecret;
  private final transient String slashCommand;
  private final transient Runnable afterClockMove;
  private final transient ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
      .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false);

  /**
   * @param afterClockMove runs the bot's background passes after time moves, so reminders show at once
   */
  public PlaygroundServlet(SlackStandIn slack, OpalSandbox opal, SandboxClock clock, String signingSecret, String slashCommand,
      Runnable afterClockMove) {
    this.slack = slack;
    this.opal = opal;
    this.clock = clock;
    this.signingSecret = signingSecret;
    this.slashCommand = slashCommand;
    this.afterClockMove = afterClockMove;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    if (FILES.containsKey(path)) {
      String file = FILES.get(path);
      try (InputStream in = PlaygroundServlet.class.getResourceAsStream("/playground/" + file)) {
        resp.setContentType(TYPES.get(file));
        resp.setHeader("Cache-Control", "no-store");
        in.transferTo(resp.getOutputStream());
      }
      return;
    }
    switch (path) {
      case "/api/session" -> session(resp);
      case "/api/inbox" -> inbox(req.getParameter("user"), resp);
      case "/api/world" -> world(resp);
      default -> resp.sendError(404);
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    String user = req.getParameter("user");
    switch (path) {
      case "/api/trigger" -> write(resp, json.createObjectNode()
          .put("seen", slack.seenBy(user).size()) // where in the timeline what this person does now belongs
          .put("trigger_id", slack.issueTriggerId(user))
          .put("response_url", slack.newResponseUrl(user, req.getParameter("channel") == null ? "C0PLAYGROUND" : req.getParameter("channel"),
              req.getParameter("message"))));
      case "/api/deliver" -> deliver(req, resp);
      case "/api/view/replace" -> {
        slack.replaceViewIfUnchanged(req.getParameter("id"), req.getParameter("hash"), json.readTree(req.getInputStream()));
        write(resp, json.createObjectNode().put("ok", true));
      }
      case "/api/view/close" -> {
        slack.closeView(req.getParameter("id"));
        write(resp, json.createObjectNode().put("ok", true));
      }
      case "/api/clock/advance" -> {
        long minutes;
        try {
          minutes = Long.parseLong(req.getParameter("minutes"));
        } catch (NumberFormatException e) {
          resp.sendError(400, "minutes must be a whole number");
          return;
        }
        if (minutes <= 0 || minutes > 60L * 24 * 365) {
          resp.sendError(400, "minutes must be from 1 to one year");
          return;
        }
        clock.advance(Duration.ofMinutes(minutes));
        afterClockMove.run();
        write(resp, json.createObjectNode().put("now", clock.instant().toString()));
      }
      default -> resp.sendError(404);
    }
  }

  /**
   * In Socket Mode the page's requests go to the bot as Slack would send them there: as envelopes over the
   * stand-in's Socket Mode link (a slash command's form fields as JSON, an interaction's payload, an event);
   * the answer is the envelope's acknowledgement payload, as an HTTP answer would have been.
   */
  private void deliver(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (slack.socketMode().isEmpty()) {
      resp.sendError(404, "the bot is not in Socket Mode");
      return;
    }
    com.fasterxml.jackson.databind.JsonNode ack;
    try {
      ack = envelopeAck(req);
    } catch (AssertionError notAcknowledged) {
      // What Slack would show: the app did not answer in time (the bot's log says why).
      resp.setStatus(504);
      resp.setContentType("text/plain; charset=utf-8");
      resp.getOutputStream().write(("The bot did not acknowledge this within Slack's 3 seconds: " + notAcknowledged.getMessage())
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return;
    }
    resp.setStatus(200);
    if (ack.isEmpty()) {
      return;
    }
    write(resp, (ObjectNode) ack);
  }

  private com.fasterxml.jackson.databind.JsonNode envelopeAck(HttpServletRequest req) throws IOException {
    com.fasterxml.jackson.databind.JsonNode ack;
    if (req.getContentType() != null && req.getContentType().startsWith("application/json")) {
      ack = slack.socketMode().get().deliver("events_api", json.readTree(req.getInputStream()));
    } else {
      // A form: the container has parsed it already (doPost read the user parameter), so read the parameters.
      Map<String, String> fields = new java.util.LinkedHashMap<>();
      req.getParameterMap().forEach((name, values) -> fields.put(name, values.length == 0 ? "" : values[0]));
      ack = slack.socketMode().get().deliverForm(fields);
    }
    return ack;
  }

  private void session(HttpServletResponse resp) throws IOException {
    ObjectNode out = json.createObjectNode();
    // Sandbox only: the page signs its requests to /slack/events with this generated secret, as Slack would.
    out.put("signingSecret", signingSecret).put("command", slashCommand).put("now", clock.instant().toString())
        .put("socketMode", slack.socketMode().isPresent());
    ArrayNode users = out.putArray("users");
    for (SlackUser u : slack.users()) {
      users.addObject().put("id", u.id()).put("name", u.name()).put("realName", u.realName()).put("email", u.email()).put("tz", u.tz());
    }
    write(resp, out);
  }

  private void inbox(String user, HttpServletResponse resp) throws IOException {
    ObjectNode out = json.createObjectNode();
    ArrayNode messages = out.putArray("messages");
    int i = 0;
    for (RecordedMessage m : slack.seenBy(user)) {
      ObjectNode node = messages.addObject().put("index", i++).put("kind", m.kind().name()).put("channel", m.channel())
          .put("ts", m.ts()).put("text", m.text()).put("replaceOriginal", m.replaceOriginal());
      node.set("blocks", m.blocks());
    }
    ArrayNode views = out.putArray("views");
    for (RecordedView v : slack.openViews(user)) {
      views.addObject().put("id", v.viewId()).put("hash", v.hash()).set("view", v.view());
    }
    slack.homeOf(user).ifPresent(h -> {
      out.set("home", h.view());
      out.put("homeViewId", h.viewId());
    });
    out.put("now", clock.instant().toString());
    write(resp, out);
  }

  private void world(HttpServletResponse resp) throws IOException {
    ObjectNode out = json.createObjectNode().put("now", clock.instant().toString());
    ArrayNode groups = out.putArray("groups");
    for (Group g : opal.world().groups()) {
      ObjectNode node = groups.addObject().put("id", g.groupId().toString()).put("name", g.displayName());
      if (g.maxDurationMinutes() != null) node.put("maxMinutes", g.maxDurationMinutes());
      ArrayNode members = node.putArray("members");
      for (GroupUser m : opal.world().groupUsers(g.groupId())) {
        members.addObject().put("name", m.fullName()).put("email", m.email())
            .put("expires", m.expirationDate() == null ? null : m.expirationDate().toString());
      }
      ArrayNode resources = node.putArray("resources");
      opal.world().groupResources(g.groupId()).forEach(r -> resources.addObject().put("name", r.resourceName())
          .put("expires", r.expirationDate() == null ? null : r.expirationDate().toString()));
    }
    ArrayNode requests = out.putArray("requests");
    opal.world().requests(false, null, null, null).forEach(r -> requests.addObject().put("id", r.id().toString())
        .put("status", r.status().name()).put("reason", r.reason())
        .put("items", String.join(", ", r.requestedItemsList().stream().map(i -> i.name()).toList())));
    write(resp, out);
  }

  private void write(HttpServletResponse resp, Object body) throws IOException {
    resp.setStatus(200);
    resp.setContentType("application/json");
    resp.setHeader("Cache-Control", "no-store");
    json.writeValue(resp.getOutputStream(), body);
  }
}
