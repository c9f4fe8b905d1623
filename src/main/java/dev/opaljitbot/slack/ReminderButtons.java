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
import dev.opaljitbot.delivery.Delivery;
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
  private final ReminderMessages messages;
  private final Messages general;
  private final DirectMessages dms;
  private final ExecutorService work;
  private final Clock clock;
  private final ClickAnswers answers;

  ReminderButtons(
      Lookups lookups, GroupAccess access, ReminderActions actions, DurationPolicy durations,
      ReminderMessages messages, Messages general, DirectMessages dms, ExecutorService work, Clock clock, ClickAnswers answers) {
    this.answers = answers;
    this.lookups = lookups;
    this.access = access;
    this.actions = actions;
    this.durations = durations;
    this.messages = messages;
    this.general = general;
    this.dms = dms;
    this.work = work;
    this.clock = clock;
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

  /** One click: who clicked, on which reminder, and where the answer goes. */
  private record Click(String clicker, Actor actor, ReminderMessages.Target target, Group group, User member, boolean self,
      Answer responder, PersonNames names) {
    String groupName() {
      return "*" + Messages.esc(group.displayName()) + "*";
    }

    String who() {
      return names.show(member.userId(), member.fullName(), member.email());
    }

    String whose() {
      return self ? "Your" : who() + "'s";
    }
  }

  private void click(String actionId, String clicker, ReminderMessages.Target t, Answer responder) {
    Lookups.Resolved<User> me = lookups.opalUser(clicker, true);
    if (me.problem().isPresent()) {
      Replies.send(responder, general.problem(me.problem().get()), false);
      return;
    }
    // Every button acts only on the end its message was about: if the membership ended or moved since, the
    // message is replaced by how things stand now and nothing is done (no extend, no ask, no give-back).
    PersonNames names = lookups.personNames();
    ReminderActions.Standing standing = actions.standing(me.value(), t.groupId(), t.userId(), t.expiresAt());
    if (standing instanceof ReminderActions.Standing.UnknownMember) {
      Replies.send(responder, general.problem("Opal no longer knows that person; nothing was changed."), false);
    } else if (standing instanceof ReminderActions.Standing.Ended e) {
      Click c = new Click(clicker, new Actor(clicker, me.value()), t, e.group(), e.member(), e.self(), responder, names);
      Replies.send(responder, messages.outcome(":information_source: " + c.whose() + " access to " + c.groupName()
          + " has already ended; nothing was changed." + (c.self() ? " A group leader can add you again if you still need it." : "")), true);
    } else if (standing instanceof ReminderActions.Standing.Moved m) {
      Click c = new Click(clicker, new Actor(clicker, me.value()), t, m.group(), m.member(), m.self(), responder, names);
      Replies.send(responder, messages.outcome(":information_source: " + c.whose() + " access to " + c.groupName()
          + " has changed since this message: it now " + SlackTime.ends(m.endsAt(), clock.instant()) + ". Nothing was changed."), true);
    } else if (standing instanceof ReminderActions.Standing.Holds h) {
      Click c = new Click(clicker, new Actor(clicker, me.value()), t, h.group(), h.member(), h.self(), responder, names);
      switch (actionId) {
        case ActionIds.REMINDER_EXTEND, ActionIds.LEADER_EXTEND -> extend(c);
        case ActionIds.REMINDER_ASK -> askLeaders(c);
        case ActionIds.LEADER_DECLINE -> decline(c);
        case ActionIds.REMINDER_LET_EXPIRE -> letExpire(c);
        case ActionIds.REMINDER_DONE -> giveBack(c);
        default -> Replies.send(responder, general.problem("That button is out of date."), false);
      }
    }
  }

  /** Extend (the member's own, or a leader's answer to "please extend"); the member is told by the member notices. */
  private void extend(Click c) {
    MemberChange change = access.extendFromButton(c.actor(), c.target().groupId(), c.member(), c.target().expiresAt(), actions.extensionClaims());
    Replies.send(c.responder(), general.memberChange(change, c.names(), c.actor().opalUser().userId()), change instanceof MemberChange.Applied);
  }

  /** "Ask a leader to extend": a DM to each of the group's leaders (kept and sent again if Slack refuses it). */
  private void askLeaders(Click c) {
    List<User> leaders = actions.leadersToAsk(c.target().groupId());
    if (leaders.isEmpty()) {
      Replies.send(c.responder(), general.problem(c.groupName() + " has no leaders in Opal; ask an Opal admin."), false);
      return;
    }
    List<LayoutBlock> ask = messages.askLeader(c.group(), c.member(), c.who(), c.target().expiresAt(), durations.extension(c.group()));
    List<User> reached = leaders.stream()
        .filter(l -> !(dms.deliver(DirectMessages.Kind.ASK_LEADER, l, ask) instanceof Delivery.Undeliverable)).toList();
    String asked = reached.isEmpty() ? "none of its leaders could be reached in Slack ("
        + leaders.stream().map(u -> Messages.esc(u.fullName())).collect(Collectors.joining(", ")) + ")"
        : reached.stream().map(l -> c.names().show(l.userId(), l.fullName(), l.email())).collect(Collectors.joining(", "));
    Replies.send(c.responder(), messages.outcome(":outbox_tray: Asked " + asked + " to extend your access to " + c.groupName()
        + ". You'll hear back here."), true);
  }

  /** A leader's "won't extend": the member is told it ends as planned. */
  private void decline(Click c) {
    if (!actions.mayDecline(c.actor().opalUser(), c.target().groupId())) {
      Replies.send(c.responder(), general.problem("Only leaders of " + c.groupName() + " can decide that."), false);
      return;
    }
    Replies.send(c.responder(), messages.outcome("You let " + c.who() + "'s access to " + c.groupName() + " expire as planned."), true);
    dms.deliver(DirectMessages.Kind.MEMBER_NOTICE, c.member(), messages.outcome("<@" + c.clicker() + "> won't extend your access to "
        + c.groupName() + "; it ends " + SlackTime.date(c.target().expiresAt()) + "."));
  }

  /** The member's "Let it expire": no more reminders about this end. */
  private void letExpire(Click c) {
    if (!actions.letExpire(c.actor().opalUser(), c.target().groupId(), c.target().userId(), c.target().expiresAt())) {
      Replies.send(c.responder(), general.problem("Only the member can stop their reminders."), false);
      return;
    }
    Replies.send(c.responder(), messages.outcome("OK: no more reminders. Your access to " + c.groupName() + " ends "
        + SlackTime.date(c.target().expiresAt()) + "."), true);
  }

  /** The member's "I'm done": they leave the group now. */
  private void giveBack(Click c) {
    if (!c.self()) {
      Replies.send(c.responder(), general.problem("Only the member can give their access back."), false);
      return;
    }
    MemberChange change = access.leave(c.actor(), c.target().groupId());
    boolean gone = change instanceof MemberChange.Applied a && !a.anyFailed();
    Replies.send(c.responder(), gone ? messages.outcome(":white_check_mark: You gave back your access to " + c.groupName() + ". Thanks!")
        : general.memberChange(change, c.names(), c.actor().opalUser().userId()), gone);
  }
}
