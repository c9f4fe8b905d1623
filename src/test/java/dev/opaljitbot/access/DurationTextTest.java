package dev.opaljitbot.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest
  @CsvSource({"30m,30", "2h,120", "1d,1440", "1w,10080", "1h30m,90", "1w2d3h4m,13144", "2H,120", " 45m ,45"})
  void the_contracts_duration_forms_are_understood(String text, long minutes) {
    assertEquals(Duration.ofMinutes(minutes), ((DurationText.Parsed.Valid) DurationText.parse(text)).duration());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "2", "h", "2x", "30m1h", "1.5h", "-1h", "2 h", "tomorrow", "1h1h"})
  void anything_else_is_refused_with_an_example_of_the_right_form(String text) {
    DurationText.Parsed parsed = DurationText.parse(text);
    DurationText.Parsed.Invalid invalid = assertInstanceOf(DurationText.Parsed.Invalid.class, parsed);
    assertTrue(invalid.problem().contains("30m"), invalid.problem());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0m", "0h0m"})
  void zero_is_refused(String text) {
    assertInstanceOf(DurationText.Parsed.Invalid.class, DurationText.parse(text));
  }

  @ParameterizedTest
  @CsvSource({"90,1h30m", "1440,1d", "10080,1w", "10081,1w1m", "45,45m", "0,0m", "43200,30d", "129600,90d", "24480,17d",
      "20160,2w"})
  void durations_print_in_the_same_syntax(long minutes, String text) {
    assertEquals(text, DurationText.format(Duration.ofMinutes(minutes)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1h30m", "2w3d", "59m", "525960m"})
  void formatting_then_parsing_gives_the_same_duration(String text) {
    Duration d = DurationText.tryParse(text).orElseThrow();
    assertEquals(d, DurationText.tryParse(DurationText.format(d)).orElseThrow());
  }
}
