package dev.opaljitbot.plans;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * An add planned for later: who is added to which group, by whom, from when and for how long.
 *
 * @param plannerSlack the Slack user who planned it (told how it went)
 * @param plannerOpal the same person in Opal, whose leadership is checked again at the start
 */
public record PlannedAdd(UUID planId, UUID groupId, UUID userId, String plannerSlack, UUID plannerOpal, Instant startsAt, Duration duration,
    String reason, State state) {

  /** Where a plan stands. */
  public enum State {
    PLANNED, STARTING, DONE, REFUSED, MISSED, CANCELLED
  }

  public Instant endsAt() {
    return startsAt.plus(duration);
  }
}
