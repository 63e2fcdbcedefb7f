-- A person may stop the organisers' mailings (the List-Unsubscribe one-click link of RFC 8058,
-- or the manage page); badges, reminders and other transactional e-mails still go. Portable SQL.
ALTER TABLE registrations ADD COLUMN mailings_opt_out INTEGER NOT NULL DEFAULT 0;
