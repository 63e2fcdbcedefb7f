-- The limits per client (failed logins, registrations per address) when several servers share
-- the database, so that a client spread over them meets one budget. Portable SQL.
-- A key is the hash of an address or an account, never the address itself; a scope keeps at
-- most a fixed number of keys (store/client_limits.cpp), and a key is dropped once its window
-- has passed.
CREATE TABLE client_limits (
    scope TEXT NOT NULL,
    client_key TEXT NOT NULL,
    events INTEGER NOT NULL,
    window_start TEXT NOT NULL,
    last_at TEXT NOT NULL,
    PRIMARY KEY (scope, client_key)
);
CREATE INDEX client_limits_by_window ON client_limits (scope, window_start);
