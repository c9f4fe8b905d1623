package dev.opaljitbot.directory;

import java.util.Optional;

/** Slack's side of identity, implemented by the Slack layer so this package needs no Slack types. */
public interface SlackProfiles {
  /** The e-mail on a Slack user's profile; empty when Slack shows none. */
  Optional<String> emailOf(String slackUserId);

  /** The Slack user with this e-mail; empty when there is none. */
  Optional<String> slackIdOf(String email);

  /** The Slack user's time zone (for reading times they type); empty when Slack does not say. */
  default Optional<java.time.ZoneId> zoneOf(String slackUserId) {
    return Optional.empty();
  }
}
