package dev.opaljitbot.opal;

/**
 * Whether Opal has pushed a change to the remote system. The status is kept as Opal's string (for
 * example {@code SUCCESS}, {@code PENDING}, {@code ERR_REMOTE_THROTTLE}) because Opal adds values.
 */
public record PropagationStatus(String status) {
  public boolean isSuccess() {
    return "SUCCESS".equals(status);
  }

  public boolean isError() {
    return status != null && status.startsWith("ERR_");
  }
}
