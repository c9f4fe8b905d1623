package dev.opaljitbot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.builtin.EventRequest;
import com.slack.api.bolt.response.Response;
import java.time.Duration;

/**
 * Slack delivers an event again when it did not see the acknowledgement (a retry over HTTP, or an envelope
 * re-sent after a Socket Mode reconnect): an event id already handled here is acknowledged and not handled
 * twice. Commands and interactions are never re-sent by Slack.
 */
final class OnceEachEvent implements Middleware {
  /** Slack retries within minutes; an hour covers every retry. */
  private static final Duration REMEMBERED = Duration.ofHours(1);

  private final ObjectMapper json = new ObjectMapper();
  private final Cache<String, Boolean> seen = Caffeine.newBuilder().expireAfterWrite(REMEMBERED).maximumSize(100_000).build();

  @Override
  public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
    if (req instanceof EventRequest event) {
      String id = eventId(event.getRequestBodyAsString());
      if (!id.isEmpty() && seen.asMap().putIfAbsent(id, Boolean.TRUE) != null) {
        return Response.ok();
      }
    }
    return chain.next(req);
  }

  private String eventId(String body) {
    try {
      JsonNode node = json.readTree(body);
      return node.path("event_id").asText("");
    } catch (Exception e) {
      return "";
    }
  }
}
