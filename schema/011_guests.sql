-- Registrations made by staff: a guest of the organiser takes a seat of the event but none of
-- its partner's quota, and needs no approval. Portable SQL (SQLite and PostgreSQL).
ALTER TABLE registrations ADD COLUMN guest INTEGER NOT NULL DEFAULT 0;
