package dev.opaljitbot.access;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One access change made through the bot, as recorded in the log and the audit channel: who acted (in
 * Slack and in Opal), what they did to which group for whom, for how long, and how it ended.
 *
 * @param duration empty for removals and for indefinite access
 * @param changedAccess false for refusals and for attempts where nothing changed (kept in the log only)
 * @param outcome e.g. "added", "refused: not a leader", "failed: Opal answered 500"
 */
public record AuditEntry(
    Instant at,
    String slackUserId,
    UUID opalUserId,
    Action action,
    UUID groupId,
    String groupName,
    List<Target> targets,
    Optional<Duration> duration,
    boolean changedAccess,
    String outcome) {

  public AuditEntry {
    targets = List.copyOf(targets);
  }

  /** What was done. */
  public enum Action {
    ADD,
    EXTEND,
    REMOVE,
    LEAVE,
    /** The group's access to an item (a group it was a member of) was ended. */
    REMOVE_ITEM,
    /** Access to items was requested on behalf of the group. */
    REQUEST,
    /** A request for the group was approved (a stage, or the whole request). */
    APPROVE,
    /** A request for the group was denied. */
    DENY
  }

  /**
   * Whose or what access changed, with what happened to it.
   *
   * @param id the Opal user, or the item
   * @param label the person's e-mail, or the item's name
   */
  public record Target(UUID id, String label, String result) {}
}
