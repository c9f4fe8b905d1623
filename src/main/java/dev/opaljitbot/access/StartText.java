package dev.opaljitbot.access;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a planned add starts, as a leader types it after "from": {@code 2026-12-07 09:00}, {@code tomorrow 9am},
 * {@code monday 09:00}, {@code today 17:30}, or a time alone ({@code 9am}: the next 9 o'clock), in the leader's
 * time zone. A day without a time starts at midnight.
 */
public final class StartText {
  private static final Pattern TIME = Pattern.compile("(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)?");

  private StartText() {}

  /** Whether a word reads as a day or a time of day (so the command parser knows where the start ends). */
  public static boolean isPart(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return day(w, LocalDate.of(2026, 1, 1)).isPresent() || time(w).isPresent();
  }

  /** The start, or empty when the words are not a day and/or a time of day. */
  public static Optional<Instant> parse(String text, ZoneId zone, Instant now) {
    String[] words = text.strip().toLowerCase(Locale.ROOT).split("\\s+");
    ZonedDateTime current = now.atZone(zone);
    if (words.length == 1) {
      Optional<LocalTime> onlyTime = time(words[0]);
      if (onlyTime.isPresent()) {
        ZonedDateTime today = current.toLocalDate().atTime(onlyTime.get()).atZone(zone);
        return Optional.of((today.isAfter(current) ? today : today.plusDays(1)).toInstant());
      }
      // A day alone starts at midnight; a weekday whose midnight has passed means next week's ("monday" said on a Monday).
      return day(words[0], current.toLocalDate()).map(d -> d.atStartOfDay(zone))
          .map(at -> !at.isAfter(current) && isWeekday(words[0]) ? at.plusWeeks(1) : at)
          .map(ZonedDateTime::toInstant);
    }
    if (words.length == 2) {
      Optional<LocalDate> day = day(words[0], current.toLocalDate());
      Optional<LocalTime> time = time(words[1]);
      if (day.isPresent() && time.isPresent()) {
        ZonedDateTime at = day.get().atTime(time.get()).atZone(zone);
        // "monday 09:00" said on a Monday at 10:00 means next Monday.
        if (!at.isAfter(current) && isWeekday(words[0])) {
          at = at.plusWeeks(1);
        }
        return Optional.of(at.toInstant());
      }
    }
    return Optional.empty();
  }

  private static boolean isWeekday(String word) {
    return weekday(word).isPresent();
  }

  private static Optional<LocalDate> day(String word, LocalDate today) {
    switch (word) {
      case "today":
        return Optional.of(today);
      case "tomorrow":
        return Optional.of(today.plusDays(1));
      default:
        break;
    }
    Optional<DayOfWeek> weekday = weekday(word);
    if (weekday.isPresent()) {
      int ahead = (weekday.get().getValue() - today.getDayOfWeek().getValue() + 7) % 7;
      return Optional.of(today.plusDays(ahead));
    }
    try {
      return Optional.of(LocalDate.parse(word));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<DayOfWeek> weekday(String word) {
    for (DayOfWeek d : DayOfWeek.values()) {
      String name = d.name().toLowerCase(Locale.ROOT);
      if (word.equals(name) || word.equals(name.substring(0, 3))) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  private static Optional<LocalTime> time(String word) {
    Matcher m = TIME.matcher(word);
    if (!m.matches() || (m.group(2) == null && m.group(3) == null)) {
      return Optional.empty(); // a bare number is not a time: "9" could be anything
    }
    int hour = Integer.parseInt(m.group(1));
    int minute = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    if (m.group(3) != null) {
      if (hour < 1 || hour > 12) {
        return Optional.empty();
      }
      hour = hour % 12 + (m.group(3).equals("pm") ? 12 : 0);
    }
    return hour > 23 || minute > 59 ? Optional.empty() : Optional.of(LocalTime.of(hour, minute));
  }
}
