package dev.opaljitbot.reminders;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * When reminders go out and how hard the sweep may ask Opal.
 *
 * @param leadTimes before an expiry, longest first (REMINDER_LEAD_TIMES)
 * @param sweepInterval how often expiries are looked for (REMINDER_SWEEP_INTERVAL)
 * @param opalCallsPerSecond the sweep's budget of Opal calls, so thousands of groups never burst Opal
 * @param notifyEnded whether members get a short DM when their access has ended
 */
public record ReminderSettings(List<Duration> leadTimes, Duration sweepInterval, double opalCallsPerSecond, boolean notifyEnded) {
  public ReminderSettings {
    leadTimes = leadTimes.stream().sorted(Comparator.reverseOrder()).toList();
    if (leadTimes.isEmpty()) {
      throw new IllegalArgumentException("at least one lead time");
    }
    if (opalCallsPerSecond <= 0) {
      throw new IllegalArgumentException("opalCallsPerSecond must be positive");
    }
  }

  /** The longest lead time: members inside it appear in their leaders' digest. */
  public Duration firstLead() {
    return leadTimes.get(0);
  }
}
