package dev.opaljitbot.slack;

import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.Responder;
import com.slack.api.model.view.ViewState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the bot's work queue is full, a request is answered at once that the bot is busy and to try again in
 * a moment, instead of being queued without bound or dropped: a command gets an ephemeral reply, a form keeps
 * what was typed and shows the message on a field, a button click is told through its response_url.
 */
final class BusyWhenFull implements Middleware {
  private static final Logger LOG = LoggerFactory.getLogger(BusyWhenFull.class);
  static final String BUSY = ":hourglass: I'm busy right now, so nothing was done. Please try again in a moment.";

  private final Counter refused;

  BusyWhenFull(MeterRegistry metrics) {
    this.refused = Counter.builder("slack.busy.answers").description("Requests answered 'busy' because the work queue was full")
        .register(metrics);
  }

  @Override
  public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
    try {
      return chain.next(req);
    } catch (RejectedExecutionException e) {
      refused.increment();
      LOG.warn("work queue full: answered {} with 'busy'", req.getRequestType());
      return busy(req);
    }
  }

  private static Response busy(Request<?> req) {
    if (req instanceof SlashCommandRequest) {
      return Response.json(200, SlashCommandResponse.builder().responseType("ephemeral").text(BUSY).build());
    }
    if (req instanceof ViewSubmissionRequest r) {
      // Errors on a field keep the form open with everything typed.
      ViewState state = r.getPayload().getView().getState();
      String block = state != null && state.getValues() != null && state.getValues().containsKey(ActionIds.GROUP_BLOCK)
          ? ActionIds.GROUP_BLOCK
          : state != null && state.getValues() != null && !state.getValues().isEmpty() ? state.getValues().keySet().iterator().next() : null;
      if (block != null) {
        return Response.json(200, Map.of("response_action", "errors", "errors", Map.of(block, "I'm busy right now: nothing was done. Submit again in a moment.")));
      }
      return Response.ok();
    }
    if (req instanceof BlockActionRequest r && r.getPayload().getResponseUrl() != null) {
      try {
        new Responder(req.getContext().getSlack(), r.getPayload().getResponseUrl())
            .send(ActionResponse.builder().responseType("ephemeral").replaceOriginal(false).text(BUSY).build());
      } catch (Exception sendFailed) {
        LOG.warn("could not tell a click that the bot is busy: {}", sendFailed.toString());
      }
    }
    return Response.ok();
  }
}
