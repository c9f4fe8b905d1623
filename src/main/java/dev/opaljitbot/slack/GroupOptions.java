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
 * Options for the group select, searched as the person types: only groups they lead, best matches first
 * (exact, then prefix, then substring), at most Slack's 100 options, answered from the cache.
 */
final class GroupOptions implements BlockSuggestionHandler {
  /** Slack: an external select shows at most 100 options. */
  static final int OPTIONS_LIMIT = 100;
  /** Candidates searched before keeping only the caller's groups. */
  private static final int SEARCH_WIDTH = 2_000;

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
    List<Group> mine = query.isEmpty()
        ? groups.ledBy(me.value().userId())
        : groups.search(query, SEARCH_WIDTH).stream().filter(g -> g.isLeader(me.value().userId())).toList();
    List<Option> options = mine.stream()
        .limit(OPTIONS_LIMIT)
        .map(g -> Option.builder()
            .text(PlainTextObject.builder().text(Messages.clip(g.displayName(), Modals.OPTION_TEXT_LIMIT)).build())
            .value(g.groupId().toString())
            .build())
        .toList();
    return ctx.ack(BlockSuggestionResponse.builder().options(options).build());
  }
}
