package dev.opaljitbot.directory;

import dev.opaljitbot.opal.User;

/** A Slack user's Opal account, or exactly why there is none. */
public sealed interface OpalIdentity {
  /** The Opal user with the Slack user's e-mail. */
  record Found(User user) implements OpalIdentity {}

  /** Slack shows no e-mail for the user (hidden, or a bot), so no mapping is possible. */
  record NoEmail() implements OpalIdentity {}

  /** Opal has no user with that e-mail. */
  record NoOpalAccount(String email) implements OpalIdentity {}
}
