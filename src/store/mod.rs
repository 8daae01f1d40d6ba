//! The SQLite store: one file holding clear metadata, the wrapped keys and sealed blobs.
//!
//! It never decrypts, prints or prompts, and it speaks only in model types, so commands
//! never see SQL and a second backend could take its place behind the same methods.
//! Every write is one `BEGIN IMMEDIATE` transaction ([`Store::write`]), begun once the
//! vault's write lock is held ([`lock`]): concurrent vault processes queue in the kernel
//! instead of failing or losing updates.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

use crate::audit::{Entry, Record};
use crate::error::{already_exists, not_found};
use crate::model::{Changes, CollectionRef, Kind, SecretMeta, SecretType, Summary};

mod lock;

/// Embedded, append-only migrations; schema version N is `MIGRATIONS[..N]` applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_reader_tags.sql"),
    include_str!("migrations/0003_history_audit.sql"),
    include_str!("migrations/0004_handover.sql"),
    include_str!("migrations/0005_versions_rowid.sql"),
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

/// Key material and identity of a vault, as stored; nothing here is secret in the clear.
/// The recipients are the owner and the readers of `reader_tags`.
#[derive(Clone, PartialEq, Eq)]
pub struct VaultKeys {
    pub vault_id: String,
    pub owner_recipient: String,
    pub sealed_identity: Option<Vec<u8>>,
    pub wrapped_data_key: Vec<u8>,
    pub key_tag: Vec<u8>,
    /// The owner's tag for each other reader, by public key.
    pub reader_tags: Vec<(String, Vec<u8>)>,
    /// After `rotate-key`: the owner key before it, and its tag over the new data key
    /// for each reader, so readers that pinned it can follow (see `crate::pins`).
    pub previous_owner: Option<String>,
    pub handover_tags: Vec<(String, Vec<u8>)>,
}

/// Everything `init` stores.
pub struct NewVault<'a> {
    pub keys: &'a VaultKeys,
    pub recipients: &'a [String],
    pub now: i64,
}

/// One collection's stored state: its metadata, version and sealed values.
pub struct SealedCollection {
    pub summary: Summary,
    pub version: u64,
    pub sealed: Vec<u8>,
    /// A version kept in history rather than the current one: sealed as such.
    pub historic: bool,
}

/// One value version of a collection, as `vault history` lists it.
pub struct VersionInfo {
    pub version: u64,
    pub created_at: i64,
    /// None for versions written before history was kept.
    pub changes: Option<Changes>,
    pub secrets: u64,
    pub current: bool,
}

/// One stored sealed blob and the place its associated data names. Every blob sealed
/// under the data key is one of these, whichever table holds it.
pub struct SealedBlob {
    pub workspace: String,
    pub collection: String,
    pub version: u64,
    pub role: crate::crypto::Role,
    pub sealed: Vec<u8>,
    /// Which row to write the re-sealed blob back to.
    row: BlobRow,
}

/// Where a [`SealedBlob`] is stored. A new table of sealed blobs becomes a new variant
/// here and in [`Writer::sealed_blobs`] and [`Writer::replace_sealed`], and
/// `rotate-key` and `recipients remove` re-seal it.
enum BlobRow {
    /// `collections.sealed`: a collection's current version.
    Current(i64),
    /// `versions.sealed`: an older version kept in history.
    History { collection: i64, version: i64 },
}

/// A reader of the vault, as `recipients list` shows it.
pub struct RecipientInfo {
    pub recipient: String,
    pub added_at: i64,
}

/// A workspace and how many collections it holds.
pub struct WorkspaceInfo {
    pub name: String,
    pub created_at: i64,
    pub collections: u64,
}

