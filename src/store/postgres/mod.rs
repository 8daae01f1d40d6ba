//! The PostgreSQL backend: a vault as the tables of one schema on a shared server, so
//! many members reach it at once. The server holds what a SQLite file holds (clear
//! metadata, wrapped keys, sealed blobs, the audit chain) and nothing more: values are
//! sealed and opened on members' machines.
//!
//! - A read is one `REPEATABLE READ, READ ONLY` transaction: one snapshot.
//! - A write is one transaction that first locks the vault row (`SELECT ... FOR
//!   UPDATE`): writers of the same vault queue on that lock, each builds on the state
//!   the previous one committed, and two members appending audit records at once
//!   chain one after the other instead of forking the chain.
//! - A failed or lost connection rolls the transaction back on the server.
//!
//! The blocking `postgres` client starts its small async runtime only when it
//! connects, so nothing of it reaches a command on a SQLite vault.

use std::cell::{Cell, RefCell};

use postgres::error::SqlState;
use postgres::{Client, NoTls, Row, SimpleQueryMessage};

use super::{
    Exists, Missing, Read, Reader, RecipientInfo, SealedBlob, SealedCollection, StoredCollection,
    StoredRecipient, StoredVersion, StoredWorkspace, VaultImage, VaultKeys, VersionInfo, WorkspaceInfo,
    Write,
};
use crate::audit::{Entry, Record};
use crate::error::{Failure, Kind};
use crate::model::{Changes, CollectionRef, SecretMeta, Summary};

mod params;
mod pgpass;
mod server;
mod tls;

use params::{Param, Params, typed};
pub use server::{Server, SslMode, is_url};

/// Embedded, append-only migrations of the PostgreSQL schema, numbered apart from
/// SQLite's: schema version N is `MIGRATIONS[..N]` applied.
const MIGRATIONS: &[&str] =
    &[include_str!("migrations/0001_initial.sql"), include_str!("migrations/0002_recipient_labels.sql")];

/// Begins a write: the transaction and the vault row's lock, in one round trip.
const BEGIN_LOCKED: &str = "BEGIN; SELECT 1 FROM vault WHERE singleton = 1 FOR UPDATE";

/// How long a write waits for another member's write to let go of the vault.
const LOCK_TIMEOUT: &str = "60s";

/// A connection to one vault's schema.
pub struct Store {
    client: RefCell<Client>,
    /// Where to connect again, to learn whether a commit whose answer was lost landed.
    server: Server,
    /// The location as shown: no password.
    name: String,
    /// Open snapshots: only the outermost begins and ends the transaction.
    snapshots: Cell<u32>,
}

impl Store {
    fn connect(server: &Server) -> anyhow::Result<Store> {
        let name = server.to_string();
        let mut config = server.with_password_file()?;
        // The schema is the search path from the first statement on: no round trip. A
        // write waits for another member's lock a minute at most. Options the location
        // gives come after, so they win.
        let given = config.get_options().map(|options| format!(" {options}")).unwrap_or_default();
        config.options(&format!("-c search_path={} -c lock_timeout={LOCK_TIMEOUT}{given}", server.schema));
        let connected = if server.over_tcp() && server.ssl_mode != SslMode::Disable {
            config.ssl_mode(match server.ssl_mode {
                SslMode::Prefer => postgres::config::SslMode::Prefer,
                _ => postgres::config::SslMode::Require,
            });
            config.connect(tls::connector(server.ssl_mode, &server.root_cert)?)
        } else {
            config.ssl_mode(postgres::config::SslMode::Disable);
            config.connect(NoTls)
        };
        let no_password = config.get_password().is_none();
        let client = connected.map_err(|error| {
            let cause = cause(&error);
            if no_password && cause == "password missing" {
                return Failure::new(
                    Kind::Other,
                    format!("cannot reach the vault at {name}: the server asks for a password and none was given"),
                )
                .with_hint("put it in ~/.pgpass (mode 600, or the file PGPASSFILE names), in PGPASSWORD, or in the location");
            }
            let hint = if cause.contains("certificate") {
                "the server's certificate did not pass the check its sslmode asks for: point sslrootcert= at the CA that signed it, and name the host as the certificate does"
            } else {
                "check the location, that the server is running, and the database role's password"
            };
            Failure::new(Kind::Other, format!("cannot reach the vault at {name}: {cause}")).with_hint(hint)
        })?;
        Ok(Store { client: RefCell::new(client), server: server.clone(), name, snapshots: Cell::new(0) })
    }

