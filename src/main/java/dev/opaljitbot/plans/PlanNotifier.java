package dev.opaljitbot.plans;

import dev.opaljitbot.access.MemberChange;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import java.time.Duration;

/** How planners and members hear about planned adds; the Slack side implements it. */
public interface PlanNotifier {
  /** A plan was made: the member hears when their access will start and end. */
  void planned(PlannedAdd plan, Group group, User member);

  /**
   * The plan started: the member was added ({@code change} says how it went; the member hears through the
   * usual member notice). {@code lateBy} is how much later than planned it started (after a restart), and
   * {@code granted} the access given, the rest of the planned time when late.
   */
  void started(PlannedAdd plan, Group group, User member, MemberChange change, Duration lateBy, Duration granted);

  /** The plan did not start because a rule no longer allows it; both the planner and the member are told why. */
  void refused(PlannedAdd plan, Group group, User member, MemberChange.Refusal why);

  /** The plan's whole window passed before it could start (the bot was down): both are told. */
  void missed(PlannedAdd plan, Group group, User member);

  /** A leader cancelled the plan: the member is told, if it had been announced to them. */
  void cancelled(PlannedAdd plan, Group group, User member, String cancelledBySlackId);
}
