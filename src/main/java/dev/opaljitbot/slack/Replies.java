package dev.opaljitbot.slack;

import com.slack.api.bolt.context.Context;
import com.slack.api.bolt.util.Responder;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.webhook.WebhookResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends answers that come after the ack, through the request's response_url. */
final class Replies {
  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  private Replies() {}

  /** An answer through the request's response_url, made on the request thread so it can be used after the ack. */
  static Answer answerVia(Context ctx, String responseUrl) {
    Responder responder = new Responder(ctx.getSlack(), responseUrl);
    return (blocks, replaceOriginal) -> {
      if (!blocks.isEmpty()) {
        send(responder, blocks, replaceOriginal);
      }
    };
  }

  /** Sends through an answer (a response_url, or Home and a DM). */
  static void send(Answer answer, List<LayoutBlock> blocks, boolean replaceOriginal) {
    answer.send(blocks, replaceOriginal);
  }

  /** Posts to a response_url; {@code replaceOriginal} updates the message the click came from. */
  private static void send(Responder responder, List<LayoutBlock> blocks, boolean replaceOriginal) {
    try {
      WebhookResponse response = replaceOriginal
          ? responder.send(ActionResponse.builder().replaceOriginal(true).responseType("ephemeral")
              .text(fallbackText(blocks)).blocks(blocks).build())
          : responder.send(SlashCommandResponse.builder().responseType("ephemeral")
              .text(fallbackText(blocks)).blocks(blocks).build());
      if (response.getCode() != 200) {
        LOG.warn("response_url answered {}: {}", response.getCode(), response.getBody());
      }
    } catch (Exception e) {
      LOG.warn("could not answer through response_url: {}", e.toString());
    }
  }

  /** Plain text for notifications and clients that cannot show blocks: the first text found. */
  static String fallbackText(List<LayoutBlock> blocks) {
    for (LayoutBlock block : blocks) {
      if (block instanceof SectionBlock s && s.getText() != null) {
        String text = text(s.getText());
        if (text.length() <= 300) {
          return text;
        }
        // Cut at a word, so a notification never ends mid-word ("so the ext…").
        int space = text.lastIndexOf(' ', 299);
        return text.substring(0, space > 200 ? space : 299) + "…";
      }
    }
    return "opal-jit-bot";
  }

  private static String text(TextObject t) {
    if (t instanceof MarkdownTextObject m) {
      return m.getText();
    }
    return t instanceof PlainTextObject p ? p.getText() : "";
  }
}
