package dev.opaljitbot.slack;

import dev.opaljitbot.access.MemberChange;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.plans.PlanNotifier;
import dev.opaljitbot.plans.PlannedAdd;
import java.time.Duration;

/** Tells planners and members about planned adds by DM (kept and sent again if Slack refuses one). */
final class SlackPlanNotifier implements PlanNotifier {
  private final DirectMessages dms;
  private final PlanViews views;
  private final Lookups lookups;

  SlackPlanNotifier(DirectMessages dms, PlanViews views, Lookups lookups) {
    this.dms = dms;
    this.views = views;
    this.lookups = lookups;
  }

  @Override
  public void planned(PlannedAdd plan, Group group, User member) {
    dms.deliver(DirectMessages.Kind.MEMBER_NOTICE, member, views.toMemberPlanned(plan, group));
  }

  @Override
  public void started(PlannedAdd plan, Group group, User member, MemberChange change, Duration lateBy, Duration granted) {
    // The member hears from the usual member notice ("… gave you access"); the planner hears it started.
    dms.deliverToSlackUser(DirectMessages.Kind.MEMBER_NOTICE, plan.plannerSlack(),
        views.toPlannerStarted(plan, group, member, change, lateBy, granted, lookups.personNames()));
  }

  @Override
  public void refused(PlannedAdd plan, Group group, User member, MemberChange.Refusal why) {
    dms.deliverToSlackUser(DirectMessages.Kind.MEMBER_NOTICE, plan.plannerSlack(), views.refused(plan, group, why, true));
    dms.deliver(DirectMessages.Kind.MEMBER_NOTICE, member, views.refused(plan, group, why, false));
  }

  @Override
  public void missed(PlannedAdd plan, Group group, User member) {
    dms.deliverToSlackUser(DirectMessages.Kind.MEMBER_NOTICE, plan.plannerSlack(), views.missed(plan, group, true));
    dms.deliver(DirectMessages.Kind.MEMBER_NOTICE, member, views.missed(plan, group, false));
  }

  @Override
  public void cancelled(PlannedAdd plan, Group group, User member, String cancelledBySlackId) {
    dms.deliver(DirectMessages.Kind.MEMBER_NOTICE, member, views.toMemberCancelled(plan, group, cancelledBySlackId));
  }
}
