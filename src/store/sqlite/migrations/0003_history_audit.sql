-- Schema 3: value history of collections, and the hash-chained audit log.

-- Every value version of every collection, the current one included, so `history`
-- reads one table. The current version's blob and secret rows stay where schema 1 put
-- them (collections.sealed, secrets), so that `sealed IS NULL` marks the current row;
-- older versions keep here the blob sealed as they were (its associated data names its
-- own version number, so blobs cannot be swapped between versions) and the clear rows
-- it is checked against.
CREATE TABLE versions (
    collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    -- when this version was written
    created_at    INTEGER NOT NULL,
    -- location names added, removed and changed against the previous version, as JSON
    -- {"added": [...], "removed": [...], "changed": [...]}; never values or their
    -- hashes. NULL for versions written before schema 3, whose changes are unknown.
    changes       TEXT,
    -- NULL for the current version, whose blob is collections.sealed
    sealed        BLOB,
    PRIMARY KEY (collection_id, version)
) WITHOUT ROWID;

-- The clear rows of each older version, as `secrets` holds them for the current one.
CREATE TABLE version_secrets (
    collection_id INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    location      TEXT    NOT NULL,
    type          TEXT    NOT NULL CHECK (type IN ('env', 'file')),
    kind          TEXT    NOT NULL,
    size          INTEGER NOT NULL,
    PRIMARY KEY (collection_id, version, location),
    FOREIGN KEY (collection_id, version) REFERENCES versions (collection_id, version) ON DELETE CASCADE
) WITHOUT ROWID;

INSERT INTO versions (collection_id, version, created_at, changes, sealed)
    SELECT id, version, updated_at, NULL, NULL FROM collections;

-- One record per successful command that wrote or revealed values; never a value.
-- hash = SHA-256 over the previous record's hash and this record's fields (see
-- src/audit.rs), so a record edited, removed or moved breaks the chain.
CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    command    TEXT    NOT NULL,
    workspace  TEXT,
    collection TEXT,
    -- JSON array of the location names the command touched
    locations  TEXT    NOT NULL,
    outcome    TEXT    NOT NULL,
    hash       BLOB    NOT NULL
);

-- The chain's length and last hash, updated with every append, so that removing the
-- newest records is detected too.
ALTER TABLE vault ADD COLUMN audit_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE vault ADD COLUMN audit_head BLOB;
