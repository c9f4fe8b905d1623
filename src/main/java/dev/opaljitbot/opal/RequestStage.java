package dev.opaljitbot.opal;

import java.util.List;

/** One review stage: {@code AND} needs every reviewer, {@code OR} any one of them. */
public record RequestStage(Integer stage, String operator, List<RequestReviewer> reviewers) {
  public RequestStage {
    reviewers = reviewers == null ? List.of() : List.copyOf(reviewers);
  }
}
