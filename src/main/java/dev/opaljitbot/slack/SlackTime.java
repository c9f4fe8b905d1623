package dev.opaljitbot.slack;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Times as people read them in Slack: Slack's date formatting (which Slack shows in each viewer's own
 * time zone) plus a relative part such as "in 2 h".
 */
final class SlackTime {
  private static final DateTimeFormatter FALLBACK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private SlackTime() {}

  /** {@code <!date^…^{date_short_pretty} at {time}|fallback> (in 2 h)}, or "no end date". */
  static String expiry(Optional<Instant> expiresAt, Instant now) {
    return expiresAt.map(at -> date(at) + " (" + relative(at, now) + ")").orElse("no end date");
  }

  /** "ends <date> (in 2 h)", or "no end date": never "ends no end date". */
  static String ends(Optional<Instant> expiresAt, Instant now) {
    return expiresAt.map(at -> "ends " + expiry(expiresAt, now)).orElse("no end date");
  }

  /** Slack date token; Slack renders it in the viewer's time zone, clients without support show the fallback. */
  static String date(Instant at) {
    return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} at {time}|" + FALLBACK.format(at) + ">";
  }

  /** "in 2 h", "in 3 d", "in 45 min", "2 h ago", "now". */
  static String relative(Instant at, Instant now) {
    Duration d = Duration.between(now, at);
    boolean past = d.isNegative();
    // Whole minutes, rounded: an end 1 h 59 min 59.7 s away reads "in 2 h", not "in 1.5 h".
    long minutes = Math.round(Math.abs(d.toMillis()) / 60_000.0);
    String amount;
    if (minutes < 1) {
      return "now";
    } else if (minutes < 60) {
      amount = minutes + " min";
    } else if (minutes < 10 * 60) {
      // Nearest half hour: 3 h 59 min reads "4 h", 1 h 29 min "1.5 h".
      long halves = Math.round(minutes / 30.0);
      amount = halves % 2 == 0 ? halves / 2 + " h" : halves / 2 + ".5 h";
    } else if (minutes < 48 * 60) {
      amount = Math.round(minutes / 60.0) + " h";
    } else {
      amount = Math.round(minutes / (24 * 60.0)) + " d";
    }
    return past ? amount + " ago" : "in " + amount;
  }
}
