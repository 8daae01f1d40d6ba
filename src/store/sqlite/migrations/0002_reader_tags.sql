-- Schema 2: each reader other than the owner gets the owner's tag over the data key,
-- keyed by the X25519 secret the two share, so readers can check where the key came
-- from. NULL for the owner, whose tag is vault.key_tag.
ALTER TABLE recipients ADD COLUMN key_tag BLOB;
