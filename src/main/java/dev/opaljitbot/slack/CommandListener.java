package dev.opaljitbot.slack;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.block.LayoutBlock;
import dev.opaljitbot.access.Actor;
import dev.opaljitbot.access.GroupAccess;
import dev.opaljitbot.access.MemberChange;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.GroupUser;
import dev.opaljitbot.opal.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The slash command. Parses, then either answers at once (help, input mistakes), opens a modal within
 * Slack's 3 seconds (incomplete add/extend/remove), or acknowledges and does the work on the executor,
 * answering through the command's {@code response_url}.
 */
final class CommandListener implements SlashCommandHandler {
  private final Lookups lookups;
  private final GroupAccess access;
  private final ModalOpener modals;
  private final Messages messages;
  private final RequestListeners requests;
  private final ExecutorService work;
  private final dev.opaljitbot.access.GroupItems items;
  private final ItemViews itemViews;
  private final ActingAs actingAs;
  private final dev.opaljitbot.plans.PlannedAdds plans;
  private final PlanViews planViews;

  private final io.micrometer.core.instrument.Timer answerLatency;

  CommandListener(Lookups lookups, GroupAccess access, ModalOpener modals, RequestListeners requests, Messages messages, ExecutorService work,
      dev.opaljitbot.access.GroupItems items, ItemViews itemViews, ActingAs actingAs, dev.opaljitbot.plans.PlannedAdds plans,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    this.actingAs = actingAs;
    this.plans = plans;
    this.planViews = new PlanViews(messages);
    this.answerLatency = io.micrometer.core.instrument.Timer.builder("slack.command.answers")
        .description("From a command's arrival to its answer sent through response_url").publishPercentileHistogram().register(metrics);
    this.items = items;
    this.itemViews = itemViews;
    this.lookups = lookups;
    this.access = access;
    this.modals = modals;
    this.requests = requests;
    this.messages = messages;
    this.work = work;
  }

  @Override
  public Response apply(SlashCommandRequest req, SlashCommandContext ctx) {
    SlashCommandPayload payload = req.getPayload();
    AccessCommand command = AccessCommand.parse(payload.getText());
    String slackUserId = payload.getUserId();
    if (command instanceof AccessCommand.Help) {
      return ctx.ack(messages.help());
    }
    if (command instanceof AccessCommand.Invalid invalid) {
      return ctx.ack(messages.problem(invalid.problem()));
    }
    if (command instanceof AccessCommand.RequestAccess request) {
      return modals.openRequest(ctx, slackUserId, payload.getChannelId(), request);
    }
    if (command instanceof AccessCommand.Add add && !add.isComplete()) {
      return modals.openAdd(ctx, slackUserId, payload.getChannelId(), add);
    }
    if (command instanceof AccessCommand.Extend extend && !extend.isComplete()) {
      return modals.openExtend(ctx, slackUserId, payload.getChannelId(), extend);
    }
    if (command instanceof AccessCommand.Remove remove && !remove.isComplete()) {
      return modals.openRemove(ctx, slackUserId, payload.getChannelId(), remove.userId(), remove.group());
    }
    Answer responder = Replies.answerVia(ctx, payload.getResponseUrl());
    long received = System.nanoTime();
    work.execute(() -> {
      answer(responder, slackUserId, command);
      // Command to answer sent, queueing included: what the person waits for after the ack.
      answerLatency.record(System.nanoTime() - received, java.util.concurrent.TimeUnit.NANOSECONDS);
    });
    return ctx.ack();
  }

  /** Does the work after the ack and answers through response_url; never lets an exception escape. */
  private void answer(Answer responder, String slackUserId, AccessCommand command) {
    Replies.send(responder, actingAs.run(slackUserId, describe(command), actor -> run(actor, command)), false);
  }

