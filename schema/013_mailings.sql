-- Mailings: e-mails staff write to chosen registrations, and those the server sends by itself
-- (the reminders, the thank-you after the event). Their e-mails wait in the outbox behind the
-- transactional ones (priority 1), each row naming its mailing. Portable SQL.
CREATE TABLE mailings (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,                 -- mailing, reminder, thank_you
    job_key TEXT UNIQUE,                -- a reminder's or the thank-you's name: queued once each
    staff_id INTEGER REFERENCES staff (id),  -- who wrote it; NULL: the server's own
    partner TEXT,                       -- the partner it was limited to; NULL: every registration
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    attach_badge INTEGER NOT NULL DEFAULT 0,
    audience TEXT NOT NULL,             -- who it went to, as the JSON `to` of the request
    recipients INTEGER NOT NULL
);

ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;  -- 0: transactional, 1: mailings
ALTER TABLE outbox ADD COLUMN mailing_id INTEGER REFERENCES mailings (id);
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (sent_at, priority, next_attempt_at);
CREATE INDEX outbox_by_mailing ON outbox (mailing_id) WHERE mailing_id IS NOT NULL;
