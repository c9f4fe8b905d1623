package dev.opaljitbot.sandbox.slack;

import java.util.List;

/** A person (or bot) in the stand-in's workspace; {@code email} is null when Slack would not show one. */
public record SlackUser(String id, String name, String realName, String email, String tz, int tzOffset, boolean isBot) {

  /** The demo people, matching the Opal sandbox's demo organisation by e-mail. */
  public static List<SlackUser> demo() {
    return List.of(
        new SlackUser("U0ADA0001", "ada", "Ada Lovelace", "ada@example.com", "Europe/Berlin", 3600, false),
        new SlackUser("U0BEN0002", "ben", "Ben Okafor", "ben@example.com", "America/New_York", -18000, false),
        new SlackUser("U0CLEO003", "cleo", "Cleo Park", "cleo@example.com", "Asia/Tokyo", 32400, false),
        new SlackUser("U0DEV0004", "dev", "Dev Raman", "dev@example.com", "Europe/London", 0, false),
        new SlackUser("U0EVE0005", "eve", "Eve Santos", "eve@example.com", "America/Los_Angeles", -28800, false),
        new SlackUser("U0FINN006", "finn", "Finn Berg", "finn@example.com", "Europe/Stockholm", 3600, false),
        new SlackUser("U0GUS0007", "gus", "Gus Lind", null, "Europe/Berlin", 3600, false));
  }
}
