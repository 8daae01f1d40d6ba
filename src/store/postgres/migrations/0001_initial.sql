-- Schema 1 of a vault on PostgreSQL: the same rows as SQLite schema 5, in a schema of
-- its own (search_path is set to it). Never edit a released migration; add the next
-- file. Values are never stored in the clear: every blob is sealed on a member's
-- machine, and the server sees ciphertext, wrapped keys and metadata only.

-- Which migrations have been applied; one row.
CREATE TABLE vault_schema (
    singleton integer PRIMARY KEY CHECK (singleton = 1),
    version   integer NOT NULL
);

-- One row: the vault's identity, its key material and the audit chain's end. Writers
-- lock it (SELECT ... FOR UPDATE) to serialise their transactions.
CREATE TABLE vault (
    singleton        integer PRIMARY KEY CHECK (singleton = 1),
    vault_id         text    NOT NULL,
    created_at       bigint  NOT NULL,
    owner_recipient  text    NOT NULL,
    sealed_identity  bytea,
    wrapped_data_key bytea   NOT NULL,
    key_tag          bytea   NOT NULL,
    previous_owner   text,
    audit_count      bigint  NOT NULL DEFAULT 0,
    audit_head       bytea
);

CREATE TABLE recipients (
    id           bigserial PRIMARY KEY,
    recipient    text   NOT NULL UNIQUE,
    added_at     bigint NOT NULL,
    key_tag      bytea,
    handover_tag bytea
);

CREATE TABLE workspaces (
    id         bigserial PRIMARY KEY,
    name       text   NOT NULL UNIQUE,
    created_at bigint NOT NULL
);

CREATE TABLE collections (
    id           bigserial PRIMARY KEY,
    workspace_id bigint NOT NULL REFERENCES workspaces (id),
    cid          text   NOT NULL,
    name         text   NOT NULL,
    description  text   NOT NULL,
    created_at   bigint NOT NULL,
    updated_at   bigint NOT NULL,
    version      bigint NOT NULL,
    sealed       bytea  NOT NULL,
    UNIQUE (workspace_id, cid)
);

CREATE TABLE secrets (
    collection_id bigint NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    position      bigint NOT NULL,
    location      text   NOT NULL,
    type          text   NOT NULL CHECK (type IN ('env', 'file')),
    kind          text   NOT NULL,
    size          bigint NOT NULL,
    PRIMARY KEY (collection_id, location)
);

CREATE TABLE versions (
    collection_id bigint NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    version       bigint NOT NULL,
    created_at    bigint NOT NULL,
    changes       text,
    sealed        bytea,
    PRIMARY KEY (collection_id, version)
);

CREATE TABLE version_secrets (
    collection_id bigint NOT NULL,
    version       bigint NOT NULL,
    position      bigint NOT NULL,
    location      text   NOT NULL,
    type          text   NOT NULL CHECK (type IN ('env', 'file')),
    kind          text   NOT NULL,
    size          bigint NOT NULL,
    PRIMARY KEY (collection_id, version, location),
    FOREIGN KEY (collection_id, version) REFERENCES versions (collection_id, version) ON DELETE CASCADE
);

CREATE TABLE audit (
    seq        bigint PRIMARY KEY,
    at         bigint NOT NULL,
    command    text   NOT NULL,
    workspace  text,
    collection text,
    locations  text   NOT NULL,
    outcome    text   NOT NULL,
    hash       bytea  NOT NULL
);
