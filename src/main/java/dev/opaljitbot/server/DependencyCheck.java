package dev.opaljitbot.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Whether a dependency (Opal, the store) answers, for {@code /healthz}. Probes at most once per
 * {@code interval} so frequent health polls never put load on the dependency.
 */
public final class DependencyCheck {
  private final String name;
  private final BooleanSupplier probe;
  private final Duration interval;
  private final Clock clock;
  private Instant checkedAt;
  private boolean lastResult;

  public DependencyCheck(String name, BooleanSupplier probe, Duration interval, Clock clock) {
    this.name = name;
    this.probe = probe;
    this.interval = interval;
    this.clock = clock;
  }

  public String name() {
    return name;
  }

  /** True when the last probe, made within the interval, succeeded. A probe that throws counts as down. */
  public synchronized boolean isUp() {
    Instant now = clock.instant();
    if (checkedAt == null || !now.isBefore(checkedAt.plus(interval))) {
      boolean result;
      try {
        result = probe.getAsBoolean();
      } catch (RuntimeException e) {
        result = false;
      }
      lastResult = result;
      checkedAt = now;
    }
    return lastResult;
  }
}
