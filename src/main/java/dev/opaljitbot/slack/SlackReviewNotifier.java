package dev.opaljitbot.slack;

import dev.opaljitbot.approvals.ReviewCard;
import dev.opaljitbot.approvals.ReviewNotifier;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.store.ReviewMessage;
import java.util.Optional;

/** Review requests as DMs with Approve and Deny; after a decision every reviewer's DM shows the outcome. */
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

  /** Builds the notifier on the bot's Slack client (it is needed before the Slack app exists). */
  public static SlackReviewNotifier create(com.slack.api.methods.MethodsClient slack, dev.opaljitbot.directory.GroupDirectory groups,
      UserDirectory users, String slashCommand, String opalWebUrl, java.time.Clock clock) {
    return new SlackReviewNotifier(new DirectMessages(slack, users), users, new RequestViews(opalWebUrl),
        new Lookups(groups, users, slashCommand), clock);
  }

  @Override
  public Optional<Sent> askReview(User reviewer, ReviewCard card) {
    return users.slackIdOf(reviewer.email())
        .flatMap(id -> dms.post(id, views.card(card, lookups.personNames(), true)))
        .map(where -> new Sent(where[0], where[1]));
  }

  @Override
  public void showOutcome(ReviewMessage message, ReviewCard card, Outcome outcome) {
    dms.update(message.channelId(), message.messageTs(), views.outcome(card, outcome, lookups.personNames()));
  }

  @Override
  public void tellGroupMembers(java.util.List<User> members, ReviewCard card, Outcome outcome) {
    java.util.List<com.slack.api.model.block.LayoutBlock> note = views.groupGained(card, outcome, lookups.personNames(), clock.instant());
    members.forEach(m -> dms.send(m, note));
  }

  @Override
  public void tellRequester(String slackUserId, ReviewCard card, Outcome outcome) {
    // The requester's own record, not a copy of the reviewer's card.
    dms.sendToSlackUser(slackUserId, views.requesterOutcome(card, outcome, lookups.personNames(), clock.instant()));
  }
}
