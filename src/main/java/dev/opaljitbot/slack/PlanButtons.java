package dev.opaljitbot.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import dev.opaljitbot.plans.PlannedAdds;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/** Cancel on a planned add: re-authorized at click time (the clicker must lead the group now). */
final class PlanButtons implements BlockActionHandler {
  private final PlannedAdds plans;
  private final PlanViews views;
  private final ActingAs actingAs;
  private final ClickAnswers answers;
  private final ExecutorService work;
  private final Lookups lookups;

  PlanButtons(PlannedAdds plans, PlanViews views, ActingAs actingAs, ClickAnswers answers, ExecutorService work, Lookups lookups) {
    this.lookups = lookups;
    this.plans = plans;
    this.views = views;
    this.actingAs = actingAs;
    this.answers = answers;
    this.work = work;
  }

  @Override
  public Response apply(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload payload = req.getPayload();
    java.util.Optional<UUID> planId = ButtonValue.uuid(payload.getActions().get(0).getValue());
    if (planId.isEmpty()) {
      return ctx.ack();
    }
    Answer answer = answers.forClick(ctx, payload);
    String clicker = payload.getUser().getId();
    work.execute(() -> answer.send(actingAs.reply(clicker, "cancel the planned add", actor -> {
      PlannedAdds.Cancelled cancelled = plans.cancel(actor, planId.get());
      return new Reply(views.cancelled(cancelled, lookups.personNames()), false);
    })));
    return ctx.ack();
  }
}
