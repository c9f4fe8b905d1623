package dev.opaljitbot.access;

import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.GroupContainingGroup;
import dev.opaljitbot.opal.GroupResource;
import dev.opaljitbot.opal.OpalApi;
import dev.opaljitbot.opal.OpalException;
import dev.opaljitbot.opal.OpalNotFoundException;
import dev.opaljitbot.opal.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The other half of a group leader's job: the items the group gives access to (resources it holds and
 * groups it is a member of), until when, and ending the group's access to one of them.
 *
 * <p>Only a group it is a member of can be ended here ({@code DELETE /groups/{id}/containing-groups/{id}}).
 * Opal's API ends a resource only through {@code PUT /groups/{id}/resources}, which sets the whole list and
 * carries no durations, so what it does to the other resources' ends cannot be known from the API: the bot
 * never calls it, and sends the leader to the group's page in Opal instead.
 */
public final class GroupItems {
  private final OpalApi opal;
  private final GroupDirectory groups;
  private final UserDirectory users;
  private final GroupLeaderPolicy leaders;
  private final AccessAudit audit;
  private final Clock clock;

  public GroupItems(OpalApi opal, GroupDirectory groups, UserDirectory users, GroupLeaderPolicy leaders, AccessAudit audit, Clock clock) {
    this.opal = opal;
    this.groups = groups;
    this.users = users;
    this.leaders = leaders;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * One item a group gives access to.
   *
   * @param end when the group's access ends; empty when it has no end date or Opal does not say
   * @param endKnown false for groups it is a member of: Opal's API reports only the duration granted
   * @param granted for those, the duration Opal reports (empty: indefinite)
   */
  public record Item(Kind kind, UUID id, String name, String accessLevel, Optional<Instant> end, boolean endKnown, Optional<Duration> granted) {
    /** A resource the group holds, or a group it is a member of. */
    public enum Kind {
      RESOURCE,
      GROUP
    }
  }

  /** The group's items: resources first, then groups, each soonest end first. */
  public List<Item> of(UUID groupId) {
    List<Item> items = new ArrayList<>();
    for (GroupResource r : opal.getGroupResources(groupId)) {
      String name = r.accessLevel() == null ? null : r.accessLevel().accessLevelName();
      String level = name == null || name.isBlank() || name.equalsIgnoreCase("default") ? "default access" : name;
      items.add(new Item(Item.Kind.RESOURCE, r.resourceId(), r.resourceName() == null ? "a resource" : r.resourceName(), level,
          Optional.ofNullable(r.expirationDate()), true, Optional.empty()));
    }
    for (GroupContainingGroup c : opal.getContainingGroups(groupId)) {
      String name = groups.cached(c.containingGroupId()).map(Group::displayName).orElse("a group");
      String level = c.accessLevelRemoteId() == null || c.accessLevelRemoteId().isBlank() ? "default access" : c.accessLevelRemoteId();
      Optional<Duration> granted = c.durationMinutes() == null || c.durationMinutes() <= 0
          ? Optional.empty() : Optional.of(Duration.ofMinutes(c.durationMinutes()));
      items.add(new Item(Item.Kind.GROUP, c.containingGroupId(), name, level, Optional.empty(), granted.isEmpty(), granted));
    }
    items.sort(Comparator.comparing(Item::kind)
        .thenComparing(i -> i.end().orElse(Instant.MAX))
        .thenComparing(Item::name, String.CASE_INSENSITIVE_ORDER));
    return items;
  }

  /** The outcome of ending the group's access to an item. */
  public sealed interface Removal {
    /** Opal ended it. */
    record Removed(Group group, String itemName) implements Removal {}

    /** It had ended already (or was removed elsewhere): nothing to do. */
    record AlreadyGone(Group group, String itemName) implements Removal {}

    /** Only the group's leaders may do this; nothing was sent to Opal. */
    record NotALeader(Group group, List<User> leaders) implements Removal {}

    /** Opal could not be asked or refused; {@code cause} says how. */
    record Failed(Group group, String itemName, OpalException cause) implements Removal {}

    /**
     * A resource: the bot does not end a group's access to one (Opal's API only sets the whole list, with no
     * durations, which could change other resources' ends); the group's page in Opal does. Nothing was sent.
     */
    record OnlyInOpal(Group group) implements Removal {}
  }

  /**
   * Ends the group's access to an item, after checking (with fresh data) that the actor leads the group: for a
   * group, its membership of that group; a resource is removed in Opal's web app ({@link Removal.OnlyInOpal}).
   */
  public Removal remove(Actor actor, UUID groupId, Item.Kind kind, UUID itemId) {
    Group group = groups.groupToAuthorize(groupId);
    if (kind == Item.Kind.RESOURCE) {
      return new Removal.OnlyInOpal(group);
    }
    UUID containingGroupId = itemId;
    String name = groups.cached(containingGroupId).map(Group::displayName).orElse("a group");
    if (leaders.mayManageMembers(actor.opalUser(), group) instanceof GroupLeaderPolicy.Decision.NotALeader) {
      List<User> named = users.byIds(group.groupLeaderUserIds());
      record(actor, group, containingGroupId, name, false, "refused: not a leader");
      return new Removal.NotALeader(group, named);
    }
    try {
      opal.deleteContainingGroup(groupId, containingGroupId);
    } catch (OpalNotFoundException e) {
      record(actor, group, containingGroupId, name, false, "already gone");
      return new Removal.AlreadyGone(group, name);
    } catch (OpalException e) {
      record(actor, group, containingGroupId, name, false, "failed: Opal answered " + e.status());
      return new Removal.Failed(group, name, e);
    }
    record(actor, group, containingGroupId, name, true, "removed");
    return new Removal.Removed(group, name);
  }

  /** Whether the person leads the group, by data no older than a minute (for showing leaders' buttons). */
  public boolean leads(User person, UUID groupId) {
    return groups.leads(groupId, person.userId());
  }

  private void record(Actor actor, Group group, UUID itemId, String itemName, boolean changed, String outcome) {
    audit.record(new AuditEntry(clock.instant(), actor.slackUserId(), actor.opalUser().userId(), AuditEntry.Action.REMOVE_ITEM,
        group.groupId(), group.displayName(), List.of(new AuditEntry.Target(itemId, "group " + itemName, outcome)),
        Optional.empty(), changed, outcome));
  }
}
