package dev.opaljitbot.delivery;

import java.time.Instant;
import java.util.List;

/** Where messages Slack refused wait to be sent again; the bot's store keeps them (so they survive restarts). */
public interface Outbox {

  /** Keeps a message Slack refused, due again at its retry time. */
  void keep(OutboxMessage message);

  /** Claims up to {@code limit} kept messages that are due: each is handed to one caller, whichever process asks. */
  List<OutboxMessage> claimDueMessages(Instant now, int limit);

  /**
   * Records how sending a kept message went: a refusal makes it due again at {@link Delivery#nextTry} (given up
   * {@link Delivery#GIVE_UP_AFTER} after it was first written); a sent or given-up message is forgotten.
   */
  Delivery.State settleMessage(OutboxMessage message, Delivery outcome, Instant now);
}
