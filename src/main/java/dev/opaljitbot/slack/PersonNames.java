package dev.opaljitbot.slack;

import java.util.UUID;

/** How an Opal user is shown in a message: a Slack mention when their Slack account is known, else their name. */
interface PersonNames {
  String show(UUID opalUserId, String fullName, String email);

  /** Several people, comma-separated. */
  default String people(java.util.List<dev.opaljitbot.opal.User> users) {
    return users.stream().map(u -> show(u.userId(), u.fullName(), u.email())).collect(java.util.stream.Collectors.joining(", "));
  }

  /** Shows everyone by name; for places where no Slack lookup may happen. */
  static PersonNames byName() {
    return (id, fullName, email) -> fullName != null && !fullName.isBlank() ? fullName : email;
  }
}
