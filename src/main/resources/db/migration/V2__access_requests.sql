-- Requests made through the bot on behalf of a group, and who asked (Opal records the token's user).
CREATE TABLE access_request (
  request_id          VARCHAR(36)  NOT NULL PRIMARY KEY,
  target_group_id     VARCHAR(36)  NOT NULL,
  requested_by_opal   VARCHAR(36)  NOT NULL,
  requested_by_slack  VARCHAR(32)  NOT NULL,
  status              VARCHAR(20)  NOT NULL,
  created_at          BIGINT       NOT NULL
);

-- Which reviewer DM belongs to which request, so every one of them can be updated after a decision.
CREATE TABLE review_message (
  request_id   VARCHAR(36) NOT NULL,
  reviewer_id  VARCHAR(36) NOT NULL,
  stage        INTEGER     NOT NULL,
  channel_id   VARCHAR(32) NOT NULL,
  message_ts   VARCHAR(32) NOT NULL,
  PRIMARY KEY (request_id, reviewer_id, stage)
);

-- One decision per request stage, whichever reviewer or process clicks first.
CREATE TABLE request_decision (
  request_id  VARCHAR(36) NOT NULL,
  stage       INTEGER     NOT NULL,
  decided_by  VARCHAR(36) NOT NULL,
  decided_at  BIGINT      NOT NULL,
  PRIMARY KEY (request_id, stage)
);
