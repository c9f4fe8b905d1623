package dev.opaljitbot.store;

/** The store could not be read or written. */
public final class StoreException extends RuntimeException {
  public StoreException(String what, Throwable cause) {
    super("store: " + what + " failed: " + cause.getMessage(), cause);
  }
}
