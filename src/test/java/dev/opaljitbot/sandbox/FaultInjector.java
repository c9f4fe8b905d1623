package dev.opaljitbot.sandbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Test-only faults for the Opal sandbox: the next N calls to an endpoint answer 429, 5xx, broken JSON or
 * slowly. Lives in the tests, so no production configuration can reach it.
 */
public final class FaultInjector implements UnaryOperator<Handler> {
  private final Map<String, Deque<Fault>> planned = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  /** What a faulted call answers. */
  public sealed interface Fault {
    static Fault status(int code) {
      return new Status(code);
    }

    static Fault tooManyRequests(Duration retryAfter) {
      return new TooManyRequests(retryAfter);
    }

    static Fault malformedJson() {
      return new MalformedJson();
    }

    static Fault slow(Duration delay) {
      return new Slow(delay);
    }
  }

  record Status(int code) implements Fault {}

  record TooManyRequests(Duration retryAfter) implements Fault {}

  record MalformedJson() implements Fault {}

  record Slow(Duration delay) implements Fault {}

  /**
   * The next {@code count} calls matching method and path template (after {@code /v1}, with
   * {@code {x}} segments as wildcards) answer with the fault.
   */
  public void failNext(int count, String method, String pathTemplate, Fault fault) {
    Deque<Fault> queue = planned.computeIfAbsent(key(method, pathTemplate), k -> new ArrayDeque<>());
    synchronized (queue) {
      for (int i = 0; i < count; i++) {
        queue.add(fault);
      }
    }
  }

  /** Every call seen for the endpoint, faulted or not. */
  public int calls(String method, String pathTemplate) {
    AtomicInteger n = calls.get(key(method, pathTemplate));
    return n == null ? 0 : n.get();
  }

  public void reset() {
    planned.clear();
    calls.clear();
  }

  private static String key(String method, String template) {
    return method + " " + template.replaceAll("\\{[^/]+}", "{}");
  }

  private static final Pattern ID = Pattern.compile("[0-9a-fA-F-]{36}");

  /** The template key for a concrete path: ids become {}, and /v1 is dropped. */
  private static String keyOf(String method, String path) {
    String p = path.startsWith("/v1/") ? path.substring(3) : path;
    StringBuilder out = new StringBuilder();
    for (String segment : p.split("/")) {
      if (!segment.isEmpty()) {
        out.append('/').append(ID.matcher(segment).matches() ? "{}" : segment);
      }
    }
    return method + " " + out;
  }

  @Override
  public Handler apply(Handler sandbox) {
    return new Handler.Wrapper(sandbox) {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String key = keyOf(request.getMethod(), Request.getPathInContext(request));
        calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        Fault fault = null;
        Deque<Fault> queue = planned.get(key);
        if (queue != null) {
          synchronized (queue) {
            fault = queue.poll();
          }
        }
        if (fault instanceof Slow slow) {
          Thread.sleep(slow.delay().toMillis());
          return super.handle(request, response, callback);
        }
        if (fault instanceof Status s) {
          return answer(response, callback, s.code(), "{\"code\":" + s.code() + ",\"message\":\"injected failure\"}");
        }
        if (fault instanceof TooManyRequests t) {
          response.getHeaders().put("Retry-After", String.valueOf(t.retryAfter().toSeconds()));
          return answer(response, callback, 429, "{\"code\":429,\"message\":\"rate limit exceeded\"}");
        }
        if (fault instanceof MalformedJson) {
          return answer(response, callback, 200, "{\"results\": [ {\"group_id\": ");
        }
        return super.handle(request, response, callback);
      }
    };
  }

  private static boolean answer(Response response, Callback callback, int status, String body) {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", "application/json");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
