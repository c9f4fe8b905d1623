package dev.opaljitbot.opal;

import java.util.List;
import java.util.UUID;

/** The review stages configured for one requested item. */
public record RequestReviewerStages(
    String accessLevelName,
    String accessLevelRemoteId,
    String itemName,
    UUID itemId,
    List<RequestStage> stages) {
  public RequestReviewerStages {
    stages = stages == null ? List.of() : List.copyOf(stages);
  }
}