    /// Creates the vault's tables in the location's schema (created if need be) and
    /// stores `image`, in one transaction; [`Exists::Vault`] if a vault is there.
    pub fn create(server: &Server, image: &VaultImage) -> anyhow::Result<Store> {
        let store = Self::connect(server)?;
        {
            let reader = store.reader();
            reader.batch("BEGIN")?;
            let schema = &server.schema;
            // Two `init`s of the same schema at once: the second waits, then finds it.
            reader.row("SELECT pg_advisory_xact_lock(hashtext($1))", &[schema])?;
            reader.batch(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""))?;
            let there: bool = reader.row("SELECT to_regclass('vault_schema') IS NOT NULL", &[])?.col(0)?;
            if there {
                return Err(Exists::Vault(store.name.clone()).into());
            }
            let writer = PgWriter::new(reader, time::OffsetDateTime::now_utc().unix_timestamp());
            writer.migrate(0)?;
            writer.load(image)?;
            writer.reader.batch("COMMIT")?;
        }
        Ok(store)
    }

    /// Whether a vault is in the location's schema: `init` asks before it makes keys.
    pub fn exists(server: &Server) -> anyhow::Result<bool> {
        let store = Self::connect(server)?;
        let there = store.reader().row("SELECT to_regclass('vault_schema') IS NOT NULL", &[])?.col(0)?;
        Ok(there)
    }

    /// Opens the vault in the location's schema, refusing a schema newer than this
    /// build; an older one is migrated.
    pub fn open(server: &Server) -> anyhow::Result<Store> {
        let store = Self::connect(server)?;
        let version: i32 = {
            let mut client = store.client.borrow_mut();
            match client.query_typed_one("SELECT version FROM vault_schema", &[]) {
                Ok(row) => row.col(0)?,
                Err(error) if error.code() == Some(&SqlState::UNDEFINED_TABLE) => {
                    return Err(Missing::Vault(store.name.clone()).into());
                }
                Err(error) => return Err(explain("SELECT", error)),
            }
        };
        store.refuse_newer(version)?;
        if version < MIGRATIONS.len() as i32 {
            let reader = store.reader();
            reader.lock_vault()?;
            // Read again under the lock: another command may have migrated meanwhile.
            // An error drops the connection, which rolls the transaction back.
            let version: i32 = reader.row("SELECT version FROM vault_schema", &[])?.col(0)?;
            store.refuse_newer(version)?;
            PgWriter::new(reader, time::OffsetDateTime::now_utc().unix_timestamp()).migrate(version)?;
            store.reader().batch("COMMIT")?;
        }
        Ok(store)
    }

    /// A schema newer than this build's migrations is left untouched.
    fn refuse_newer(&self, version: i32) -> anyhow::Result<()> {
        let known = MIGRATIONS.len() as i32;
        if version <= known {
            return Ok(());
        }
        Err(Failure::new(
            Kind::Other,
            format!(
                "the vault at {} has schema version {version}; this vault understands up to {known}",
                self.name
            ),
        )
        .with_hint("upgrade vault; the vault was left untouched")
        .into())
    }

    /// The vault's id in one statement, outside any snapshot (its own transaction).
    pub fn vault_id(&self) -> anyhow::Result<String> {
        self.reader().vault_id()
    }

    fn reader(&self) -> PgReader<'_> {
        PgReader { client: &self.client }
    }

    /// One `REPEATABLE READ, READ ONLY` transaction, ended when the guard drops.
    pub fn read(&self) -> anyhow::Result<(PgReader<'_>, SnapshotGuard<'_>)> {
        if self.snapshots.get() == 0 {
            self.reader().batch("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
        }
        self.snapshots.set(self.snapshots.get() + 1);
        Ok((self.reader(), SnapshotGuard(self)))
    }

    /// One transaction holding the vault row's lock: all of `change` lands, or none.
    pub fn write<T>(
        &mut self,
        change: impl FnOnce(&super::Writer) -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        let mut appended = None;
        let outcome =
            self.reader().lock_vault().and_then(|()| super::commit_time(&self.reader())).and_then(|now| {
                let writer = PgWriter::new(self.reader(), now);
                let value = change(&writer);
                appended = writer.appended.take();
                value
            });
        let value = match outcome {
            Ok(value) => value,
            Err(error) => {
                // A lost connection has rolled back on the server already.
                let _ = self.reader().batch("ROLLBACK");
                return Err(error);
            }
        };
        let committed = self.client.borrow_mut().batch_execute("COMMIT");
        match committed {
            Ok(()) => Ok(value),
            Err(error) if is_lost(&error) => match self.landed(appended) {
                Some(true) => Ok(value),
                Some(false) => Err(Failure::new(
                    Kind::Other,
                    format!("lost the connection to {} while committing; nothing was changed", self.name),
                )
                .into()),
                None => Err(Failure::new(
                    Kind::Other,
                    format!(
                        "lost the connection to {} while committing: the change may or may not have landed",
                        self.name
                    ),
                )
                .with_hint("read the vault again to see whether it did")
                .into()),
            },
            Err(error) => Err(explain("COMMIT", error)),
        }
    }

    /// Whether a write whose `COMMIT` went unanswered landed, asked on a new
    /// connection (which then replaces the lost one): its audit record is in the chain
    /// or it is not. None when that cannot be known (no record, no new connection).
    fn landed(&self, appended: Option<(u64, Vec<u8>)>) -> Option<bool> {
        let (seq, hash) = appended?;
        let again = Store::connect(&self.server).ok()?;
        let found = again.reader().audit_hash(seq).ok()?;
        *self.client.borrow_mut() = again.client.into_inner();
        Some(found.as_deref() == Some(&hash[..]))
    }
}

/// Ends a snapshot when the outermost one drops.
pub struct SnapshotGuard<'a>(&'a Store);

impl Drop for SnapshotGuard<'_> {
    fn drop(&mut self) {
        let open = self.0.snapshots.get().saturating_sub(1);
        self.0.snapshots.set(open);
        if open == 0 {
            // Nothing was written, so ending the read transaction cannot lose anything.
            let _ = self.0.client.borrow_mut().batch_execute("COMMIT");
        }
    }
}

