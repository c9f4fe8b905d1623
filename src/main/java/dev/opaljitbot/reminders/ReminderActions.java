package dev.opaljitbot.reminders;

import dev.opaljitbot.access.GroupAccess;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.store.BotStore;
import dev.opaljitbot.store.Notice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a member or leader can do from a reminder besides extending (which {@code GroupAccess} does), and the
 * rules every reminder button follows at click time: it acts only on the end its message was about, and only
 * for whom it is meant.
 */
public final class ReminderActions {
  private final BotStore store;
  private final GroupDirectory groups;
  private final UserDirectory users;
  private final GroupAccess access;
  private final Clock clock;

  public ReminderActions(BotStore store, GroupDirectory groups, UserDirectory users, GroupAccess access, Clock clock) {
    this.store = store;
    this.groups = groups;
    this.users = users;
    this.access = access;
    this.clock = clock;
  }

  /** Where a reminder's membership stands when one of its buttons is clicked. */
  public sealed interface Standing {
    /** The end the message was about still holds: its buttons may act. {@code self}: the clicker is the member. */
    record Holds(Group group, User member, boolean self) implements Standing {}

    /** The membership has ended since: nothing is done. */
    record Ended(Group group, User member, boolean self) implements Standing {}

    /** The end moved since (extended, made indefinite): nothing is done; {@code endsAt} is how it stands now. */
    record Moved(Group group, User member, boolean self, Optional<Instant> endsAt) implements Standing {}

    /** Opal no longer knows the member. */
    record UnknownMember() implements Standing {}
  }

  /**
   * How the membership a reminder was about stands now, read from Opal. Opal keeps ends to the minute, so an
   * end within the same minute is the same end.
   */
  public Standing standing(User clicker, UUID groupId, UUID memberId, Instant remindedEnd) {
    Optional<User> member = users.byId(memberId);
    if (member.isEmpty()) {
      return new Standing.UnknownMember();
    }
    Group group = groups.group(groupId);
    boolean self = memberId.equals(clicker.userId());
    Optional<Optional<Instant>> current = access.currentEnd(groupId, memberId);
    if (current.isEmpty()) {
      return new Standing.Ended(group, member.get(), self);
    }
    if (current.get().isEmpty() || Math.abs(Duration.between(current.get().get(), remindedEnd).toSeconds()) >= 60) {
      return new Standing.Moved(group, member.get(), self, current.get());
    }
    return new Standing.Holds(group, member.get(), self);
  }

  /** Whether the clicker may answer "won't extend" for the group: only its leaders (data no older than a minute). */
  public boolean mayDecline(User clicker, UUID groupId) {
    return groups.leads(groupId, clicker.userId());
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
    if (!groups.leads(groupId, actor.userId())) {
      return false;
    }
    store.silence(groupId, itemId, expiresAt, clock.instant());
    return true;
  }

  /**
   * The one extension from each end: the first click of any Extend button about it claims it, the rest (two
   * leaders, a double click) find it taken, so the end moves once; a claim whose extension did not happen is
   * given back.
   */
  public GroupAccess.OnceFrom extensionClaims() {
    return new GroupAccess.OnceFrom() {
      @Override
      public boolean claim(UUID groupId, UUID memberId, Instant fromEnd) {
        return store.claim(extension(groupId, memberId, fromEnd), clock.instant());
      }

      @Override
      public void release(UUID groupId, UUID memberId, Instant fromEnd) {
        store.release(extension(groupId, memberId, fromEnd));
      }
    };
  }

  private static Notice extension(UUID groupId, UUID memberId, Instant fromEnd) {
    return new Notice(groupId, memberId, fromEnd, Notice.Kind.EXTENSION, Duration.ZERO);
  }

  /**
   * A reminder DM was answered in place (a button's outcome replaced it): it is no longer the reminder, so later
   * changes to the membership leave that answer as it is instead of rewriting it.
   */
  public void answered(UUID groupId, UUID memberId, String channelId, String messageTs) {
    store.reminderMessages(groupId, memberId).stream()
        .filter(m -> m.channelId().equals(channelId) && m.messageTs().equals(messageTs))
        .forEach(store::forgetReminderMessage);
  }

  /** The group's leaders to ask for an extension, from group data no older than a minute. */
  public List<User> leadersToAsk(UUID groupId) {
    Group group = groups.groupToAuthorize(groupId);
    return users.byIds(group.groupLeaderUserIds());
  }

}
