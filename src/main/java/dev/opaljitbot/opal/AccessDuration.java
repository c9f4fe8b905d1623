package dev.opaljitbot.opal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long access lasts: a positive duration or indefinite. Converted to Opal's
 * {@code duration_minutes} only inside this package.
 */
public final class AccessDuration {
  /** Opal's upper bound for {@code duration_minutes} (one year and a bit: 365.25 days). */
  public static final Duration OPAL_MAXIMUM = Duration.ofMinutes(525_960);

  private static final AccessDuration INDEFINITE = new AccessDuration(null);

  private final Duration duration;

  private AccessDuration(Duration duration) {
    this.duration = duration;
  }

  public static AccessDuration indefinite() {
    return INDEFINITE;
  }

  /** A bounded duration of whole minutes, at least one minute and at most {@link #OPAL_MAXIMUM}. */
  public static AccessDuration of(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.toMinutes() < 1) {
      throw new IllegalArgumentException("access must last at least one minute");
    }
    if (duration.compareTo(OPAL_MAXIMUM) > 0) {
      throw new IllegalArgumentException("access may last at most " + OPAL_MAXIMUM.toMinutes() + " minutes");
    }
    return new AccessDuration(Duration.ofMinutes(duration.toMinutes()));
  }

  public boolean isIndefinite() {
    return duration == null;
  }

  public Optional<Duration> duration() {
    return Optional.ofNullable(duration);
  }

  /** Opal's {@code duration_minutes}: 0 means indefinite for group users. */
  int toOpalMinutes() {
    return duration == null ? 0 : Math.toIntExact(duration.toMinutes());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccessDuration other && Objects.equals(duration, other.duration);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(duration);
  }

  @Override
  public String toString() {
    return duration == null ? "indefinite" : duration.toString();
  }
}
