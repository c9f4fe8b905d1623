package dev.opaljitbot.opal;

/** Opal refused the request as invalid (400, 409, 422); its message says why. Retrying will not help. */
public final class OpalBadRequestException extends OpalException {
  public OpalBadRequestException(int status, String operation, String opalMessage) {
    super(status, operation, opalMessage, null);
  }
}
