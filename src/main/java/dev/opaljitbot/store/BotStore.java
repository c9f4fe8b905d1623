package dev.opaljitbot.store;

import dev.opaljitbot.plans.PlannedAdd;
import dev.opaljitbot.delivery.Delivery;
import dev.opaljitbot.delivery.Outbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The bot's own durable facts; everything else it knows comes from Opal. */
public interface BotStore extends Outbox, AutoCloseable {

  /** Records (or moves) a membership's end. */
  void track(TrackedExpiry expiry, Instant seenAt);

  /**
   * Records what a sweep read of one group: its members with an end. Writes only what changed (new or moved
   * ends, renamed groups or people; memberships gone before their end are forgotten, while one gone at or after
   * its end stays for its ended notice), all in one transaction.
   *
   * @return how many rows were written
   */
  int recordSweep(UUID groupId, List<TrackedExpiry> timebound, Instant now);

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

  /** Gives back a claim whose work did not happen (an extension Opal refused), so it can be claimed again. */
  void release(Notice notice);

  /**
   * Whether a notice needs nothing from this caller at {@code now}: sent, given up, being sent, or refused and
   * not due again yet (a cheap check before asking Opal anything).
   */
  boolean isClaimed(Notice notice, Instant now);

  /**
   * Claims a message about an expiry (a reminder, an ended notice) for sending: yours when it is new, due again
   * after a refusal, or claimed by a sender that never reported. Settle it with {@link #settle} after the send.
   */
  Delivery.Claim claimDelivery(Notice notice, Instant now);

  /**
   * Records how a claimed send went. A refusal makes it due again at {@link Delivery#nextTry}; one still refused
   * {@link Delivery#GIVE_UP_AFTER} after its first attempt, or undeliverable, is given up.
   *
   * @return where the message stands now
   */
  Delivery.State settle(Notice notice, Delivery outcome, Instant now);

  /** Reminders and ended notices due to be tried again at {@code now}: refused earlier, or claimed by a sender that never reported. */
  List<Notice> noticesDue(Instant now);

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

  /** Claims the review card for one reviewer and stage, like {@link #claimDelivery}: one card per reviewer and stage. */
  Delivery.Claim claimReviewCard(UUID requestId, UUID reviewerId, int stage, Instant now);

  /** Records how sending a claimed review card went (where it landed, when sent), like {@link #settle}. */
  Delivery.State settleReviewCard(UUID requestId, UUID reviewerId, int stage, Delivery outcome, Instant now);

  /** The review cards that reached their reviewers, to update them after a decision. */
  List<ReviewMessage> reviewMessages(UUID requestId);

  /** Records an add planned for later. */
  void savePlan(PlannedAdd plan, Instant at);

  java.util.Optional<PlannedAdd> plan(UUID planId);

  /** The group's plans not yet started, soonest first. */
  List<PlannedAdd> plansInGroup(UUID groupId);

  /** The person's plans not yet started, soonest first. */
  List<PlannedAdd> plansFor(UUID userId);

  /** Plans whose start has come, and plans claimed longer than {@code lease} ago by a process that never finished them. */
  List<PlannedAdd> plansDue(Instant now, java.time.Duration lease);

  /** Claims a due plan to start it: true for exactly one caller, whichever process asks. */
  boolean claimPlan(UUID planId, Instant now, java.time.Duration lease);

  /** Records how a claimed plan ended (or PLANNED again, to try once more). */
  void settlePlan(UUID planId, PlannedAdd.State state, Instant now);

  /** Cancels a plan not yet started; false when it already started or ended. */
  boolean cancelPlan(UUID planId, Instant now);

  /** Claims one comment of a request's conversation (by its key); true for exactly one caller, so it is mirrored once. */
  boolean claimComment(UUID requestId, String key, Instant at);

  /** Whether a comment key was claimed. */
  boolean isCommentKnown(UUID requestId, String key);

  /** The copy of a review card at this place in Slack (a thread's parent), if the bot sent it. */
  java.util.Optional<ReviewMessage> reviewMessageAt(String channelId, String messageTs);

  /** When a stage's review was first asked for (its first card claimed); nudges count from then. */
  java.util.Optional<Instant> stageAskedAt(UUID requestId, int stage);

  /**
   * The requester's "Nudge reviewers": claimed (empty) unless one was claimed within {@code every}, across
   * processes; otherwise when the next one is allowed.
   */
  java.util.Optional<Instant> claimRequesterNudge(UUID requestId, Instant now, java.time.Duration every);

  /** Gives back a requester's nudge that reached nobody, so it can be pressed again at once. */
  void releaseRequesterNudge(UUID requestId, Instant claimedAt);

  /** The stages whose reviewers were asked, whether or not every card arrived yet. */
  java.util.Set<Integer> stagesAsked(UUID requestId);


  /** Claims the decision of one stage of a request; true for exactly one caller. */
  boolean claimDecision(UUID requestId, int stage, UUID decidedBy, Instant at);

  /** Gives a stage's decision back when Opal refused it, so another reviewer may decide. */
  void releaseDecision(UUID requestId, int stage);

  /** Whether the database answers (for /healthz). */
  boolean isReachable();

  @Override
  void close();
}
