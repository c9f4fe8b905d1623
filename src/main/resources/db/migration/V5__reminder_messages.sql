-- Where each reminder DM landed, so it can be updated when the membership it is about changes (its buttons
-- must not act on an end that no longer holds).
CREATE TABLE reminder_message (
  group_id    VARCHAR(36) NOT NULL,
  user_id     VARCHAR(36) NOT NULL,
  expires_at  BIGINT      NOT NULL,
  channel_id  VARCHAR(32) NOT NULL,
  message_ts  VARCHAR(32) NOT NULL,
  PRIMARY KEY (group_id, user_id, expires_at, message_ts)
);
