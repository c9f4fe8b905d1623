package dev.opaljitbot.store;

import java.util.UUID;

/** A reviewer's DM about a request: where it is, to update it after the decision. */
public record ReviewMessage(UUID requestId, UUID reviewerId, int stage, String channelId, String messageTs) {}
