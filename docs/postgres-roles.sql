-- Member roles for a team vault on PostgreSQL, least privilege first. Run it as the
-- role that ran `vault init` (it owns the vault's tables) after `vault init`, with the
-- vault's schema in place of `vault` throughout. Roles are per server: prefix them
-- per vault if one server holds several.
--
--   vault_runner  `vault run`, `get --reveal`, `export`, `list`, `history`: reads
--                 everything (all of it ciphertext or clear metadata) and appends
--                 reveal records to the audit chain; changes no collection.
--   vault_editor  also creates, updates, deletes and rolls back collections and
--                 workspaces.
--   owner         the role that created the tables: also key changes (`rotate-key`,
--                 `recipients add/remove`, `passwd`), which rewrite the vault row.
--
-- A member also needs an age identity among the vault's readers to see any value: a
-- role only lets them reach ciphertext.

CREATE ROLE vault_runner NOLOGIN;
CREATE ROLE vault_editor NOLOGIN IN ROLE vault_runner;

GRANT USAGE ON SCHEMA vault TO vault_runner;
GRANT SELECT ON ALL TABLES IN SCHEMA vault TO vault_runner;
-- Appending a record moves the chain's length and head in the vault row; locking that
-- row (SELECT ... FOR UPDATE) is how writers queue, which needs this UPDATE too.
GRANT INSERT ON vault.audit TO vault_runner;
GRANT UPDATE (audit_count, audit_head) ON vault.vault TO vault_runner;

GRANT INSERT, UPDATE, DELETE
    ON vault.workspaces, vault.collections, vault.secrets, vault.versions, vault.version_secrets
    TO vault_editor;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA vault TO vault_editor;

-- Then one login role per member, e.g.:
--   CREATE ROLE alice LOGIN PASSWORD '...' IN ROLE vault_editor;
--   CREATE ROLE deploy LOGIN PASSWORD '...' IN ROLE vault_runner;
