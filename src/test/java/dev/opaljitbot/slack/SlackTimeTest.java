package dev.opaljitbot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackTimeTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  @ParameterizedTest
  @CsvSource({"0,now", "20,now", "45,in 1 min", "1800,in 30 min", "5399,in 1.5 h", "7199,in 2 h", "36000,in 10 h",
      "172800,in 2 d", "-7200,2 h ago",
      // Round to the nearest sensible unit, never down: 3 h 59 min is about 4 h, 1 h 29 min about 1.5 h.
      "14340,in 4 h", "5340,in 1.5 h", "3570,in 1 h", "4440,in 1 h", "50400,in 14 h", "84600,in 24 h", "302400,in 4 d",
      "-14340,4 h ago"})
  void relative_times_read_naturally(long seconds, String text) {
    assertEquals(text, SlackTime.relative(NOW.plusSeconds(seconds), NOW));
  }

  @Test
  void an_expiry_uses_slacks_date_token_with_a_utc_fallback() {
    assertEquals("<!date^1764064800^{date_short_pretty} at {time}|2025-11-25 10:00 UTC> (in 24 h)",
        SlackTime.expiry(Optional.of(Instant.parse("2025-11-25T10:00:00Z")), Instant.parse("2025-11-24T10:00:00Z")));
    assertEquals("no end date", SlackTime.expiry(Optional.empty(), NOW));
  }

  @Test
  void an_end_reads_ends_date_or_no_end_date_never_ends_no_end_date() {
    assertEquals("no end date", SlackTime.ends(Optional.empty(), NOW));
    assertTrue(SlackTime.ends(Optional.of(NOW.plusSeconds(3600)), NOW).startsWith("ends <!date^"));
  }
}
