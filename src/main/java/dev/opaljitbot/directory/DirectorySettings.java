package dev.opaljitbot.directory;

import java.time.Duration;

/**
 * Cache sizes and ages.
 *
 * @param groupIndexRefresh how often the in-memory index of all groups is reloaded in the background
 * @param entryRefresh after this age an entry is refreshed in the background on its next read
 * @param entryExpiry after this age an entry is dropped and the next read waits for Opal
 * @param membersTtl how long a group's member list is reused (the bot invalidates it after its own changes)
 * @param negativeTtl how long "no such user" is remembered, so a typo does not hammer Opal
 */
public record DirectorySettings(
    Duration groupIndexRefresh,
    Duration entryRefresh,
    Duration entryExpiry,
    Duration membersTtl,
    Duration negativeTtl,
    long maxGroups,
    long maxUsers) {

  public static DirectorySettings defaults() {
    return new DirectorySettings(
        Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofMinutes(1),
        100_000, 100_000);
  }
}
