package dev.opaljitbot.store;

import java.time.Instant;
import java.util.UUID;

/** A membership that ends: who, in which group, and when. */
public record TrackedExpiry(UUID groupId, UUID userId, String groupName, String userEmail, Instant expiresAt) {}
