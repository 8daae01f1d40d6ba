-- Schema 5: `versions` becomes a rowid table. As a WITHOUT ROWID table it kept every
-- kept version's sealed blob inside its primary-key b-tree, and SQLite reads the whole
-- of an overflowing record for each key comparison it makes there: the foreign-key
-- check of every version_secrets row read the kept blobs, which made an update
-- quadratic in the size of the collection (80,000 secrets: minutes). Now the key lives
-- in a small index and each blob in its row. Same columns, same rows.
-- Run with foreign keys off (see `Store::migrate`): dropping the old table must not
-- cascade to version_secrets, whose rows then refer to the new one by name.
CREATE TABLE versions_new (
    collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    changes       TEXT,
    sealed        BLOB,
    PRIMARY KEY (collection_id, version)
);
INSERT INTO versions_new (collection_id, version, created_at, changes, sealed)
    SELECT collection_id, version, created_at, changes, sealed FROM versions;
DROP TABLE versions;
ALTER TABLE versions_new RENAME TO versions;
