package dev.opaljitbot.slack;

import com.slack.api.model.block.LayoutBlock;
import java.util.List;

/**
 * Where the answer to one command or click goes, decided when it arrives: through its {@code response_url}
 * in messages, or, for a click on the Home tab (which has none), a refreshed Home and a DM.
 */
@FunctionalInterface
interface Answer {
  /**
   * @param blocks what to say; empty when the click's own effect says enough (Home is still refreshed)
   * @param replaceOriginal replace the message clicked (response_url only)
   */
  void send(List<LayoutBlock> blocks, boolean replaceOriginal);

  default void send(Reply reply) {
    send(reply.blocks(), reply.replaceOriginal());
  }
}
