package dev.opaljitbot.slack;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one format of the values buttons carry: parts joined by {@code :} (ids, an end as epoch milliseconds, a
 * page, a kind letter), so a click needs no lookup. A value that does not read back as expected (out of date,
 * or tampered with) reads as empty, and the click is ignored or answered "out of date".
 */
final class ButtonValue {
  private final String[] parts;

  private ButtonValue(String[] parts) {
    this.parts = parts;
  }

  /** A value from its parts; an {@link Instant} is written as epoch milliseconds. */
  static String of(Object... parts) {
    StringBuilder out = new StringBuilder();
    for (Object part : parts) {
      if (out.length() > 0) {
        out.append(':');
      }
      out.append(part instanceof Instant i ? String.valueOf(i.toEpochMilli()) : String.valueOf(part));
    }
    return out.toString();
  }

  /** Reads a value of exactly {@code count} parts with {@code decode}; empty when it has another shape or a part does not read. */
  static <T> Optional<T> read(String value, int count, Function<ButtonValue, T> decode) {
    String[] parts = value == null ? new String[0] : value.split(":", -1);
    if (parts.length != count) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(decode.apply(new ButtonValue(parts)));
    } catch (IllegalArgumentException notThatShape) {
      return Optional.empty();
    }
  }

  /** A value that is one id (a request's, or one picked in a form). */
  static Optional<UUID> uuid(String value) {
    return read(value, 1, v -> v.uuid(0));
  }

  UUID uuid(int i) {
    return UUID.fromString(parts[i]);
  }

  Instant instant(int i) {
    return Instant.ofEpochMilli(Long.parseLong(parts[i]));
  }

  int number(int i) {
    return Integer.parseInt(parts[i]);
  }

  /** A part that must be one of {@code allowed}. */
  String oneOf(int i, String... allowed) {
    for (String a : allowed) {
      if (a.equals(parts[i])) {
        return a;
      }
    }
    throw new IllegalArgumentException("unexpected " + parts[i]);
  }
}
