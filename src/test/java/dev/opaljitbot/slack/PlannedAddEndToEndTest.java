package dev.opaljitbot.slack;

import static dev.opaljitbot.slack.BotHarness.ADA;
import static dev.opaljitbot.slack.BotHarness.BEN;
import static dev.opaljitbot.slack.BotHarness.DEV;
import static dev.opaljitbot.slack.BotHarness.DEV_OPAL;
import static dev.opaljitbot.slack.BotHarness.FALCON_GROUP;
import static dev.opaljitbot.slack.BotHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opaljitbot.opal.GroupUser;
import dev.opaljitbot.plans.PlannedAdd;
import dev.opaljitbot.sandbox.SandboxSeed;
import dev.opaljitbot.sandbox.slack.RecordedMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Adds planned for later, end to end on the sandbox's clock, with a bot that can be restarted like a production install. */
class PlannedAddEndToEndTest {
  @AutoClose
  private final BotHarness harness = BotHarness.restartable();

  /** Ada plans to add Dev to Project Falcon for 2h from tomorrow 9am; returns the plan. */
  private PlannedAdd planDev() {
    harness.command(ADA, "add <@U0DEV0004|dev> Project Falcon 2h from tomorrow 9am on call");
    harness.slack.awaitMessageTo(ADA, m -> m.allText().contains(":calendar: Planned: I'll add <@U0DEV0004> to *Project Falcon* from <!date^")
        && m.allText().contains("Reason: on call"), WAIT);
    List<PlannedAdd> plans = harness.bot.plannedAdds().inGroup(FALCON_GROUP);
    assertEquals(1, plans.size());
    return plans.get(0);
  }

  private Optional<GroupUser> devInFalcon() {
    return harness.opal.world().groupUsers(FALCON_GROUP).stream().filter(m -> m.userId().equals(DEV_OPAL)).findFirst();
  }

  /** How many times the bot asked Opal to add someone to a group (only Dev is added in these tests). */
  private long addsOfDev() {
    return harness.opalFaults.calls("POST", "/groups/{g}/users/{u}");
  }

  private void advanceTo(Instant at) {
    harness.clock.advance(Duration.between(harness.clock.instant(), at));
  }

  @Test
  void a_planned_add_starts_once_at_its_start_and_not_before() {
    PlannedAdd plan = planDev();
    assertEquals(Duration.ofHours(2), plan.duration());
    harness.slack.awaitMessageTo(DEV, m -> m.kind() == RecordedMessage.Kind.DM
        && m.allText().contains("<@U0ADA0001> plans to give you access to *Project Falcon* from <!date^" + plan.startsAt().getEpochSecond())
        && m.allText().contains("Reason: on call"), WAIT);
    harness.command(ADA, "members Project Falcon");
    RecordedMessage members = harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("*Planned adds* (not yet started):")
        && m.allText().contains(":calendar: <@U0DEV0004> · starts"), WAIT);
    assertTrue(members.actionIds().contains("plan-cancel"), "a leader can cancel it from the list");
    harness.command(DEV, "mine");
    harness.slack.awaitMessageTo(DEV, m -> m.allText().contains("*Planned for you:*") && m.allText().contains("*Project Falcon* · starts"), WAIT);

