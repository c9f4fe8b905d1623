package dev.opaljitbot.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.view.View;
import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.opal.Group;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group picked in the add or extend form: the form is redrawn with that group's durations (nothing beyond
 * its maximum, its recommended one preselected); in the request form, with what the group already gives access
 * to. Slack keeps what was already typed in the other fields.
 */
final class GroupPicked implements BlockActionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(GroupPicked.class);

  private final GroupDirectory groups;
  private final DurationPolicy durations;
  private final ExecutorService work;
  private final RequestViews requestViews;
  private final dev.opaljitbot.access.GroupItems items;
  private final ItemViews itemViews;

  GroupPicked(GroupDirectory groups, DurationPolicy durations, ExecutorService work, RequestViews requestViews,
      dev.opaljitbot.access.GroupItems items, ItemViews itemViews) {
    this.requestViews = requestViews;
    this.items = items;
    this.itemViews = itemViews;
    this.groups = groups;
    this.durations = durations;
    this.work = work;
  }

  @Override
  public Response apply(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload payload = req.getPayload();
    View view = payload.getView();
    String picked = payload.getActions().get(0).getSelectedOption() == null ? null : payload.getActions().get(0).getSelectedOption().getValue();
    if (view == null || picked == null) {
      return ctx.ack();
    }
    Optional<Group> group;
    try {
      group = groups.cached(UUID.fromString(picked));
    } catch (IllegalArgumentException e) {
      return ctx.ack();
    }
    Modals.Prefill prefill = new Modals.Prefill(group, List.of(), Optional.empty(), Optional.empty(), Optional.empty());
    View redrawn = switch (view.getCallbackId()) {
      case ActionIds.ADD_MODAL -> group.map(g -> Modals.addMembers(prefill, durations.presets(g), durations.suggested(g),
          durations.allowsIndefinite(g), List.of(), view.getPrivateMetadata())).orElse(null);
      case ActionIds.EXTEND_MODAL -> group.map(g -> Modals.extendMember(prefill, durations.presets(g), durations.extension(g),
          durations.allowsIndefinite(g), Optional.empty(), List.of(), view.getPrivateMetadata())).orElse(null);
      default -> null;
    };
    boolean requestForm = ActionIds.REQUEST_MODAL.equals(view.getCallbackId()) && group.isPresent();
    if (redrawn != null || requestForm) {
      MethodsClient client = ctx.client();
      work.execute(() -> {
        try {
          // The request form says what the picked group already holds (an Opal call, so after the ack).
          View next = redrawn != null ? redrawn : requestViews.requestForm(new RequestViews.Prefill(group, List.of(), Optional.empty(),
              Optional.empty(), itemViews.summary(group.get(), items.of(group.get().groupId())).stream().toList()), view.getPrivateMetadata());
          // The hash makes Slack refuse the update if the form changed meanwhile (a later pick wins).
          var response = client.viewsUpdate(r -> r.viewId(view.getId()).hash(view.getHash()).view(next));
          if (!response.isOk() && !"hash_conflict".equals(response.getError())) {
            LOG.warn("views.update after a group pick failed: {}", response.getError());
          }
        } catch (Exception e) {
          LOG.warn("views.update after a group pick failed: {}", e.toString());
        }
      });
    }
    return ctx.ack();
  }
}
