-- The conversation kept with a request: each comment mirrored between Opal and Slack once. comment_key is a
-- hash of who, when and what (Opal gives comments no id); a reply written in Slack is also recorded by what was
-- posted, so reading it back from Opal does not echo it into Slack.
CREATE TABLE request_comment (
  request_id   VARCHAR(36) NOT NULL,
  comment_key  VARCHAR(80) NOT NULL,
  claimed_at   BIGINT      NOT NULL,
  PRIMARY KEY (request_id, comment_key)
);
CREATE INDEX review_message_place ON review_message (channel_id, message_ts);
