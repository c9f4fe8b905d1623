package dev.opaljitbot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DependencyCheckTest {

  @Test
  void probes_at_most_once_per_interval_so_health_polls_do_not_load_opal() {
    AtomicInteger probes = new AtomicInteger();
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    Clock[] clock = {Clock.fixed(start, ZoneOffset.UTC)};
    DependencyCheck check =
        new DependencyCheck("opal", () -> probes.incrementAndGet() > 0, Duration.ofSeconds(30), new Clock() {
          @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
          @Override public Clock withZone(java.time.ZoneId zone) { return this; }
          @Override public Instant instant() { return clock[0].instant(); }
        });
    for (int i = 0; i < 10; i++) {
      assertTrue(check.isUp());
    }
    assertEquals(1, probes.get());
    clock[0] = Clock.fixed(start.plusSeconds(31), ZoneOffset.UTC);
    check.isUp();
    assertEquals(2, probes.get());
  }

  @Test
  void a_probe_that_throws_counts_as_down() {
    DependencyCheck check =
        new DependencyCheck("store", () -> { throw new IllegalStateException("boom"); }, Duration.ZERO, Clock.systemUTC());
    assertFalse(check.isUp());
  }
}
