package dev.opaljitbot.opal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An access request (schema {@code Request}). Opal's {@code reviewer_stages} is either the stages or
 * an error string; an error string is kept in {@code reviewerStagesError} and the stages are empty.
 */
public record Request(
    UUID id,
    Instant createdAt,
    Instant updatedAt,
    UUID requesterId,
    UUID targetUserId,
    UUID targetGroupId,
    RequestStatus status,
    String reason,
    Integer durationMinutes,
    List<RequestedItem> requestedItemsList,
    List<RequestReviewerStages> reviewerStages,
    @JsonIgnore String reviewerStagesError) {

  public Request {
    requestedItemsList = requestedItemsList == null ? List.of() : List.copyOf(requestedItemsList);
    reviewerStages = reviewerStages == null ? List.of() : List.copyOf(reviewerStages);
  }

  /** Requested duration; empty when indefinite (Opal sends -1 or 0 for that). */
  public Optional<Duration> requestedDuration() {
    return Group.positiveMinutes(durationMinutes);
  }

  public boolean isPending() {
    return status == RequestStatus.PENDING;
  }
}
