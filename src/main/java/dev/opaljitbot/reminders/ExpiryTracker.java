package dev.opaljitbot.reminders;

import dev.opaljitbot.access.MembershipObserver;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.store.BotStore;
import dev.opaljitbot.store.ReminderMessage;
import dev.opaljitbot.store.TrackedExpiry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Records the expirations the bot creates, so their reminders do not wait for the next sweep, and updates
 * reminder DMs about an end that no longer holds, so their buttons cannot act on it.
 */
public final class ExpiryTracker implements MembershipObserver {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ExpiryTracker.class);
  private final BotStore store;
  private final Clock clock;
  private final ExpiryNotifier notifier;

  public ExpiryTracker(BotStore store, Clock clock, ExpiryNotifier notifier) {
    this.store = store;
    this.clock = clock;
    this.notifier = notifier;
  }

  @Override
  public void changed(Group group, User user, Optional<Instant> endsAt, boolean removed) {
    for (ReminderMessage m : store.reminderMessages(group.groupId(), user.userId())) {
      if (removed || endsAt.isEmpty() || !endsAt.get().equals(m.expiresAt())) {
        try {
          notifier.outdated(new dev.opaljitbot.delivery.Delivery.Sent(m.channelId(), m.messageTs()), group, m.expiresAt(), endsAt, removed);
          store.forgetReminderMessage(m);
        } catch (RuntimeException e) {
          LOG.warn("reminder DM {} of group {} could not be updated: {}", m.messageTs(), group.groupId(), e.toString());
        }
      }
    }
    if (removed || endsAt.isEmpty()) {
      store.untrack(group.groupId(), user.userId());
    } else {
      Instant now = clock.instant();
      store.track(new TrackedExpiry(group.groupId(), user.userId(), group.displayName(), user.email(), endsAt.get(), Optional.of(now)), now);
    }
  }
}
