-- When the last "already registered" e-mail (with a new private link) was queued for a
-- registration: another one waits [limits] resend_interval, so a stream of duplicate sign-ups
-- sends one e-mail and makes one link, across restarts and instances. NULL: never sent.
ALTER TABLE registrations ADD COLUMN already_registered_at TEXT;
