-- Every index costs a write on each row added. Keep only those a query reads.
-- Nothing reads the scan log by registration; each scan wrote a leaf page of this index
-- chosen by the registration scanned, i.e. at random.
DROP INDEX scans_by_registration;
-- A private link is found by its id, the number at the start of the link.
DROP INDEX manage_links_by_registration;
-- Only waiting registrations are looked up by status (the order of promotion, a place in
-- line): a partial index holds them alone, and confirming a registration no longer writes it.
DROP INDEX registrations_by_status;
CREATE INDEX registrations_waiting ON registrations (event, id) WHERE status = 'waitlisted';
