-- Failed-attempt counters for sign-in, second factor, registration, reset and verification
-- (SECURITY.md 2), kept in the database so every node sees the same counts. One row per
-- (scope, key); a key is "account:<hash of the username>" or "address:<client address>",
-- never a raw username, so the table does not reveal which accounts exist.
-- Times are seconds since the epoch, UTC, passed in from the Clock. PostgreSQL accepts this
-- as written; its twin makes the INTEGER columns BIGINT.
CREATE TABLE throttles (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    failures INTEGER NOT NULL,
    window_started_at INTEGER NOT NULL,
    blocked_until INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, key)
);
