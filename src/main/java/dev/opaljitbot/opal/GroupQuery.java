package dev.opaljitbot.opal;

import java.util.List;
import java.util.UUID;

/** Filters for {@code GET /groups}; null or empty fields are not sent. */
public record GroupQuery(List<UUID> groupIds, String groupName, GroupType groupType, List<UUID> tagIds) {
  public GroupQuery {
    groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
    tagIds = tagIds == null ? List.of() : List.copyOf(tagIds);
  }

  public static GroupQuery all() {
    return new GroupQuery(List.of(), null, null, List.of());
  }

  public static GroupQuery byName(String name) {
    return new GroupQuery(List.of(), name, null, List.of());
  }

  public static GroupQuery byIds(List<UUID> ids) {
    return new GroupQuery(ids, null, null, List.of());
  }
}
