package dev.opaljitbot.access;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;

/**
 * Who may change a group's members: only its leaders ({@code group_leader_user_ids}), except that anyone
 * may give back their own access ({@code leave}), which only ever reduces access.
 */
public final class GroupLeaderPolicy {

  /** The decision, with the reason spelled out for a refusal. */
  public sealed interface Decision {
    /** The actor may go ahead. */
    record Allowed() implements Decision {}

    /** The actor may not; the Slack side names the group's leaders in its answer. */
    record NotALeader(Group group) implements Decision {}
  }

  public Decision mayManageMembers(User actor, Group group) {
    return group.isLeader(actor.userId()) ? new Decision.Allowed() : new Decision.NotALeader(group);
  }

  /** Leaving needs no leadership, only that the person leaves their own membership. */
  public Decision mayLeave(User actor, User leaving, Group group) {
    return actor.userId().equals(leaving.userId()) ? new Decision.Allowed() : mayManageMembers(actor, group);
  }
}
