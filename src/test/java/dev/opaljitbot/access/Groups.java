package dev.opaljitbot.access;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.GroupType;
import java.util.List;
import java.util.UUID;

/** Groups for domain tests. */
final class Groups {
  private Groups() {}

  static Group group(String name, Integer maxMinutes, Integer recommendedMinutes, Integer extensionMinutes, UUID... leaders) {
    return new Group(
        UUID.nameUUIDFromBytes(name.getBytes()), null, name, "", null, List.of(leaders), null, null,
        GroupType.OPAL_GROUP, maxMinutes, recommendedMinutes, extensionMinutes, false, false, false, false, false, true);
  }
}
