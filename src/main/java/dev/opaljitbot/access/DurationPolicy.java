package dev.opaljitbot.access;

import dev.opaljitbot.opal.AccessDuration;
import dev.opaljitbot.opal.Group;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How long access to a group may last: never beyond the group's {@code max_duration} (when set) nor
 * Opal's own limit, and indefinite only where the group has no maximum.
 */
public final class DurationPolicy {
  /** Durations offered in menus, bounded by each group's maximum. */
  public static final List<Duration> PRESETS =
      List.of(
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(4),
          Duration.ofHours(8),
          Duration.ofDays(1),
          Duration.ofDays(3),
          Duration.ofDays(7),
          Duration.ofDays(14),
          Duration.ofDays(30),
          Duration.ofDays(90));

  /** What the person asked for: a duration, or indefinite. */
  public sealed interface Requested {
    /** A bounded duration. */
    record For(Duration duration) implements Requested {}

    /** No end date. */
    record Indefinite() implements Requested {}
  }

  /** The outcome of checking a requested duration against a group. */
  public sealed interface Checked {
    /** Within the rules; {@code duration} is what to send to Opal. */
    record Allowed(AccessDuration duration) implements Checked {}

    /** Too long; {@code maximum} is the longest allowed. */
    record TooLong(Duration requested, Duration maximum) implements Checked {}

    /** The group has a maximum, so access must end. */
    record IndefiniteNotAllowed(Duration maximum) implements Checked {}
  }

  public Checked check(Group group, Requested requested) {
    Optional<Duration> groupMax = group.maxAccessDuration();
    if (requested instanceof Requested.Indefinite) {
      return groupMax.<Checked>map(Checked.IndefiniteNotAllowed::new)
          .orElse(new Checked.Allowed(AccessDuration.indefinite()));
    }
    Duration wanted = ((Requested.For) requested).duration();
    Duration maximum = maximum(group);
    if (wanted.compareTo(maximum) > 0) {
      return new Checked.TooLong(wanted, maximum);
    }
    return new Checked.Allowed(AccessDuration.of(wanted));
  }

  /** The longest bounded access to this group. */
  public Duration maximum(Group group) {
    return group.maxAccessDuration()
        .filter(max -> max.compareTo(AccessDuration.OPAL_MAXIMUM) < 0)
        .orElse(AccessDuration.OPAL_MAXIMUM);
  }

  public boolean allowsIndefinite(Group group) {
    return group.maxAccessDuration().isEmpty();
  }

  /** The menu of durations for this group, shortest first, never beyond its maximum (which is included). */
  public List<Duration> presets(Group group) {
    Duration maximum = maximum(group);
    List<Duration> result = new ArrayList<>();
    for (Duration preset : PRESETS) {
      if (preset.compareTo(maximum) < 0) {
        result.add(preset);
      }
    }
    if (group.maxAccessDuration().isPresent()) {
      result.add(maximum);
    }
    return result;
  }

  /** What a menu preselects: the group's recommended duration when it is allowed, else the smallest of 2h and the maximum. */
  public Duration suggested(Group group) {
    Duration maximum = maximum(group);
    return group.recommendedAccessDuration()
        .filter(d -> d.compareTo(maximum) <= 0)
        .orElse(Duration.ofHours(2).compareTo(maximum) <= 0 ? Duration.ofHours(2) : maximum);
  }

  /**
   * How much an "Extend" button adds: the group's {@code extensions_duration_in_minutes}, or its
   * recommended duration when that is 0, or the suggested duration; never beyond the maximum.
   */
  public Duration extension(Group group) {
    Duration maximum = maximum(group);
    Duration wanted = group.extensionDuration().or(group::recommendedAccessDuration).orElse(suggested(group));
    return wanted.compareTo(maximum) > 0 ? maximum : wanted;
  }
}
