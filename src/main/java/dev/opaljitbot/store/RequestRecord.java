package dev.opaljitbot.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A request the bot made on behalf of a group, and the person who asked for it.
 *
 * @param ticket the support ticket reference given with it; empty when none
 */
public record RequestRecord(
    UUID requestId, UUID targetGroupId, UUID requestedByOpal, String requestedBySlack, String status, Instant createdAt, String ticket) {

  public RequestRecord(UUID requestId, UUID targetGroupId, UUID requestedByOpal, String requestedBySlack, String status, Instant createdAt) {
    this(requestId, targetGroupId, requestedByOpal, requestedBySlack, status, createdAt, "");
  }

  public RequestRecord {
    ticket = ticket == null ? "" : ticket;
  }
}
