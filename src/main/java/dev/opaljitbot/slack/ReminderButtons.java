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
  private final ActingAs actingAs;

  ReminderButtons(
      Lookups lookups, GroupAccess access, ReminderActions actions, DurationPolicy durations, ReminderMessages messages,
      Messages general, DirectMessages dms, ExecutorService work, Clock clock, ClickAnswers answers, ActingAs actingAs) {
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
    this.actingAs = actingAs;
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
    String channelId = payload.getContainer() == null ? null : payload.getContainer().getChannelId();
    String messageTs = payload.getContainer() == null ? null : payload.getContainer().getMessageTs();
    work.execute(() -> {
      Reply reply = actingAs.reply(clicker, "do that", actor -> click(action.getActionId(), actor, target.get()));
      responder.send(reply);
      if (reply.replaceOriginal() && channelId != null && messageTs != null) {
        try {
          actions.answered(target.get().groupId(), target.get().userId(), channelId, messageTs);
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(ReminderButtons.class).warn("answered reminder {} not forgotten: {}", messageTs, e.toString());
        }
      }
    });
    return ctx.ack();
  }

  /** One click: who clicked, on which reminder, about whom. */
  private record Click(Actor actor, ReminderMessages.Target target, Group group, User member, boolean self, PersonNames names) {
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

  private Reply click(String actionId, Actor actor, ReminderMessages.Target t) {
    // Every button acts only on the end its message was about: if the membership ended or moved since, the
    // message is replaced by how things stand now and nothing is done (no extend, no ask, no give-back).
    PersonNames names = lookups.personNames();
    ReminderActions.Standing standing = actions.standing(actor.opalUser(), t.groupId(), t.userId(), t.expiresAt());
    if (standing instanceof ReminderActions.Standing.Ended e) {
      Click c = new Click(actor, t, e.group(), e.member(), e.self(), names);
      return Reply.replacing(messages.outcome(":information_source: " + c.whose() + " access to " + c.groupName()
          + " has already ended; nothing was changed." + (c.self() ? " A group leader can add you again if you still need it." : "")));
    }
    if (standing instanceof ReminderActions.Standing.Moved m) {
      Click c = new Click(actor, t, m.group(), m.member(), m.self(), names);
      return Reply.replacing(messages.outcome(":information_source: " + c.whose() + " access to " + c.groupName()
          + " has changed since this message: it now " + SlackTime.ends(m.endsAt(), clock.instant()) + ". Nothing was changed."));
    }
    if (!(standing instanceof ReminderActions.Standing.Holds h)) {
      return Reply.beside(general.problem("Opal no longer knows that person; nothing was changed."));
    }
    Click c = new Click(actor, t, h.group(), h.member(), h.self(), names);
    return switch (actionId) {
      case ActionIds.REMINDER_EXTEND, ActionIds.LEADER_EXTEND -> extend(c);
      case ActionIds.REMINDER_ASK -> askLeaders(c);
      case ActionIds.LEADER_DECLINE -> decline(c);
      case ActionIds.REMINDER_LET_EXPIRE -> letExpire(c);
      case ActionIds.REMINDER_DONE -> giveBack(c);
      default -> Reply.beside(general.problem("That button is out of date."));
    };
  }

  /** Extend (the member's own, or a leader's answer to "please extend"); the member is told by the member notices. */
  private Reply extend(Click c) {
    MemberChange change = access.extendFromButton(c.actor(), c.target().groupId(), c.member(), c.target().expiresAt(), actions.extensionClaims());
    return new Reply(general.memberChange(change, c.names(), c.actor().opalUser().userId()), change instanceof MemberChange.Applied);
  }

  /** "Ask a leader to extend": a DM to each of the group's leaders (kept and sent again if Slack refuses it). */
  private Reply askLeaders(Click c) {
    List<User> leaders = actions.leadersToAsk(c.target().groupId());
    if (leaders.isEmpty()) {
      return Reply.beside(general.problem(c.groupName() + " has no leaders in Opal; ask an Opal admin."));
    }
    List<LayoutBlock> ask = messages.askLeader(c.group(), c.member(), c.who(), c.target().expiresAt(), durations.extension(c.group()));
    List<User> reached = leaders.stream()
        .filter(l -> !(dms.deliver(DirectMessages.Kind.ASK_LEADER, l, ask) instanceof Delivery.Undeliverable)).toList();
    String asked = reached.isEmpty() ? "none of its leaders could be reached in Slack ("
        + leaders.stream().map(u -> Messages.esc(u.fullName())).collect(Collectors.joining(", ")) + ")"
        : reached.stream().map(l -> c.names().show(l.userId(), l.fullName(), l.email())).collect(Collectors.joining(", "));
    return Reply.replacing(messages.outcome(":outbox_tray: Asked " + asked + " to extend your access to " + c.groupName()
        + ". You'll hear back here."));
  }

  /** A leader's "won't extend": the member is told it ends as planned. */
  private Reply decline(Click c) {
    if (!actions.mayDecline(c.actor().opalUser(), c.target().groupId())) {
      return Reply.beside(general.problem("Only leaders of " + c.groupName() + " can decide that."));
    }
    dms.deliver(DirectMessages.Kind.MEMBER_NOTICE, c.member(), messages.outcome("<@" + c.actor().slackUserId() + "> won't extend your access to "
        + c.groupName() + "; it ends " + SlackTime.date(c.target().expiresAt()) + "."));
    return Reply.replacing(messages.outcome("You let " + c.who() + "'s access to " + c.groupName() + " expire as planned."));
  }

  /** The member's "Let it expire": no more reminders about this end. */
  private Reply letExpire(Click c) {
    if (!actions.letExpire(c.actor().opalUser(), c.target().groupId(), c.target().userId(), c.target().expiresAt())) {
      return Reply.beside(general.problem("Only the member can stop their reminders."));
    }
    return Reply.replacing(messages.outcome("OK: no more reminders. Your access to " + c.groupName() + " ends "
        + SlackTime.date(c.target().expiresAt()) + "."));
  }

  /** The member's "I'm done": they leave the group now. */
  private Reply giveBack(Click c) {
    MemberChange change = access.giveBack(c.actor(), c.target().groupId(), c.member());
    if (change instanceof MemberChange.Applied a && !a.anyFailed()) {
      return Reply.replacing(messages.outcome(":white_check_mark: You gave back your access to " + c.groupName() + ". Thanks!"));
    }
    return Reply.beside(general.memberChange(change, c.names(), c.actor().opalUser().userId()));
  }
}