  private List<LayoutBlock> run(Actor actor, AccessCommand command) {
    String slackUserId = actor.slackUserId();
    PersonNames names = lookups.personNames();
    if (command instanceof AccessCommand.Pending) {
      return requests.pending(slackUserId);
    }
    if (command instanceof AccessCommand.MyRequests) {
      return requests.mine(slackUserId);
    }
    if (command instanceof AccessCommand.Groups) {
      return messages.groupsLed(access.groupsLedBy(actor.opalUser()));
    }
    if (command instanceof AccessCommand.Mine) {
      List<LayoutBlock> blocks = new ArrayList<>(messages.mine(access.accessOf(actor.opalUser())));
      planViews.upcoming(plans.upcomingFor(actor.opalUser().userId())).ifPresent(blocks::add);
      return blocks;
    }
    if (command instanceof AccessCommand.Members members) {
      Lookups.Resolved<Group> group = lookups.group(members.group());
      if (group.problem().isPresent()) {
        return messages.problem(group.problem().get());
      }
      List<GroupUser> list = access.members(group.value().groupId());
      boolean leads = group.value().isLeader(actor.opalUser().userId());
      List<LayoutBlock> blocks = new ArrayList<>(messages.members(group.value(), list, leads, 0, names));
      blocks.addAll(planViews.inGroup(group.value(), plans.inGroup(group.value().groupId()), p -> lookups.opalUserById(p.userId()), leads, names));
      // The other half of the group: what it gives access to, so nobody requests what it already has.
      itemViews.summary(group.value(), items.of(group.value().groupId()))
          .ifPresent(held -> blocks.add(com.slack.api.model.block.Blocks.context(c -> c.elements(List.of(
              com.slack.api.model.block.composition.BlockCompositions.markdownText(held))))));
      return blocks;
    }
    if (command instanceof AccessCommand.Items itemsCommand) {
      Lookups.Resolved<Group> group = lookups.group(itemsCommand.group());
      if (group.problem().isPresent()) {
        return messages.problem(group.problem().get());
      }
      return itemViews.list(group.value(), items.of(group.value().groupId()), items.leads(actor.opalUser(), group.value().groupId()));
    }
    if (command instanceof AccessCommand.Leave leave) {
      if (leave.group().isEmpty()) {
        return messages.problem("Which group? Use `leave &lt;group&gt;`; `mine` lists your groups.");
      }
      Lookups.Resolved<Group> group = lookups.group(leave.group().get());
      if (group.problem().isPresent()) {
        return messages.problem(group.problem().get());
      }
      return messages.memberChange(access.leave(actor, group.value().groupId()), names, actor.opalUser().userId());
    }
    if (command instanceof AccessCommand.Add add) {
      return add(actor, add, names);
    }
    if (command instanceof AccessCommand.Extend extend) {
      return change(actor, extend.group().orElseThrow(), List.of(extend.userId().orElseThrow()), extend.duration(), names, false,
          (group, people, requested) -> access.extend(actor, group.groupId(), people.get(0), requested));
    }
    if (command instanceof AccessCommand.Remove remove) {
      return change(actor, remove.group().orElseThrow(), List.of(remove.userId().orElseThrow()), Optional.empty(), names, false,
          (group, people, requested) -> access.remove(actor, group.groupId(), people.get(0)));
    }
    return messages.help();
  }

  private List<LayoutBlock> add(Actor actor, AccessCommand.Add add, PersonNames names) {
    if (add.startsFrom().isPresent()) {
      return plan(actor, add, names);
    }
    return change(actor, add.group().orElseThrow(), add.userIds(), add.duration(), names, true,
        (group, people, requested) -> access.add(actor, group.groupId(), people, requested,
            lookups.accessLevelRemoteId(group, add.accessLevel()), add.reason()));
  }

