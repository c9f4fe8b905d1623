package dev.opaljitbot.slack;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.views.ViewsOpenResponse;
import com.slack.api.model.view.View;
import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.GroupMatch;
import dev.opaljitbot.opal.Group;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the add, extend and remove modals straight away (a trigger id is valid for 3 seconds), prefilled
 * with what the command already said. A group that cannot be resolved quickly is simply left for the
 * person to pick.
 */
final class ModalOpener {
  private static final Logger LOG = LoggerFactory.getLogger(ModalOpener.class);
  /** How long prefilling may take before the modal opens without it; leaves room in Slack's 3 s. */
  static final Duration PREFILL_BUDGET = Duration.ofMillis(700);

  private final GroupDirectory groups;
  private final dev.opaljitbot.directory.UserDirectory users;
  private final dev.opaljitbot.access.GroupAccess access;
  private final DurationPolicy durations;
  private final ExecutorService work;
  private final Messages messages;

  ModalOpener(GroupDirectory groups, dev.opaljitbot.directory.UserDirectory users, dev.opaljitbot.access.GroupAccess access,
      DurationPolicy durations, ExecutorService work, Messages messages) {
    this.groups = groups;
    this.users = users;
    this.access = access;
    this.durations = durations;
    this.work = work;
    this.messages = messages;
  }

  Response openAdd(SlashCommandContext ctx, String slackUserId, String channelId, AccessCommand.Add add) {
    Optional<Group> group = quickGroup(add.group());
    Modals.Prefill prefill = new Modals.Prefill(group, add.userIds(), add.duration(), add.accessLevel(), add.reason());
    View view = Modals.addMembers(prefill, presets(group), suggested(group), indefiniteAllowed(group), channelId);
    return open(ctx, view);
  }

  Response openExtend(
      SlashCommandContext ctx, String slackUserId, String channelId, Optional<String> user, Optional<String> groupText, Optional<String> duration) {
    Optional<Group> group = quickGroup(groupText);
    Modals.Prefill prefill = new Modals.Prefill(group, user.stream().toList(), duration, Optional.empty(), Optional.empty());
    Optional<String> currentEnd = group.flatMap(g -> user.flatMap(u -> currentEnd(g, u)));
    return open(ctx, Modals.extendMember(prefill, presets(group), suggested(group), indefiniteAllowed(group), currentEnd, channelId));
  }

  Response openRemove(SlashCommandContext ctx, String slackUserId, String channelId, Optional<String> user, Optional<String> groupText) {
    Optional<Group> group = quickGroup(groupText);
    Modals.Prefill prefill = new Modals.Prefill(group, user.stream().toList(), Optional.empty(), Optional.empty(), Optional.empty());
    return open(ctx, Modals.removeMember(prefill, channelId));
  }

  /** Opens a modal for a button click (Extend on a member list), prefilled with the member and the group. */
  void openExtendFor(MethodsClient client, String triggerId, Group group, String slackUserId, String channelId) {
    Modals.Prefill prefill = new Modals.Prefill(Optional.of(group), List.of(slackUserId), Optional.empty(), Optional.empty(), Optional.empty());
    View view = Modals.extendMember(prefill, durations.presets(group), durations.extension(group), durations.allowsIndefinite(group),
        currentEnd(group, slackUserId), channelId);
    try {
      ViewsOpenResponse response = client.viewsOpen(r -> r.triggerId(triggerId).view(view));
      if (!response.isOk()) {
        LOG.warn("views.open failed: {} {}", response.getError(), response.getResponseMetadata());
      }
    } catch (Exception e) {
      LOG.warn("views.open failed: {}", e.toString());
    }
  }

  private Response open(SlashCommandContext ctx, View view) {
    try {
      ViewsOpenResponse response = ctx.client().viewsOpen(r -> r.triggerId(ctx.getTriggerId()).view(view));
      if (response.isOk()) {
        return ctx.ack();
      }
      LOG.warn("views.open failed: {} {}", response.getError(), response.getResponseMetadata());
    } catch (Exception e) {
      LOG.warn("views.open failed: {}", e.toString());
    }
    return ctx.ack(messages.problem("I couldn't open the form (Slack said no). Please run the command again."));
  }

  private Optional<Group> quickGroup(Optional<String> text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    CompletableFuture<GroupMatch> lookup = CompletableFuture.supplyAsync(() -> groups.find(text.get()), work);
    try {
      GroupMatch match = lookup.get(PREFILL_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
      return match instanceof GroupMatch.Found found ? Optional.of(found.group()) : Optional.empty();
    } catch (Exception e) {
      lookup.cancel(false);
      return Optional.empty();
    }
  }

  /** "Current end: …" for the extend form, when Opal answers within the budget; else nothing is shown. */
  private Optional<String> currentEnd(Group group, String memberSlackId) {
    CompletableFuture<Optional<String>> lookup = CompletableFuture.supplyAsync(() -> {
      if (!(users.identify(memberSlackId) instanceof dev.opaljitbot.directory.OpalIdentity.Found found)) {
        return Optional.<String>empty();
      }
      return access.currentEnd(group.groupId(), found.user().userId()).map(end -> end
          .map(at -> "*Current end:* " + SlackTime.date(at) + " (" + SlackTime.relative(at, messages.now()) + ")")
          .orElse("*Current end:* none: this access has no end date, so there is nothing to extend."))
          .or(() -> Optional.of("*Current end:* <@" + memberSlackId + "> has no access to this group now."));
    }, work);
    try {
      return lookup.get(PREFILL_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      lookup.cancel(false);
      return Optional.empty();
    }
  }

  private List<Duration> presets(Optional<Group> group) {
    return group.map(durations::presets).orElse(DurationPolicy.PRESETS);
  }

  private Duration suggested(Optional<Group> group) {
    return group.map(durations::suggested).orElse(Duration.ofHours(2));
  }

  private boolean indefiniteAllowed(Optional<Group> group) {
    return group.map(durations::allowsIndefinite).orElse(false);
  }
}
