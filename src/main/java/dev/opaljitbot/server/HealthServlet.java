package dev.opaljitbot.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /healthz}: 200 {@code {"status":"ok"}} while the process serves, plus whether each
 * dependency answers. A down dependency does not fail the check: the bot still acknowledges Slack and
 * explains the outage to users, so restarting it would not help.
 */
final class HealthServlet extends HttpServlet {
  private final transient List<DependencyCheck> checks;
  private final transient ObjectMapper json = new ObjectMapper();

  HealthServlet(List<DependencyCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ok");
    Map<String, String> dependencies = new LinkedHashMap<>();
    for (DependencyCheck check : checks) {
      dependencies.put(check.name(), check.isUp() ? "ok" : "unreachable");
    }
    body.put("dependencies", dependencies);
    resp.setStatus(200);
    resp.setContentType("application/json");
    resp.setHeader("Cache-Control", "no-store");
    json.writeValue(resp.getOutputStream(), body);
  }
}
