package dev.opaljitbot.opal;

/** Opal answered 404: the group, user or request does not exist (or the token cannot see it). */
public final class OpalNotFoundException extends OpalException {
  public OpalNotFoundException(String operation, String opalMessage) {
    super(404, operation, opalMessage, null);
  }
}
