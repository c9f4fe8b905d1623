package dev.opaljitbot.slack;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.reminders.ExpiryNotifier;
import java.time.Instant;
import java.util.List;

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
  public void remind(Reminder reminder) {
    dms.send(reminder.member(), messages.reminder(reminder));
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
