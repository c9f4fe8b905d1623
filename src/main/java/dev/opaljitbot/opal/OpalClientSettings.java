package dev.opaljitbot.opal;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client reaches Opal and how patient it is.
 *
 * @param baseUrl Opal's API base including its path, e.g. {@code https://api.opal.dev/v1}
 * @param apiToken the bearer token; never printed (see {@link #toString()})
 * @param maxAttempts attempts per idempotent call, the first included
 * @param maxRetryTime total time one call may spend on retries
 * @param backoff first retry delay; doubles per retry up to {@code maxBackoff}, with jitter
 * @param maxRetryAfter the longest Retry-After honoured; a longer one fails the call instead of hanging
 * @param pageSize page size for list calls (Opal allows up to 1000)
 */
public record OpalClientSettings(
    String baseUrl,
    String apiToken,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    int maxAttempts,
    Duration maxRetryTime,
    Duration backoff,
    Duration maxBackoff,
    Duration maxRetryAfter,
    int pageSize) {

  public OpalClientSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(apiToken, "apiToken");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("pageSize must be from 1 to 1000 (Opal's limit)");
    }
  }

  /** Production defaults: patient enough for a slow Opal, bounded so a Slack user hears back. */
  public static OpalClientSettings defaults(String baseUrl, String apiToken) {
    return new OpalClientSettings(baseUrl, apiToken, Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
        4, Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30), 500);
  }

  public OpalClientSettings withTimeouts(Duration connect, Duration read) {
    return new OpalClientSettings(baseUrl, apiToken, connect, read, callTimeout, maxAttempts, maxRetryTime, backoff, maxBackoff,
        maxRetryAfter, pageSize);
  }

  public OpalClientSettings withRetries(int attempts, Duration firstBackoff, Duration maxTotal) {
    return new OpalClientSettings(baseUrl, apiToken, connectTimeout, readTimeout, callTimeout, attempts, maxTotal, firstBackoff,
        maxBackoff, maxRetryAfter, pageSize);
  }

  public OpalClientSettings withPageSize(int size) {
    return new OpalClientSettings(baseUrl, apiToken, connectTimeout, readTimeout, callTimeout, maxAttempts, maxRetryTime, backoff,
        maxBackoff, maxRetryAfter, size);
  }

  /** Leaves the token out, whole and in part. */
  @Override
  public String toString() {
    return "OpalClientSettings[baseUrl=" + baseUrl + ", apiToken=[redacted], connectTimeout=" + connectTimeout
        + ", readTimeout=" + readTimeout + ", maxAttempts=" + maxAttempts + ", maxRetryTime=" + maxRetryTime
        + ", pageSize=" + pageSize + "]";
  }
}
