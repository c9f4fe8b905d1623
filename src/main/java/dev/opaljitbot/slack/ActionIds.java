package dev.opaljitbot.slack;

import java.util.List;
import java.util.UUID;

/** Action, block and callback ids, and the values buttons carry (the objects' ids, so a click needs no lookup). */
final class ActionIds {
  static final String MEMBER_EXTEND = "member-extend";
  static final String MEMBER_REMOVE = "member-remove";
  static final String MEMBERS_PAGE = "members-page";
  static final String ITEM_REQUEST_AGAIN = "item-request-again";
  static final String ITEM_REMOVE = "item-remove";
  static final String ITEM_REMOVE_IN_OPAL = "item-remove-in-opal";

  static final String ADD_MODAL = "add-members";
  static final String EXTEND_MODAL = "extend-member";
  static final String REMOVE_MODAL = "remove-member";

  static final String GROUP_BLOCK = "group";
  static final String GROUP_SELECT = "group-select";
  static final String USERS_BLOCK = "users";
  static final String USERS_SELECT = "users-select";
  static final String USER_BLOCK = "user";
  static final String USER_SELECT = "user-select";
  static final String DURATION_BLOCK = "duration";
  static final String DURATION_SELECT = "duration-select";
  static final String CUSTOM_DURATION_BLOCK = "custom-duration";
  static final String CUSTOM_DURATION_INPUT = "custom-duration-input";
  static final String ACCESS_LEVEL_BLOCK = "access-level";
  static final String ACCESS_LEVEL_INPUT = "access-level-input";
  static final String REASON_BLOCK = "reason";
  static final String REASON_INPUT = "reason-input";

  private ActionIds() {}

  static String memberValue(UUID groupId, UUID userId) {
    return groupId + ":" + userId;
  }

  static String pageValue(UUID groupId, int page) {
    return groupId + ":" + page;
  }

  /** The two ids in a button's value, or an empty list when the value was tampered with. */
  static List<String> split(String value) {
    String[] parts = value == null ? new String[0] : value.split(":");
    return parts.length == 2 ? List.of(parts[0], parts[1]) : List.of();
  }
}
