package dev.opaljitbot.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A membership that ends: who, in which group, and when.
 *
 * @param grantedAt when the bot granted or extended it to this end; empty when it was found by the sweep
 */
public record TrackedExpiry(UUID groupId, UUID userId, String groupName, String userEmail, Instant expiresAt, Optional<Instant> grantedAt) {
  public TrackedExpiry(UUID groupId, UUID userId, String groupName, String userEmail, Instant expiresAt) {
    this(groupId, userId, groupName, userEmail, expiresAt, Optional.empty());
  }

  /** How long the access lasted from its grant to its end, when the bot made the grant. */
  public Optional<java.time.Duration> grantLength() {
    return grantedAt.map(at -> java.time.Duration.between(at, expiresAt));
  }
}
