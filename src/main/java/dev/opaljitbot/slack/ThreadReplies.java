package dev.opaljitbot.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.MessageEvent;
import dev.opaljitbot.approvals.RequestConversation;
import java.util.concurrent.ExecutorService;

/**
 * Replies in the threads of review cards (in DMs and review channels): each becomes a comment on the request
 * in Opal. Every other message, and the bot's own, is acknowledged and left alone.
 */
final class ThreadReplies implements BoltEventHandler<MessageEvent> {
  private final RequestConversation conversation;
  private final ActingAs actingAs;
  private final DirectMessages dms;
  private final ExecutorService work;

  ThreadReplies(RequestConversation conversation, ActingAs actingAs, DirectMessages dms, ExecutorService work) {
    this.conversation = conversation;
    this.actingAs = actingAs;
    this.dms = dms;
    this.work = work;
  }

  @Override
  public Response apply(EventsApiPayload<MessageEvent> payload, EventContext ctx) {
    MessageEvent event = payload.getEvent();
    boolean reply = event.getThreadTs() != null && !event.getThreadTs().equals(event.getTs());
    if (!reply || event.getBotId() != null || event.getSubtype() != null || event.getUser() == null) {
      return ctx.ack();
    }
    String author = event.getUser();
    work.execute(() -> {
      if (!conversation.isCardThread(event.getChannel(), event.getThreadTs())) {
        return; // a thread the bot did not start with a review card
      }
      var answer = actingAs.run(author, "add your reply to the request in Opal", actor -> {
        conversation.reply(actor, event.getChannel(), event.getThreadTs(), event.getText());
        return java.util.List.of(); // the reply itself is the record in Slack: nothing more to say
      });
      if (!answer.isEmpty()) {
        // Only a problem gets here (no Opal account, Opal refused): the author hears why, by DM.
        dms.deliverToSlackUser(DirectMessages.Kind.CLICK_ANSWER, author, answer);
      }
    });
    return ctx.ack();
  }
}
