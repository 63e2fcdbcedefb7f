-- What each staff account has sent today (UTC day): the e-mails its imports and mailings caused,
-- and its mailings. Kept in the database so that servers sharing it, and a restart, meet one
-- budget ([limits] staff_emails_per_day, 20 mailings a day). Rows of past days are dropped as
-- the account sends again. Portable SQL.
CREATE TABLE staff_daily_sends (
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    day TEXT NOT NULL,
    emails INTEGER NOT NULL,
    mailings INTEGER NOT NULL,
    PRIMARY KEY (staff_id, day)
);
