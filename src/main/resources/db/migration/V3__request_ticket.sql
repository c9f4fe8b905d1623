-- The ticket reference given with a request: Opal's Request does not return it, and reviewers need it.
ALTER TABLE access_request ADD COLUMN ticket VARCHAR(100) NOT NULL DEFAULT '';
