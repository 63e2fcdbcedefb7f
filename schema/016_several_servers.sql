-- Several servers on one PostgreSQL database. Portable SQL.
-- Bumped by every transaction that writes, under the lock that makes one server write at a
-- time (see store/writer.cpp): a server that sees it moved reads the counts and ids again.
CREATE TABLE write_counter (
    id INTEGER PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO write_counter (id, version) VALUES (1, 0);

-- An e-mail taken by one server's mail worker is not taken by another's until then (a server
-- that died with it in hand: another sends it once the time has passed, or the same server,
-- known by its data directory's server-id, as soon as it starts again).
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
