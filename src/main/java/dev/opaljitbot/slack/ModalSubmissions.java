package dev.opaljitbot.slack;

import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.handler.builtin.ViewSubmissionHandler;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import dev.opaljitbot.access.Actor;
import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.access.GroupAccess;
import dev.opaljitbot.access.MemberChange;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * Submissions of the add, extend and remove modals. Mistakes the form can show are answered inline
 * ({@code response_action: errors}); otherwise the modal turns into a "working" notice at once, and the
 * result replaces it when Opal has answered.
 */
final class ModalSubmissions implements ViewSubmissionHandler {

  private final GroupDirectory groups;
  private final GroupAccess access;
  private final DurationPolicy durations;
  private final Lookups lookups;
  private final Messages messages;
  private final ExecutorService work;
  private final ClickAnswers answers;
  private final ActingAs actingAs;

  private final dev.opaljitbot.plans.PlannedAdds plans;
  private final PlanViews planViews;

  ModalSubmissions(
      GroupDirectory groups, GroupAccess access, DurationPolicy durations, Lookups lookups, Messages messages, ExecutorService work,
      ClickAnswers answers, ActingAs actingAs, dev.opaljitbot.plans.PlannedAdds plans) {
    this.plans = plans;
    this.planViews = new PlanViews(messages);
    this.answers = answers;
    this.actingAs = actingAs;
    this.groups = groups;
    this.access = access;
    this.durations = durations;
    this.lookups = lookups;
    this.messages = messages;
    this.work = work;
  }

  @Override
  public Response apply(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    View view = req.getPayload().getView();
    String callbackId = view.getCallbackId();
    FormState form = new FormState(view.getState());
    Map<String, String> errors = new LinkedHashMap<>();

    Optional<Group> group = form.selected(ActionIds.GROUP_BLOCK, ActionIds.GROUP_SELECT).flatMap(this::groupById);
    if (group.isEmpty()) {
      errors.put(ActionIds.GROUP_BLOCK, "Pick a group from the list.");
    }
    List<String> slackUserIds = callbackId.equals(ActionIds.ADD_MODAL)
        ? form.users(ActionIds.USERS_BLOCK, ActionIds.USERS_SELECT)
        : form.user(ActionIds.USER_BLOCK, ActionIds.USER_SELECT).stream().toList();
    String usersBlock = callbackId.equals(ActionIds.ADD_MODAL) ? ActionIds.USERS_BLOCK : ActionIds.USER_BLOCK;
    if (slackUserIds.isEmpty()) {
      errors.put(usersBlock, "Choose at least one person.");
    }
    // Remove needs no duration; add and extend say what is wrong with theirs beside the field.
    DurationPolicy.Requested requested = callbackId.equals(ActionIds.REMOVE_MODAL) ? null : duration(callbackId, form, group, errors);
    // "Starts" later plans the add; a time already past is a mistake to fix, not a reason to add now.
    Optional<java.time.Instant> startsAt = callbackId.equals(ActionIds.ADD_MODAL)
        ? form.dateTime(ActionIds.START_BLOCK, ActionIds.START_PICKER) : Optional.empty();
    if (startsAt.isPresent() && startsAt.get().isBefore(messages.now().minusSeconds(60))) {
      errors.put(ActionIds.START_BLOCK, "That time has passed: pick a later one, or leave it empty to add now.");
    }
    if (startsAt.isPresent() && requested != null && !(requested instanceof DurationPolicy.Requested.For)) {
      errors.put(form.duration().block(), "A planned add needs a duration: access that starts later also ends.");
    }
    if (!errors.isEmpty()) {
      return ctx.ackWithErrors(errors);
    }
    Optional<java.time.Instant> planFor = startsAt.filter(t -> t.isAfter(messages.now().plusSeconds(60)));

    String submitter = req.getPayload().getUser().getId();
    Group chosen = group.get();
    DurationPolicy.Requested duration = requested;
    Optional<String> accessLevel = form.text(ActionIds.ACCESS_LEVEL_BLOCK, ActionIds.ACCESS_LEVEL_INPUT);
    Optional<String> reason = form.text(ActionIds.REASON_BLOCK, ActionIds.REASON_INPUT);
    String viewId = view.getId();
    MethodsClient client = ctx.client();
    work.execute(() -> Modals.updateNotice(client, viewId, title(callbackId),
        actingAs.run(submitter, "make that change", actor -> planFor.isPresent()
            ? plan(actor, chosen, slackUserIds, ((DurationPolicy.Requested.For) duration).duration(), planFor.get(), reason)
            : run(callbackId, actor, chosen, slackUserIds, duration, accessLevel, reason)),
        blocks -> answers.byDm(submitter, blocks)));
    return ctx.ackWithUpdate(Modals.notice(title(callbackId), messages.working("Asking Opal…")));
  }

