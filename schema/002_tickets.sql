-- Badges: each registration's current ticket nonce, and the tickets revoked since (a
-- cancellation, or a badge re-issued after a correction), for door devices working offline.

ALTER TABLE registrations ADD COLUMN ticket_nonce TEXT;

CREATE TABLE revoked_tickets (
    nonce TEXT PRIMARY KEY,             -- 16 hex characters: the ticket id
    registration_id INTEGER NOT NULL REFERENCES registrations (id),
    revoked_at TEXT NOT NULL
);
CREATE INDEX revoked_tickets_by_time ON revoked_tickets (revoked_at);
