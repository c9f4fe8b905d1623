package dev.opaljitbot.approvals;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.Request;
import dev.opaljitbot.opal.User;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a reviewer needs to decide: who asked, for which group, which items at which level, for how long,
 * why, and where the review stands.
 *
 * @param requesterSlackId the Slack user who asked through the bot; empty for requests made elsewhere
 * @param stage the stage now under review (1-based); {@code stages} in all
 * @param ticket the support ticket reference given with the request, when the bot knows it
 * @param targetGroupMembers how many people the target group has (who all get the access), when counted
 */
public record ReviewCard(
    Request request,
    Group targetGroup,
    Optional<User> requester,
    Optional<String> requesterSlackId,
    List<Item> items,
    int stage,
    int stages,
    Optional<String> ticket,
    OptionalInt targetGroupMembers) {

  public ReviewCard {
    items = List.copyOf(items);
  }

  /** The same card at another stage (after a decision). */
  public ReviewCard atStage(int otherStage) {
    return new ReviewCard(request, targetGroup, requester, requesterSlackId, items, otherStage, stages, ticket, targetGroupMembers);
  }

  /**
   * One requested item as the card shows it.
   *
   * @param group true for a group, false for a resource
   * @param type Opal's resource or group type, e.g. AWS_IAM_ROLE, OPAL_GROUP
   */
  public record Item(String name, String accessLevel, boolean requiresMfaToApprove, boolean group, String type) {}

  /** Slack cannot prove MFA, so such requests are approved in Opal's web app only. */
  public boolean needsMfaToApprove() {
    return items.stream().anyMatch(Item::requiresMfaToApprove);
  }
}
