package dev.opaljitbot.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code /slack/events} of a bot in Socket Mode: Slack sends nothing here, so a request says where things go instead. */
public final class SocketModeOnly extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setStatus(404);
    resp.setContentType("text/plain; charset=utf-8");
    resp.getOutputStream().write(("This bot receives Slack's requests over Socket Mode (SLACK_APP_TOKEN), not here: "
        + "remove the request URLs from the Slack app, or unset SLACK_APP_TOKEN to use them.\n").getBytes(StandardCharsets.UTF_8));
  }
}
