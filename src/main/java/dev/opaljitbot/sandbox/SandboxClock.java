package dev.opaljitbot.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the sandbox runs on, which tests and the playground can move forward to watch access expire. */
public final class SandboxClock extends Clock {
  private final ZoneId zone;
  private volatile Instant now;

  public SandboxClock(Instant start, ZoneId zone) {
    this.now = start;
    this.zone = zone;
  }

  public static SandboxClock startingNow() {
    return new SandboxClock(Instant.now(), ZoneOffset.UTC);
  }

  public synchronized void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time only moves forward");
    }
    now = now.plus(d);
  }

  public synchronized void set(Instant t) {
    now = t;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    SandboxClock other = new SandboxClock(now, zone);
    return other;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