/// The server's own words for a failure, without its "db error:" prefix.
fn cause(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => {
            std::error::Error::source(error).map_or_else(|| error.to_string(), |source| source.to_string())
        }
    }
}

/// The connection is gone: closed, broken, or ended by the server (terminated,
/// shutting down, or any class 08 connection exception).
fn is_lost(error: &postgres::Error) -> bool {
    let ended = error.code().is_some_and(|code| {
        [SqlState::ADMIN_SHUTDOWN, SqlState::CRASH_SHUTDOWN, SqlState::CANNOT_CONNECT_NOW].contains(code)
            || code.code().starts_with("08")
    });
    ended
        || error.is_closed()
        || std::error::Error::source(error).is_some_and(|source| source.is::<std::io::Error>())
}

/// A failed statement in words: a missing privilege names it (exit 1, nothing changed),
/// a lost connection says nothing changed, anything else keeps the server's words.
fn explain(sql: &str, error: postgres::Error) -> anyhow::Error {
    if error.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) {
        let verb = privilege(sql);
        return Failure::new(
            Kind::Other,
            format!(
                "the database refused: {} (this role lacks the {verb} privilege there); nothing was changed",
                cause(&error)
            ),
        )
        .with_hint("ask the vault's owner for a role that holds it (README: Team vault on PostgreSQL, roles)")
        .into();
    }
    if error.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) {
        return Failure::new(
            Kind::Other,
            format!("another member's write held the vault's lock past the lock timeout ({}); nothing was changed", cause(&error)),
        )
        .with_hint("try again; if it keeps happening, look for a stuck vault connection in pg_stat_activity")
        .into();
    }
    if is_lost(&error) {
        return Failure::new(
            Kind::Other,
            format!("lost the connection to the server ({}); nothing was changed", cause(&error)),
        )
        .into();
    }
    anyhow::anyhow!("the server refused a statement: {}", cause(&error))
}

/// The privilege a refused statement needed: its verb, or UPDATE for the row lock that
/// begins a write (`SELECT ... FOR UPDATE`).
fn privilege(sql: &str) -> String {
    let last = sql.rsplit(';').map(str::trim).find(|statement| !statement.is_empty()).unwrap_or(sql);
    if last.ends_with("FOR UPDATE") {
        return "UPDATE".into();
    }
    last.split_whitespace().next().unwrap_or("this").to_uppercase()
}

/// Reads through the store's one connection, in whatever transaction is open.
#[derive(Clone, Copy)]
pub struct PgReader<'a> {
    client: &'a RefCell<Client>,
}

/// Reads a column without trusting the server: a value of another type, or a NULL
/// where vault never writes one, is an integrity failure (exit 6), not a panic.
trait Column {
    fn col<'a, T: postgres::types::FromSql<'a>>(&'a self, index: usize) -> anyhow::Result<T>;

    /// A count or version, which vault never stores below zero.
    fn unsigned(&self, index: usize) -> anyhow::Result<u64> {
        u64::try_from(self.col::<i64>(index)?).map_err(|_| self.unexpected(index))
    }

    fn unexpected(&self, index: usize) -> anyhow::Error;
}

impl Column for Row {
    fn col<'a, T: postgres::types::FromSql<'a>>(&'a self, index: usize) -> anyhow::Result<T> {
        self.try_get(index).map_err(|_| self.unexpected(index))
    }

    fn unexpected(&self, index: usize) -> anyhow::Error {
        let column = self.columns().get(index).map_or("?", |column| column.name());
        crate::error::integrity(format!(
            "the server sent a {column} that vault never stores (a NULL, a negative number or another type)"
        ))
    }
}

/// A collection's row: its id, version, sealed blob and details.
type Found = (i64, u64, Vec<u8>, Summary);

impl PgReader<'_> {
    fn batch(&self, sql: &str) -> anyhow::Result<()> {
        self.client.borrow_mut().batch_execute(sql).map_err(|error| explain(sql, error))
    }

    /// Begins a write holding the vault row's lock; a server without that one row
    /// would leave writers unserialised.
    fn lock_vault(&self) -> anyhow::Result<()> {
        let messages = self
            .client
            .borrow_mut()
            .simple_query(BEGIN_LOCKED)
            .map_err(|error| explain(BEGIN_LOCKED, error))?;
        let rows = messages.iter().filter(|message| matches!(message, SimpleQueryMessage::Row(_))).count();
        if rows != 1 {
            return Err(crate::error::integrity(format!(
                "the server has {rows} vault rows to lock, not one"
            )));
        }
        Ok(())
    }

    fn rows(&self, sql: &str, params: Params) -> anyhow::Result<Vec<Row>> {
        self.client.borrow_mut().query_typed(sql, &typed(params)).map_err(|error| explain(sql, error))
    }

    fn row(&self, sql: &str, params: Params) -> anyhow::Result<Row> {
        self.client.borrow_mut().query_typed_one(sql, &typed(params)).map_err(|error| explain(sql, error))
    }

    fn optional(&self, sql: &str, params: Params) -> anyhow::Result<Option<Row>> {
        self.client.borrow_mut().query_typed_opt(sql, &typed(params)).map_err(|error| explain(sql, error))
    }

