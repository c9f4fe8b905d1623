package dev.opaljitbot.opal;

/** Opal refused the token (401) or its rights (403): an operator must fix the bot's configuration. */
public final class OpalUnauthorizedException extends OpalException {
  public OpalUnauthorizedException(int status, String operation, String opalMessage) {
    super(status, operation, opalMessage, null);
  }
}
