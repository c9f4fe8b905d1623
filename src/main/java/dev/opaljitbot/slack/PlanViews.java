package dev.opaljitbot.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import dev.opaljitbot.access.DurationText;
import dev.opaljitbot.access.MemberChange;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.plans.PlannedAdds;
import dev.opaljitbot.plans.PlannedAdd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Words and blocks for adds planned for later: the planner's answer, the lists with Cancel, and the notices. */
final class PlanViews {
  private final Messages messages;

  PlanViews(Messages messages) {
    this.messages = messages;
  }

  private static String group(Group group) {
    return "*" + Messages.esc(group.displayName()) + "*";
  }

  /** When and for how long, in each reader's own time zone (Slack's date tokens). */
  private static String window(PlannedAdd plan) {
    return "from " + SlackTime.date(plan.startsAt()) + " for " + DurationText.format(plan.duration()) + " (until " + SlackTime.date(plan.endsAt())
        + ")";
  }

  List<LayoutBlock> planned(PlannedAdds.Planned planned, PersonNames names, java.util.UUID viewer) {
    if (planned instanceof PlannedAdds.Planned.Refused r) {
      return messages.refusal(r.why(), names, viewer);
    }
    if (planned instanceof PlannedAdds.Planned.NotInTheFuture n) {
      return messages.problem("That start (" + SlackTime.date(n.startsAt()) + ") is not in the future; leave out `from …` to add now. Nothing was planned.");
    }
    PlannedAdds.Planned.Scheduled s = (PlannedAdds.Planned.Scheduled) planned;
    PlannedAdd first = s.plans().get(0);
    return messages.info(":calendar: Planned: I'll add " + names.people(s.people()) + " to " + group(s.group()) + " " + window(first)
        + ", checking then that you still lead it." + reason(first) + " `" + messages.command() + " members "
        + Messages.esc(s.group().displayName()) + "` lists it, with Cancel.");
  }

  private static String reason(PlannedAdd plan) {
    return plan.reason().isBlank() ? "" : " Reason: " + Messages.esc(plan.reason());
  }

  /** The "starts …" lines of a group's plans, each with Cancel for leaders, under a heading. */
  List<LayoutBlock> inGroup(Group group, List<PlannedAdd> plans, java.util.function.Function<PlannedAdd, Optional<User>> memberOf,
      boolean leader, PersonNames names) {
    List<LayoutBlock> blocks = new ArrayList<>();
    if (!plans.isEmpty()) {
      blocks.add(com.slack.api.model.block.Blocks.context(c -> c.elements(List.of(markdownText("*Planned adds* (not yet started):")))));
    }
    for (PlannedAdd plan : plans) {
      String who = memberOf.apply(plan).map(u -> names.show(u.userId(), u.fullName(), u.email())).orElse("someone Opal no longer knows");
      String line = ":calendar: " + who + " · starts " + SlackTime.date(plan.startsAt()) + " for " + DurationText.format(plan.duration());
      blocks.add(section(s -> {
        s.text(markdownText(line));
        if (leader && plan.state() == PlannedAdd.State.PLANNED) {
          s.accessory(button(b -> b.actionId(ActionIds.PLAN_CANCEL).text(plainText("Cancel")).value(plan.planId().toString())
              .confirm(ConfirmationDialogObject.builder().title(plainText("Cancel this planned add?"))
                  .text(markdownText(who + " will not be added to " + group(group) + " on " + SlackTime.date(plan.startsAt()) + "."))
                  .confirm(plainText("Cancel it")).deny(plainText("Keep it")).style("danger").build())));
        }
        return s;
      }));
    }
    return blocks;
  }

  /** The member's own planned access, under "Planned for you" ({@code mine} and Home); empty when there is none. */
  Optional<LayoutBlock> upcoming(List<PlannedAdds.Upcoming> plans) {
    if (plans.isEmpty()) {
      return Optional.empty();
    }
    String lines = plans.stream().map(u -> forMember(u.plan(), u.group())).collect(java.util.stream.Collectors.joining("\n"));
    return Optional.of(section(s -> s.text(markdownText("*Planned for you:*\n" + lines))));
  }

