-- Personal data: the consent given with each registration (when, and the digest of the privacy
-- notice as shown), when a registration was anonymised (the retention period's purge, or an
-- erasure), the address an erasure's last e-mail goes to (forgotten once sent), and the audit
-- trail's entries made by the server itself (a purge: no staff member). Portable SQL.
ALTER TABLE registrations ADD COLUMN consent_at TEXT;
ALTER TABLE registrations ADD COLUMN consent_version TEXT;
ALTER TABLE registrations ADD COLUMN anonymised_at TEXT;
ALTER TABLE outbox ADD COLUMN address TEXT;
-- Every registration made before was made with the box ticked (or by staff, who took it on).
UPDATE registrations SET consent_at = created_at WHERE consent_at IS NULL;

CREATE TABLE audit_log_by_anyone (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    staff_id INTEGER REFERENCES staff (id),  -- NULL: the server itself
    action TEXT NOT NULL,
    registration_id INTEGER,
    detail TEXT NOT NULL
);
INSERT INTO audit_log_by_anyone (id, at, staff_id, action, registration_id, detail)
    SELECT id, at, staff_id, action, registration_id, detail FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_by_anyone RENAME TO audit_log;
CREATE INDEX audit_log_by_time ON audit_log (at);

-- What an erasure or a purge deletes, found by registration: without these, anonymising each
-- registration read the whole outbox and the whole link table (a purge of 100,000 after as
-- many e-mails took minutes instead of seconds).
CREATE INDEX outbox_by_registration ON outbox (registration_id);
CREATE INDEX manage_links_by_registration ON manage_links (registration_id);
CREATE INDEX security_list_entries_by_registration ON security_list_entries (registration_id);
