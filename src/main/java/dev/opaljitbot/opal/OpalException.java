package dev.opaljitbot.opal;

/**
 * A failed Opal call: the HTTP status (0 when no response arrived), the operation, and Opal's own
 * message. Never contains the API token.
 */
public class OpalException extends RuntimeException {
  private final int status;
  private final String operation;
  private final String opalMessage;

  public OpalException(int status, String operation, String opalMessage, Throwable cause) {
    super(describe(status, operation, opalMessage), cause);
    this.status = status;
    this.operation = operation;
    this.opalMessage = opalMessage;
  }

  private static String describe(int status, String operation, String opalMessage) {
    String head = status == 0 ? "Opal did not answer " + operation : "Opal answered " + status + " to " + operation;
    return opalMessage == null || opalMessage.isBlank() ? head : head + ": " + opalMessage;
  }

  /** HTTP status, or 0 when the call failed before a response (timeout, connection refused). */
  public int status() {
    return status;
  }

  /** The operation, e.g. {@code POST /groups/{group_id}/users/{user_id}}. */
  public String operation() {
    return operation;
  }

  /** Opal's message from the error body, or null. */
  public String opalMessage() {
    return opalMessage;
  }

  /** Whether trying again later may succeed (timeouts, 429, 5xx). */
  public boolean isTransient() {
    return status == 0 || status == 429 || status >= 500;
  }
}
