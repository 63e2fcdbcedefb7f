-- Staff accounts can be disabled (no sign-in, sessions ended, tokens revoked), and API tokens
-- expire, can be revoked, and remember when they were last used (written at most once a
-- minute per token, not on every request).
ALTER TABLE staff ADD COLUMN disabled_at TEXT;           -- NULL: enabled
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;       -- NULL: not revoked
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;     -- NULL: never used since this migration
-- Tokens made before expire one year after they were made (the year's 29 February: 1 March).
-- Plain text operations, so that SQLite and PostgreSQL both run it.
UPDATE api_tokens SET expires_at =
    CAST(CAST(SUBSTR(created_at, 1, 4) AS INTEGER) + 1 AS TEXT) ||
    CASE WHEN SUBSTR(created_at, 5, 6) = '-02-29' THEN '-03-01' ELSE SUBSTR(created_at, 5, 6) END ||
    SUBSTR(created_at, 11);
