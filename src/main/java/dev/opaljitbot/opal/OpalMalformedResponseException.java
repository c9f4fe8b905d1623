package dev.opaljitbot.opal;

/** Opal answered 2xx with a body that is not the JSON the API describes. */
public final class OpalMalformedResponseException extends OpalException {
  public OpalMalformedResponseException(int status, String operation, String detail, Throwable cause) {
    super(status, operation, detail, cause);
  }
}
