package dev.opaljitbot.slack;

import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.BlockSuggestionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counts and times every request from Slack by kind and by what it was (the subcommand, action or modal),
 * as {@code slack_requests_seconds}; the time is until the acknowledgement Slack waits for.
 */
final class RequestMetrics implements Middleware {
  private final MeterRegistry registry;

  RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
    Timer.Sample sample = Timer.start(registry);
    Response response = chain.next(req);
    sample.stop(Timer.builder("slack.requests")
        .description("Requests from Slack until acknowledged")
        .tag("type", String.valueOf(req.getRequestType()))
        .tag("name", name(req))
        .tag("status", String.valueOf(response.getStatusCode()))
        .publishPercentileHistogram()
        .register(registry));
    return response;
  }

  /** A small, bounded label: the subcommand word, action id or modal callback id; never user input beyond one known word. */
  private static String name(Request<?> req) {
    if (req instanceof SlashCommandRequest r) {
      AccessCommand command = AccessCommand.parse(r.getPayload().getText());
      return command.word();
    }
    if (req instanceof BlockActionRequest r && !r.getPayload().getActions().isEmpty()) {
      return r.getPayload().getActions().get(0).getActionId();
    }
    if (req instanceof ViewSubmissionRequest r) {
      return r.getPayload().getView().getCallbackId();
    }
    if (req instanceof BlockSuggestionRequest r) {
      return r.getPayload().getActionId();
    }
    return "other";
  }
}