  /** The form's duration, or null with its error put beside the field it came from. */
  private DurationPolicy.Requested duration(String callbackId, FormState form, Optional<Group> group, Map<String, String> errors) {
    FormState.Duration duration = form.duration();
    Lookups.Resolved<DurationPolicy.Requested> parsed = Lookups.duration(duration.text());
    if (parsed.problem().isPresent()) {
      errors.put(duration.block(), duration.text().isBlank() ? "Type a duration such as 90m or 3d, or pick one above." : parsed.problem().get());
      return null;
    }
    DurationPolicy.Requested requested = parsed.value();
    // An extension past the group's maximum is capped (and said so), as with the command; only adding
    // refuses a duration the group does not allow. Indefinite needs a group without a maximum either way.
    boolean extending = callbackId.equals(ActionIds.EXTEND_MODAL);
    if (group.isPresent() && (!extending || requested instanceof DurationPolicy.Requested.Indefinite)) {
      durationError(group.get(), requested).ifPresent(e -> errors.put(duration.block(), e));
    }
    return requested;
  }

  /** The add form with a later "Starts": the add is planned, after the same checks as adding now. */
  private List<LayoutBlock> plan(Actor actor, Group group, List<String> slackUserIds, java.time.Duration duration, java.time.Instant startsAt,
      Optional<String> reason) {
    Lookups.People resolved = lookups.people(slackUserIds);
    if (resolved.found().isEmpty()) {
      return messages.problem(String.join("\n", resolved.problems()) + "\nNothing was planned.");
    }
    List<LayoutBlock> reply = planViews.planned(plans.plan(actor, group.groupId(), resolved.found(), duration, startsAt, reason),
        lookups.personNames(), actor.opalUser().userId());
    return resolved.problems().isEmpty() ? reply : Messages.divided(reply, messages.problem("Not planned:\n" + String.join("\n", resolved.problems())));
  }

  private List<LayoutBlock> run(
      String callbackId, Actor actor, Group group, List<String> slackUserIds, DurationPolicy.Requested requested,
      Optional<String> accessLevel, Optional<String> reason) {
    Lookups.People resolved = lookups.people(slackUserIds);
    // Adding several people adds everyone who can be added; extend and remove act on one person only.
    if (resolved.found().isEmpty() || !resolved.problems().isEmpty() && !callbackId.equals(ActionIds.ADD_MODAL)) {
      return messages.problem(String.join("\n", resolved.problems()) + "\nNothing was changed.");
    }
    List<User> people = resolved.found();
    MemberChange change = switch (callbackId) {
      case ActionIds.ADD_MODAL -> access.add(actor, group.groupId(), people, requested,
          lookups.accessLevelRemoteId(group, accessLevel), reason);
      case ActionIds.EXTEND_MODAL -> access.extend(actor, group.groupId(), people.get(0), requested);
      default -> access.remove(actor, group.groupId(), people.get(0));
    };
    List<LayoutBlock> reply = messages.memberChange(change, lookups.personNames(), actor.opalUser().userId());
    if (resolved.problems().isEmpty() || change instanceof MemberChange.Refused) {
      return reply;
    }
    return Messages.divided(reply, messages.problem("Not added:\n" + String.join("\n", resolved.problems())));
  }

  private Optional<String> durationError(Group group, DurationPolicy.Requested requested) {
    DurationPolicy.Checked checked = durations.check(group, requested);
    if (checked instanceof DurationPolicy.Checked.TooLong t) {
      return Optional.of(group.displayName() + " allows at most " + dev.opaljitbot.access.DurationText.format(t.maximum()) + ".");
    }
    if (checked instanceof DurationPolicy.Checked.IndefiniteNotAllowed n) {
      return Optional.of(group.displayName() + " needs an end date: at most " + dev.opaljitbot.access.DurationText.format(n.maximum()) + ".");
    }
    return Optional.empty();
  }

  private Optional<Group> groupById(String value) {
    try {
      return groups.cached(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String title(String callbackId) {
    return switch (callbackId) {
      case ActionIds.ADD_MODAL -> "Add members";
      case ActionIds.EXTEND_MODAL -> "Extend access";
      default -> "Remove access";
    };
  }
}
