package dev.opaljitbot.slack;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.reminders.ExpiryNotifier;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reminders, digests and ended notes as Slack DMs with buttons. */
public final class SlackExpiryNotifier implements ExpiryNotifier {
  private final DirectMessages dms;
  private final ReminderMessages messages;
  private final Lookups lookups;

  SlackExpiryNotifier(DirectMessages dms, ReminderMessages messages, Lookups lookups) {
    this.dms = dms;
    this.messages = messages;
    this.lookups = lookups;
  }

  @Override
  public Optional<Sent> remind(Reminder reminder) {
    return dms.postTo(reminder.member(), messages.reminder(reminder)).map(where -> new Sent(where[0], where[1]));
  }

  @Override
  public void outdated(Sent where, Group group, Instant remindedEnd, Optional<Instant> newEnd, boolean removed) {
    dms.update(where.channelId(), where.ts(), messages.outdated(group, remindedEnd, newEnd, removed));
  }

  @Override
  public void remindItem(ItemReminder reminder) {
    dms.send(reminder.leader(), messages.itemReminder(reminder));
  }

  @Override
  public void digest(Group group, User leader, List<DigestLine> lines) {
    dms.send(leader, messages.digest(group, lines, lookups.personNames()));
  }

  @Override
  public void ended(User member, Group group, Instant endedAt) {
    dms.send(member, messages.ended(group, endedAt));
  }
}
