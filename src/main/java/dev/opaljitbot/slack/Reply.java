package dev.opaljitbot.slack;

import com.slack.api.model.block.LayoutBlock;
import java.util.List;

/**
 * An answer to a click: what to say, and whether it replaces the message clicked (an outcome that settles
 * the message) or comes beside it (a problem, leaving the message's buttons for another try).
 */
record Reply(List<LayoutBlock> blocks, boolean replaceOriginal) {
  Reply {
    blocks = List.copyOf(blocks);
  }

  /** The message clicked is replaced by this. */
  static Reply replacing(List<LayoutBlock> blocks) {
    return new Reply(blocks, true);
  }

  /** Said beside the message clicked, which stays as it was. */
  static Reply beside(List<LayoutBlock> blocks) {
    return new Reply(blocks, false);
  }
}
