package dev.opaljitbot.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The bot's own durable facts; everything else it knows comes from Opal. */
public interface BotStore extends AutoCloseable {

  /** Records (or moves) a membership's end. */
  void track(TrackedExpiry expiry, Instant seenAt);

  /** Forgets a membership (removed, or indefinite now). */
  void untrack(UUID groupId, UUID userId);

  /** Every tracked membership, soonest end first. */
  List<TrackedExpiry> tracked();

  /** Tracked memberships of one group. */
  List<TrackedExpiry> trackedIn(UUID groupId);

  /**
   * Claims a notice before sending it. True for exactly one caller ever, whichever process asks, so the
   * notice goes out at most once.
   */
  boolean claim(Notice notice, Instant at);

  /** Whether a notice was already claimed (a cheap check before asking Opal anything). */
  boolean isClaimed(Notice notice);

  /** "Let it expire": no more reminders for this expiry. */
  void silence(UUID groupId, UUID userId, Instant expiresAt, Instant at);

  boolean isSilenced(UUID groupId, UUID userId, Instant expiresAt);

  /** Records where a reminder DM landed. */
  void recordReminderMessage(ReminderMessage message);

  /** The reminder DMs sent about a membership (any end), oldest first. */
  List<ReminderMessage> reminderMessages(UUID groupId, UUID userId);

  /** Forgets one reminder DM (after it was updated). */
  void forgetReminderMessage(ReminderMessage message);

  /** Records a request made through the bot (its status is kept current by {@link #setRequestStatus}). */
  void recordRequest(RequestRecord request);

  java.util.Optional<RequestRecord> request(UUID requestId);

  /** The person's most recent requests made through the bot, newest first. */
  List<RequestRecord> requestsBy(String slackUserId, int limit);

  /** Requests made through the bot that were still pending when last seen. */
  List<RequestRecord> pendingRequests();

  void setRequestStatus(UUID requestId, String status);

  void recordReviewMessage(ReviewMessage message);

  List<ReviewMessage> reviewMessages(UUID requestId);

  /** Claims the decision of one stage of a request; true for exactly one caller. */
  boolean claimDecision(UUID requestId, int stage, UUID decidedBy, Instant at);

  /** Gives a stage's decision back when Opal refused it, so another reviewer may decide. */
  void releaseDecision(UUID requestId, int stage);

  /** Whether the database answers (for /healthz). */
  boolean isReachable();

  @Override
  void close();
}