    fn workspace_id(&self, workspace: &str) -> anyhow::Result<i64> {
        let row = self.optional("SELECT id FROM workspaces WHERE name = $1", &[&workspace])?;
        row.ok_or_else(|| Missing::Workspace(workspace.to_owned()))?.col(0)
    }

    fn find(&self, collection: &CollectionRef) -> anyhow::Result<Option<Found>> {
        let row = self.optional(
            "SELECT c.id, c.cid, c.name, c.description, c.created_at, c.updated_at, c.version, c.sealed
             FROM collections c JOIN workspaces w ON w.id = c.workspace_id
             WHERE w.name = $1 AND c.cid = $2",
            &[&collection.workspace, &collection.id],
        )?;
        if row.is_none() {
            // Which is missing, the collection or its workspace.
            self.require_workspace(&collection.workspace)?;
        }
        let Some(row) = row else { return Ok(None) };
        Ok(Some((row.col(0)?, row.unsigned(6)?, row.col(7)?, summary_from_row(&collection.workspace, &row)?)))
    }

    fn found(&self, collection: &CollectionRef) -> anyhow::Result<Found> {
        self.find(collection)?.ok_or_else(|| super::collection_not_found(collection))
    }

    fn secret_metas(&self, id: i64, version: Option<u64>, of: &Summary) -> anyhow::Result<Vec<SecretMeta>> {
        let rows = match version {
            None => self.rows(
                "SELECT type, location, kind, size FROM secrets WHERE collection_id = $1 ORDER BY position",
                &[&id],
            )?,
            Some(version) => self.rows(
                "SELECT type, location, kind, size FROM version_secrets
                 WHERE collection_id = $1 AND version = $2 ORDER BY position",
                &[&id, &(version as i64)],
            )?,
        };
        let metas = rows
            .iter()
            .map(|row| Ok((row.col(0)?, row.col(1)?, row.col(2)?, row.col(3)?)))
            .collect::<anyhow::Result<Vec<_>>>()?;
        super::checked_metas(metas, of)
    }

    fn stored_collection(&self, workspace: &str, id: String) -> anyhow::Result<StoredCollection> {
        let reference = CollectionRef { workspace: workspace.to_owned(), id };
        let (row_id, version, sealed, mut summary) = self.found(&reference)?;
        summary.secrets = self.secret_metas(row_id, None, &summary)?;
        let mut versions = Vec::new();
        for row in self.rows(
            "SELECT version, created_at, changes, sealed FROM versions WHERE collection_id = $1 ORDER BY version",
            &[&row_id],
        )? {
            let number = row.unsigned(0)?;
            let kept: Option<Vec<u8>> = row.col(3)?;
            let secrets =
                if kept.is_some() { self.secret_metas(row_id, Some(number), &summary)? } else { Vec::new() };
            versions.push(StoredVersion {
                version: number,
                created_at: row.col(1)?,
                changes: row.col(2)?,
                sealed: kept,
                secrets,
            });
        }
        Ok(StoredCollection { summary, version, sealed, versions })
    }
}

fn summary_from_row(workspace: &str, row: &Row) -> anyhow::Result<Summary> {
    Ok(Summary {
        workspace: workspace.to_owned(),
        id: row.col(1)?,
        name: row.col(2)?,
        description: row.col(3)?,
        created_at: row.col(4)?,
        updated_at: row.col(5)?,
        secrets: Vec::new(),
    })
}

