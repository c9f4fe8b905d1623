package dev.opaljitbot.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A message Slack refused, kept to be sent again.
 *
 * @param recipient a Slack user or channel id, or {@code email:} and an address whose Slack account was not found yet
 * @param blocksJson Block Kit JSON as Slack takes it; empty for a plain-text message
 * @param attempts sends tried so far
 */
public record OutboxMessage(UUID id, String kind, String recipient, String fallbackText, String blocksJson, int attempts,
    Instant createdAt, Instant retryAt) {}
