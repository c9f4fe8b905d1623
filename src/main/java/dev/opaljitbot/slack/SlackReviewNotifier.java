package dev.opaljitbot.slack;

import dev.opaljitbot.approvals.ReviewCard;
import dev.opaljitbot.approvals.ReviewNotifier;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.delivery.Delivery;

/** Review requests as DMs (and in review channels) with Approve and Deny; after a decision every copy shows the outcome. */
public final class SlackReviewNotifier implements ReviewNotifier {
  private final DirectMessages dms;
  private final UserDirectory users;
  private final RequestViews views;
  private final Lookups lookups;
  private final java.time.Clock clock;

  SlackReviewNotifier(DirectMessages dms, UserDirectory users, RequestViews views, Lookups lookups, java.time.Clock clock) {
    this.clock = clock;
    this.dms = dms;
    this.users = users;
    this.views = views;
    this.lookups = lookups;
  }

  @Override
  public Delivery askReview(User reviewer, ReviewCard card, java.util.Optional<OnBehalfOf> onBehalfOf) {
    return dms.tryPost(DirectMessages.Kind.REVIEW_CARD, reviewer, views.delegated(views.card(card, lookups.personNames(), true), onBehalfOf,
        lookups.personNames()));
  }

  @Override
  public Delivery askReviewInChannel(String channelId, ReviewCard card, java.util.List<User> reviewers) {
    return dms.tryPostToChannel(DirectMessages.Kind.REVIEW_CARD, channelId, views.channelCard(card, reviewers, lookups.personNames()));
  }

  @Override
  public Delivery nudge(User reviewer, ReviewCard card, Nudge nudge) {
    return dms.tryPost(DirectMessages.Kind.REVIEW_NUDGE, reviewer, views.delegated(views.nudgeCard(card, nudge, lookups.personNames()),
        nudge.onBehalfOf(), lookups.personNames()));
  }

  @Override
  public Delivery tellRequesterStale(String slackUserId, ReviewCard card, java.time.Duration age) {
    return dms.tryPostToSlackUser(DirectMessages.Kind.REQUEST_OUTCOME, slackUserId, views.staleNotice(card, age, lookups.personNames()));
  }

  @Override
  public void flagStale(Delivery.Sent copy, ReviewCard card, java.util.List<User> reviewers, java.time.Duration age) {
    // Copies in channels name the reviewers; DMs (cards and nudges) are the plain card.
    boolean inChannel = !copy.channelId().startsWith("D");
    dms.update(copy.channelId(), copy.ts(), views.staleCard(card, inChannel ? java.util.Optional.of(reviewers) : java.util.Optional.empty(), age,
        lookups.personNames()));
  }

  @Override
  public void commentInThread(Delivery.Sent card, dev.opaljitbot.approvals.RequestConversation.Comment comment) {
    dms.deliverInThread(DirectMessages.Kind.COMMENT, card.channelId(), card.ts(), views.comment(comment, false, lookups.personNames()));
  }

  @Override
  public void commentToRequester(String slackUserId, dev.opaljitbot.approvals.RequestConversation.Comment comment) {
    dms.deliverToSlackUser(DirectMessages.Kind.COMMENT, slackUserId, views.comment(comment, true, lookups.personNames()));
  }

  @Override
  public void gaveUp(Delivery last) {
    dms.counted(DirectMessages.Kind.REVIEW_CARD.label(), "given_up");
  }

  @Override
  public void showOutcome(Delivery.Sent where, ReviewCard card, Outcome outcome) {
    dms.update(where.channelId(), where.ts(), views.outcome(card, outcome, lookups.personNames()));
  }

  @Override
  public void tellGroupMembers(java.util.List<User> members, ReviewCard card, Outcome outcome) {
    java.util.List<com.slack.api.model.block.LayoutBlock> note = views.groupGained(card, outcome, lookups.personNames(), clock.instant());
    members.forEach(m -> dms.deliver(DirectMessages.Kind.GROUP_GAINED, m, note));
  }

  @Override
  public void tellRequester(String slackUserId, ReviewCard card, Outcome outcome) {
    // The requester's own record, not a copy of the reviewer's card.
    dms.deliverToSlackUser(DirectMessages.Kind.REQUEST_OUTCOME, slackUserId, views.requesterOutcome(card, outcome, lookups.personNames(), clock.instant()));
  }
}
