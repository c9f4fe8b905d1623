package dev.opaljitbot.opal;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An Opal group (schema {@code Group}). Durations are whole minutes as Opal sends them (the components say so);
 * the {@code Duration} accessors are for use outside this package. A flag Opal leaves out is false, except
 * {@code isRequestable}, which Opal leaves out for requestable groups (null: requestable).
 */
public record Group(
    UUID groupId,
    UUID appId,
    String name,
    String description,
    UUID adminOwnerId,
    List<UUID> groupLeaderUserIds,
    String remoteId,
    String remoteName,
    GroupType groupType,
    @JsonProperty("max_duration") Integer maxDurationMinutes,
    @JsonProperty("recommended_duration") Integer recommendedDurationMinutes,
    Integer extensionsDurationInMinutes,
    boolean requireManagerApproval,
    boolean requireSupportTicket,
    boolean requireMfaToApprove,
    boolean requireMfaToRequest,
    boolean autoApproval,
    Boolean isRequestable) {

  public Group {
    groupLeaderUserIds = groupLeaderUserIds == null ? List.of() : List.copyOf(groupLeaderUserIds);
  }

  /** Display name; Opal allows unnamed groups, which then show their id. */
  public String displayName() {
    return name == null || name.isBlank() ? groupId.toString() : name;
  }

  public boolean isLeader(UUID userId) {
    return groupLeaderUserIds.contains(userId);
  }

  /** The longest access Opal allows on this group, if it sets one (0 or absent means no limit). */
  public Optional<Duration> maxAccessDuration() {
    return positiveMinutes(maxDurationMinutes);
  }

  public Optional<Duration> recommendedAccessDuration() {
    return positiveMinutes(recommendedDurationMinutes);
  }

  public Optional<Duration> extensionDuration() {
    return positiveMinutes(extensionsDurationInMinutes);
  }

  static Optional<Duration> positiveMinutes(Integer minutes) {
    return minutes == null || minutes <= 0 ? Optional.empty() : Optional.of(Duration.ofMinutes(minutes));
  }
}
