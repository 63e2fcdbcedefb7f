-- Check-in at the door: where each registration was first scanned, and every scan made,
-- failed ones included. A scan uploaded by a device that was offline carries the device's own
-- id for it, so that uploading the same batch twice changes nothing.

ALTER TABLE registrations ADD COLUMN checked_in_door TEXT;

CREATE TABLE scans (
    id INTEGER PRIMARY KEY,
    client_scan_id TEXT UNIQUE,         -- the device's id for an offline scan; NULL when online
    registration_id INTEGER,            -- NULL when the ticket was not genuine
    result TEXT NOT NULL,
    door TEXT NOT NULL,
    device TEXT NOT NULL,
    staff_id INTEGER,
    scanned_at TEXT NOT NULL,           -- when the badge was shown (the device's clock when offline)
    received_at TEXT NOT NULL
);
CREATE INDEX scans_by_registration ON scans (registration_id);
CREATE INDEX registrations_by_update ON registrations (event, updated_at);
