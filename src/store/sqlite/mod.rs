//! The SQLite backend: one file holding clear metadata, the wrapped keys and sealed
//! blobs, the embedded default. Every write is one `BEGIN IMMEDIATE` transaction ([`Store::write`]), begun once the
//! vault's write lock is held ([`lock`]): concurrent vault processes queue in the kernel
//! instead of failing or losing updates.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

use super::{
    Exists, Missing, Read, Reader, RecipientInfo, SealedBlob, SealedCollection, StoredCollection,
    StoredRecipient, StoredVersion, StoredWorkspace, VaultImage, VaultKeys, VersionInfo, WorkspaceInfo,
    Write,
};
use crate::audit::{Entry, Record};
use crate::model::{Changes, CollectionRef, SecretMeta, Summary};

mod lock;

/// Embedded, append-only migrations; schema version N is `MIGRATIONS[..N]` applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_reader_tags.sql"),
    include_str!("migrations/0003_history_audit.sql"),
    include_str!("migrations/0004_handover.sql"),
    include_str!("migrations/0005_versions_rowid.sql"),
    include_str!("migrations/0006_recipient_labels.sql"),
];
/// `PRAGMA application_id` of a vault file ("VALT"), so other SQLite files are refused.
const APPLICATION_ID: i64 = 0x5641_4c54;
/// The `-wal` size from which a reveal checkpoints it back to empty. Every vault
/// process reads the whole `-wal` when it opens the vault, so it must stay short; a
/// checkpoint costs fsyncs, so not every reveal should pay one (about one in 20 does).
const REVEAL_WAL_LIMIT: u64 = 256 * 1024;
/// How long that checkpoint waits for other readers before leaving it to a later one.
const CHECKPOINT_WAIT: Duration = Duration::from_millis(200);
/// How long SQLite waits for a lock held by what does not take the write lock: another
/// program with the file open (an `sqlite3` shell, a backup), a closing vault process
/// moving the `-wal` into the file.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// An open vault file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Creates a new vault file (0600 in a 0700 directory) with the current schema,
    /// holding `image`.
    pub fn create(path: &Path, image: &VaultImage) -> anyhow::Result<Store> {
        if path.exists() {
            return Err(Exists::Vault(path.display().to_string()).into());
        }
        // Create the file ourselves so it is 0600 from the start; SQLite gives the
        // -wal and -shm files the same mode.
        crate::paths::write_new_private_file(path, b"")
            .with_context(|| format!("failed to create vault at {}", path.display()))?;
        let result = Self::initialise(path, image);
        if result.is_err() {
            remove_vault_files(path);
        }
        result
    }

    fn initialise(path: &Path, image: &VaultImage) -> anyhow::Result<Store> {
        let mut store = Self::connect(path)?;
        store.conn.execute_batch(&format!(
            "PRAGMA journal_mode = WAL; PRAGMA application_id = {APPLICATION_ID};"
        ))?;
        store.migrate(0)?;
        let _lock = store.lock()?;
        let tx = store.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        load(&tx, image)?;
        tx.commit()?;
        Ok(store)
    }

    /// Opens an existing vault, refusing anything that is not a vault of a schema this
    /// build knows, before writing anything. Older schemas are migrated.
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        if !path.exists() {
            return Err(Missing::Vault(path.display().to_string()).into());
        }
        crate::paths::refuse_shared_writable(path)?;
        let mut store = Self::connect(path)?;
        let (version, app_id, foreign): (i64, i64, i64) = store
            .conn
            .query_row(
                "SELECT (SELECT user_version FROM pragma_user_version),
                        (SELECT application_id FROM pragma_application_id),
                        (SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view'))",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .map_err(|error| explain_open_error(path, error))?;
        // Every vault has schema version 1 or later; 0 or less is no vault file of ours.
        if app_id != APPLICATION_ID || version < 1 {
            return Err(not_a_vault(path));
        }
        if foreign != 0 {
            return Err(crate::error::integrity(format!(
                "{} contains triggers or views that vault never creates",
                path.display()
            )));
        }
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(crate::error::Failure::new(
                crate::error::Kind::Other,
                format!(
                    "the vault at {} has schema version {version}; this vault understands up to {known}",
                    path.display()
                ),
            )
            .with_hint("upgrade vault; the file was left untouched")
            .into());
        }
        if version < known {
            store.migrate(version)?;
        }
        Ok(store)
    }

    fn connect(path: &Path) -> anyhow::Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|error| explain_open_error(path, error))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // trusted_schema first: nothing the file's schema names may run before it is off.
        // Some of these read the file's header, so a file that is not SQLite fails here.
        conn.execute_batch(
            "PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;",
        )
        .map_err(|error| explain_open_error(path, error))?;
        Ok(Store { conn, path: path.to_owned() })
    }

    /// Applies the migrations after `from` in one transaction, with foreign keys off so
    /// that a migration can rebuild a table others refer to; the keys are checked
    /// before the commit instead.
    fn migrate(&mut self, from: i64) -> anyhow::Result<()> {
        let _lock = lock::acquire(&self.path)?;
        self.conn.execute_batch("PRAGMA foreign_keys = OFF")?;
        let migrated = self.apply_migrations(from);
        self.conn.execute_batch("PRAGMA foreign_keys = ON")?;
        migrated
    }

    fn apply_migrations(&mut self, from: i64) -> anyhow::Result<()> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            tx.execute_batch(sql).map_err(|error| {
                // SQLite's message for a failed batch quotes the whole migration; the
                // user needs only the cause.
                let cause = match &error {
                    rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
                    other => other.to_string(),
                };
                crate::error::Failure::new(
                    crate::error::Kind::Other,
                    format!(
                        "failed to migrate the vault at {} to schema version {}: {cause}",
                        self.path.display(),
                        index + 1
                    ),
                )
                .with_hint("the file's schema version does not match its tables; it was left untouched")
            })?;
        }
        let dangling: Option<String> =
            tx.query_row("PRAGMA foreign_key_check", [], |row| row.get(0)).optional()?;
        if let Some(table) = dangling {
            return Err(crate::error::integrity(format!(
                "the vault at {} has rows in '{table}' that refer to nothing; it was left untouched",
                self.path.display()
            )));
        }
        tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)?;
        tx.commit()?;
        Ok(())
    }

    /// Reads from one snapshot of the vault, held until the returned guard is dropped:
    /// every statement sees the same state, even while other vault processes write
    /// (a collection's row and its metadata rows, the keys and a sealed blob). Hold the
    /// guard across several reads that must agree.
    pub fn read(&self) -> anyhow::Result<(SqlReader<'_>, SnapshotGuard<'_>)> {
        self.conn.execute_batch("SAVEPOINT snapshot").context("failed to read the vault")?;
        Ok((SqlReader(&self.conn), SnapshotGuard(&self.conn)))
    }

    /// Runs `change` in one `BEGIN IMMEDIATE` transaction: all of it lands, or none.
    /// The write lock is taken first and held until the commit, so do every piece of
    /// work that needs no current state (parsing, sealing) before calling this.
    /// A vault SQLite could open only for reading fails here, before any work, with
    /// a message naming the file rather than SQLite's "attempt to write a readonly
    /// database".
    pub fn write<T>(
        &mut self,
        change: impl FnOnce(&super::Writer) -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        let _lock = self.lock()?;
        self.transaction(change)
    }

    /// Takes the write lock, after refusing a vault that cannot be written at all.
    fn lock(&self) -> anyhow::Result<lock::WriteLock> {
        if self.conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(read_only(&self.path));
        }
        lock::acquire(&self.path)
    }

    /// One `BEGIN IMMEDIATE` transaction; the caller holds the write lock.
    fn transaction<T>(
        &mut self,
        change: impl FnOnce(&super::Writer) -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|error| explain_write_error(&path, error, "failed to start a write transaction"))?;
        let reader = SqlReader(&tx);
        let now = super::commit_time(&reader)?;
        let value = change(&Writer { tx: &tx, reader, now })?;
        tx.commit().map_err(|error| explain_write_error(&path, error, "failed to commit the change"))?;
        Ok(value)
    }

    /// Appends the audit records of a reveal (`get`, `export`, `run`) in a transaction of
    /// its own with `synchronous=NORMAL`: in WAL mode the commit then skips its fsync,
    /// which keeps `vault run` within its overhead budget. For the same reason this
    /// connection does not checkpoint when it closes (a checkpoint syncs the WAL and
    /// the file); the record stays in the `-wal`, and once that has grown past
    /// [`REVEAL_WAL_LIMIT`] this reveal checkpoints and empties it, still holding the
    /// write lock, so that no writer meets the checkpoint in SQLite's busy handler. A
    /// record survives a crash of vault, not a power cut right after it (the README
    /// says so).
    pub fn record_reveal(&mut self, entries: &[Entry]) -> anyhow::Result<()> {
        self.conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
        self.conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;")?;
        let lock = self.lock()?;
        let recorded = self.transaction(|tx| entries.iter().try_for_each(|entry| tx.append_audit(entry)));
        let wal = std::fs::metadata(side_file(&self.path, "-wal")).map_or(0, |meta| meta.len());
        if recorded.is_ok() && wal > REVEAL_WAL_LIMIT {
            // The records are committed; a checkpoint that cannot finish now (another
            // reader) is left to a later reveal, so its outcome is not an error.
            self.conn.busy_timeout(CHECKPOINT_WAIT)?;
            let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
            self.conn.busy_timeout(BUSY_TIMEOUT)?;
        }
        drop(lock);
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        recorded
    }
}

