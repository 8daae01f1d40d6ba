-- Schema 6: an optional label per reader ("alice"), set by `recipients add --label`,
-- so a listing of age1… keys says whose each is. Clear text, as the keys are.
ALTER TABLE recipients ADD COLUMN label TEXT;
