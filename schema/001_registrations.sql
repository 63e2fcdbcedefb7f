-- Registrations, their private manage links, seat counters and the mail outbox.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

CREATE TABLE registrations (
    id INTEGER PRIMARY KEY,            -- in SQLite, the rowid itself: no separate index
    event TEXT NOT NULL,
    partner TEXT NOT NULL,              -- partner slug; '' for a public registration
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL,
    email_norm TEXT NOT NULL,           -- trimmed, lower case: the duplicate check
    organisation TEXT NOT NULL,
    role TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'pending', 'cancelled')),
    created_at TEXT NOT NULL,           -- RFC 3339 UTC with milliseconds: sorts in time order
    updated_at TEXT NOT NULL,
    checked_in_at TEXT
);

-- One live registration per email and event; a cancelled person may register again.
CREATE UNIQUE INDEX registrations_live_email ON registrations (event, email_norm)
    WHERE status <> 'cancelled';
-- The waiting list in arrival order, and counts by status.
CREATE INDEX registrations_by_status ON registrations (event, status, id);

-- The attendee's private links. A link's token is "<id>.<secret>": found by its id (new
-- links are appended, not scattered through an index), then checked against the stored hash
-- of the whole token; the token itself is never stored.
CREATE TABLE manage_links (
    id INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations (id),
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX manage_links_by_registration ON manage_links (registration_id);

-- Confirmed seats per event (partner '') and per partner, taken with a conditional
-- UPDATE in the same transaction as the registration: the guard against overbooking.
CREATE TABLE seat_counters (
    event TEXT NOT NULL,
    partner TEXT NOT NULL,
    confirmed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event, partner)
);

-- Emails to send, written in the same transaction as the change they announce.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations (id),
    kind TEXT NOT NULL,                 -- confirmed, waitlisted, pending, promoted, cancelled, already_registered
    manage_token TEXT,                  -- the link to put in the email; cleared once sent
    created_at TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    sent_at TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
