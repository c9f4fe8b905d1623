package dev.opaljitbot.opal;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * An Opal resource (schema {@code Resource}); {@code resourceType} is Opal's string. Durations are whole minutes;
 * a flag Opal leaves out is false, except {@code isRequestable} (null: requestable).
 */
public record Resource(
    UUID resourceId,
    UUID appId,
    String name,
    String description,
    UUID adminOwnerId,
    String resourceType,
    @JsonProperty("max_duration") Integer maxDurationMinutes,
    @JsonProperty("recommended_duration") Integer recommendedDurationMinutes,
    boolean requireSupportTicket,
    boolean requireMfaToApprove,
    boolean requireMfaToRequest,
    Boolean isRequestable) {

  public Optional<Duration> maxAccessDuration() {
    return Group.positiveMinutes(maxDurationMinutes);
  }
}
