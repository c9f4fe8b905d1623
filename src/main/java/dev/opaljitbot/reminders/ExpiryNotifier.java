package dev.opaljitbot.reminders;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.delivery.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where reminders go; the Slack side implements it with DMs and buttons. */
public interface ExpiryNotifier {

  /**
   * A member's reminder; {@code memberLeads} decides between Extend and "Ask a leader to extend".
   *
   * @return how the send went: where the DM landed (to update it if the membership changes), or why not; a
   *     refused reminder is tried again while it still holds
   */
  Delivery remind(Reminder reminder);

  /** Replaces a reminder DM whose membership changed since: its buttons no longer act, it shows the new state. */
  void outdated(Delivery.Sent where, Group group, Instant remindedEnd, Optional<Instant> newEnd, boolean removed);

  /** Replaces a reminder DM whose access has now ended, so its buttons are gone (a click would only be told it ended). */
  void expired(Delivery.Sent where, Group group, Instant endedAt);

  /**
   * One digest for a group's leader: members (not the leader) whose access ends within the first lead time.
   * Once written it is the Slack side's to deliver (kept and sent again if Slack refuses it).
   */
  void digest(Group group, User leader, List<DigestLine> lines);

  /** A leader's reminder that the group's access to an item ends, with Request again and Let it expire; delivered like a digest. */
  void remindItem(ItemReminder reminder);

  /** A short note that a member's access has ended; a refused one is tried again. */
  Delivery ended(User member, Group group, Instant endedAt);

  /** A message stopped being tried while it still held (given up after a day, or undeliverable): counted and logged. */
  void gaveUp(String kind, Delivery last);

  /** A member's reminder: the facts the DM shows and its buttons carry. */
  record Reminder(Group group, User member, Instant expiresAt, Duration lead, boolean memberLeads, Duration extension) {}

  /** The group's access to a resource ends at {@code expiresAt}; {@code leader} is told, {@code lead} before. */
  record ItemReminder(Group group, User leader, java.util.UUID resourceId, String resourceName, Instant expiresAt, Duration lead) {}

  /** One member in a digest. */
  record DigestLine(User member, Instant expiresAt, Duration extension) {}
}
