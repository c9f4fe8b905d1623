package dev.opaljitbot.approvals;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.Request;
import dev.opaljitbot.opal.User;
import java.util.List;
import java.util.Optional;

/**
 * What a reviewer needs to decide: who asked, for which group, which items at which level, for how long,
 * why, and where the review stands.
 *
 * @param requesterSlackId the Slack user who asked through the bot; empty for requests made elsewhere
 * @param stage the stage now under review (1-based); {@code stages} in all
 */
public record ReviewCard(
    Request request,
    Group targetGroup,
    Optional<User> requester,
    Optional<String> requesterSlackId,
    List<Item> items,
    int stage,
    int stages) {

  public ReviewCard {
    items = List.copyOf(items);
  }

  /** One requested item as the card shows it. */
  public record Item(String name, String accessLevel, boolean requiresMfaToApprove) {}

  /** Slack cannot prove MFA, so such requests are approved in Opal's web app only. */
  public boolean needsMfaToApprove() {
    return items.stream().anyMatch(Item::requiresMfaToApprove);
  }
}
