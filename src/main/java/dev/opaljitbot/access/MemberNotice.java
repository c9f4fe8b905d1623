package dev.opaljitbot.access;

import dev.opaljitbot.access.MemberChange.PersonResult;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import java.time.Instant;
import java.util.Optional;

/**
 * One change the bot made to one person's access: who did it, to which group, the end before and after, and
 * the reason given. Observers use it to keep reminders and Home tabs current and to tell the person.
 */
public record MemberNotice(Actor by, Group group, PersonResult result, Optional<String> reason) {

  public User member() {
    return result.user();
  }

  /** The new end; empty when the access has no end date or was removed. */
  public Optional<Instant> endsAt() {
    return result.expiresAt();
  }

  public boolean removed() {
    return result.status() == PersonResult.Status.REMOVED;
  }

  /** True when the person changed their own access (leaving), so there is nobody else to tell them. */
  public boolean bySelf() {
    return by.opalUser().userId().equals(result.user().userId());
  }
}
