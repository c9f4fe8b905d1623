package dev.opaljitbot.reminders;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Where reminders go; the Slack side implements it with DMs and buttons. */
public interface ExpiryNotifier {

  /** A member's reminder; {@code memberLeads} decides between Extend and "Ask a leader to extend". */
  void remind(Reminder reminder);

  /** One digest for a group's leader: members (not the leader) whose access ends within the first lead time. */
  void digest(Group group, User leader, List<DigestLine> lines);

  /** A short note that a member's access has ended. */
  void ended(User member, Group group, Instant endedAt);

  /** A member's reminder: the facts the DM shows and its buttons carry. */
  record Reminder(Group group, User member, Instant expiresAt, Duration lead, boolean memberLeads, Duration extension) {}

  /** One member in a digest. */
  record DigestLine(User member, Instant expiresAt, Duration extension) {}
}
