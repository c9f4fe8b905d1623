package dev.opaljitbot.reminders;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where reminders go; the Slack side implements it with DMs and buttons. */
public interface ExpiryNotifier {

  /**
   * A member's reminder; {@code memberLeads} decides between Extend and "Ask a leader to extend".
   *
   * @return where the DM landed, to update it if the membership changes; empty when it could not be sent
   */
  Optional<Sent> remind(Reminder reminder);

  /** Replaces a reminder DM whose membership changed since: its buttons no longer act, it shows the new state. */
  void outdated(Sent where, Group group, Instant remindedEnd, Optional<Instant> newEnd, boolean removed);

  /** Where a DM landed. */
  record Sent(String channelId, String ts) {}

  /** One digest for a group's leader: members (not the leader) whose access ends within the first lead time. */
  void digest(Group group, User leader, List<DigestLine> lines);

  /** A leader's reminder that the group's access to an item ends, with Request again and Let it expire. */
  void remindItem(ItemReminder reminder);

  /** A short note that a member's access has ended. */
  void ended(User member, Group group, Instant endedAt);

  /** A member's reminder: the facts the DM shows and its buttons carry. */
  record Reminder(Group group, User member, Instant expiresAt, Duration lead, boolean memberLeads, Duration extension) {}

  /** The group's access to a resource ends at {@code expiresAt}; {@code leader} is told, {@code lead} before. */
  record ItemReminder(Group group, User leader, java.util.UUID resourceId, String resourceName, Instant expiresAt, Duration lead) {}

  /** One member in a digest. */
  record DigestLine(User member, Instant expiresAt, Duration extension) {}
}
