-- Adds planned for later ("8h from monday 09:00"): Opal has no start time for group membership, so the bot
-- holds the plan. state: PLANNED; STARTING (claimed by one process; a claim older than its lease is taken over,
-- which is safe: adding someone who already has access changes nothing); DONE; REFUSED (the planner no longer
-- leads the group, or the duration no longer fits); MISSED (its end passed before it could start); CANCELLED.
CREATE TABLE planned_add (
  plan_id           VARCHAR(36)   NOT NULL PRIMARY KEY,
  group_id          VARCHAR(36)   NOT NULL,
  user_id           VARCHAR(36)   NOT NULL,
  planner_slack     VARCHAR(32)   NOT NULL,
  planner_opal      VARCHAR(36)   NOT NULL,
  starts_at         BIGINT        NOT NULL,
  duration_minutes  INTEGER       NOT NULL,
  reason            VARCHAR(2000) NOT NULL,
  state             VARCHAR(12)   NOT NULL,
  updated_at        BIGINT        NOT NULL
);
CREATE INDEX planned_add_due ON planned_add (state, starts_at);
CREATE INDEX planned_add_group ON planned_add (group_id, state);
