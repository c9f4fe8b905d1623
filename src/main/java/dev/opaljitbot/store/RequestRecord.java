package dev.opaljitbot.store;

import java.time.Instant;
import java.util.UUID;

/** A request the bot made on behalf of a group, and the person who asked for it. */
public record RequestRecord(UUID requestId, UUID targetGroupId, UUID requestedByOpal, String requestedBySlack, String status, Instant createdAt) {}
