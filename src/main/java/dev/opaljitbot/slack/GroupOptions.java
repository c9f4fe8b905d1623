package dev.opaljitbot.slack;

import com.slack.api.app_backend.interactive_components.response.BlockSuggestionResponse;
import com.slack.api.app_backend.interactive_components.response.Option;
import com.slack.api.bolt.context.builtin.BlockSuggestionContext;
import com.slack.api.bolt.handler.builtin.BlockSuggestionHandler;
import com.slack.api.bolt.request.builtin.BlockSuggestionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.block.composition.PlainTextObject;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import java.util.List;

/**
 * Options for the group select, searched as the person types: only groups they lead (searched among their
 * own groups, so none is missed), best matches first (exact, then prefix, then substring), at most Slack's
 * 100 options with a note to type more when there are more, answered from the cache.
 */
final class GroupOptions implements BlockSuggestionHandler {
  /** Slack: an external select shows at most 100 options. */
  static final int OPTIONS_LIMIT = 100;

  private final GroupDirectory groups;
  private final Lookups lookups;

  GroupOptions(GroupDirectory groups, Lookups lookups) {
    this.groups = groups;
    this.lookups = lookups;
  }

  @Override
  public Response apply(BlockSuggestionRequest req, BlockSuggestionContext ctx) {
    String query = req.getPayload().getValue() == null ? "" : req.getPayload().getValue().strip();
    Lookups.Resolved<User> me = lookups.opalUser(req.getPayload().getUser().getId(), true);
    if (me.problem().isPresent()) {
      return ctx.ack(BlockSuggestionResponse.builder().options(List.of()).build());
    }
    // One more than Slack shows, to know whether to ask for more letters.
    List<Group> mine = groups.searchLedBy(me.value().userId(), query, OPTIONS_LIMIT + 1);
    List<Option> options = mine.stream()
        .limit(OPTIONS_LIMIT)
        .map(g -> Option.builder()
            .text(PlainTextObject.builder().text(Messages.clip(g.displayName(), Modals.OPTION_TEXT_LIMIT)).build())
            .value(g.groupId().toString())
            .build())
        .toList();
    if (mine.size() > OPTIONS_LIMIT) {
      // Slack shows at most 100 options: a labelled group says there are more.
      return ctx.ack(BlockSuggestionResponse.builder().optionGroups(List.of(
          com.slack.api.app_backend.interactive_components.response.OptionGroup.builder()
              .label(PlainTextObject.builder().text("First " + OPTIONS_LIMIT + " of your groups: type more to narrow").build())
              .options(options).build())).build());
    }
    return ctx.ack(BlockSuggestionResponse.builder().options(options).build());
  }
}
