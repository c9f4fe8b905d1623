package dev.opaljitbot.slack;

import dev.opaljitbot.delivery.Delivery;
import dev.opaljitbot.delivery.Outbox;
import dev.opaljitbot.delivery.OutboxMessage;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends again the messages Slack refused (kept in the store's outbox), once their retry time has come: each
 * claimed by one process, settled after the attempt, given up a day after it was first written.
 */
public final class OutboxSender {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
  /** Per run; the rest waits for the next run, so a backlog never holds a thread for long. */
  private static final int BATCH = 100;

  private final Outbox store;
  private final DirectMessages dms;
  private final Clock clock;

  public OutboxSender(Outbox store, DirectMessages dms, Clock clock) {
    this.store = store;
    this.dms = dms;
    this.clock = clock;
  }

  /** Sends what is due; returns how many Slack took. */
  public int sendDue() {
    Instant now = clock.instant();
    int sent = 0;
    for (OutboxMessage m : store.claimDueMessages(now, BATCH)) {
      Delivery result;
      try {
        result = dms.resend(m);
      } catch (RuntimeException e) {
        result = new Delivery.Refused(java.time.Duration.ZERO, e.toString());
      }
      Delivery.State state;
      try {
        state = store.settleMessage(m, result, now);
      } catch (RuntimeException e) {
        // Its claim lapses and it is tried again: a rare duplicate rather than a lost message.
        LOG.error("{} to {}: outcome {} could not be recorded", m.kind(), m.recipient(), result, e);
        continue;
      }
      switch (state) {
        case SENT -> sent++;
        case GAVE_UP -> {
          LOG.warn("{} to {} given up after {} attempts: {}", m.kind(), m.recipient(), m.attempts(), result);
          if (result instanceof Delivery.Refused) {
            dms.counted(DirectMessages.Kind.valueOf(m.kind()).label(), "given_up");
          }
        }
        default -> LOG.info("{} to {} refused again ({}); next try later", m.kind(), m.recipient(), result);
      }
    }
    return sent;
  }
}
