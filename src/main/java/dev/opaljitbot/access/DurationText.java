package dev.opaljitbot.access;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax used everywhere (slash commands, modals, configuration): whole numbers with
 * the units w, d, h and m, largest first, e.g. {@code 30m}, {@code 2h}, {@code 1d}, {@code 1w},
 * {@code 1h30m}.
 */
public final class DurationText {
  private static final Pattern SYNTAX =
      Pattern.compile("(?:(\\d{1,6})w)?(?:(\\d{1,6})d)?(?:(\\d{1,6})h)?(?:(\\d{1,7})m)?");

  private DurationText() {}

  /** The parsed duration, or a message saying what is wrong and what would be right. */
  public sealed interface Parsed {
    /** A well-formed, positive duration. */
    record Valid(Duration duration) implements Parsed {}

    /** Not a duration; {@code problem} is a sentence for the user. */
    record Invalid(String problem) implements Parsed {}
  }

  public static Parsed parse(String text) {
    if (text == null || text.isBlank()) {
      return new Parsed.Invalid("A duration is missing: use e.g. 30m, 2h, 1d, 1w or 1h30m.");
    }
    String compact = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = SYNTAX.matcher(compact);
    if (!m.matches() || compact.isEmpty()) {
      return new Parsed.Invalid(
          "\"" + text.strip() + "\" is not a duration: use whole numbers with w, d, h or m, largest first,"
              + " e.g. 30m, 2h, 1d, 1w or 1h30m.");
    }
    long minutes =
        part(m, 1) * 7 * 24 * 60 + part(m, 2) * 24 * 60 + part(m, 3) * 60 + part(m, 4);
    if (minutes <= 0) {
      return new Parsed.Invalid("A duration must be at least one minute (e.g. 30m).");
    }
    return new Parsed.Valid(Duration.ofMinutes(minutes));
  }

  /** Like {@link #parse} for callers that only need the value. */
  public static Optional<Duration> tryParse(String text) {
    return parse(text) instanceof Parsed.Valid v ? Optional.of(v.duration()) : Optional.empty();
  }

  /** Text in the same syntax, e.g. 90 minutes → {@code 1h30m}; whole weeks as {@code 2w}, other days as {@code 30d}. */
  public static String format(Duration duration) {
    long minutes = duration.toMinutes();
    if (minutes <= 0) {
      return "0m";
    }
    StringBuilder out = new StringBuilder();
    long days = minutes / (24 * 60);
    minutes %= 24 * 60;
    // Whole weeks read well ("2w"); other day counts stay in days ("30d", not "4w2d").
    if (days > 0 && days % 7 == 0) {
      out.append(days / 7).append('w');
    } else if (days > 0) {
      out.append(days).append('d');
    }
    long hours = minutes / 60;
    minutes %= 60;
    if (hours > 0) out.append(hours).append('h');
    if (minutes > 0) out.append(minutes).append('m');
    return out.toString();
  }

  private static long part(Matcher m, int group) {
    String value = m.group(group);
    return value == null ? 0 : Long.parseLong(value);
  }
}
