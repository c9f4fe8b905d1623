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

  private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("<([^<>]+)>");

  /**
   * What the person wrote, as plain words for Opal: Slack sends {@code &amp; &lt; &gt;} encoded and mentions,
   * channels and links as tokens ({@code <@U…|name>}, {@code <#C…|name>}, {@code <https://…|label>}).
   */
  static String plainText(String slackText) {
    if (slackText == null) {
      return "";
    }
    java.util.regex.Matcher m = TOKEN.matcher(slackText);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String token = m.group(1);
      String[] parts = token.split("\\|", 2);
      String shown;
      if (token.startsWith("@") || token.startsWith("#")) {
        shown = token.charAt(0) + (parts.length > 1 ? parts[1] : parts[0].substring(1));
      } else if (token.startsWith("!")) {
        shown = "@" + parts[0].substring(1).split("\\^")[0];
      } else {
        shown = parts.length > 1 ? parts[1] + " (" + parts[0] + ")" : parts[0];
      }
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(shown));
    }
    m.appendTail(out);
    return out.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
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
        conversation.reply(actor, event.getChannel(), event.getThreadTs(), plainText(event.getText()));
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