/// The file at `path` is not a vault: not SQLite at all, or another application's
/// database (its `application_id` differs).
fn not_a_vault(path: &Path) -> anyhow::Error {
    crate::error::Failure::new(crate::error::Kind::Other, format!("'{}' is not a vault file", path.display()))
        .with_hint("check the vault's location; if this was your vault, restore it from a backup")
        .into()
}

/// Names the cause of a failure to open or first read the vault: a file that is not a
/// database is "not a vault file"; anything else (permissions, a read-only directory,
/// I/O) keeps SQLite's own words, with the path.
fn explain_open_error(path: &Path, error: rusqlite::Error) -> anyhow::Error {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => not_a_vault(path),
        // Opening a WAL vault creates its -wal and -shm files beside it.
        Some(rusqlite::ErrorCode::ReadOnly) => read_only(path),
        _ => explain_write_error(path, error, &format!("failed to open vault at {}", path.display())),
    }
}

/// The vault, its -wal or -shm file, or the directory they live in cannot be written.
fn read_only(path: &Path) -> anyhow::Error {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    crate::error::Failure::new(
        crate::error::Kind::Other,
        format!("the vault at {} cannot be written; nothing was changed", path.display()),
    )
    .with_hint(format!(
        "vault needs write access to {0}, to {0}-wal and {0}-shm if they exist, and to the directory {1}",
        path.display(),
        dir.display()
    ))
    .into()
}

