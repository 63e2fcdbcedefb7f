-- The fingerprint (SHA-256 of the ticket's bytes, hex) of the badge e-mailed for the current
-- ticket: a scanned badge with this fingerprint is one the server signed and sent, and needs no
-- signature check. Cleared when the ticket is replaced. Only a digest: the badge cannot be
-- rebuilt from it.
ALTER TABLE registrations ADD COLUMN ticket_fingerprint TEXT;
