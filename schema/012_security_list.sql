-- The venue's security list ([security_list]): each frozen version, who froze it and why, and
-- the values sent for each person on it. Portable SQL (SQLite and PostgreSQL).
CREATE TABLE security_list_versions (
    version INTEGER PRIMARY KEY,
    frozen_at TEXT NOT NULL,
    frozen_by INTEGER REFERENCES staff (id),  -- none: frozen by the clock
    reason TEXT NOT NULL,                     -- due, admin
    columns TEXT NOT NULL,                    -- the column ids sent, as a JSON array
    entries INTEGER NOT NULL
);

CREATE TABLE security_list_entries (
    version INTEGER NOT NULL REFERENCES security_list_versions (version),
    registration_id INTEGER NOT NULL,
    position INTEGER NOT NULL,                -- its place on the list sent (by last name)
    list_values TEXT NOT NULL,                -- the values sent, as a JSON array in column order
    PRIMARY KEY (version, registration_id)
);