/// An open vault file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Creates a new vault file (0600 in a 0700 directory) with the current schema.
    pub fn create(path: &Path, vault: &NewVault) -> anyhow::Result<Store> {
        if path.exists() {
            return Err(already_exists(
                format!("a vault already exists at {}", path.display()),
                "use it, or pass --vault PATH to create another one",
            ));
        }
        // Create the file ourselves so it is 0600 from the start; SQLite gives the
        // -wal and -shm files the same mode.
        crate::paths::write_new_private_file(path, b"")
            .with_context(|| format!("failed to create vault at {}", path.display()))?;
        let result = Self::initialise(path, vault);
        if result.is_err() {
            remove_vault_files(path);
        }
        result
    }

    fn initialise(path: &Path, vault: &NewVault) -> anyhow::Result<Store> {
        let mut store = Self::connect(path)?;
        store.conn.execute_batch(&format!(
            "PRAGMA journal_mode = WAL; PRAGMA application_id = {APPLICATION_ID};"
        ))?;
        store.migrate(0)?;
        store.write(|tx| {
            let keys = vault.keys;
            tx.execute(
                "INSERT INTO vault (singleton, vault_id, created_at, owner_recipient, sealed_identity, wrapped_data_key, key_tag)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
                params![keys.vault_id, vault.now, keys.owner_recipient, keys.sealed_identity, keys.wrapped_data_key, keys.key_tag],
            )?;
            for recipient in vault.recipients {
                let tag = keys.reader_tags.iter().find(|(reader, _)| reader == recipient).map(|(_, tag)| tag);
                tx.execute(
                    "INSERT INTO recipients (recipient, added_at, key_tag) VALUES (?1, ?2, ?3)",
                    params![recipient, vault.now, tag],
                )?;
            }
            tx.execute(
                "INSERT INTO workspaces (name, created_at) VALUES (?1, ?2)",
                params![crate::model::DEFAULT_WORKSPACE, vault.now],
            )?;
            let entry = Entry::workspace("init", crate::model::DEFAULT_WORKSPACE, "created the vault");
            tx.append_audit(&entry, vault.now)
        })?;
        Ok(store)
    }

    /// Opens an existing vault, refusing anything that is not a vault of a schema this
    /// build knows, before writing anything. Older schemas are migrated.
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        if !path.exists() {
            return Err(not_found(
                format!("no vault at {}", path.display()),
                "create one with 'vault init', or point --vault / VAULT_PATH at an existing one",
            ));
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
    pub fn read(&self) -> anyhow::Result<Snapshot<'_>> {
        self.conn.execute_batch("SAVEPOINT snapshot").context("failed to read the vault")?;
        Ok(Snapshot(Reader(&self.conn)))
    }

    /// Runs `change` in one `BEGIN IMMEDIATE` transaction: all of it lands, or none.
    /// The write lock is taken first and held until the commit, so do every piece of
    /// work that needs no current state (parsing, sealing) before calling this.
    /// A vault SQLite could open only for reading fails here, before any work, with
    /// a message naming the file rather than SQLite's "attempt to write a readonly
    /// database".
    pub fn write<T>(&mut self, change: impl FnOnce(&Writer) -> anyhow::Result<T>) -> anyhow::Result<T> {
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
    fn transaction<T>(&mut self, change: impl FnOnce(&Writer) -> anyhow::Result<T>) -> anyhow::Result<T> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|error| explain_write_error(&path, error, "failed to start a write transaction"))?;
        let value = change(&Writer(&tx))?;
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
    pub fn record_reveal(&mut self, entries: &[Entry], at: i64) -> anyhow::Result<()> {
        self.conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
        self.conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;")?;
        let lock = self.lock()?;
        let recorded = self.transaction(|tx| entries.iter().try_for_each(|entry| tx.append_audit(entry, at)));
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
        .with_hint("check --vault / VAULT_PATH; if it was your vault, restore it from a backup")
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
pub struct Reader<'a>(&'a Connection);

/// A read transaction (see [`Store::read`]); it ends when dropped.
pub struct Snapshot<'a>(Reader<'a>);

impl<'a> std::ops::Deref for Snapshot<'a> {
    type Target = Reader<'a>;

    fn deref(&self) -> &Reader<'a> {
        &self.0
    }
}

