package dev.opaljitbot.access;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import java.time.Instant;
import java.util.Optional;

/** Told of every membership the bot changed, so expiry reminders, Home tabs and the member follow at once. */
public interface MembershipObserver {
  /**
   * @param endsAt the membership's new end; empty when indefinite or removed
   * @param removed true when the person no longer has access
   */
  void changed(Group group, User user, Optional<Instant> endsAt, boolean removed);

  /** The whole change, with who made it and why; observers that need only the new end keep the default. */
  default void changed(MemberNotice notice) {
    changed(notice.group(), notice.member(), notice.endsAt(), notice.removed());
  }
}
