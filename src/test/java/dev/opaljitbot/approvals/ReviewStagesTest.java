package dev.opaljitbot.approvals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opaljitbot.opal.Request;
import dev.opaljitbot.opal.RequestReviewer;
import dev.opaljitbot.opal.RequestReviewer.Status;
import dev.opaljitbot.opal.RequestReviewerStages;
import dev.opaljitbot.opal.RequestStage;
import dev.opaljitbot.opal.RequestStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which stage a request is in and who may decide it, read from Opal's reviewer stages. */
class ReviewStagesTest {
  private static final UUID CLEO = UUID.randomUUID();
  private static final UUID DANA = UUID.randomUUID();
  private static final UUID EVE = UUID.randomUUID();

  private static RequestStage stage(int n, String operator, RequestReviewer... reviewers) {
    return new RequestStage(n, operator, List.of(reviewers));
  }

  private static Request request(RequestStage... stages) {
    return new Request(UUID.randomUUID(), Instant.EPOCH, Instant.EPOCH, UUID.randomUUID(), null, UUID.randomUUID(),
        RequestStatus.PENDING, "why", 60, List.of(),
        List.of(new RequestReviewerStages("", "", "prod", UUID.randomUUID(), List.of(stages))), null);
  }

  @Test
  void an_or_stage_is_done_with_one_approval_and_the_next_stage_is_current() {
    Request r = request(
        stage(1, "OR", new RequestReviewer(CLEO, "Cleo", Status.APPROVED), new RequestReviewer(DANA, "Dana", Status.PENDING)),
        stage(2, "OR", new RequestReviewer(EVE, "Eve", Status.PENDING)));
    assertEquals(2, AccessRequests.currentStage(r));
    assertEquals(Set.of(EVE), AccessRequests.pendingReviewers(r, 2));
    assertEquals(Set.of(), AccessRequests.pendingReviewers(r, 1), "a completed stage has no one left to decide");
  }

  @Test
  void an_and_stage_waits_for_every_reviewer() {
    Request r = request(
        stage(1, "AND", new RequestReviewer(CLEO, "Cleo", Status.APPROVED), new RequestReviewer(DANA, "Dana", Status.PENDING)),
        stage(2, "OR", new RequestReviewer(EVE, "Eve", Status.PENDING)));
    assertEquals(1, AccessRequests.currentStage(r));
    assertEquals(Set.of(DANA), AccessRequests.pendingReviewers(r, 1));
  }

  @Test
  void without_stages_the_request_is_in_stage_one_with_no_reviewers() {
    Request r = new Request(UUID.randomUUID(), Instant.EPOCH, Instant.EPOCH, UUID.randomUUID(), null, null, RequestStatus.PENDING,
        "why", 60, List.of(), List.of(), "reviewers could not be loaded");
    assertEquals(1, AccessRequests.currentStage(r));
    assertEquals(Set.of(), AccessRequests.pendingReviewers(r, 1));
  }
}
