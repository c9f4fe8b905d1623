package dev.opaljitbot.reminders;

import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.store.BotStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What a member or leader can do from a reminder besides extending (which {@code GroupAccess} does). */
public final class ReminderActions {
  private final BotStore store;
  private final GroupDirectory groups;
  private final UserDirectory users;
  private final Clock clock;

  public ReminderActions(BotStore store, GroupDirectory groups, UserDirectory users, Clock clock) {
    this.store = store;
    this.groups = groups;
    this.users = users;
    this.clock = clock;
  }

  /** "Let it expire": no more reminders for this expiry; only the member themselves may say so. */
  public boolean letExpire(User actor, UUID groupId, UUID memberId, Instant expiresAt) {
    if (!actor.userId().equals(memberId)) {
      return false;
    }
    store.silence(groupId, memberId, expiresAt, clock.instant());
    return true;
  }

  /**
   * "Let it expire" on an item reminder: no more reminders about this end of the group's access to the item,
   * for any of its leaders; only a leader (by data no older than a minute) may say so.
   */
  public boolean letItemExpire(User actor, UUID groupId, UUID itemId, Instant expiresAt) {
    if (!groups.groupNoOlderThan(groupId, Duration.ofSeconds(60)).isLeader(actor.userId())) {
      return false;
    }
    store.silence(groupId, itemId, expiresAt, clock.instant());
    return true;
  }

  /**
   * Claims the one extension from this end: true for the first click of any Extend button about it, false
   * for the rest (two leaders, a double click), so the end moves once.
   */
  public boolean claimExtension(UUID groupId, UUID memberId, Instant fromEnd) {
    return store.claim(new dev.opaljitbot.store.Notice(groupId, memberId, fromEnd, dev.opaljitbot.store.Notice.Kind.EXTENSION,
        Duration.ZERO), clock.instant());
  }

  /** The group's leaders to ask for an extension, from group data no older than a minute. */
  public List<User> leadersToAsk(UUID groupId) {
    Group group = groups.groupNoOlderThan(groupId, Duration.ofSeconds(60));
    return group.groupLeaderUserIds().stream().map(users::byId).flatMap(Optional::stream).toList();
  }

  public Group group(UUID groupId) {
    return groups.group(groupId);
  }
}
