package dev.opaljitbot.store;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A notice about one expiry, identified so it is sent at most once.
 *
 * @param lead the reminder's lead time; zero for notices without one (digest lines use the lead too)
 */
public record Notice(UUID groupId, UUID userId, Instant expiresAt, Kind kind, Duration lead) {
  /** What the notice is. */
  public enum Kind {
    /** A reminder DM to the member. */
    REMINDER,
    /** A line about the member in a leader's digest. */
    DIGEST,
    /** "Your access has ended". */
    ENDED,
    /** A reminder to a group's leaders that the group's access to an item ends ({@code userId} holds the item's id). */
    ITEM_REMINDER,
    /** One Extend from this end, however many buttons (DM, digest, Home) are clicked for it. */
    EXTENSION
  }
}
