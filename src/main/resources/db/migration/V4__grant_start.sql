-- When the bot itself granted or extended a membership (0: unknown, found by the sweep). A reminder whose
-- lead time is not shorter than the grant is not sent: a 2 h grant gets no "24 h" reminder at once.
ALTER TABLE tracked_expiry ADD COLUMN granted_at BIGINT NOT NULL DEFAULT 0;
