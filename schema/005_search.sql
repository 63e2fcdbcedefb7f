-- What the staff search looks into: names, email and organisation, in lower case and without
-- accents (« etienne » finds « Étienne »). Filled by the server for every registration.
ALTER TABLE registrations ADD COLUMN search_key TEXT;
