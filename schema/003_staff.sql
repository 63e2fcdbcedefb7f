-- Staff accounts, their sessions and API tokens (only hashes of secrets), and the audit trail.

CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,         -- trimmed, lower case
    role TEXT NOT NULL CHECK (role IN ('admin', 'partner', 'door')),
    partner TEXT NOT NULL,              -- the partner slug for role partner, else ''
    password_hash TEXT NOT NULL,        -- Argon2id (crypto_pwhash_str)
    created_at TEXT NOT NULL
);

-- A session's cookie is "<id>.<secret>"; its CSRF token is kept hashed too.
CREATE TABLE staff_sessions (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    token_hash TEXT NOT NULL,
    csrf_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);

-- API tokens for scripts ("<id>.<secret>"), shown once.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    action TEXT NOT NULL,
    registration_id INTEGER,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log (at);