impl Drop for Snapshot<'_> {
    fn drop(&mut self) {
        // Nothing was written, so ending the read transaction cannot lose anything.
        let _ = self.0.0.execute_batch("RELEASE snapshot");
    }
}

impl Reader<'_> {
    /// The vault's key material.
    pub fn keys(&self) -> anyhow::Result<VaultKeys> {
        let mut stmt = self.0.prepare(
            "SELECT recipient, key_tag, handover_tag FROM recipients WHERE key_tag IS NOT NULL
             ORDER BY added_at, rowid",
        )?;
        let rows: Vec<(String, Vec<u8>, Option<Vec<u8>>)> = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let handover_tags = rows
            .iter()
            .filter_map(|(reader, _, handover)| Some((reader.clone(), handover.clone()?)))
            .collect();
        let reader_tags = rows.into_iter().map(|(reader, tag, _)| (reader, tag)).collect();
        self.0
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
                        reader_tags,
                        previous_owner: row.get(5)?,
                        handover_tags,
                    })
                },
            )
            .context("failed to read the vault's keys")
    }

    /// Every reader's public key, the owner's included, in the order they were added.
    pub fn recipients(&self) -> anyhow::Result<Vec<RecipientInfo>> {
        let mut stmt =
            self.0.prepare("SELECT recipient, added_at FROM recipients ORDER BY added_at, rowid")?;
        let rows =
            stmt.query_map([], |row| Ok(RecipientInfo { recipient: row.get(0)?, added_at: row.get(1)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// All workspaces with their collection counts, by name.
    pub fn workspaces(&self) -> anyhow::Result<Vec<WorkspaceInfo>> {
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

    /// Fails with exit 3 and a hint when the workspace does not exist.
    pub fn require_workspace(&self, workspace: &str) -> anyhow::Result<i64> {
        self.0
            .query_row("SELECT id FROM workspaces WHERE name = ?1", [workspace], |row| row.get(0))
            .optional()?
            .ok_or_else(|| {
                not_found(
                    format!("workspace '{workspace}' not found"),
                    format!(
                        "create it with 'vault workspace create {workspace}', or see 'vault workspace list'"
                    ),
                )
            })
    }

    /// Every collection of a workspace, by ID, with its secrets' metadata; one whose
    /// metadata vault did not write is an integrity error in its place, so a listing
    /// can name it and still show the others.
    pub fn collections(&self, workspace: &str) -> anyhow::Result<Vec<anyhow::Result<Summary>>> {
        self.require_workspace(workspace)?;
        let mut stmt = self.0.prepare(
            "SELECT c.id, c.cid, c.name, c.description, c.created_at, c.updated_at
             FROM collections c JOIN workspaces w ON w.id = c.workspace_id
             WHERE w.name = ?1 ORDER BY c.cid",
        )?;
        let rows = stmt
            .query_map([workspace], |row| Ok((row.get::<_, i64>(0)?, summary_from_row(workspace, row)?)))?;
        let mut summaries = Vec::new();
        for row in rows {
            let (rowid, mut summary) = row?;
            let checked = crate::model::validate_id("collection ID", &summary.id)
                .map_err(|cause| damaged(&summary, &cause))
                .and_then(|()| self.secret_metas(rowid, &summary));
            summaries.push(checked.map(|secrets| {
                summary.secrets = secrets;
                summary
            }));
        }
        Ok(summaries)
    }

    /// One collection's metadata, or exit 3 with a hint.
    pub fn summary(&self, collection: &CollectionRef) -> anyhow::Result<Summary> {
        Ok(self.sealed(collection)?.summary)
    }

    /// A collection's current version number and details (its secrets' rows left out):
    /// what a writer checks a version it built before the write lock against.
    pub fn current(&self, collection: &CollectionRef) -> anyhow::Result<(u64, Summary)> {
        let (_, version, _, summary) =
            self.find(collection)?.ok_or_else(|| collection_not_found(collection))?;
        Ok((version, summary))
    }

    /// Whether a collection exists (its workspace must).
    pub fn exists(&self, collection: &CollectionRef) -> anyhow::Result<bool> {
        Ok(self.find(collection)?.is_some())
    }

    /// Exit 4 if the collection exists: checked before `create` unlocks, and again in
    /// its transaction.
    pub fn require_absent(&self, collection: &CollectionRef) -> anyhow::Result<()> {
        if self.exists(collection)? {
            return Err(already_exists(
                format!("{collection} already exists"),
                "use 'vault update' to change it, or --allow-existing to accept it as is",
            ));
        }
        Ok(())
    }

    /// One collection's metadata, version and sealed values, or exit 3 with a hint.
    pub fn sealed(&self, collection: &CollectionRef) -> anyhow::Result<SealedCollection> {
        let (rowid, version, sealed, summary) =
            self.find(collection)?.ok_or_else(|| collection_not_found(collection))?;
        let mut summary = summary;
        summary.secrets = self.secret_metas(rowid, &summary)?;
        Ok(SealedCollection { summary, version, sealed, historic: false })
    }

    #[allow(clippy::type_complexity)]
    fn find(&self, collection: &CollectionRef) -> anyhow::Result<Option<(i64, u64, Vec<u8>, Summary)>> {
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

    /// The secrets' metadata rows of `of`, each checked by the rules vault writes them
    /// by: a row that breaks them was not written by vault (exit 6, naming `of`).
    fn metas_of(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        of: &Summary,
    ) -> anyhow::Result<Vec<SecretMeta>> {
        let mut stmt = self.0.prepare_cached(sql)?;
        let rows = stmt.query_map(params, |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
            ))
        })?;
        let mut metas = Vec::new();
        for row in rows {
            let (secret_type, location, kind, size) = row?;
            metas
                .push(stored_meta(&secret_type, location, &kind, size).map_err(|cause| damaged(of, &cause))?);
        }
        Ok(metas)
    }
}

/// One secret's metadata as read from the file, held to the rules vault writes by.
fn stored_meta(secret_type: &str, location: String, kind: &str, size: i64) -> anyhow::Result<SecretMeta> {
    let secret_type = secret_type.parse::<SecretType>()?;
    match secret_type {
        SecretType::Env => crate::model::validate_env_location(&location)?,
        SecretType::File => crate::model::validate_file_location(&location)?,
    }
    let size = u64::try_from(size).map_err(|_| anyhow::anyhow!("a negative size ({size})"))?;
    Ok(SecretMeta { secret_type, location, kind: kind.parse::<Kind>()?, size })
}

/// A collection whose stored metadata vault did not write: an integrity failure naming
/// it, with the rule it breaks (the validation message, whose values are sanitised).
fn damaged(collection: &Summary, cause: &anyhow::Error) -> anyhow::Error {
    crate::error::integrity(format!(
        "collection {}/{} is damaged: {cause:#}",
        collection.workspace,
        crate::output::sanitize(&collection.id),
    ))
}

impl Reader<'_> {
    /// Version `version` of a collection, the current one or an older one kept in
    /// history, with the clear rows it is checked against; exit 3 if it is not kept.
    pub fn version(&self, collection: &CollectionRef, version: u64) -> anyhow::Result<SealedCollection> {
        let (rowid, current, _, summary) =
            self.find(collection)?.ok_or_else(|| collection_not_found(collection))?;
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
            return Err(not_found(
                format!("version {version} of {collection} is not kept"),
                format!("see 'vault history {}/{}'", collection.workspace, collection.id),
            ));
        };
        let mut summary = summary;
        summary.secrets = self.version_metas(rowid, version, &summary)?;
        Ok(SealedCollection { summary, version, sealed: historic, historic: true })
    }

    /// Every kept version of a collection, newest first.
    pub fn history(&self, collection: &CollectionRef) -> anyhow::Result<Vec<VersionInfo>> {
        let (rowid, ..) = self.find(collection)?.ok_or_else(|| collection_not_found(collection))?;
        let mut stmt = self.0.prepare(
            "SELECT v.version, v.created_at, v.changes, v.sealed IS NULL,
                    CASE WHEN v.sealed IS NULL
                         THEN (SELECT count(*) FROM secrets s WHERE s.collection_id = v.collection_id)
                         ELSE (SELECT count(*) FROM version_secrets s
                               WHERE s.collection_id = v.collection_id AND s.version = v.version) END
             FROM versions v WHERE v.collection_id = ?1 ORDER BY v.version DESC",
        )?;
        let rows = stmt.query_map([rowid], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, bool>(3)?,
                row.get::<_, i64>(4)?,
            ))
        })?;
        let mut versions = Vec::new();
        for row in rows {
            let (version, created_at, changes, current, secrets) = row?;
            let changes = changes.map(|text| serde_json::from_str(&text)).transpose().with_context(|| {
                format!("the recorded changes of version {version} of {collection} are malformed")
            })?;
            versions.push(VersionInfo {
                version: version as u64,
                created_at,
                changes,
                secrets: secrets as u64,
                current,
            });
        }
        Ok(versions)
    }

    /// The newest `limit` audit records (all without a limit), oldest first.
    pub fn audit(&self, limit: Option<u64>) -> anyhow::Result<Vec<Record>> {
        let mut stmt = self.0.prepare(
            "SELECT seq, at, command, workspace, collection, locations, outcome, hash FROM
             (SELECT * FROM audit ORDER BY seq DESC LIMIT ?1) ORDER BY seq",
        )?;
        let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        let rows = stmt.query_map([limit], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, Vec<u8>>(7)?,
            ))
        })?;
        let mut records = Vec::new();
        for row in rows {
            let (seq, at, command, workspace, collection, locations, outcome, hash) = row?;
            let locations = serde_json::from_str(&locations)
                .map_err(|_| crate::error::integrity(format!("audit record {seq} is malformed")))?;
            records.push(Record {
                seq: seq as u64,
                at,
                entry: Entry { command, workspace, collection, locations, outcome },
                hash,
            });
        }
        Ok(records)
    }

    /// The vault's id, as every sealed blob's associated data names it.
    pub fn vault_id(&self) -> anyhow::Result<String> {
        Ok(self.0.query_row("SELECT vault_id FROM vault WHERE singleton = 1", [], |row| row.get(0))?)
    }

    /// The hash of audit record `seq`, if there is one.
    pub fn audit_hash(&self, seq: u64) -> anyhow::Result<Option<Vec<u8>>> {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        Ok(self.0.query_row("SELECT hash FROM audit WHERE seq = ?1", [seq], |row| row.get(0)).optional()?)
    }

    /// Every collection of every workspace with its current version.
    pub fn current_versions(&self) -> anyhow::Result<Vec<(CollectionRef, u64)>> {
        let mut stmt = self.0.prepare(
            "SELECT w.name, c.cid, c.version FROM collections c JOIN workspaces w ON w.id = c.workspace_id",
        )?;
        let rows = stmt.query_map([], |row| {
            let version: i64 = row.get(2)?;
            Ok((CollectionRef { workspace: row.get(0)?, id: row.get(1)? }, version.max(0) as u64))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many audit records the vault row says were written, and the newest one's hash.
    pub fn audit_head(&self) -> anyhow::Result<(u64, Option<Vec<u8>>)> {
        let (count, head): (i64, Option<Vec<u8>>) =
            self.0.query_row("SELECT audit_count, audit_head FROM vault WHERE singleton = 1", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
        Ok((count as u64, head))
    }
}

/// Exit 3, phrased the way users search for it, with the listing that shows what exists.
pub fn collection_not_found(collection: &CollectionRef) -> anyhow::Error {
    let list = if collection.workspace == crate::model::DEFAULT_WORKSPACE {
        "vault list".to_owned()
    } else {
        format!("vault list -w {}", collection.workspace)
    };
    not_found(
        format!("collection '{}' not found in workspace '{}'", collection.id, collection.workspace),
        format!("see '{list}'"),
    )
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

/// Write access inside one `BEGIN IMMEDIATE` transaction.
pub struct Writer<'a>(&'a rusqlite::Transaction<'a>);

impl Writer<'_> {
    /// Reads inside this transaction, so what is read is what the write builds on.
    pub fn read(&self) -> Reader<'_> {
        Reader(self.0)
    }

    fn execute(&self, sql: &str, params: impl rusqlite::Params) -> anyhow::Result<usize> {
        Ok(self.0.execute(sql, params)?)
    }

    /// Stores a new collection at version 1, or fails with exit 4 if the ID is taken.
    pub fn insert_collection(&self, summary: &Summary, sealed: &[u8]) -> anyhow::Result<()> {
        let workspace = self.read().require_workspace(&summary.workspace)?;
        let reference = CollectionRef { workspace: summary.workspace.clone(), id: summary.id.clone() };
        self.read().require_absent(&reference)?;
        self.execute(
            "INSERT INTO collections (workspace_id, cid, name, description, created_at, updated_at, version, sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7)",
            params![workspace, summary.id, summary.name, summary.description, summary.created_at, summary.updated_at, sealed],
        )?;
        let rowid = self.0.last_insert_rowid();
        self.put_secret_metas(rowid, &summary.secrets)?;
        let added = Changes {
            added: summary.secrets.iter().map(|m| m.location.clone()).collect(),
            ..Changes::default()
        };
        self.add_current_version(rowid, 1, summary.created_at, &added)
    }

    /// Makes `version` the current one: the version it replaces moves into history with
    /// its clear rows as they were and `previous`, its blob sealed again as a kept
    /// version ([`crate::keyring::Keyring::seal_as_history`]); only the newest `keep`
    /// older versions stay.
    pub fn replace_values(
        &self,
        summary: &Summary,
        version: u64,
        sealed: &[u8],
        previous: &[u8],
        changes: &Changes,
        keep: u32,
    ) -> anyhow::Result<()> {
        let rowid = self.rowid(summary)?;
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
        self.put_secret_metas(rowid, &summary.secrets)?;
        self.add_current_version(rowid, version, summary.updated_at, changes)?;
        self.execute(
            "DELETE FROM versions WHERE collection_id = ?1 AND sealed IS NOT NULL AND version NOT IN
                (SELECT version FROM versions WHERE collection_id = ?1 AND sealed IS NOT NULL
                 ORDER BY version DESC LIMIT ?2)",
            params![rowid, keep],
        )?;
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

    /// Appends a record to the audit log, chained to the newest one, and moves the
    /// vault row's length and head hash along in the same transaction.
    pub fn append_audit(&self, entry: &Entry, at: i64) -> anyhow::Result<()> {
        let (count, head) = self.read().audit_head()?;
        let seq = count + 1;
        let previous = head.unwrap_or_else(|| crate::audit::GENESIS.to_vec());
        let hash = crate::audit::link(&previous, seq, at, entry);
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
        .map_err(|error| match error.downcast_ref::<rusqlite::Error>().and_then(|e| e.sqlite_error_code()) {
            // A record numbered past the vault row's count: the log was edited.
            Some(rusqlite::ErrorCode::ConstraintViolation) => crate::error::integrity(format!(
                "audit record {seq} cannot be appended: the audit log does not end where the vault says; see 'vault audit --verify'"
            )),
            _ => error,
        })?;
        self.execute(
            "UPDATE vault SET audit_count = ?1, audit_head = ?2 WHERE singleton = 1",
            params![seq as i64, hash],
        )?;
        Ok(())
    }

    /// Changes only name, description and update time: no key needed.
    pub fn update_details(&self, summary: &Summary) -> anyhow::Result<()> {
        let rowid = self.rowid(summary)?;
        self.execute(
            "UPDATE collections SET name = ?2, description = ?3, updated_at = ?4 WHERE id = ?1",
            params![rowid, summary.name, summary.description, summary.updated_at],
        )?;
        Ok(())
    }

    /// Deletes a collection and its metadata; false if it did not exist.
    pub fn delete_collection(&self, collection: &CollectionRef) -> anyhow::Result<bool> {
        let Some((rowid, ..)) = self.read().find(collection)? else { return Ok(false) };
        self.execute("DELETE FROM collections WHERE id = ?1", [rowid])?;
        Ok(true)
    }

    /// Replaces the vault's key material and its recipients with `keys` (the owner and
    /// the readers of `keys.reader_tags`); readers kept keep their `added_at`. The vault
    /// id never changes: every sealed blob is bound to it.
    pub fn replace_keys(&self, keys: &VaultKeys, now: i64) -> anyhow::Result<()> {
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
        let tags: Vec<(&str, Option<&Vec<u8>>)> = std::iter::once((keys.owner_recipient.as_str(), None))
            .chain(keys.reader_tags.iter().map(|(reader, tag)| (reader.as_str(), Some(tag))))
            .collect();
        for existing in self.read().recipients()? {
            if !tags.iter().any(|(recipient, _)| *recipient == existing.recipient) {
                self.execute("DELETE FROM recipients WHERE recipient = ?1", [existing.recipient])?;
            }
        }
        for (recipient, tag) in tags {
            let handover =
                keys.handover_tags.iter().find(|(reader, _)| reader == recipient).map(|(_, tag)| tag);
            self.execute(
                "INSERT INTO recipients (recipient, added_at, key_tag, handover_tag) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (recipient) DO UPDATE SET key_tag = excluded.key_tag, handover_tag = excluded.handover_tag",
                params![recipient, now, tag, handover],
            )?;
        }
        Ok(())
    }

    /// Every blob sealed under the data key, in every table that holds one: what a new
    /// data key must re-seal. See [`BlobRow`] for adding a table.
    pub fn sealed_blobs(&self) -> anyhow::Result<Vec<SealedBlob>> {
        let mut stmt = self.0.prepare(
            "SELECT c.id, w.name, c.cid, c.version, c.sealed, 1
             FROM collections c JOIN workspaces w ON w.id = c.workspace_id
             UNION ALL
             SELECT c.id, w.name, c.cid, v.version, v.sealed, 0
             FROM versions v JOIN collections c ON c.id = v.collection_id
             JOIN workspaces w ON w.id = c.workspace_id WHERE v.sealed IS NOT NULL
             ORDER BY 1, 4",
        )?;
        let rows = stmt.query_map([], |row| {
            let (collection, version) = (row.get(0)?, row.get::<_, i64>(3)?);
            let current: bool = row.get(5)?;
            Ok(SealedBlob {
                row: if current {
                    BlobRow::Current(collection)
                } else {
                    BlobRow::History { collection, version }
                },
                role: if current { crate::crypto::Role::Current } else { crate::crypto::Role::History },
                workspace: row.get(1)?,
                collection: row.get(2)?,
                version: version as u64,
                sealed: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Writes a re-sealed blob back where [`Self::sealed_blobs`] found it.
    pub fn replace_sealed(&self, blob: &SealedBlob, sealed: &[u8]) -> anyhow::Result<()> {
        match blob.row {
            BlobRow::Current(rowid) => {
                self.execute("UPDATE collections SET sealed = ?2 WHERE id = ?1", params![rowid, sealed])?
            }
            BlobRow::History { collection, version } => self.execute(
                "UPDATE versions SET sealed = ?3 WHERE collection_id = ?1 AND version = ?2",
                params![collection, version, sealed],
            )?,
        };
        Ok(())
    }

    /// Creates an empty workspace, or fails with exit 4.
    pub fn create_workspace(&self, name: &str, now: i64) -> anyhow::Result<()> {
        if self.read().require_workspace(name).is_ok() {
            return Err(already_exists(
                format!("workspace '{name}' already exists"),
                "see 'vault workspace list'",
            ));
        }
        self.execute("INSERT INTO workspaces (name, created_at) VALUES (?1, ?2)", params![name, now])?;
        Ok(())
    }

    /// Deletes a workspace and every collection in it.
    pub fn delete_workspace(&self, name: &str) -> anyhow::Result<()> {
        let id = self.read().require_workspace(name)?;
        self.execute("DELETE FROM collections WHERE workspace_id = ?1", [id])?;
        self.execute("DELETE FROM workspaces WHERE id = ?1", [id])?;
        Ok(())
    }

    fn rowid(&self, summary: &Summary) -> anyhow::Result<i64> {
        let reference = CollectionRef { workspace: summary.workspace.clone(), id: summary.id.clone() };
        let (rowid, ..) = self.read().find(&reference)?.ok_or_else(|| collection_not_found(&reference))?;
        Ok(rowid)
    }

    fn put_secret_metas(&self, rowid: i64, metas: &[SecretMeta]) -> anyhow::Result<()> {
        let mut stmt = self.0.prepare_cached(
            "INSERT INTO secrets (collection_id, position, location, type, kind, size) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (position, meta) in metas.iter().enumerate() {
            stmt.execute(params![
                rowid,
                position as i64,
                meta.location,
                meta.secret_type.as_str(),
                meta.kind.as_str(),
                meta.size as i64
            ])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(location: &str, size: u64) -> SecretMeta {
        SecretMeta { secret_type: SecretType::Env, location: location.into(), kind: Kind::Generic, size }
    }

    /// What `rotate-key` relies on: every older version is listed with the clear rows
    /// its blob is checked against, and can be put back re-sealed, while the current
    /// blob is not among them.
    #[test]
    fn historic_versions_are_listed_and_resealed_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let keys = VaultKeys {
            vault_id: "v".into(),
            owner_recipient: "age1owner".into(),
            sealed_identity: None,
            wrapped_data_key: vec![1],
            key_tag: vec![2],
            reader_tags: Vec::new(),
            previous_owner: None,
            handover_tags: Vec::new(),
        };
        let mut store =
            Store::create(&dir.path().join("vault.db"), &NewVault { keys: &keys, recipients: &[], now: 0 })
                .unwrap();
        let mut summary = Summary {
            workspace: "default".into(),
            id: "app".into(),
            name: "app".into(),
            description: String::new(),
            created_at: 0,
            updated_at: 0,
            secrets: vec![meta("A", 1)],
        };
        store.write(|tx| tx.insert_collection(&summary, b"blob-1")).unwrap();
        summary.secrets = vec![meta("A", 2), meta("B", 3)];
        let changes = Changes { added: vec!["B".into()], changed: vec!["A".into()], ..Changes::default() };
        store.write(|tx| tx.replace_values(&summary, 2, b"blob-2", b"kept-1", &changes, 10)).unwrap();
        store
            .write(|tx| tx.replace_values(&summary, 3, b"blob-3", b"kept-2", &Changes::default(), 10))
            .unwrap();

        // Re-sealing covers every stored version, current and historic.
        let resealed = store
            .write(|tx| {
                let blobs = tx.sealed_blobs()?;
                for blob in &blobs {
                    tx.replace_sealed(blob, format!("resealed-{}", blob.version).as_bytes())?;
                }
                Ok(blobs.iter().map(|b| (b.version, b.role, b.sealed.clone())).collect::<Vec<_>>())
            })
            .unwrap();
        // The replaced versions hold what the caller sealed as kept, not a copy.
        use crate::crypto::Role::{Current, History};
        let expected = [
            (1, History, b"kept-1".to_vec()),
            (2, History, b"kept-2".to_vec()),
            (3, Current, b"blob-3".to_vec()),
        ];
        assert_eq!(resealed, expected);
        let reference = CollectionRef { workspace: "default".into(), id: "app".into() };
        assert_eq!(store.read().unwrap().version(&reference, 1).unwrap().sealed, b"resealed-1");
        assert_eq!(store.read().unwrap().version(&reference, 2).unwrap().summary.secrets.len(), 2);
        assert_eq!(store.read().unwrap().version(&reference, 3).unwrap().sealed, b"resealed-3");
    }
}
