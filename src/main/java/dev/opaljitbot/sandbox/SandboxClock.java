package dev.opaljitbot.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the sandbox runs on, which tests and the playground can move forward to watch access expire.
 * Fixed (tests: time stands still unless moved) or running (the playground: real time plus the moves).
 */
public final class SandboxClock extends Clock {
  private final ZoneId zone;
  private final boolean running;
  private volatile Instant base;
  private volatile long baseNanos;

  public SandboxClock(Instant start, ZoneId zone) {
    this(start, zone, false);
  }

  private SandboxClock(Instant start, ZoneId zone, boolean running) {
    this.base = start;
    this.zone = zone;
    this.running = running;
    this.baseNanos = System.nanoTime();
  }

  public static SandboxClock startingNow() {
    return new SandboxClock(Instant.now(), ZoneOffset.UTC);
  }

  /** Follows real time, plus whatever {@link #advance} added. */
  public static SandboxClock running() {
    return new SandboxClock(Instant.now(), ZoneOffset.UTC, true);
  }

  public synchronized void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time only moves forward");
    }
    base = base.plus(d);
  }

  public synchronized void set(Instant t) {
    base = t;
    baseNanos = System.nanoTime();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new SandboxClock(instant(), zone, running);
  }

  @Override
  public Instant instant() {
    return running ? base.plusNanos(System.nanoTime() - baseNanos) : base;
  }
}