  /** One planned access line of the member's. */
  String forMember(PlannedAdd plan, Group group) {
    return ":calendar: " + group(group) + " · starts " + SlackTime.date(plan.startsAt()) + " for " + DurationText.format(plan.duration());
  }

  List<LayoutBlock> cancelled(PlannedAdds.Cancelled cancelled, PersonNames names) {
    if (cancelled instanceof PlannedAdds.Cancelled.Done d) {
      return messages.info(":wastebasket: Cancelled: " + d.member().map(u -> names.show(u.userId(), u.fullName(), u.email())).orElse("they")
          + " will not be added to " + group(d.group()) + " on " + SlackTime.date(d.plan().startsAt()) + ".");
    }
    if (cancelled instanceof PlannedAdds.Cancelled.NotALeader n) {
      return messages.problem("Only leaders of " + group(n.group()) + " can cancel its planned adds.");
    }
    if (cancelled instanceof PlannedAdds.Cancelled.TooLate t) {
      return messages.problem("That planned add is no longer waiting (" + t.plan().state().name().toLowerCase(java.util.Locale.ROOT)
          + "); nothing was changed.");
    }
    return messages.problem("That planned add no longer exists.");
  }

  // ---- notices, by DM ----

  List<LayoutBlock> toMemberPlanned(PlannedAdd plan, Group group) {
    return messages.info(":calendar: <@" + plan.plannerSlack() + "> plans to give you access to " + group(group) + " " + window(plan) + "."
        + reason(plan));
  }

  List<LayoutBlock> toPlannerStarted(PlannedAdd plan, Group group, User member, MemberChange change, Duration lateBy, Duration granted,
      PersonNames names) {
    String who = names.show(member.userId(), member.fullName(), member.email());
    boolean already = change instanceof MemberChange.Applied a && a.people().stream()
        .anyMatch(p -> p.status() == MemberChange.PersonResult.Status.ALREADY_MEMBER);
    String late = lateBy.isZero() ? "" : " It started " + DurationText.format(lateBy.truncatedTo(java.time.temporal.ChronoUnit.MINUTES))
        + " after its time, so for the rest of its window (" + DurationText.format(granted) + ").";
    return messages.info(already ? ":information_source: Your planned add: " + who + " already had access to " + group(group) + "; nothing was changed."
        : ":white_check_mark: Your planned add started: " + who + " has access to " + group(group) + " until " + SlackTime.date(plan.endsAt()) + "." + late);
  }

  List<LayoutBlock> refused(PlannedAdd plan, Group group, MemberChange.Refusal why, boolean forPlanner) {
    String reason = why instanceof MemberChange.Refusal.NotALeader ? "<@" + plan.plannerSlack() + "> no longer leads it"
        : "the group no longer allows " + DurationText.format(plan.duration());
    return messages.problem((forPlanner ? "Your planned add to " : "The planned access to ") + group(group) + " " + SlackTime.date(plan.startsAt())
        + " did not start: " + reason + ". Nothing was added." + (forPlanner ? "" : " Ask one of its leaders if you still need it."));
  }

  List<LayoutBlock> missed(PlannedAdd plan, Group group, boolean forPlanner) {
    return messages.problem((forPlanner ? "Your planned add to " : "The planned access to ") + group(group) + " " + window(plan)
        + " did not happen: I was not running during that time. Nothing was added.");
  }

  List<LayoutBlock> toMemberCancelled(PlannedAdd plan, Group group, String bySlackId) {
    return messages.info(":wastebasket: <@" + bySlackId + "> cancelled your planned access to " + group(group) + " from "
        + SlackTime.date(plan.startsAt()) + ".");
  }
}