impl Read for PgReader<'_> {
    fn keys(&self) -> anyhow::Result<VaultKeys> {
        let rows = self.rows(
            "SELECT recipient, key_tag, handover_tag FROM recipients WHERE key_tag IS NOT NULL
             ORDER BY added_at, id",
            &[],
        )?;
        let row = self.row(
            "SELECT vault_id, owner_recipient, sealed_identity, wrapped_data_key, key_tag, previous_owner
             FROM vault WHERE singleton = 1",
            &[],
        )?;
        let keys = VaultKeys {
            vault_id: row.col(0)?,
            owner_recipient: row.col(1)?,
            sealed_identity: row.col(2)?,
            wrapped_data_key: row.col(3)?,
            key_tag: row.col(4)?,
            reader_tags: Vec::new(),
            previous_owner: row.col(5)?,
            handover_tags: Vec::new(),
        };
        let readers = rows
            .iter()
            .map(|row| Ok((row.col(0)?, row.col(1)?, row.col(2)?)))
            .collect::<anyhow::Result<_>>()?;
        Ok(super::keys_from_rows(keys, readers))
    }

    fn recipients(&self) -> anyhow::Result<Vec<RecipientInfo>> {
        let rows =
            self.rows("SELECT recipient, added_at, label FROM recipients ORDER BY added_at, id", &[])?;
        rows.iter()
            .map(|row| {
                Ok(RecipientInfo { recipient: row.col(0)?, added_at: row.col(1)?, label: row.col(2)? })
            })
            .collect()
    }

    fn workspaces(&self) -> anyhow::Result<Vec<WorkspaceInfo>> {
        let rows = self.rows(
            "SELECT w.name, w.created_at, (SELECT count(*) FROM collections c WHERE c.workspace_id = w.id)
             FROM workspaces w ORDER BY w.name",
            &[],
        )?;
        rows.iter()
            .map(|row| {
                Ok(WorkspaceInfo {
                    name: row.col(0)?,
                    created_at: row.col(1)?,
                    collections: row.unsigned(2)?,
                })
            })
            .collect()
    }

    fn require_workspace(&self, workspace: &str) -> anyhow::Result<()> {
        self.workspace_id(workspace).map(drop)
    }

    fn collections(&self, workspace: &str) -> anyhow::Result<Vec<anyhow::Result<Summary>>> {
        self.require_workspace(workspace)?;
        let rows = self.rows(
            "SELECT c.id, c.cid, c.name, c.description, c.created_at, c.updated_at
             FROM collections c JOIN workspaces w ON w.id = c.workspace_id
             WHERE w.name = $1 ORDER BY c.cid COLLATE \"C\"",
            &[&workspace],
        )?;
        Ok(rows
            .iter()
            .map(|row| {
                let id: i64 = row.col(0)?;
                super::checked_summary(summary_from_row(workspace, row)?, |s| self.secret_metas(id, None, s))
            })
            .collect())
    }

    fn current(&self, collection: &CollectionRef) -> anyhow::Result<(u64, Summary)> {
        let (_, version, _, summary) = self.found(collection)?;
        Ok((version, summary))
    }

    fn exists(&self, collection: &CollectionRef) -> anyhow::Result<bool> {
        Ok(self.find(collection)?.is_some())
    }

    fn sealed(&self, collection: &CollectionRef) -> anyhow::Result<SealedCollection> {
        let (id, version, sealed, mut summary) = self.found(collection)?;
        summary.secrets = self.secret_metas(id, None, &summary)?;
        Ok(SealedCollection { summary, version, sealed, historic: false })
    }

    fn version(&self, collection: &CollectionRef, version: u64) -> anyhow::Result<SealedCollection> {
        let (id, current, _, mut summary) = self.found(collection)?;
        if version == current {
            return self.sealed(collection);
        }
        let kept = self.optional(
            "SELECT sealed FROM versions WHERE collection_id = $1 AND version = $2 AND sealed IS NOT NULL",
            &[&id, &(version as i64)],
        )?;
        let Some(kept) = kept else {
            return Err(Missing::Version(collection.clone(), version).into());
        };
        summary.secrets = self.secret_metas(id, Some(version), &summary)?;
        Ok(SealedCollection { summary, version, sealed: kept.col(0)?, historic: true })
    }

    fn history(&self, collection: &CollectionRef) -> anyhow::Result<Vec<VersionInfo>> {
        let (id, ..) = self.found(collection)?;
        let rows = self.rows(
            "SELECT v.version, v.created_at, v.changes, v.sealed IS NULL,
                    CASE WHEN v.sealed IS NULL
                         THEN (SELECT count(*) FROM secrets s WHERE s.collection_id = v.collection_id)
                         ELSE (SELECT count(*) FROM version_secrets s
                               WHERE s.collection_id = v.collection_id AND s.version = v.version) END
             FROM versions v WHERE v.collection_id = $1 ORDER BY v.version DESC",
            &[&id],
        )?;
        rows.iter()
            .map(|row| {
                super::version_info(
                    collection,
                    (row.col(0)?, row.col(1)?, row.col(2)?, row.col(3)?, row.col(4)?),
                )
            })
            .collect()
    }

    fn audit(&self, limit: Option<u64>) -> anyhow::Result<Vec<Record>> {
        // LIMIT NULL is no limit.
        let limit = limit.map(|n| i64::try_from(n).unwrap_or(i64::MAX));
        let rows = self.rows(
            "SELECT seq, at, command, workspace, collection, locations, outcome, hash FROM
             (SELECT * FROM audit ORDER BY seq DESC LIMIT $1) newest ORDER BY seq",
            &[&limit],
        )?;
        rows.iter()
            .map(|row| {
                super::audit_record((
                    row.col(0)?,
                    row.col(1)?,
                    row.col(2)?,
                    row.col(3)?,
                    row.col(4)?,
                    row.col(5)?,
                    row.col(6)?,
                    row.col(7)?,
                ))
            })
            .collect()
    }

    fn vault_id(&self) -> anyhow::Result<String> {
        self.row("SELECT vault_id FROM vault WHERE singleton = 1", &[])?.col(0)
    }

    fn audit_hash(&self, seq: u64) -> anyhow::Result<Option<Vec<u8>>> {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        self.optional("SELECT hash FROM audit WHERE seq = $1", &[&seq])?.map(|row| row.col(0)).transpose()
    }

    fn current_versions(&self) -> anyhow::Result<Vec<(CollectionRef, u64)>> {
        let rows = self.rows(
            "SELECT w.name, c.cid, c.version FROM collections c JOIN workspaces w ON w.id = c.workspace_id",
            &[],
        )?;
        rows.iter()
            .map(|row| Ok((CollectionRef { workspace: row.col(0)?, id: row.col(1)? }, row.unsigned(2)?)))
            .collect()
    }

    fn audit_head(&self) -> anyhow::Result<(u64, Option<Vec<u8>>)> {
        let row = self.row("SELECT audit_count, audit_head FROM vault WHERE singleton = 1", &[])?;
        Ok((row.unsigned(0)?, row.col(1)?))
    }

    fn image(&self) -> anyhow::Result<VaultImage> {
        let created_at = self.row("SELECT created_at FROM vault WHERE singleton = 1", &[])?.col(0)?;
        let recipients = self
            .rows(
                "SELECT recipient, added_at, key_tag, handover_tag, label FROM recipients ORDER BY added_at, id",
                &[],
            )?
            .iter()
            .map(|row| {
                Ok(StoredRecipient {
                    recipient: row.col(0)?,
                    added_at: row.col(1)?,
                    key_tag: row.col(2)?,
                    handover_tag: row.col(3)?,
                    label: row.col(4)?,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        let mut workspaces = Vec::new();
        for info in self.workspaces()? {
            let ids = self.rows(
                "SELECT c.cid FROM collections c JOIN workspaces w ON w.id = c.workspace_id
                 WHERE w.name = $1 ORDER BY c.id",
                &[&info.name],
            )?;
            let collections = ids
                .iter()
                .map(|row| self.stored_collection(&info.name, row.col(0)?))
                .collect::<anyhow::Result<_>>()?;
            workspaces.push(StoredWorkspace { name: info.name, created_at: info.created_at, collections });
        }
        let (audit_count, audit_head) = self.audit_head()?;
        Ok(VaultImage {
            keys: self.keys()?,
            created_at,
            recipients,
            workspaces,
            audit: self.audit(None)?,
            audit_count,
            audit_head,
        })
    }
}

/// Writes inside the transaction that holds the vault row's lock.
pub struct PgWriter<'a> {
    reader: PgReader<'a>,
    /// See [`super::commit_time`].
    now: i64,
    /// The last audit record appended (its number and hash): how a lost commit is
    /// told apart from a landed one.
    appended: RefCell<Option<(u64, Vec<u8>)>>,
}

impl<'a> PgWriter<'a> {
    fn new(reader: PgReader<'a>, now: i64) -> Self {
        PgWriter { reader, now, appended: RefCell::new(None) }
    }

    fn execute(&self, sql: &str, params: Params) -> anyhow::Result<u64> {
        self.reader
            .client
            .borrow_mut()
            .execute_typed(sql, &typed(params))
            .map_err(|error| explain(sql, error))
    }

    fn id(&self, collection: &CollectionRef) -> anyhow::Result<i64> {
        Ok(self.reader.found(collection)?.0)
    }

    /// Applies the migrations after `from` and records the new version.
    fn migrate(&self, from: i32) -> anyhow::Result<()> {
        let to = MIGRATIONS.len();
        for sql in MIGRATIONS.iter().skip(from as usize) {
            self.reader.client.borrow_mut().batch_execute(sql).map_err(|error| {
                if from > 0 && error.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) {
                    // A member's role may use the tables but not change them.
                    return Failure::new(
                        Kind::Other,
                        format!(
                            "the vault's tables need an upgrade from schema version {from} to {to} that only their owner may make ({}); nothing was changed",
                            cause(&error)
                        ),
                    )
                    .with_hint("ask the vault's owner (the role that created its tables) to open it once with this version")
                    .into();
                }
                explain(sql, error)
            })?;
        }
        self.execute(
            "INSERT INTO vault_schema (singleton, version) VALUES (1, $1)
             ON CONFLICT (singleton) DO UPDATE SET version = excluded.version",
            &[&(to as i32)],
        )?;
        Ok(())
    }

    /// Stores every row of `image` into freshly created, empty tables.
    fn load(&self, image: &VaultImage) -> anyhow::Result<()> {
        let keys = &image.keys;
        self.execute(
            "INSERT INTO vault (singleton, vault_id, created_at, owner_recipient, sealed_identity, wrapped_data_key,
                                key_tag, previous_owner, audit_count, audit_head)
             VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &keys.vault_id,
                &image.created_at,
                &keys.owner_recipient,
                &keys.sealed_identity,
                &keys.wrapped_data_key,
                &keys.key_tag,
                &keys.previous_owner,
                &(image.audit_count as i64),
                &image.audit_head,
            ],
        )?;
        for r in &image.recipients {
            self.execute(
                "INSERT INTO recipients (recipient, added_at, key_tag, handover_tag, label) VALUES ($1, $2, $3, $4, $5)",
                &[&r.recipient, &r.added_at, &r.key_tag, &r.handover_tag, &r.label],
            )?;
        }
        for workspace in &image.workspaces {
            self.execute(
                "INSERT INTO workspaces (name, created_at) VALUES ($1, $2)",
                &[&workspace.name, &workspace.created_at],
            )?;
            for collection in &workspace.collections {
                self.load_collection(collection)?;
            }
        }
        for record in &image.audit {
            self.insert_audit(record.seq, record.at, &record.entry, &record.hash)?;
        }
        Ok(())
    }

    fn load_collection(&self, collection: &StoredCollection) -> anyhow::Result<()> {
        let summary = &collection.summary;
        let id = self.insert_collection_row(summary, collection.version, &collection.sealed)?;
        self.put_secret_metas(id, None, &summary.secrets)?;
        for version in &collection.versions {
            self.execute(
                "INSERT INTO versions (collection_id, version, created_at, changes, sealed) VALUES ($1, $2, $3, $4, $5)",
                &[&id, &(version.version as i64), &version.created_at, &version.changes, &version.sealed],
            )?;
            self.put_secret_metas(id, Some(version.version), &version.secrets)?;
        }
        Ok(())
    }

    fn insert_collection_row(&self, summary: &Summary, version: u64, sealed: &[u8]) -> anyhow::Result<i64> {
        let workspace = self.reader.workspace_id(&summary.workspace)?;
        let sql = "INSERT INTO collections (workspace_id, cid, name, description, created_at, updated_at, version, sealed)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
        let row = self
            .reader
            .client
            .borrow_mut()
            .query_typed_one(
                sql,
                &typed(&[
                    &workspace,
                    &summary.id,
                    &summary.name,
                    &summary.description,
                    &summary.created_at,
                    &summary.updated_at,
                    &(version as i64),
                    &sealed,
                ]),
            )
            .map_err(|error| explain(sql, error))?;
        row.col(0)
    }

    fn insert_audit(&self, seq: u64, at: i64, entry: &Entry, hash: &[u8]) -> anyhow::Result<()> {
        let sql = "INSERT INTO audit (seq, at, command, workspace, collection, locations, outcome, hash)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        let locations = serde_json::to_string(&entry.locations)?;
        self.reader
            .client
            .borrow_mut()
            .execute_typed(
                sql,
                &typed(&[
                    &(seq as i64),
                    &at,
                    &entry.command,
                    &entry.workspace,
                    &entry.collection,
                    &locations,
                    &entry.outcome,
                    &hash,
                ]),
            )
            .map_err(|error| match error.code() {
                Some(&SqlState::UNIQUE_VIOLATION) => super::audit_does_not_end(seq),
                _ => explain(sql, error),
            })?;
        Ok(())
    }

    fn add_current_version(&self, id: i64, version: u64, at: i64, changes: &Changes) -> anyhow::Result<()> {
        self.execute(
            "INSERT INTO versions (collection_id, version, created_at, changes, sealed) VALUES ($1, $2, $3, $4, NULL)",
            &[&id, &(version as i64), &at, &serde_json::to_string(changes)?],
        )?;
        Ok(())
    }

    /// The secrets' rows of the current version (`version` None) or a kept one, in one
    /// statement: a collection of thousands of secrets costs one round trip, not one
    /// per secret.
    fn put_secret_metas(&self, id: i64, version: Option<u64>, metas: &[SecretMeta]) -> anyhow::Result<()> {
        if metas.is_empty() {
            return Ok(());
        }
        let positions: Vec<i64> = (0..metas.len() as i64).collect();
        let locations: Vec<&str> = metas.iter().map(|meta| meta.location.as_str()).collect();
        let types: Vec<&str> = metas.iter().map(|meta| meta.secret_type.as_str()).collect();
        let kinds: Vec<&str> = metas.iter().map(|meta| meta.kind.as_str()).collect();
        let sizes: Vec<i64> = metas.iter().map(|meta| meta.size as i64).collect();
        let version = version.map(|version| version as i64);
        let (table, version_value) = match version {
            None => ("secrets (collection_id, position, location, type, kind, size)", ""),
            Some(_) => {
                ("version_secrets (collection_id, position, location, type, kind, size, version)", ", $7")
            }
        };
        let sql = format!(
            "INSERT INTO {table} SELECT $1, p, l, t, k, s{version_value}
             FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS m (p, l, t, k, s)"
        );
        let row: [&dyn Param; 7] = [&id, &positions, &locations, &types, &kinds, &sizes, &version];
        let params = if version.is_some() { &row[..] } else { &row[..6] };
        self.execute(&sql, params)?;
        Ok(())
    }
}

