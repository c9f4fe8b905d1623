package dev.opaljitbot.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.confirmationDialog;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import dev.opaljitbot.access.DurationText;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.reminders.ExpiryNotifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reminder DMs, leaders' digests and the messages that follow their buttons, as Block Kit. */
final class ReminderMessages {

  private final Clock clock;

  ReminderMessages(Clock clock) {
    this.clock = clock;
  }

  /** Buttons carry group, member and the expiry they are about: {@code gid:uid:epochMillis}. */
  static String value(UUID groupId, UUID userId, Instant expiresAt) {
    return ButtonValue.of(groupId, userId, expiresAt);
  }

  /** The three parts of a button value, or empty when it was tampered with. */
  record Target(UUID groupId, UUID userId, Instant expiresAt) {
    static Optional<Target> parse(String value) {
      return ButtonValue.read(value, 3, v -> new Target(v.uuid(0), v.uuid(1), v.instant(2)));
    }
  }

  List<LayoutBlock> reminder(ExpiryNotifier.Reminder r) {
    Instant now = clock.instant();
    String value = value(r.group().groupId(), r.member().userId(), r.expiresAt());
    String text = ":alarm_clock: Your access to *" + Messages.esc(r.group().displayName()) + "* ends "
        + SlackTime.date(r.expiresAt()) + " (" + SlackTime.relative(r.expiresAt(), now) + ").";
    List<BlockElement> buttons = new ArrayList<>();
    if (r.memberLeads()) {
      buttons.add(button(b -> b.actionId(ActionIds.REMINDER_EXTEND).style("primary").value(value)
          .text(plainText("Extend " + DurationText.format(r.extension())))));
    } else {
      buttons.add(button(b -> b.actionId(ActionIds.REMINDER_ASK).value(value).text(plainText("Ask a leader to extend"))));
    }
    buttons.add(button(b -> b.actionId(ActionIds.REMINDER_LET_EXPIRE).value(value).text(plainText("Let it expire"))));
    buttons.add(button(b -> b.actionId(ActionIds.REMINDER_DONE).style("danger").value(value).text(plainText("I'm done"))
        .confirm(confirmationDialog(d -> d.title(plainText("Give access back?"))
            .text(markdownText("Your access to *" + Messages.esc(r.group().displayName()) + "* ends now."))
            .confirm(plainText("Give it back")).deny(plainText("Keep it"))))));
    return List.of(section(s -> s.text(markdownText(text))), actions(a -> a.elements(buttons)));
  }

  /** To a leader: the group's access to a resource ends soon; Request again, or let it expire. */
  List<LayoutBlock> itemReminder(ExpiryNotifier.ItemReminder r) {
    Instant now = clock.instant();
    String text = ":hourglass: *" + Messages.esc(r.group().displayName()) + "*'s access to *" + Messages.esc(r.resourceName())
        + "* ends " + SlackTime.date(r.expiresAt()) + " (" + SlackTime.relative(r.expiresAt(), now) + ").";
    String again = r.group().groupId() + ":R:" + r.resourceId();
    String silence = value(r.group().groupId(), r.resourceId(), r.expiresAt());
    return List.of(section(s -> s.text(markdownText(text))),
        actions(a -> a.elements(List.of(
            button(b -> b.actionId(ActionIds.ITEM_REQUEST_AGAIN).style("primary").value(again).text(plainText("Request again"))),
            button(b -> b.actionId(ActionIds.ITEM_LET_EXPIRE).value(silence).text(plainText("Let it expire")))))));
  }

  List<LayoutBlock> digest(Group group, List<ExpiryNotifier.DigestLine> lines, PersonNames names) {
    Instant now = clock.instant();
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(section(s -> s.text(markdownText(":hourglass: Access to *" + Messages.esc(group.displayName()) + "* ending soon:"))));
    for (ExpiryNotifier.DigestLine line : lines.subList(0, Math.min(lines.size(), 20))) {
      String who = names.show(line.member().userId(), line.member().fullName(), line.member().email());
      blocks.add(section(s -> s.text(markdownText(who + " · " + SlackTime.ends(Optional.of(line.expiresAt()), now)))
          .accessory(button(b -> b.actionId(ActionIds.LEADER_EXTEND).value(value(group.groupId(), line.member().userId(), line.expiresAt()))
              .text(plainText("Extend " + DurationText.format(line.extension())))))));
    }
    if (lines.size() > 20) {
      blocks.add(context(c -> c.elements(List.of(markdownText("and " + (lines.size() - 20) + " more: `/access members "
          + Messages.esc(group.displayName()) + "`")))));
    }
    return blocks;
  }

  List<LayoutBlock> askLeader(Group group, User member, String memberShown, Instant expiresAt, Duration extension) {
    String value = value(group.groupId(), member.userId(), expiresAt);
    String text = ":raising_hand: " + memberShown + " asks to extend their access to *" + Messages.esc(group.displayName())
        + "*, which ends " + SlackTime.expiry(Optional.of(expiresAt), clock.instant()) + ".";
    return List.of(section(s -> s.text(markdownText(text))),
        actions(a -> a.elements(List.of(
            button(b -> b.actionId(ActionIds.LEADER_EXTEND).style("primary").value(value).text(plainText("Extend " + DurationText.format(extension)))),
            button(b -> b.actionId(ActionIds.LEADER_DECLINE).value(value).text(plainText("Let it expire")))))));
  }

  /** What a reminder DM becomes when its membership changed: the new state, and no buttons. */
  List<LayoutBlock> outdated(Group group, Instant remindedEnd, Optional<Instant> newEnd, boolean removed) {
    String groupName = "*" + Messages.esc(group.displayName()) + "*";
    String now = removed
        ? "Your access to " + groupName + " has been removed."
        : "Your access to " + groupName + " has changed: it now " + SlackTime.ends(newEnd, clock.instant()) + ".";
    return outcome(":information_source: ~This reminder was about access ending " + SlackTime.date(remindedEnd) + ".~ " + now);
  }

  List<LayoutBlock> ended(Group group, Instant endedAt) {
    return List.of(section(s -> s.text(markdownText(":lock: Your access to *" + Messages.esc(group.displayName()) + "* ended "
        + SlackTime.date(endedAt) + ". A group leader can add you again if you still need it."))));
  }

  /** A one-line outcome that replaces a reminder or request once acted on (no buttons left). */
  List<LayoutBlock> outcome(String text) {
    return List.of(section(s -> s.text(markdownText(Messages.clip(text, Messages.SECTION_TEXT_LIMIT)))));
  }
}
