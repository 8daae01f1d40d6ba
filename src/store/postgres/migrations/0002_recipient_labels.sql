-- Schema 2: an optional label per reader ("alice"), set by `recipients add --label`,
-- so a listing of age1… keys says whose each is (SQLite schema 6). Clear text, as the
-- keys are.
ALTER TABLE recipients ADD COLUMN label text;