impl Write for PgWriter<'_> {
    fn read(&self) -> Reader<'_> {
        Reader::Postgres(self.reader)
    }

    fn insert_collection(&self, summary: &Summary, sealed: &[u8]) -> anyhow::Result<()> {
        super::check_insertable(&self.reader, summary)?;
        let id = self.insert_collection_row(summary, 1, sealed)?;
        self.put_secret_metas(id, None, &summary.secrets)?;
        self.add_current_version(id, 1, summary.created_at, &super::all_added(summary))
    }

    fn replace_values(
        &self,
        summary: &Summary,
        version: u64,
        sealed: &[u8],
        previous: &[u8],
        changes: &Changes,
        keep: u32,
    ) -> anyhow::Result<()> {
        let id = self.id(&super::reference(&summary.workspace, &summary.id))?;
        self.execute(
            "UPDATE versions SET sealed = $2 WHERE collection_id = $1 AND sealed IS NULL",
            &[&id, &previous],
        )?;
        self.execute(
            "INSERT INTO version_secrets (collection_id, version, position, location, type, kind, size)
             SELECT s.collection_id, c.version, s.position, s.location, s.type, s.kind, s.size
             FROM secrets s JOIN collections c ON c.id = s.collection_id
             WHERE s.collection_id = $1 AND EXISTS
                (SELECT 1 FROM versions v WHERE v.collection_id = $1 AND v.version = c.version)",
            &[&id],
        )?;
        self.execute(
            "UPDATE collections SET name = $2, description = $3, updated_at = $4, version = $5, sealed = $6 WHERE id = $1",
            &[&id, &summary.name, &summary.description, &summary.updated_at, &(version as i64), &sealed],
        )?;
        self.execute("DELETE FROM secrets WHERE collection_id = $1", &[&id])?;
        self.put_secret_metas(id, None, &summary.secrets)?;
        self.add_current_version(id, version, summary.updated_at, changes)?;
        self.execute(
            "DELETE FROM versions WHERE collection_id = $1 AND sealed IS NOT NULL AND version NOT IN
                (SELECT version FROM versions WHERE collection_id = $1 AND sealed IS NOT NULL
                 ORDER BY version DESC LIMIT $2)",
            &[&id, &i64::from(keep)],
        )?;
        Ok(())
    }

    fn append_audit(&self, entry: &Entry) -> anyhow::Result<()> {
        let (seq, hash) = super::next_record(&self.reader, entry, self.now)?;
        self.insert_audit(seq, self.now, entry, &hash)?;
        let updated = self.execute(
            "UPDATE vault SET audit_count = $1, audit_head = $2 WHERE singleton = 1",
            &[&(seq as i64), &hash],
        )?;
        if updated != 1 {
            return Err(crate::error::integrity("the server has no vault row to record the audit head in"));
        }
        *self.appended.borrow_mut() = Some((seq, hash));
        Ok(())
    }

    fn now(&self) -> i64 {
        self.now
    }

    fn label_recipient(&self, recipient: &str, label: &str) -> anyhow::Result<()> {
        self.execute("UPDATE recipients SET label = $2 WHERE recipient = $1", &[&recipient, &label])?;
        Ok(())
    }

    fn update_details(&self, summary: &Summary) -> anyhow::Result<()> {
        let id = self.id(&super::reference(&summary.workspace, &summary.id))?;
        self.execute(
            "UPDATE collections SET name = $2, description = $3, updated_at = $4 WHERE id = $1",
            &[&id, &summary.name, &summary.description, &summary.updated_at],
        )?;
        Ok(())
    }

    fn delete_collection(&self, collection: &CollectionRef) -> anyhow::Result<bool> {
        let Some((id, ..)) = self.reader.find(collection)? else { return Ok(false) };
        self.execute("DELETE FROM collections WHERE id = $1", &[&id])?;
        Ok(true)
    }

    fn replace_keys(&self, keys: &VaultKeys, now: i64) -> anyhow::Result<()> {
        self.execute(
            "UPDATE vault SET owner_recipient = $1, sealed_identity = $2, wrapped_data_key = $3, key_tag = $4,
                              previous_owner = $5
             WHERE singleton = 1",
            &[&keys.owner_recipient, &keys.sealed_identity, &keys.wrapped_data_key, &keys.key_tag, &keys.previous_owner],
        )?;
        let tags = super::recipient_tags(keys);
        for existing in self.reader.recipients()? {
            if !tags.iter().any(|(recipient, ..)| *recipient == existing.recipient) {
                self.execute("DELETE FROM recipients WHERE recipient = $1", &[&existing.recipient])?;
            }
        }
        for (recipient, tag, handover) in tags {
            self.execute(
                "INSERT INTO recipients (recipient, added_at, key_tag, handover_tag) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (recipient) DO UPDATE SET key_tag = excluded.key_tag, handover_tag = excluded.handover_tag",
                &[&recipient, &now, &tag, &handover],
            )?;
        }
        Ok(())
    }

    fn sealed_blobs(&self) -> anyhow::Result<Vec<SealedBlob>> {
        let rows = self.reader.rows(
            "SELECT c.id, w.name, c.cid, c.version, c.sealed, true
             FROM collections c JOIN workspaces w ON w.id = c.workspace_id
             UNION ALL
             SELECT c.id, w.name, c.cid, v.version, v.sealed, false
             FROM versions v JOIN collections c ON c.id = v.collection_id
             JOIN workspaces w ON w.id = c.workspace_id WHERE v.sealed IS NOT NULL
             ORDER BY 1, 4",
            &[],
        )?;
        rows.iter()
            .map(|row| {
                Ok(SealedBlob {
                    workspace: row.col(1)?,
                    collection: row.col(2)?,
                    version: row.unsigned(3)?,
                    sealed: row.col(4)?,
                    role: super::blob_role(row.col(5)?),
                })
            })
            .collect()
    }

    fn replace_sealed(&self, blob: &SealedBlob, sealed: &[u8]) -> anyhow::Result<()> {
        let id = self.id(&super::reference(&blob.workspace, &blob.collection))?;
        match blob.role {
            crate::crypto::Role::Current => {
                self.execute("UPDATE collections SET sealed = $2 WHERE id = $1", &[&id, &sealed])?
            }
            crate::crypto::Role::History => self.execute(
                "UPDATE versions SET sealed = $3 WHERE collection_id = $1 AND version = $2",
                &[&id, &(blob.version as i64), &sealed],
            )?,
        };
        Ok(())
    }

    fn create_workspace(&self, name: &str, now: i64) -> anyhow::Result<()> {
        if self.reader.require_workspace(name).is_ok() {
            return Err(Exists::Workspace(name.to_owned()).into());
        }
        self.execute("INSERT INTO workspaces (name, created_at) VALUES ($1, $2)", &[&name, &now])?;
        Ok(())
    }

    fn delete_workspace(&self, name: &str) -> anyhow::Result<()> {
        let id = self.reader.workspace_id(name)?;
        self.execute("DELETE FROM collections WHERE workspace_id = $1", &[&id])?;
        self.execute("DELETE FROM workspaces WHERE id = $1", &[&id])?;
        Ok(())
    }
}
