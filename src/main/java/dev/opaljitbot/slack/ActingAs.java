package dev.opaljitbot.slack;

import com.slack.api.model.block.LayoutBlock;
import dev.opaljitbot.access.Actor;
import dev.opaljitbot.opal.User;
import java.util.List;
import java.util.function.Function;

/**
 * The sequence every answer made after the ack follows, in one place: find the person's Opal account (or say
 * why there is none), act as them, and turn any failure into words (logged once, never a stack trace in Slack).
 */
final class ActingAs {
  private final Lookups lookups;
  private final Messages messages;

  ActingAs(Lookups lookups, Messages messages) {
    this.lookups = lookups;
    this.messages = messages;
  }

  /**
   * @param attempted what the person tried, in words ("remove the access"), for a failure's message
   * @return what to answer: the action's blocks, or a problem
   */
  List<LayoutBlock> run(String slackUserId, String attempted, Function<Actor, List<LayoutBlock>> action) {
    return reply(slackUserId, attempted, actor -> Reply.beside(action.apply(actor))).blocks();
  }

  /** Like {@link #run}, for a click whose answer may replace the message clicked; a problem never does. */
  Reply reply(String slackUserId, String attempted, Function<Actor, Reply> action) {
    try {
      Lookups.Resolved<User> me = lookups.opalUser(slackUserId, true);
      if (me.problem().isPresent()) {
        return Reply.beside(messages.problem(me.problem().get()));
      }
      return action.apply(new Actor(slackUserId, me.value()));
    } catch (RuntimeException e) {
      return Reply.beside(messages.problem(Problems.describe(e, attempted)));
    }
  }
}
