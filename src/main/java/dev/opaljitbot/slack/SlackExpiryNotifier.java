package dev.opaljitbot.slack;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.reminders.ExpiryNotifier;
import dev.opaljitbot.delivery.Delivery;
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
  public Delivery remind(Reminder reminder) {
    return dms.tryPost(DirectMessages.Kind.REMINDER, reminder.member(), messages.reminder(reminder));
  }

  @Override
  public void outdated(Delivery.Sent where, Group group, Instant remindedEnd, Optional<Instant> newEnd, boolean removed) {
    dms.update(where.channelId(), where.ts(), messages.outdated(group, remindedEnd, newEnd, removed));
  }

  @Override
  public void expired(Delivery.Sent where, Group group, Instant endedAt) {
    dms.update(where.channelId(), where.ts(), messages.ended(group, endedAt));
  }

  @Override
  public void remindItem(ItemReminder reminder) {
    dms.deliver(DirectMessages.Kind.ITEM_REMINDER, reminder.leader(), messages.itemReminder(reminder));
  }

  @Override
  public void digest(Group group, User leader, List<DigestLine> lines) {
    dms.deliver(DirectMessages.Kind.DIGEST, leader, messages.digest(group, lines, lookups.personNames()));
  }

  @Override
  public Delivery ended(User member, Group group, Instant endedAt) {
    return dms.tryPost(DirectMessages.Kind.ENDED, member, messages.ended(group, endedAt));
  }

  @Override
  public void gaveUp(String kind, Delivery last) {
    dms.counted(kind, "given_up");
  }
}
