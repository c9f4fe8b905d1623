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
  private final transient Map<String, java.util.function.Supplier<String>> states;
  private final transient ObjectMapper json = new ObjectMapper();

  HealthServlet(List<DependencyCheck> checks, Map<String, java.util.function.Supplier<String>> states) {
    this.checks = List.copyOf(checks);
    this.states = Map.copyOf(states);
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
    // Readiness of parts that load after start (e.g. "group_index": "loading" until every group is indexed).
    new java.util.TreeMap<>(states).forEach((name, state) -> body.put(name, state.get()));
    resp.setStatus(200);
    resp.setContentType("application/json");
    resp.setHeader("Cache-Control", "no-store");
    json.writeValue(resp.getOutputStream(), body);
  }
}
