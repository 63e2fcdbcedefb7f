-- What every server on this database must agree on, recorded by the first to start: the
-- public half of the badge-signing key, so that a server with another key refuses to start
-- instead of e-mailing badges the others' doors would call forged. Portable SQL.
CREATE TABLE server_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
