package dev.opaljitbot.opal;

/** No answer from Opal: connection refused, timeout, or a broken connection (status 0). */
public final class OpalUnavailableException extends OpalException {
  public OpalUnavailableException(String operation, String detail, Throwable cause) {
    super(0, operation, detail, cause);
  }
}