/// Read-only and full-disk failures, in words that say what to do; anything else keeps
/// SQLite's words under `doing`.
fn explain_write_error(path: &Path, error: rusqlite::Error, doing: &str) -> anyhow::Error {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ReadOnly) => read_only(path),
        Some(rusqlite::ErrorCode::DiskFull) => crate::error::Failure::new(
            crate::error::Kind::Other,
            format!("the disk holding {} is full; nothing was changed", path.display()),
        )
        .with_hint("free some space and run the command again")
        .into(),
        Some(rusqlite::ErrorCode::DatabaseBusy) => busy(path),
        _ => anyhow::Error::new(error).context(doing.to_owned()),
    }
}

/// SQLite's "database is locked" after [`BUSY_TIMEOUT`]: vault processes queue on the
/// write lock, so what held the file this long is another program.
pub fn busy(path: &Path) -> anyhow::Error {
    crate::error::Failure::new(
        crate::error::Kind::Other,
        format!(
            "the vault at {} was kept locked for over {} seconds by a program other than vault; nothing was changed",
            path.display(),
            BUSY_TIMEOUT.as_secs()
        ),
    )
    .with_hint(format!(
        "close whatever has the file open (an sqlite3 shell, a backup or sync tool; 'fuser {}' names it) and run the command again",
        path.display()
    ))
    .into()
}

/// Whether SQLite's "database is locked" is among an error's causes: a read can meet
/// it too, so commands check every error for it (see `commands::dispatch`).
pub fn is_busy(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<rusqlite::Error>())
        .any(|e| e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy))
}

/// Removes a half-created vault and its SQLite side files.
fn remove_vault_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal", "-lock"] {
        let _ = std::fs::remove_file(side_file(path, suffix));
    }
}

/// The vault's SQLite side file with `suffix` (`-wal`, `-shm`, `-journal`).
fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut file = path.as_os_str().to_owned();
    file.push(suffix);
    PathBuf::from(file)
}

/// Read access, either outside or inside a write transaction.
#[derive(Clone, Copy)]
pub struct SqlReader<'a>(&'a Connection);

/// Ends a read transaction (see [`Store::read`]) when dropped.
pub struct SnapshotGuard<'a>(&'a Connection);

impl Drop for SnapshotGuard<'_> {
    fn drop(&mut self) {
        // Nothing was written, so ending the read transaction cannot lose anything.
        let _ = self.0.execute_batch("RELEASE snapshot");
    }
}

/// A collection's row: its rowid, version, sealed blob and details.
type Found = (i64, u64, Vec<u8>, Summary);

