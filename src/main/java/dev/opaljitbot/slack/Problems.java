package dev.opaljitbot.slack;

import dev.opaljitbot.opal.OpalException;
import dev.opaljitbot.opal.OpalNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that turns a failure into words for a Slack user; stack traces go to the log only. */
final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /** A sentence about what went wrong and what to do; logs unexpected failures in full. */
  static String describe(Throwable failure, String whatWasAttempted) {
    Throwable cause = failure;
    while (!(cause instanceof OpalException) && cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause instanceof OpalNotFoundException) {
      LOG.info("{}: Opal no longer knows the group or person: {}", whatWasAttempted, cause.getMessage());
      return "Opal no longer knows that group or person; it may have been deleted. Nothing was changed.";
    }
    if (cause instanceof OpalException e) {
      LOG.warn("{} failed: {}", whatWasAttempted, e.getMessage());
      if (e.status() == 0) {
        return "Opal did not answer in time, so I could not " + whatWasAttempted + ". Please try again in a moment.";
      }
      if (e.status() == 429) {
        return "Opal is busy (rate limit), so I could not " + whatWasAttempted + ". Please try again in a minute.";
      }
      if (e.status() == 401 || e.status() == 403) {
        return "The bot's Opal token was refused, so I could not " + whatWasAttempted + ". Please tell the bot's administrators.";
      }
      if (e.status() >= 500) {
        return "Opal had an internal error, so I could not " + whatWasAttempted + ". Please try again later.";
      }
      return "Opal refused to " + whatWasAttempted + (e.opalMessage() == null ? "." : ": " + e.opalMessage());
    }
    LOG.error("{} failed unexpectedly", whatWasAttempted, failure);
    return "Something went wrong on my side while trying to " + whatWasAttempted
        + ". It has been logged; please try again, and check the current state before repeating a change.";
  }
}
