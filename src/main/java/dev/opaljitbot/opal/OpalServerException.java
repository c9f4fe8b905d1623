package dev.opaljitbot.opal;

/** Opal answered with a 5xx status (after the retries idempotent calls get). */
public final class OpalServerException extends OpalException {
  public OpalServerException(int status, String operation, String opalMessage) {
    super(status, operation, opalMessage, null);
  }
}
