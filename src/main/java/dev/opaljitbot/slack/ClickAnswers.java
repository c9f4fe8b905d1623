package dev.opaljitbot.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.Context;
import com.slack.api.model.block.LayoutBlock;
import java.util.List;

/** Chooses where a click is answered: its response_url in a message, or Home and a DM for a Home tab click. */
final class ClickAnswers {
  private final HomeTab home;
  private final DirectMessages dms;

  ClickAnswers(HomeTab home, DirectMessages dms) {
    this.home = home;
    this.dms = dms;
  }

  /** An answer for someone whose form or message could not show it (e.g. they closed the form): a DM, kept until Slack takes it. */
  void byDm(String slackUserId, List<LayoutBlock> blocks) {
    dms.deliverToSlackUser(DirectMessages.Kind.CLICK_ANSWER, slackUserId, blocks);
  }

  /** The answer for this click; made on the request thread so it can be used after the ack. */
  Answer forClick(Context ctx, BlockActionPayload payload) {
    String responseUrl = payload.getResponseUrl();
    if (responseUrl != null && !responseUrl.isBlank()) {
      return Replies.answerVia(ctx, responseUrl);
    }
    // Slack sends no response_url for Home tab clicks: the Home tab is redrawn with the new state and the
    // words of the answer arrive as a DM.
    String clicker = payload.getUser().getId();
    long mark = home.clickMark();
    return (blocks, replaceOriginal) -> {
      // Already on a worker thread (answers are sent after the ack): redraw here rather than queue more work.
      // Home first, where the person is looking; then the words.
      home.clicked(clicker, mark);
      if (!blocks.isEmpty()) {
        dms.deliverToSlackUser(DirectMessages.Kind.CLICK_ANSWER, clicker, blocks);
      }
    };
  }
}
