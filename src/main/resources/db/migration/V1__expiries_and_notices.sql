-- Memberships with an end that the bot knows of (made through it, or found by the sweep).
CREATE TABLE tracked_expiry (
  group_id    VARCHAR(36)  NOT NULL,
  user_id     VARCHAR(36)  NOT NULL,
  group_name  VARCHAR(500) NOT NULL,
  user_email  VARCHAR(320) NOT NULL,
  expires_at  BIGINT       NOT NULL, -- epoch milliseconds
  seen_at     BIGINT       NOT NULL,
  PRIMARY KEY (group_id, user_id)
);

-- Every notice sent (or being sent), claimed under a unique key before sending so it goes out at most
-- once: across restarts and across bot processes sharing one database.
CREATE TABLE sent_notice (
  group_id     VARCHAR(36) NOT NULL,
  user_id      VARCHAR(36) NOT NULL,
  expires_at   BIGINT      NOT NULL,
  kind         VARCHAR(20) NOT NULL, -- REMINDER, DIGEST, ENDED
  lead_minutes INTEGER     NOT NULL, -- 0 for notices without a lead time
  claimed_at   BIGINT      NOT NULL,
  PRIMARY KEY (group_id, user_id, expires_at, kind, lead_minutes)
);

-- "Let it expire": no more reminders for this expiry.
CREATE TABLE silenced_expiry (
  group_id    VARCHAR(36) NOT NULL,
  user_id     VARCHAR(36) NOT NULL,
  expires_at  BIGINT      NOT NULL,
  silenced_at BIGINT      NOT NULL,
  PRIMARY KEY (group_id, user_id, expires_at)
);
