package dev.opaljitbot.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.block.LayoutBlock;
import dev.opaljitbot.access.Actor;
import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.access.GroupAccess;
import dev.opaljitbot.access.MemberChange;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.reminders.ReminderActions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * The buttons on reminders, digests and "please extend" requests. Every click is authorized again at
 * click time (the clicker must lead the group to extend), and the message is replaced by what happened.
 */
final class ReminderButtons implements BlockActionHandler {
  private final Lookups lookups;
  private final GroupAccess access;
  private final ReminderActions actions;
  private final DurationPolicy durations;
  private final UserDirectory users;
  private final ReminderMessages messages;
  private final Messages general;
  private final DirectMessages dms;
  private final ExecutorService work;
  private final Clock clock;
  private final ClickAnswers answers;

  ReminderButtons(
      Lookups lookups, GroupAccess access, ReminderActions actions, DurationPolicy durations, UserDirectory users,
      ReminderMessages messages, Messages general, DirectMessages dms, ExecutorService work, Clock clock, ClickAnswers answers) {
    this.answers = answers;
    this.lookups = lookups;
    this.access = access;
    this.actions = actions;
    this.durations = durations;
    this.users = users;
    this.messages = messages;
    this.general = general;
    this.dms = dms;
    this.work = work;
    this.clock = clock;
  }

  private static boolean sameMinute(Optional<java.time.Instant> end, java.time.Instant buttonEnd) {
    return end.isPresent() && Math.abs(java.time.Duration.between(end.get(), buttonEnd).toSeconds()) < 60;
  }

  @Override
  public Response apply(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload payload = req.getPayload();
    BlockActionPayload.Action action = payload.getActions().get(0);
    Optional<ReminderMessages.Target> target = ReminderMessages.Target.parse(action.getValue());
    String clicker = payload.getUser().getId();
    Answer responder = answers.forClick(ctx, payload);
    if (target.isEmpty()) {
      return ctx.ack();
    }
    work.execute(() -> {
      try {
        click(action.getActionId(), clicker, target.get(), responder);
      } catch (RuntimeException e) {
        Replies.send(responder, general.problem(Problems.describe(e, "do that")), false);
      }
    });
    return ctx.ack();
  }

  private void click(String actionId, String clicker, ReminderMessages.Target t, Answer responder) {
    Lookups.Resolved<User> me = lookups.opalUser(clicker, true);
    if (me.problem().isPresent()) {
      Replies.send(responder, general.problem(me.problem().get()), false);
      return;
    }
    Actor actor = new Actor(clicker, me.value());
    Optional<User> member = users.byId(t.userId());
    if (member.isEmpty()) {
      Replies.send(responder, general.problem("Opal no longer knows that person; nothing was changed."), false);
      return;
    }
    Group group = actions.group(t.groupId());
    String groupName = "*" + Messages.esc(group.displayName()) + "*";
    PersonNames names = lookups.personNames();
    String who = names.show(member.get().userId(), member.get().fullName(), member.get().email());
    // Every button acts only on the end its message was about: if the membership ended or moved since, the
    // message is replaced by how things stand now and nothing is done (no extend, no ask, no give-back).
    Optional<Optional<java.time.Instant>> current = access.currentEnd(t.groupId(), t.userId());
    boolean self = member.get().userId().equals(me.value().userId());
    if (current.isEmpty()) {
      Replies.send(responder, messages.outcome(":information_source: " + (self ? "Your" : who + "'s") + " access to " + groupName
          + " has already ended; nothing was changed." + (self ? " A group leader can add you again if you still need it." : "")), true);
      return;
    }
    if (!sameMinute(current.get(), t.expiresAt())) {
      Replies.send(responder, messages.outcome(":information_source: " + (self ? "Your" : who + "'s") + " access to " + groupName
          + " has changed since this message: it now " + SlackTime.ends(current.get(), clock.instant()) + ". Nothing was changed."), true);
      return;
    }
    switch (actionId) {
      case ReminderMessages.EXTEND, ReminderMessages.LEADER_EXTEND -> {
        // The member is told by the bot's member notices (MembershipObserver), like every other change.
        MemberChange change = access.extendFromButton(actor, t.groupId(), member.get(), t.expiresAt(), actions::claimExtension);
        Replies.send(responder, general.memberChange(change, names, me.value().userId()), change instanceof MemberChange.Applied);
      }
      case ReminderMessages.ASK -> {
        List<User> leaders = actions.leadersToAsk(t.groupId());
        if (leaders.isEmpty()) {
          Replies.send(responder, general.problem(groupName + " has no leaders in Opal; ask an Opal admin."), false);
          return;
        }
        List<LayoutBlock> ask = messages.askLeader(group, member.get(), who, t.expiresAt(), durations.extension(group));
        List<User> reached = leaders.stream()
            .filter(l -> !(dms.deliver(DirectMessages.Kind.ASK_LEADER, l, ask) instanceof dev.opaljitbot.store.Delivery.Undeliverable)).toList();
        String asked = reached.isEmpty() ? "none of its leaders could be reached in Slack ("
            + leaders.stream().map(u -> Messages.esc(u.fullName())).collect(Collectors.joining(", ")) + ")"
            : reached.stream().map(l -> names.show(l.userId(), l.fullName(), l.email())).collect(Collectors.joining(", "));
        Replies.send(responder, messages.outcome(":outbox_tray: Asked " + asked + " to extend your access to " + groupName
            + ". You'll hear back here."), true);
      }
      case ReminderMessages.LEADER_DECLINE -> {
        boolean leads = actions.leadersToAsk(t.groupId()).stream().anyMatch(l -> l.userId().equals(me.value().userId()));
        if (!leads) {
          Replies.send(responder, general.problem("Only leaders of " + groupName + " can decide that."), false);
          return;
        }
        Replies.send(responder, messages.outcome("You let " + who + "'s access to " + groupName + " expire as planned."), true);
        dms.deliver(DirectMessages.Kind.MEMBER_NOTICE, member.get(), messages.outcome("<@" + clicker + "> won't extend your access to " + groupName + "; it ends "
            + SlackTime.date(t.expiresAt()) + "."));
      }
      case ReminderMessages.LET_EXPIRE -> {
        if (!actions.letExpire(me.value(), t.groupId(), t.userId(), t.expiresAt())) {
          Replies.send(responder, general.problem("Only the member can stop their reminders."), false);
          return;
        }
        Replies.send(responder, messages.outcome("OK: no more reminders. Your access to " + groupName + " ends "
            + SlackTime.date(t.expiresAt()) + "."), true);
      }
      case ReminderMessages.DONE -> {
        if (!member.get().userId().equals(me.value().userId())) {
          Replies.send(responder, general.problem("Only the member can give their access back."), false);
          return;
        }
        MemberChange change = access.leave(actor, t.groupId());
        boolean gone = change instanceof MemberChange.Applied a && !a.anyFailed();
        Replies.send(responder, gone ? messages.outcome(":white_check_mark: You gave back your access to " + groupName + ". Thanks!")
            : general.memberChange(change, names, me.value().userId()), gone);
      }
      default -> Replies.send(responder, general.problem("That button is out of date."), false);
    }
  }
}
