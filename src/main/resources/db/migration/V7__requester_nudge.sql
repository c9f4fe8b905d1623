-- When a requester last pressed "Nudge reviewers" on a request, so it counts at most once an hour across
-- restarts and replicas (claimed with one conditional upsert).
CREATE TABLE requester_nudge (
  request_id  VARCHAR(36) NOT NULL PRIMARY KEY,
  nudged_at   BIGINT      NOT NULL
);