    advanceTo(plan.startsAt().minusSeconds(60));
    harness.bot.plannedAdds().startDue();
    assertEquals(Optional.empty(), devInFalcon(), "not before its start");
    advanceTo(plan.startsAt());
    harness.bot.plannedAdds().startDue();
    harness.bot.plannedAdds().startDue();
    assertEquals(plan.endsAt(), devInFalcon().orElseThrow().expirationDate(), "the planned window");
    assertEquals(1, addsOfDev(), "added once");
    harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("Your planned add started: <@U0DEV0004> has access to *Project Falcon*"), WAIT);
    harness.slack.awaitMessageTo(DEV, m -> m.allText().contains("gave you access to *Project Falcon*"), WAIT);
    assertTrue(harness.bot.plannedAdds().inGroup(FALCON_GROUP).isEmpty(), "no longer listed as planned");
  }

  @Test
  void a_plan_whose_start_passed_while_the_bot_was_down_starts_at_start_up_for_the_rest_of_its_time() {
    PlannedAdd plan = planDev();
    advanceTo(plan.startsAt().plus(Duration.ofMinutes(30)));
    harness.restart();
    harness.bot.plannedAdds().startDue();
    assertEquals(plan.endsAt(), devInFalcon().orElseThrow().expirationDate(), "it ends when planned: 1h30m of access");
    harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("It started 30m after its time, so for the rest of its window (1h30m)."),
        WAIT);
    harness.restart();
    harness.bot.plannedAdds().startDue();
    assertEquals(1, addsOfDev(), "once, across restarts");
  }

  @Test
  void a_cancelled_plan_never_starts_and_only_a_leader_can_cancel_it() {
    PlannedAdd plan = planDev();
    harness.click(BEN, "plan-cancel", plan.planId().toString());
    harness.slack.awaitMessageTo(BEN, m -> m.allText().contains("Only leaders of *Project Falcon* can cancel its planned adds."), WAIT);
    harness.click(ADA, "plan-cancel", plan.planId().toString());
    harness.slack.awaitMessageTo(ADA, m -> m.allText().contains(":wastebasket: Cancelled: <@U0DEV0004> will not be added to *Project Falcon* on"), WAIT);
    harness.slack.awaitMessageTo(DEV, m -> m.allText().contains("<@U0ADA0001> cancelled your planned access to *Project Falcon* from"), WAIT);
    advanceTo(plan.startsAt().plus(Duration.ofMinutes(1)));
    harness.bot.plannedAdds().startDue();
    assertEquals(Optional.empty(), devInFalcon());
    assertEquals(0, addsOfDev());
  }

  @Test
  void a_plan_is_refused_at_its_start_when_the_planner_no_longer_leads_the_group() {
    PlannedAdd plan = planDev();
    SandboxSeed.SeedGroup falcon = SandboxSeed.demo().groups().stream().filter(g -> g.groupId().equals(FALCON_GROUP)).findFirst().orElseThrow();
    harness.opal.world().putGroup(new SandboxSeed.SeedGroup(falcon.groupId(), falcon.name(), falcon.description(), falcon.groupType(),
        falcon.adminOwnerId(), List.of(BotHarness.CLEO_OPAL), falcon.maxDuration(), falcon.recommendedDuration(),
        falcon.extensionsDurationInMinutes(), falcon.isRequestable(), falcon.requireSupportTicket(), falcon.requireMfaToApprove(),
        falcon.requireMfaToRequest(), falcon.autoApproval(), falcon.reviewerOwnerIds()));
    advanceTo(plan.startsAt());
    harness.bot.plannedAdds().startDue();
    assertEquals(Optional.empty(), devInFalcon(), "nothing added");
    harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("did not start: <@U0ADA0001> no longer leads it. Nothing was added."), WAIT);
    harness.slack.awaitMessageTo(DEV, m -> m.allText().contains("The planned access to *Project Falcon*")
        && m.allText().contains("Ask one of its leaders if you still need it."), WAIT);
  }

  @Test
  void someone_whose_access_ends_inside_the_planned_window_is_extended_to_its_end() {
    PlannedAdd plan = planDev();
    advanceTo(plan.startsAt().minus(Duration.ofMinutes(20)));
    harness.opal.world().addGroupUser(FALCON_GROUP, DEV_OPAL, 30, ""); // added in Opal: 10 minutes left when the window opens
    advanceTo(plan.startsAt());
    harness.bot.plannedAdds().startDue();
    assertEquals(plan.endsAt(), devInFalcon().orElseThrow().expirationDate(), "the planned window holds");
  }
}
