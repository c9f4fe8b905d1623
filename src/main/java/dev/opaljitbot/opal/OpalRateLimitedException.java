package dev.opaljitbot.opal;

/** Opal kept answering 429 (too many requests) until the client stopped retrying. */
public final class OpalRateLimitedException extends OpalException {
  public OpalRateLimitedException(String operation, String opalMessage) {
    super(429, operation, opalMessage, null);
  }
}
