package dev.opaljitbot.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartTextTest {
  /** Tuesday 1 December 2026, 10:00 in Berlin. */
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

  private static Optional<Instant> start(String text) {
    return StartText.parse(text, BERLIN, NOW);
  }

  @Test
  void a_date_and_time_is_read_in_the_leaders_time_zone() {
    assertEquals(Optional.of(Instant.parse("2026-12-07T08:00:00Z")), start("2026-12-07 09:00"));
    assertEquals(Optional.of(Instant.parse("2026-12-06T23:00:00Z")), start("2026-12-07"), "a day alone starts at midnight");
  }

  @Test
  void today_tomorrow_and_weekdays_with_a_time() {
    assertEquals(Optional.of(Instant.parse("2026-12-01T16:30:00Z")), start("today 17:30"));
    assertEquals(Optional.of(Instant.parse("2026-12-02T08:00:00Z")), start("tomorrow 9am"));
    assertEquals(Optional.of(Instant.parse("2026-12-07T08:00:00Z")), start("monday 09:00"));
    assertEquals(Optional.of(Instant.parse("2026-12-08T08:00:00Z")), start("tue 9:00am"), "this Tuesday 09:00 has passed: next week's");
    assertEquals(Optional.of(Instant.parse("2026-12-01T20:15:00Z")), start("tuesday 9:15pm"), "later today");
    assertEquals(Optional.of(Instant.parse("2026-12-07T23:00:00Z")), start("tuesday"), "a weekday alone, said that day: next week's");
  }

  @Test
  void a_time_alone_is_the_next_one() {
    assertEquals(Optional.of(Instant.parse("2026-12-01T13:00:00Z")), start("2pm"));
    assertEquals(Optional.of(Instant.parse("2026-12-02T07:00:00Z")), start("08:00"), "08:00 has passed today: tomorrow's");
  }

  @Test
  void anything_else_is_not_a_start() {
    for (String text : new String[] {"9", "25:00", "13pm", "someday", "monday noon", "2026-13-01 09:00", "tomorrow 9am please"}) {
      assertEquals(Optional.empty(), start(text), text);
    }
    assertTrue(StartText.isPart("monday"));
    assertTrue(StartText.isPart("9am"));
    assertFalse(StartText.isPart("launch"));
  }
}
