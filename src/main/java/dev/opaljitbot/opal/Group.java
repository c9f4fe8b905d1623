package dev.opaljitbot.opal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An Opal group (schema {@code Group}). Durations are in minutes as Opal sends them; use the
 * {@code Duration} accessors outside this package.
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
    Integer maxDuration,
    Integer recommendedDuration,
    Integer extensionsDurationInMinutes,
    Boolean requireManagerApproval,
    Boolean requireSupportTicket,
    Boolean requireMfaToApprove,
    Boolean requireMfaToRequest,
    Boolean autoApproval,
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
    return positiveMinutes(maxDuration);
  }

  public Optional<Duration> recommendedAccessDuration() {
    return positiveMinutes(recommendedDuration);
  }

  public Optional<Duration> extensionDuration() {
    return positiveMinutes(extensionsDurationInMinutes);
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

  static Optional<Duration> positiveMinutes(Integer minutes) {
    return minutes == null || minutes <= 0 ? Optional.empty() : Optional.of(Duration.ofMinutes(minutes));
  }
}
