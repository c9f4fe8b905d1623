package dev.opaljitbot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Button values read back as written, and a value that was tampered with or is out of date reads as nothing. */
class ButtonValueTest {
  private record Reminder(UUID group, UUID member, Instant end) {}

  private static Optional<Reminder> reminder(String value) {
    return ButtonValue.read(value, 3, v -> new Reminder(v.uuid(0), v.uuid(1), v.instant(2)));
  }

  @Test
  void a_value_reads_back_as_it_was_written_to_the_millisecond() {
    UUID group = UUID.randomUUID();
    UUID member = UUID.randomUUID();
    Instant end = Instant.parse("2026-12-01T17:03:49.056Z");
    assertEquals(Optional.of(new Reminder(group, member, end)), reminder(ButtonValue.of(group, member, end)));
    assertEquals(Optional.of(group), ButtonValue.uuid(ButtonValue.of(group)));
  }

  @Test
  void a_tampered_or_outdated_value_reads_as_nothing() {
    UUID id = UUID.randomUUID();
    assertEquals(Optional.empty(), reminder(null));
    assertEquals(Optional.empty(), reminder(ButtonValue.of(id, id)), "too few parts");
    assertEquals(Optional.empty(), reminder(ButtonValue.of(id, id, 5, 6)), "too many parts");
    assertEquals(Optional.empty(), reminder(ButtonValue.of(id, "not-a-uuid", 5)));
    assertEquals(Optional.empty(), reminder(ButtonValue.of(id, id, "soon")));
    assertEquals(Optional.empty(), ButtonValue.read(ButtonValue.of(id, "X", id), 3, v -> v.oneOf(1, "R", "G")));
    assertEquals(Optional.empty(), ButtonValue.uuid(""));
  }
}
