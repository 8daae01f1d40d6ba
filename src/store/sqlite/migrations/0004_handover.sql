-- Schema 4: after rotate-key, the previous owner's word for the new data key, for
-- each reader: a reader that pinned the previous owner key checks it and moves its pin
-- without being told the new key out of band. From this schema on, sealed blobs also
-- bind whether they are a collection's current version or a kept one, so a vault
-- binary of schema 3 must not open this file (it would call every new blob tampered).
ALTER TABLE vault ADD COLUMN previous_owner TEXT;
ALTER TABLE recipients ADD COLUMN handover_tag BLOB;
