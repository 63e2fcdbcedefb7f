-- Answers to the configured questions ([[questions]]), as a JSON object by question id.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.
ALTER TABLE registrations ADD COLUMN answers TEXT NOT NULL DEFAULT '{}';

-- Every question id ever answered, so that the exports keep a column for the answers to a
-- question since removed from the configuration.
CREATE TABLE answered_questions (
    id TEXT PRIMARY KEY
);
