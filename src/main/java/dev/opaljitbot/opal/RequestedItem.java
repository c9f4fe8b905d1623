package dev.opaljitbot.opal;

import java.util.UUID;

/** One resource or group in a request; exactly one of the two ids is set. */
public record RequestedItem(
    UUID resourceId,
    UUID groupId,
    String accessLevelName,
    String accessLevelRemoteId,
    String name,
    String remoteId,
    String remoteName) {

  public UUID itemId() {
    return resourceId != null ? resourceId : groupId;
  }
}
