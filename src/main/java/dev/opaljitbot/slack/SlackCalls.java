package dev.opaljitbot.slack;

import com.slack.api.methods.SlackApiException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack Web API calls made after the ack (DMs, message and view updates, Home tabs): a 429 waits for Slack's
 * {@code Retry-After} and a 5xx or lost connection is tried again with backoff, so a user's action is delayed
 * rather than failed. The synchronous Slack client does neither by itself (only its async client queues by
 * rate tier). Never used for views.open: its trigger id expires in 3 s.
 */
final class SlackCalls {
  private static final Logger LOG = LoggerFactory.getLogger(SlackCalls.class);
  /** Slack asks for at most this long before the call is given up (the next pass or click can try again). */
  static final Duration LONGEST_WAIT = Duration.ofSeconds(30);
  private static final int ATTEMPTS = 4;

  private SlackCalls() {}

  /** One Web API call. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws IOException, SlackApiException;
  }

  static <T> T withRetries(String method, Call<T> call) throws IOException, SlackApiException {
    RetryPolicy<T> policy = RetryPolicy.<T>builder()
        .handleIf(failure -> failure instanceof IOException
            || failure instanceof SlackApiException e && (e.getResponse().code() == 429 || e.getResponse().code() >= 500))
        .abortIf((result, failure) -> failure instanceof SlackApiException e && e.getResponse().code() == 429
            && retryAfter(e).compareTo(LONGEST_WAIT) > 0)
        .withDelayFn(ctx -> ctx.getLastException() instanceof SlackApiException e && e.getResponse().code() == 429
            ? retryAfter(e) : Duration.ofMillis(200L << Math.min(ctx.getAttemptCount(), 5)))
        .withMaxAttempts(ATTEMPTS)
        .withMaxDuration(LONGEST_WAIT.multipliedBy(2))
        .onRetryScheduled(e -> LOG.info("Slack {} refused ({}); trying again in {} ms", method,
            e.getLastException() instanceof SlackApiException s ? "HTTP " + s.getResponse().code() : String.valueOf(e.getLastException()),
            e.getDelay().toMillis()))
        .build();
    try {
      return Failsafe.with(policy).get(call::run);
    } catch (FailsafeException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof SlackApiException s) {
        throw s;
      }
      throw e;
    }
  }

  /** Slack's Retry-After in seconds (1 s when missing or unreadable). */
  static Duration retryAfter(SlackApiException e) {
    String header = e.getResponse().header("Retry-After");
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(header == null ? "1" : header.strip())));
    } catch (NumberFormatException bad) {
      return Duration.ofSeconds(1);
    }
  }
}
