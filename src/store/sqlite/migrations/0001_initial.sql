-- Schema 1: the first release. Never edit a released migration; add the next file.

-- One row: the vault's identity and its key material. Values are never stored here.
CREATE TABLE vault (
    singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
    vault_id         TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    -- public key of the vault's own identity (the passphrase's or the identity file's)
    owner_recipient  TEXT    NOT NULL,
    -- the owner identity encrypted with an age passphrase; NULL in identity-file mode
    sealed_identity  BLOB,
    -- the data key, age-encrypted to every recipient
    wrapped_data_key BLOB    NOT NULL,
    -- HMAC binding the data key to the owner identity
    key_tag          BLOB    NOT NULL
);

CREATE TABLE recipients (
    recipient TEXT    PRIMARY KEY,
    added_at  INTEGER NOT NULL
);

CREATE TABLE workspaces (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE collections (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    cid          TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    description  TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    -- bumped on every change of values; part of the sealed blob's associated data
    version      INTEGER NOT NULL,
    sealed       BLOB    NOT NULL,
    UNIQUE (workspace_id, cid)
);

-- What may be shown without a key; checked against the sealed list on every open.
CREATE TABLE secrets (
    collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    location      TEXT    NOT NULL,
    type          TEXT    NOT NULL CHECK (type IN ('env', 'file')),
    kind          TEXT    NOT NULL,
    size          INTEGER NOT NULL,
    PRIMARY KEY (collection_id, location)
) WITHOUT ROWID;
