-- A batch scan dated before its registration existed, or well after the server's clock, is
-- recorded at its arrival; the time the device gave is kept here, beside it, for the record.
ALTER TABLE scans ADD COLUMN device_scanned_at TEXT;
