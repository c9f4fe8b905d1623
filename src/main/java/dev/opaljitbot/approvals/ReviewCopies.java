package dev.opaljitbot.approvals;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Where each copy of a review card sits among a stage's recipients in the store, beside the reviewers' own
 * cards (keyed by their user id): channel posts and nudges. Every copy is claimed once, sent again if Slack
 * refused it, and updated with the others after the decision.
 */
final class ReviewCopies {
  private ReviewCopies() {}

  /** The card posted in a review channel. */
  static UUID inChannel(String channelId) {
    return key("review-channel:" + channelId);
  }

  /** The {@code n}th scheduled nudge to one reviewer (1 = the first). */
  static UUID scheduledNudge(int n, UUID reviewerId) {
    return key("nudge:" + n + ":" + reviewerId);
  }

  /** A nudge the requester asked for (each press its own {@code press}, already claimed once an hour), to one reviewer. */
  static UUID requesterNudge(UUID press, UUID reviewerId) {
    return key("requester-nudge:" + press + ":" + reviewerId);
  }

  /** The stage under which copies addressed to the requester (not reviewers' cards) are kept. */
  static final int REQUESTER_STAGE = 0;

  /** Whether a kept copy is a review card (a reviewer's, a channel's, a nudge), not a notice to the requester. */
  static boolean isCard(dev.opaljitbot.store.ReviewMessage copy) {
    return copy.stage() != REQUESTER_STAGE;
  }

  /**
   * Whether a kept copy is a stage's own card, the one a conversation's thread hangs from: a reviewer's (kept under
   * their user id) or a channel's; not a nudge or a notice. The other slots are name-based (version 3) ids.
   */
  static boolean isThreadHome(dev.opaljitbot.store.ReviewMessage copy) {
    return isCard(copy) && (copy.reviewerId().version() != 3 || inChannel(copy.channelId()).equals(copy.reviewerId()));
  }

  /** The requester's "still pending after a week" notice (once per request, at {@link #REQUESTER_STAGE}). */
  static UUID staleNotice() {
    return key("stale-notice");
  }

  private static UUID key(String what) {
    return UUID.nameUUIDFromBytes(what.getBytes(StandardCharsets.UTF_8));
  }
}
