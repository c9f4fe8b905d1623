package dev.opaljitbot.reminders;

import dev.opaljitbot.access.MembershipObserver;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.store.BotStore;
import dev.opaljitbot.store.TrackedExpiry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Records the expirations the bot creates, so their reminders do not wait for the next sweep. */
public final class ExpiryTracker implements MembershipObserver {
  private final BotStore store;
  private final Clock clock;

  public ExpiryTracker(BotStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void changed(Group group, User user, Optional<Instant> endsAt, boolean removed) {
    if (removed || endsAt.isEmpty()) {
      store.untrack(group.groupId(), user.userId());
    } else {
      Instant now = clock.instant();
      store.track(new TrackedExpiry(group.groupId(), user.userId(), group.displayName(), user.email(), endsAt.get(), Optional.of(now)), now);
    }
  }
}
