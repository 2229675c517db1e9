-- Signed-in sessions (auth::SessionStore). Only the BLAKE2b hash of a session token is kept,
-- so a copy of the database cannot sign anyone in. Times are seconds since the epoch (UTC),
-- passed in by the application; expires_at is the absolute limit set at creation and never
-- extended; the idle limit is last_seen_at plus the policy's idle time. Revocation sets
-- revoked_at; SessionService::purge() deletes expired rows and rows revoked a while ago.
-- SQL PostgreSQL accepts too; its twin changes only the types (BIGINT identity id, BIGINT times).

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    csrf_secret TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    remember INTEGER NOT NULL DEFAULT 0 CHECK (remember IN (0, 1)),
    two_factor_done INTEGER NOT NULL DEFAULT 0 CHECK (two_factor_done IN (0, 1)),
    user_agent TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    revoked_at INTEGER
);

-- "Your sessions", revoke-all at password change, and the cascade from users.
CREATE INDEX sessions_by_user ON sessions (user_id, last_seen_at DESC);
-- Purging expired rows.
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
