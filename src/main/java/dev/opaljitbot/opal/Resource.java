package dev.opaljitbot.opal;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** An Opal resource (schema {@code Resource}); {@code resourceType} is Opal's string. */
public record Resource(
    UUID resourceId,
    UUID appId,
    String name,
    String description,
    UUID adminOwnerId,
    String resourceType,
    Integer maxDuration,
    Integer recommendedDuration,
    Boolean requireSupportTicket,
    Boolean requireMfaToApprove,
    Boolean requireMfaToRequest,
    Boolean isRequestable) {

  public Optional<Duration> maxAccessDuration() {
    return Group.positiveMinutes(maxDuration);
  }

  public boolean requiresSupportTicket() {
    return Boolean.TRUE.equals(requireSupportTicket);
  }

  public boolean requiresMfaToApprove() {
    return Boolean.TRUE.equals(requireMfaToApprove);
  }

  public boolean requiresMfaToRequest() {
    return Boolean.TRUE.equals(requireMfaToRequest);
  }
}
