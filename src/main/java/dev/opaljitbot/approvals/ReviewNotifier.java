package dev.opaljitbot.approvals;

import dev.opaljitbot.opal.User;
import dev.opaljitbot.delivery.Delivery;
import java.util.Optional;

/** Where review requests and their outcomes go; the Slack side implements it. */
public interface ReviewNotifier {

  /**
   * Asks a reviewer to decide.
   *
   * @return how the send went: where the card landed (to update it later), or why not; a refused card is sent
   *     again on a later poll while the stage is still pending
   */
  Delivery askReview(User reviewer, ReviewCard card, Optional<OnBehalfOf> onBehalfOf);

  /** A card sent to a delegate: whose review they do, and until when Opal has them do it. */
  record OnBehalfOf(User reviewer, java.time.Instant until) {}

  /**
   * Posts the card in a review channel, naming the stage's reviewers (only they may decide there).
   *
   * @return how the post went, like {@link #askReview}; {@link Delivery.Undeliverable} when the bot is not in the channel
   */
  Delivery askReviewInChannel(String channelId, ReviewCard card, java.util.List<User> reviewers);

  /** Brings the card up again to a reviewer who has not decided yet: scheduled, or because the requester asked. */
  Delivery nudge(User reviewer, ReviewCard card, Nudge nudge);

  /** Why a reviewer is nudged: how long the stage has waited, and whether the requester pressed "Nudge reviewers". */
  record Nudge(java.time.Duration pendingFor, boolean byRequester, Optional<OnBehalfOf> onBehalfOf) {}

  /**
   * Tells the requester, once, that their request has been pending for {@code age} (past the stale age).
   *
   * @return how the DM went, like {@link #askReview}
   */
  Delivery tellRequesterStale(String slackUserId, ReviewCard card, java.time.Duration age);

  /** Redraws one copy of the card (where it landed) flagged as stale, its buttons kept; {@code reviewers}: the stage's. */
  void flagStale(Delivery.Sent copy, ReviewCard card, java.util.List<User> reviewers, java.time.Duration age);

  /** A comment of the request's conversation, in the thread of one of its cards (kept and sent again if Slack refuses it). */
  void commentInThread(Delivery.Sent card, RequestConversation.Comment comment);

  /** A comment of the request's conversation, to the person who asked (kept and sent again if Slack refuses it). */
  void commentToRequester(String slackUserId, RequestConversation.Comment comment);

  /** A card stopped being tried while its stage was still pending (given up after a day, or undeliverable). */
  void gaveUp(Delivery last);

  /** Replaces a reviewer's card (where it landed) with the outcome, without buttons. */
  void showOutcome(Delivery.Sent card, ReviewCard reviewCard, Outcome outcome);

  /** Tells the person who asked. */
  void tellRequester(String slackUserId, ReviewCard card, Outcome outcome);

  /** Tells the target group's members (but the requester) that the group gained the access. */
  void tellGroupMembers(java.util.List<User> members, ReviewCard card, Outcome outcome);

  /**
   * How a stage or the request ended.
   *
   * @param decidedBy who decided, as an Opal user; empty when decided in Opal by someone the bot cannot name
   * @param finalStatus the request's status afterwards (PENDING while later stages remain)
   */
  record Outcome(boolean approved, Optional<User> decidedBy, Optional<String> comment, int stage, int stages,
      dev.opaljitbot.opal.RequestStatus finalStatus) {}
}
