package dev.opaljitbot.sandbox;

/** A refusal the sandbox answers with an HTTP status and Opal-style message, as Opal would. */
final class SandboxException extends RuntimeException {
  private final int status;

  SandboxException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }

  static SandboxException badRequest(String message) {
    return new SandboxException(400, message);
  }

  static SandboxException notFound(String message) {
    return new SandboxException(404, message);
  }
}
