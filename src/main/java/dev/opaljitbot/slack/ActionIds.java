package dev.opaljitbot.slack;

/**
 * Every action, block and callback id the bot uses (one place, so a view and its listener cannot drift apart),
 * (the values buttons carry are written and read by {@link ButtonValue}).
 */
final class ActionIds {
  static final String MEMBER_EXTEND = "member-extend";
  static final String MEMBER_REMOVE = "member-remove";
  /** Cancel on a planned add (members list, Home). */
  static final String PLAN_CANCEL = "plan-cancel";
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
  /** The add form's "Starts": empty adds now, a later time plans the add. */
  static final String START_BLOCK = "starts";
  static final String START_PICKER = "starts-picker";
  static final String REASON_INPUT = "reason-input";

  // Reminders, digests and "please extend" (ReminderButtons), item reminders (ItemButtons).
  static final String REMINDER_EXTEND = "reminder-extend";
  static final String REMINDER_ASK = "reminder-ask";
  static final String REMINDER_LET_EXPIRE = "reminder-let-expire";
  static final String REMINDER_DONE = "reminder-done";
  static final String LEADER_EXTEND = "leader-extend";
  static final String LEADER_DECLINE = "leader-let-expire";
  static final String ITEM_LET_EXPIRE = "item-let-expire";

  // Home tab buttons.
  static final String HOME_ADD = "home-add";
  static final String HOME_REQUEST = "home-request";

  // Requests: the request form, the deny form, reviewers' buttons.
  static final String REQUEST_MODAL = "request-access";
  static final String DENY_MODAL = "deny-request";
  static final String ITEMS_BLOCK = "items";
  static final String ITEMS_SELECT = "item-select";
  static final String REQUEST_LEVEL_BLOCK = "request-level";
  static final String REQUEST_LEVEL_INPUT = "request-level-input";
  static final String TICKET_BLOCK = "ticket";
  static final String TICKET_INPUT = "ticket-input";
  static final String COMMENT_BLOCK = "comment";
  static final String COMMENT_INPUT = "comment-input";
  static final String REVIEW_APPROVE = "review-approve";
  static final String REVIEW_DENY = "review-deny";
  /** The requester's "Nudge reviewers" on a pending request of theirs. */
  static final String REQUEST_NUDGE = "request-nudge";
  /** A link button (to approve with MFA in Opal): Slack still sends a click, which is only acknowledged. */
  static final String REVIEW_OPEN_IN_OPAL = "review-open-in-opal";

  private ActionIds() {}
}
