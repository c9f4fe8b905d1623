-- Messages are claimed before they are sent (so they go out once across restarts and replicas) and now also
-- settled afterwards, so one Slack refused is tried again instead of lost. state: SENT; SENDING (claimed; if
-- its sender never reports, e.g. it died, the claim lapses at retry_at); RETRY (refused; due again at
-- retry_at); GAVE_UP. Rows from before this migration were sent as far as anyone knows.
ALTER TABLE sent_notice ADD COLUMN state VARCHAR(10) NOT NULL DEFAULT 'SENT';
ALTER TABLE sent_notice ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sent_notice ADD COLUMN retry_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX sent_notice_due ON sent_notice (state, retry_at);

-- Review cards: one row per reviewer and stage, claimed before sending (channel and ts empty until sent).
ALTER TABLE review_message ADD COLUMN state VARCHAR(10) NOT NULL DEFAULT 'SENT';
ALTER TABLE review_message ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE review_message ADD COLUMN retry_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE review_message ADD COLUMN claimed_at BIGINT NOT NULL DEFAULT 0;

-- Messages already written (digests, outcomes, notices to members, audit lines) that Slack refused: kept
-- here and sent again until Slack takes them or they are given up.
CREATE TABLE outbox (
  id          VARCHAR(36)  NOT NULL PRIMARY KEY,
  kind        VARCHAR(30)  NOT NULL,
  recipient   VARCHAR(340) NOT NULL, -- a Slack user or channel id, or "email:" and an address not yet matched
  fallback    TEXT         NOT NULL, -- the notification text
  blocks      TEXT         NOT NULL, -- Block Kit JSON; empty for plain text
  state       VARCHAR(10)  NOT NULL,
  attempts    INTEGER      NOT NULL,
  created_at  BIGINT       NOT NULL,
  retry_at    BIGINT       NOT NULL
);
CREATE INDEX outbox_due ON outbox (state, retry_at);
