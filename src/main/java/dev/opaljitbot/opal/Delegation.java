package dev.opaljitbot.opal;

import java.time.Instant;
import java.util.UUID;

/** A reviewer's delegation of their access reviews to someone else, for a while (schema {@code Delegation}). */
public record Delegation(UUID id, UUID delegatorUserId, UUID delegateUserId, Instant startTime, Instant endTime, String reason) {
  /** In force at {@code now}: started, not yet ended. */
  public boolean isActiveAt(Instant now) {
    return startTime != null && endTime != null && !now.isBefore(startTime) && now.isBefore(endTime);
  }
}