impl SqlReader<'_> {
    fn workspace_rowid(&self, workspace: &str) -> anyhow::Result<i64> {
        self.0
            .query_row("SELECT id FROM workspaces WHERE name = ?1", [workspace], |row| row.get(0))
            .optional()?
            .ok_or_else(|| Missing::Workspace(workspace.to_owned()).into())
    }

    fn find(&self, collection: &CollectionRef) -> anyhow::Result<Option<Found>> {
        self.require_workspace(&collection.workspace)?;
        Ok(self
            .0
            .query_row(
                "SELECT c.id, c.cid, c.name, c.description, c.created_at, c.updated_at, c.version, c.sealed
                 FROM collections c JOIN workspaces w ON w.id = c.workspace_id
                 WHERE w.name = ?1 AND c.cid = ?2",
                params![collection.workspace, collection.id],
                |row| {
                    let version: i64 = row.get(6)?;
                    Ok((
                        row.get(0)?,
                        version as u64,
                        row.get(7)?,
                        summary_from_row(&collection.workspace, row)?,
                    ))
                },
            )
            .optional()?)
    }

    fn found(&self, collection: &CollectionRef) -> anyhow::Result<Found> {
        self.find(collection)?.ok_or_else(|| super::collection_not_found(collection))
    }

    fn secret_metas(&self, rowid: i64, of: &Summary) -> anyhow::Result<Vec<SecretMeta>> {
        self.metas_of(
            "SELECT type, location, kind, size FROM secrets WHERE collection_id = ?1 ORDER BY position",
            params![rowid],
            of,
        )
    }

    fn version_metas(&self, rowid: i64, version: u64, of: &Summary) -> anyhow::Result<Vec<SecretMeta>> {
        self.metas_of(
            "SELECT type, location, kind, size FROM version_secrets
             WHERE collection_id = ?1 AND version = ?2 ORDER BY position",
            params![rowid, version as i64],
            of,
        )
    }

    /// The secrets' metadata rows of `of`, each checked by the rules vault writes them by.
    fn metas_of(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        of: &Summary,
    ) -> anyhow::Result<Vec<SecretMeta>> {
        let mut stmt = self.0.prepare_cached(sql)?;
        let rows = stmt
            .query_map(params, |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        super::checked_metas(rows, of)
    }

    fn stored_recipients(&self) -> anyhow::Result<Vec<StoredRecipient>> {
        let mut stmt = self.0.prepare(
            "SELECT recipient, added_at, key_tag, handover_tag, label FROM recipients ORDER BY added_at, rowid",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(StoredRecipient {
                recipient: row.get(0)?,
                added_at: row.get(1)?,
                key_tag: row.get(2)?,
                handover_tag: row.get(3)?,
                label: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn stored_collection(&self, workspace: &str, id: String) -> anyhow::Result<StoredCollection> {
        let reference = CollectionRef { workspace: workspace.to_owned(), id };
        let (rowid, version, sealed, mut summary) = self.found(&reference)?;
        summary.secrets = self.secret_metas(rowid, &summary)?;
        let mut stmt = self.0.prepare(
            "SELECT version, created_at, changes, sealed FROM versions WHERE collection_id = ?1 ORDER BY version",
        )?;
        let rows = stmt
            .query_map([rowid], |row| {
                Ok(StoredVersion {
                    version: row.get::<_, i64>(0)? as u64,
                    created_at: row.get(1)?,
                    changes: row.get(2)?,
                    sealed: row.get(3)?,
                    secrets: Vec::new(),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut versions = Vec::new();
        for mut version in rows {
            if version.sealed.is_some() {
                version.secrets = self.version_metas(rowid, version.version, &summary)?;
            }
            versions.push(version);
        }
        Ok(StoredCollection { summary, version, sealed, versions })
    }
}

impl Read for SqlReader<'_> {
    fn keys(&self) -> anyhow::Result<VaultKeys> {
        let mut stmt = self.0.prepare(
            "SELECT recipient, key_tag, handover_tag FROM recipients WHERE key_tag IS NOT NULL
             ORDER BY added_at, rowid",
        )?;
        let rows: Vec<(String, Vec<u8>, Option<Vec<u8>>)> = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let keys = self
            .0
            .query_row(
                "SELECT vault_id, owner_recipient, sealed_identity, wrapped_data_key, key_tag, previous_owner
                 FROM vault WHERE singleton = 1",
                [],
                |row| {
                    Ok(VaultKeys {
                        vault_id: row.get(0)?,
                        owner_recipient: row.get(1)?,
                        sealed_identity: row.get(2)?,
                        wrapped_data_key: row.get(3)?,
                        key_tag: row.get(4)?,
                        reader_tags: Vec::new(),
                        previous_owner: row.get(5)?,
                        handover_tags: Vec::new(),
                    })
                },
            )
            .context("failed to read the vault's keys")?;
        Ok(super::keys_from_rows(keys, rows))
    }

    fn recipients(&self) -> anyhow::Result<Vec<RecipientInfo>> {
        let mut stmt =
            self.0.prepare("SELECT recipient, added_at, label FROM recipients ORDER BY added_at, rowid")?;
        let rows = stmt.query_map([], |row| {
            Ok(RecipientInfo { recipient: row.get(0)?, added_at: row.get(1)?, label: row.get(2)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn workspaces(&self) -> anyhow::Result<Vec<WorkspaceInfo>> {
        let mut stmt = self.0.prepare(
            "SELECT w.name, w.created_at, (SELECT count(*) FROM collections c WHERE c.workspace_id = w.id)
             FROM workspaces w ORDER BY w.name",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(WorkspaceInfo {
                name: row.get(0)?,
                created_at: row.get(1)?,
                collections: row.get::<_, i64>(2)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn require_workspace(&self, workspace: &str) -> anyhow::Result<()> {
        self.workspace_rowid(workspace).map(drop)
    }

    fn collections(&self, workspace: &str) -> anyhow::Result<Vec<anyhow::Result<Summary>>> {
        self.require_workspace(workspace)?;
        let mut stmt = self.0.prepare(
            "SELECT c.id, c.cid, c.name, c.description, c.created_at, c.updated_at
             FROM collections c JOIN workspaces w ON w.id = c.workspace_id
             WHERE w.name = ?1 ORDER BY c.cid",
        )?;
        let rows: Vec<(i64, Summary)> = stmt
            .query_map([workspace], |row| Ok((row.get::<_, i64>(0)?, summary_from_row(workspace, row)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows
            .into_iter()
            .map(|(rowid, summary)| super::checked_summary(summary, |s| self.secret_metas(rowid, s)))
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
        let (rowid, version, sealed, mut summary) = self.found(collection)?;
        summary.secrets = self.secret_metas(rowid, &summary)?;
        Ok(SealedCollection { summary, version, sealed, historic: false })
    }

    fn version(&self, collection: &CollectionRef, version: u64) -> anyhow::Result<SealedCollection> {
        let (rowid, current, _, mut summary) = self.found(collection)?;
        if version == current {
            return self.sealed(collection);
        }
        let historic: Option<Vec<u8>> = self
            .0
            .query_row(
                "SELECT sealed FROM versions WHERE collection_id = ?1 AND version = ?2 AND sealed IS NOT NULL",
                params![rowid, version as i64],
                |row| row.get(0),
            )
            .optional()?;
        let Some(historic) = historic else {
            return Err(Missing::Version(collection.clone(), version).into());
        };
        summary.secrets = self.version_metas(rowid, version, &summary)?;
        Ok(SealedCollection { summary, version, sealed: historic, historic: true })
    }

    fn history(&self, collection: &CollectionRef) -> anyhow::Result<Vec<VersionInfo>> {
        let (rowid, ..) = self.found(collection)?;
        let mut stmt = self.0.prepare(
            "SELECT v.version, v.created_at, v.changes, v.sealed IS NULL,
                    CASE WHEN v.sealed IS NULL
                         THEN (SELECT count(*) FROM secrets s WHERE s.collection_id = v.collection_id)
                         ELSE (SELECT count(*) FROM version_secrets s
                               WHERE s.collection_id = v.collection_id AND s.version = v.version) END
             FROM versions v WHERE v.collection_id = ?1 ORDER BY v.version DESC",
        )?;
        let rows: Vec<_> = stmt
            .query_map([rowid], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)))?
            .collect::<Result<_, _>>()?;
        rows.into_iter().map(|row| super::version_info(collection, row)).collect()
    }

    fn audit(&self, limit: Option<u64>) -> anyhow::Result<Vec<Record>> {
        let mut stmt = self.0.prepare(
            "SELECT seq, at, command, workspace, collection, locations, outcome, hash FROM
             (SELECT * FROM audit ORDER BY seq DESC LIMIT ?1) ORDER BY seq",
        )?;
        let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        let rows: Vec<_> = stmt
            .query_map([limit], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                    row.get(7)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        rows.into_iter().map(super::audit_record).collect()
    }

    fn vault_id(&self) -> anyhow::Result<String> {
        Ok(self.0.query_row("SELECT vault_id FROM vault WHERE singleton = 1", [], |row| row.get(0))?)
    }

    fn audit_hash(&self, seq: u64) -> anyhow::Result<Option<Vec<u8>>> {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        Ok(self.0.query_row("SELECT hash FROM audit WHERE seq = ?1", [seq], |row| row.get(0)).optional()?)
    }

    fn current_versions(&self) -> anyhow::Result<Vec<(CollectionRef, u64)>> {
        let mut stmt = self.0.prepare(
            "SELECT w.name, c.cid, c.version FROM collections c JOIN workspaces w ON w.id = c.workspace_id",
        )?;
        let rows = stmt.query_map([], |row| {
            let version: i64 = row.get(2)?;
            Ok((CollectionRef { workspace: row.get(0)?, id: row.get(1)? }, version.max(0) as u64))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn audit_head(&self) -> anyhow::Result<(u64, Option<Vec<u8>>)> {
        let (count, head): (i64, Option<Vec<u8>>) =
            self.0.query_row("SELECT audit_count, audit_head FROM vault WHERE singleton = 1", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
        Ok((count as u64, head))
    }

    fn image(&self) -> anyhow::Result<VaultImage> {
        let created_at =
            self.0.query_row("SELECT created_at FROM vault WHERE singleton = 1", [], |row| row.get(0))?;
        let mut workspaces = Vec::new();
        for info in self.workspaces()? {
            let mut stmt = self.0.prepare(
                "SELECT c.cid FROM collections c JOIN workspaces w ON w.id = c.workspace_id
                 WHERE w.name = ?1 ORDER BY c.id",
            )?;
            let ids: Vec<String> =
                stmt.query_map([&info.name], |row| row.get(0))?.collect::<Result<_, _>>()?;
            let collections = ids
                .into_iter()
                .map(|id| self.stored_collection(&info.name, id))
                .collect::<anyhow::Result<_>>()?;
            workspaces.push(StoredWorkspace { name: info.name, created_at: info.created_at, collections });
        }
        let (audit_count, audit_head) = self.audit_head()?;
        Ok(VaultImage {
            keys: self.keys()?,
            created_at,
            recipients: self.stored_recipients()?,
            workspaces,
            audit: self.audit(None)?,
            audit_count,
            audit_head,
        })
    }
}

fn summary_from_row(workspace: &str, row: &rusqlite::Row) -> rusqlite::Result<Summary> {
    Ok(Summary {
        workspace: workspace.to_owned(),
        id: row.get(1)?,
        name: row.get(2)?,
        description: row.get(3)?,
        created_at: row.get(4)?,
        updated_at: row.get(5)?,
        secrets: Vec::new(),
    })
}

/// Stores every row of `image` into a freshly migrated, empty vault.
fn load(tx: &rusqlite::Transaction, image: &VaultImage) -> anyhow::Result<()> {
    let keys = &image.keys;
    tx.execute(
        "INSERT INTO vault (singleton, vault_id, created_at, owner_recipient, sealed_identity, wrapped_data_key,
                            key_tag, previous_owner, audit_count, audit_head)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            keys.vault_id,
            image.created_at,
            keys.owner_recipient,
            keys.sealed_identity,
            keys.wrapped_data_key,
            keys.key_tag,
            keys.previous_owner,
            image.audit_count as i64,
            image.audit_head
        ],
    )?;
    for r in &image.recipients {
        tx.execute(
            "INSERT INTO recipients (recipient, added_at, key_tag, handover_tag, label) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![r.recipient, r.added_at, r.key_tag, r.handover_tag, r.label],
        )?;
    }
    let writer = Writer { tx, reader: SqlReader(tx), now: super::commit_time(&SqlReader(tx))? };
    for workspace in &image.workspaces {
        tx.execute(
            "INSERT INTO workspaces (name, created_at) VALUES (?1, ?2)",
            params![workspace.name, workspace.created_at],
        )?;
        for collection in &workspace.collections {
            writer.load_collection(collection)?;
        }
    }
    for record in &image.audit {
        writer.insert_audit(record.seq, record.at, &record.entry, &record.hash)?;
    }
    Ok(())
}

/// Write access inside one `BEGIN IMMEDIATE` transaction.
pub struct Writer<'a> {
    tx: &'a rusqlite::Transaction<'a>,
    reader: SqlReader<'a>,
    now: i64,
}

impl Writer<'_> {
    fn execute(&self, sql: &str, params: impl rusqlite::Params) -> anyhow::Result<usize> {
        Ok(self.tx.execute(sql, params)?)
    }

    fn rowid(&self, collection: &CollectionRef) -> anyhow::Result<i64> {
        Ok(self.reader.found(collection)?.0)
    }

    fn load_collection(&self, collection: &StoredCollection) -> anyhow::Result<()> {
        let summary = &collection.summary;
        let workspace = self.reader.workspace_rowid(&summary.workspace)?;
        self.execute(
            "INSERT INTO collections (workspace_id, cid, name, description, created_at, updated_at, version, sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                workspace,
                summary.id,
                summary.name,
                summary.description,
                summary.created_at,
                summary.updated_at,
                collection.version as i64,
                collection.sealed
            ],
        )?;
        let rowid = self.tx.last_insert_rowid();
        self.put_secret_metas(rowid, None, &summary.secrets)?;
        for version in &collection.versions {
            self.execute(
                "INSERT INTO versions (collection_id, version, created_at, changes, sealed) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![rowid, version.version as i64, version.created_at, version.changes, version.sealed],
            )?;
            self.put_secret_metas(rowid, Some(version.version), &version.secrets)?;
        }
        Ok(())
    }

    fn insert_audit(&self, seq: u64, at: i64, entry: &Entry, hash: &[u8]) -> anyhow::Result<()> {
        self.execute(
            "INSERT INTO audit (seq, at, command, workspace, collection, locations, outcome, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                seq as i64,
                at,
                entry.command,
                entry.workspace,
                entry.collection,
                serde_json::to_string(&entry.locations)?,
                entry.outcome,
                hash
            ],
        )
        .map_err(|error| {
            match error.downcast_ref::<rusqlite::Error>().and_then(|e| e.sqlite_error_code()) {
                Some(rusqlite::ErrorCode::ConstraintViolation) => super::audit_does_not_end(seq),
                _ => error,
            }
        })?;
        Ok(())
    }

    fn add_current_version(
        &self,
        rowid: i64,
        version: u64,
        at: i64,
        changes: &Changes,
    ) -> anyhow::Result<()> {
        self.execute(
            "INSERT INTO versions (collection_id, version, created_at, changes, sealed) VALUES (?1, ?2, ?3, ?4, NULL)",
            params![rowid, version as i64, at, serde_json::to_string(changes)?],
        )?;
        Ok(())
    }

    /// The secrets' rows of the current version (`version` None) or a kept one.
    fn put_secret_metas(&self, rowid: i64, version: Option<u64>, metas: &[SecretMeta]) -> anyhow::Result<()> {
        let mut stmt = self.tx.prepare_cached(match version {
            None => {
                "INSERT INTO secrets (collection_id, position, location, type, kind, size)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
            }
            Some(_) => {
                "INSERT INTO version_secrets (collection_id, position, location, type, kind, size, version)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
            }
        })?;
        let version = version.map(|version| version as i64);
        for (position, meta) in metas.iter().enumerate() {
            let (position, size) = (position as i64, meta.size as i64);
            let (secret_type, kind) = (meta.secret_type.as_str(), meta.kind.as_str());
            let mut row: Vec<&dyn rusqlite::ToSql> =
                vec![&rowid, &position, &meta.location, &secret_type, &kind, &size];
            if let Some(version) = &version {
                row.push(version);
            }
            stmt.execute(row.as_slice())?;
        }
        Ok(())
    }
}

impl Write for Writer<'_> {
    fn read(&self) -> Reader<'_> {
        Reader::Sqlite(self.reader)
    }

    fn insert_collection(&self, summary: &Summary, sealed: &[u8]) -> anyhow::Result<()> {
        super::check_insertable(&self.reader, summary)?;
        let workspace = self.reader.workspace_rowid(&summary.workspace)?;
        self.execute(
            "INSERT INTO collections (workspace_id, cid, name, description, created_at, updated_at, version, sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7)",
            params![workspace, summary.id, summary.name, summary.description, summary.created_at, summary.updated_at, sealed],
        )?;
        let rowid = self.tx.last_insert_rowid();
        self.put_secret_metas(rowid, None, &summary.secrets)?;
        self.add_current_version(rowid, 1, summary.created_at, &super::all_added(summary))
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
        let rowid = self.rowid(&super::reference(&summary.workspace, &summary.id))?;
        // The current row exists since schema 3's migration or the insert; a vault
        // edited to lack it just keeps no copy of the replaced version.
        self.execute(
            "UPDATE versions SET sealed = ?2 WHERE collection_id = ?1 AND sealed IS NULL",
            params![rowid, previous],
        )?;
        self.execute(
            "INSERT INTO version_secrets (collection_id, version, position, location, type, kind, size)
             SELECT s.collection_id, c.version, s.position, s.location, s.type, s.kind, s.size
             FROM secrets s JOIN collections c ON c.id = s.collection_id
             WHERE s.collection_id = ?1 AND EXISTS
                (SELECT 1 FROM versions v WHERE v.collection_id = ?1 AND v.version = c.version)",
            [rowid],
        )?;
        self.execute(
            "UPDATE collections SET name = ?2, description = ?3, updated_at = ?4, version = ?5, sealed = ?6 WHERE id = ?1",
            params![rowid, summary.name, summary.description, summary.updated_at, version as i64, sealed],
        )?;
        self.execute("DELETE FROM secrets WHERE collection_id = ?1", [rowid])?;
        self.put_secret_metas(rowid, None, &summary.secrets)?;
        self.add_current_version(rowid, version, summary.updated_at, changes)?;
        self.execute(
            "DELETE FROM versions WHERE collection_id = ?1 AND sealed IS NOT NULL AND version NOT IN
                (SELECT version FROM versions WHERE collection_id = ?1 AND sealed IS NOT NULL
                 ORDER BY version DESC LIMIT ?2)",
            params![rowid, keep],
        )?;
        Ok(())
    }

    fn append_audit(&self, entry: &Entry) -> anyhow::Result<()> {
        let (seq, hash) = super::next_record(&self.reader, entry, self.now)?;
        self.insert_audit(seq, self.now, entry, &hash)?;
        self.execute(
            "UPDATE vault SET audit_count = ?1, audit_head = ?2 WHERE singleton = 1",
            params![seq as i64, hash],
        )?;
        Ok(())
    }

    fn now(&self) -> i64 {
        self.now
    }

    fn label_recipient(&self, recipient: &str, label: &str) -> anyhow::Result<()> {
        self.execute("UPDATE recipients SET label = ?2 WHERE recipient = ?1", params![recipient, label])?;
        Ok(())
    }

    fn update_details(&self, summary: &Summary) -> anyhow::Result<()> {
        let rowid = self.rowid(&super::reference(&summary.workspace, &summary.id))?;
        self.execute(
            "UPDATE collections SET name = ?2, description = ?3, updated_at = ?4 WHERE id = ?1",
            params![rowid, summary.name, summary.description, summary.updated_at],
        )?;
        Ok(())
    }

    fn delete_collection(&self, collection: &CollectionRef) -> anyhow::Result<bool> {
        let Some((rowid, ..)) = self.reader.find(collection)? else { return Ok(false) };
        self.execute("DELETE FROM collections WHERE id = ?1", [rowid])?;
        Ok(true)
    }

    fn replace_keys(&self, keys: &VaultKeys, now: i64) -> anyhow::Result<()> {
        self.execute(
            "UPDATE vault SET owner_recipient = ?1, sealed_identity = ?2, wrapped_data_key = ?3, key_tag = ?4,
                              previous_owner = ?5
             WHERE singleton = 1",
            params![
                keys.owner_recipient,
                keys.sealed_identity,
                keys.wrapped_data_key,
                keys.key_tag,
                keys.previous_owner
            ],
        )?;
        let tags = super::recipient_tags(keys);
        for existing in self.reader.recipients()? {
            if !tags.iter().any(|(recipient, ..)| *recipient == existing.recipient) {
                self.execute("DELETE FROM recipients WHERE recipient = ?1", [existing.recipient])?;
            }
        }
        for (recipient, tag, handover) in tags {
            self.execute(
                "INSERT INTO recipients (recipient, added_at, key_tag, handover_tag) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (recipient) DO UPDATE SET key_tag = excluded.key_tag, handover_tag = excluded.handover_tag",
                params![recipient, now, tag, handover],
            )?;
        }
        Ok(())
    }

    fn sealed_blobs(&self) -> anyhow::Result<Vec<SealedBlob>> {
        let mut stmt = self.tx.prepare(
            "SELECT c.id, w.name, c.cid, c.version, c.sealed, 1
             FROM collections c JOIN workspaces w ON w.id = c.workspace_id
             UNION ALL
             SELECT c.id, w.name, c.cid, v.version, v.sealed, 0
             FROM versions v JOIN collections c ON c.id = v.collection_id
             JOIN workspaces w ON w.id = c.workspace_id WHERE v.sealed IS NOT NULL
             ORDER BY 1, 4",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(SealedBlob {
                workspace: row.get(1)?,
                collection: row.get(2)?,
                version: row.get::<_, i64>(3)? as u64,
                sealed: row.get(4)?,
                role: super::blob_role(row.get(5)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn replace_sealed(&self, blob: &SealedBlob, sealed: &[u8]) -> anyhow::Result<()> {
        let rowid = self.rowid(&super::reference(&blob.workspace, &blob.collection))?;
        match blob.role {
            crate::crypto::Role::Current => {
                self.execute("UPDATE collections SET sealed = ?2 WHERE id = ?1", params![rowid, sealed])?
            }
            crate::crypto::Role::History => self.execute(
                "UPDATE versions SET sealed = ?3 WHERE collection_id = ?1 AND version = ?2",
                params![rowid, blob.version as i64, sealed],
            )?,
        };
        Ok(())
    }

    fn create_workspace(&self, name: &str, now: i64) -> anyhow::Result<()> {
        if self.reader.require_workspace(name).is_ok() {
            return Err(Exists::Workspace(name.to_owned()).into());
        }
        self.execute("INSERT INTO workspaces (name, created_at) VALUES (?1, ?2)", params![name, now])?;
        Ok(())
    }

    fn delete_workspace(&self, name: &str) -> anyhow::Result<()> {
        let id = self.reader.workspace_rowid(name)?;
        self.execute("DELETE FROM collections WHERE workspace_id = ?1", [id])?;
        self.execute("DELETE FROM workspaces WHERE id = ?1", [id])?;
        Ok(())
    }
}