  /** {@code add … <duration> from <start>}: the add is planned, after the same checks as adding now. */
  private List<LayoutBlock> plan(Actor actor, AccessCommand.Add add, PersonNames names) {
    List<String> problems = new ArrayList<>();
    java.time.ZoneId zone = lookups.zoneOf(actor.slackUserId());
    java.util.Optional<java.time.Instant> start = dev.opaljitbot.access.StartText.parse(add.startsFrom().get(), zone, messages.now());
    if (start.isEmpty()) {
      problems.add("I couldn't read the start `" + Messages.esc(add.startsFrom().get()) + "`: use e.g. `from 2026-12-07 09:00`, "
          + "`from monday 09:00` or `from tomorrow 9am` (in your time zone, " + zone.getId() + ").");
    }
    Lookups.Resolved<Group> group = lookups.group(add.group().orElseThrow());
    group.problem().ifPresent(problems::add);
    Lookups.Resolved<dev.opaljitbot.access.DurationPolicy.Requested> duration = Lookups.duration(add.duration().orElseThrow());
    duration.problem().ifPresent(problems::add);
    if (duration.problem().isEmpty() && !(duration.value() instanceof dev.opaljitbot.access.DurationPolicy.Requested.For)) {
      problems.add("A planned add needs a duration such as `8h`: access that starts later also ends.");
    }
    Lookups.People people = lookups.people(add.userIds());
    problems.addAll(people.problems());
    if (!problems.isEmpty()) {
      return messages.problem(String.join("\n", problems) + "\nNothing was planned.");
    }
    java.time.Duration length = ((dev.opaljitbot.access.DurationPolicy.Requested.For) duration.value()).duration();
    dev.opaljitbot.plans.PlannedAdds.Planned planned = plans.plan(actor, group.value().groupId(), people.found(), length, start.get(), add.reason());
    List<LayoutBlock> reply = new ArrayList<>(planViews.planned(planned, names, actor.opalUser().userId()));
    if (planned instanceof dev.opaljitbot.plans.PlannedAdds.Planned.Scheduled) {
      reply.add(com.slack.api.model.block.Blocks.context(c -> c.elements(List.of(com.slack.api.model.block.composition.BlockCompositions
          .markdownText("`" + Messages.esc(add.startsFrom().get()) + "` was read as " + zone.getId() + " time.")))));
    }
    return reply;
  }

  /**
   * A change on a group for some people. The group and duration are resolved first, so a mistake there
   * changes nothing. With {@code eachOnTheirOwn} (adding several people) everyone who can be resolved is
   * changed and each person who cannot is named with the reason; otherwise any problem changes nothing.
   */
  private List<LayoutBlock> change(
      Actor actor, String groupText, List<String> slackUserIds, Optional<String> durationText, PersonNames names,
      boolean eachOnTheirOwn, Change change) {
    List<String> problems = new ArrayList<>();
    Lookups.Resolved<Group> group = lookups.group(groupText);
    group.problem().ifPresent(problems::add);
    dev.opaljitbot.access.DurationPolicy.Requested requested = null;
    if (durationText.isPresent()) {
      Lookups.Resolved<dev.opaljitbot.access.DurationPolicy.Requested> parsed = Lookups.duration(durationText.get());
      parsed.problem().ifPresent(problems::add);
      requested = parsed.value();
    }
    Lookups.People people = lookups.people(slackUserIds);
    if (!eachOnTheirOwn || people.found().isEmpty()) {
      problems.addAll(people.problems());
    }
    if (!problems.isEmpty()) {
      return messages.problem(String.join("\n", problems) + "\nNothing was changed.");
    }
    MemberChange result = change.apply(group.value(), people.found(), requested);
    List<LayoutBlock> reply = messages.memberChange(result, names, actor.opalUser().userId());
    if (people.problems().isEmpty() || result instanceof MemberChange.Refused) {
      return reply;
    }
    return Messages.divided(reply, messages.problem("Not added:\n" + String.join("\n", people.problems())));
  }

  private static String describe(AccessCommand command) {
    return switch (command.word()) {
      case "add" -> "add the members";
      case "extend" -> "extend the access";
      case "remove" -> "remove the access";
      case "leave" -> "give your access back";
      case "members" -> "list the members";
      case "items" -> "list what the group gives access to";
      case "mine" -> "list your access";
      case "groups" -> "list your groups";
      case "pending" -> "list the requests awaiting your review";
      case "myrequests" -> "list your requests";
      default -> "do that";
    };
  }

  @FunctionalInterface
  private interface Change {
    MemberChange apply(Group group, List<User> people, dev.opaljitbot.access.DurationPolicy.Requested requested);
  }
}
