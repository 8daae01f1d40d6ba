//! The store: where a vault's clear metadata, wrapped keys, sealed blobs and audit chain
//! live. Commands talk to one interface in domain terms, and two backends implement it:
//! [`sqlite`] (one file, the embedded default) and [`postgres`] (a schema on a shared
//! server). Neither decrypts, prints or prompts.
//!
//! The interface is three things:
//! - [`Store::read`]: one consistent snapshot ([`Read`]), held while its guard lives;
//! - [`Store::write`]: one serialised write transaction ([`Write`]): all of it lands, or
//!   none, and no other writer of the same vault runs meanwhile;
//! - [`Store::record_reveal`]: appending the audit records of a reveal.
//!
//! Its errors speak of vaults, workspaces and collections, never of SQL, rowids, CLI
//! commands or flags: [`Missing`] and [`Exists`] carry what was looked for, and the
//! command layer adds the hint saying what to run next.

use std::path::Path;

use crate::audit::{Entry, Record};
use crate::model::{Changes, CollectionRef, SecretMeta, SecretType, Summary};

mod location;
pub mod postgres;
pub mod sqlite;

pub use location::Location;

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
/// under the data key is one of these, whichever table holds it; the place is also
/// where [`Write::replace_sealed`] puts it back.
pub struct SealedBlob {
    pub workspace: String,
    pub collection: String,
    pub version: u64,
    pub role: crate::crypto::Role,
    pub sealed: Vec<u8>,
}

/// A reader of the vault, as `recipients list` shows it.
pub struct RecipientInfo {
    pub recipient: String,
    pub added_at: i64,
    /// Whose key it is, as `recipients add --label` gave it.
    pub label: Option<String>,
}

/// A workspace and how many collections it holds.
pub struct WorkspaceInfo {
    pub name: String,
    pub created_at: i64,
    pub collections: u64,
}

/// A whole vault as stored, every byte of it that matters: what `vault copy` moves
/// between locations (and what `init` creates), ciphertext as it is, no key needed.
pub struct VaultImage {
    pub keys: VaultKeys,
    pub created_at: i64,
    /// In the order they were added.
    pub recipients: Vec<StoredRecipient>,
    pub workspaces: Vec<StoredWorkspace>,
    /// The whole chain, oldest first, and the length and head the vault row records.
    pub audit: Vec<Record>,
    pub audit_count: u64,
    pub audit_head: Option<Vec<u8>>,
}

/// A recipient row: its tags are part of [`VaultImage::keys`] too.
pub struct StoredRecipient {
    pub recipient: String,
    pub added_at: i64,
    pub key_tag: Option<Vec<u8>>,
    pub handover_tag: Option<Vec<u8>>,
    pub label: Option<String>,
}

pub struct StoredWorkspace {
    pub name: String,
    pub created_at: i64,
    pub collections: Vec<StoredCollection>,
}

/// A collection with its current version and every kept one.
pub struct StoredCollection {
    /// With the current version's secrets.
    pub summary: Summary,
    pub version: u64,
    pub sealed: Vec<u8>,
    /// Every row of its history, the current version's (no blob) included.
    pub versions: Vec<StoredVersion>,
}

pub struct StoredVersion {
    pub version: u64,
    pub created_at: i64,
    /// The recorded changes as stored (JSON), copied unparsed.
    pub changes: Option<String>,
    /// None for the current version, whose blob is [`StoredCollection::sealed`].
    pub sealed: Option<Vec<u8>>,
    /// The clear rows of a kept version (empty for the current one).
    pub secrets: Vec<SecretMeta>,
}

/// A collection, workspace, version or vault that is not there (exit 3). The command
/// layer turns it into a message with a hint (`commands::explain`).
#[derive(Debug)]
pub enum Missing {
    Vault(String),
    Workspace(String),
    Collection(CollectionRef),
    Version(CollectionRef, u64),
}

/// Whether `error` says something the store was asked for is not there.
pub fn is_missing(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| cause.downcast_ref::<Missing>().is_some())
}

/// What a write was to create exists already (exit 4).
#[derive(Debug)]
pub enum Exists {
    Vault(String),
    Workspace(String),
    Collection(CollectionRef),
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Missing::Vault(location) => write!(f, "no vault at {location}"),
            Missing::Workspace(name) => write!(f, "workspace '{name}' not found"),
            Missing::Collection(c) => {
                write!(f, "collection '{}' not found in workspace '{}'", c.id, c.workspace)
            }
            Missing::Version(c, version) => write!(f, "version {version} of {c} is not kept"),
        }
    }
}

impl std::fmt::Display for Exists {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exists::Vault(location) => write!(f, "a vault already exists at {location}"),
            Exists::Workspace(name) => write!(f, "workspace '{name}' already exists"),
            Exists::Collection(c) => write!(f, "{c} already exists"),
        }
    }
}

/// Audit record N cannot be appended: the log does not end where the vault says, so it
/// was edited (exit 6).
#[derive(Debug)]
pub struct ChainEnd(pub u64);

impl std::fmt::Display for ChainEnd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "audit record {} cannot be appended: the audit log does not end where the vault says",
            self.0
        )
    }
}

impl std::error::Error for ChainEnd {}
impl std::error::Error for Missing {}
impl std::error::Error for Exists {}

/// Exit 3 for a collection that is not there.
pub fn collection_not_found(collection: &CollectionRef) -> anyhow::Error {
    Missing::Collection(collection.clone()).into()
}

/// Read access to one consistent state of the vault: a snapshot, or the state a write
/// transaction builds on.
pub trait Read {
    /// The vault's key material.
    fn keys(&self) -> anyhow::Result<VaultKeys>;
    /// Every reader's public key, the owner's included, in the order they were added.
    fn recipients(&self) -> anyhow::Result<Vec<RecipientInfo>>;
    /// All workspaces with their collection counts, by name.
    fn workspaces(&self) -> anyhow::Result<Vec<WorkspaceInfo>>;
    /// Fails with [`Missing::Workspace`] when the workspace does not exist.
    fn require_workspace(&self, workspace: &str) -> anyhow::Result<()>;
    /// Every collection of a workspace, by ID, with its secrets' metadata; one whose
    /// metadata vault did not write is an integrity error in its place, so a listing
    /// can name it and still show the others.
    fn collections(&self, workspace: &str) -> anyhow::Result<Vec<anyhow::Result<Summary>>>;
    /// A collection's current version number and details (its secrets' rows left out):
    /// what a writer checks a version it built before the write lock against.
    fn current(&self, collection: &CollectionRef) -> anyhow::Result<(u64, Summary)>;
    /// Whether a collection exists (its workspace must).
    fn exists(&self, collection: &CollectionRef) -> anyhow::Result<bool>;
    /// One collection's metadata, version and sealed values.
    fn sealed(&self, collection: &CollectionRef) -> anyhow::Result<SealedCollection>;
    /// Version `version` of a collection, the current one or an older one kept in
    /// history, with the clear rows it is checked against.
    fn version(&self, collection: &CollectionRef, version: u64) -> anyhow::Result<SealedCollection>;
    /// Every kept version of a collection, newest first.
    fn history(&self, collection: &CollectionRef) -> anyhow::Result<Vec<VersionInfo>>;
    /// The newest `limit` audit records (all without a limit), oldest first.
    fn audit(&self, limit: Option<u64>) -> anyhow::Result<Vec<Record>>;
    /// The vault's id, as every sealed blob's associated data names it.
    fn vault_id(&self) -> anyhow::Result<String>;
    /// The hash of audit record `seq`, if there is one.
    fn audit_hash(&self, seq: u64) -> anyhow::Result<Option<Vec<u8>>>;
    /// Every collection of every workspace with its current version.
    fn current_versions(&self) -> anyhow::Result<Vec<(CollectionRef, u64)>>;
    /// How many audit records the vault row says were written, and the newest one's hash.
    fn audit_head(&self) -> anyhow::Result<(u64, Option<Vec<u8>>)>;
    /// The whole vault as stored, for a copy.
    fn image(&self) -> anyhow::Result<VaultImage>;

    /// One collection's metadata.
    fn summary(&self, collection: &CollectionRef) -> anyhow::Result<Summary> {
        Ok(self.sealed(collection)?.summary)
    }

    /// [`Exists::Collection`] if the collection exists: checked before `create`
    /// unlocks, and again in its transaction.
    fn require_absent(&self, collection: &CollectionRef) -> anyhow::Result<()> {
        if self.exists(collection)? {
            return Err(Exists::Collection(collection.clone()).into());
        }
        Ok(())
    }
}

/// Write access inside one serialised transaction.
pub trait Write {
    /// Reads inside this transaction, so what is read is what the write builds on.
    fn read(&self) -> Reader<'_>;
    /// Stores a new collection at version 1, or fails with [`Exists::Collection`].
    fn insert_collection(&self, summary: &Summary, sealed: &[u8]) -> anyhow::Result<()>;
    /// Makes `version` the current one: the version it replaces moves into history with
    /// its clear rows as they were and `previous`, its blob sealed again as a kept
    /// version ([`crate::keyring::Keyring::seal_as_history`]); only the newest `keep`
    /// older versions stay.
    fn replace_values(
        &self,
        summary: &Summary,
        version: u64,
        sealed: &[u8],
        previous: &[u8],
        changes: &Changes,
        keep: u32,
    ) -> anyhow::Result<()>;
    /// Appends a record to the audit log, chained to the newest one, and moves the
    /// vault's length and head hash along in the same transaction.
    fn append_audit(&self, entry: &Entry) -> anyhow::Result<()>;
    /// The time this change commits at (see [`commit_time`]): every time it writes,
    /// `updated_at`, a version's `created_at` and the audit record's, is this one.
    fn now(&self) -> i64;
    /// Labels a recipient the keys already list (see [`RecipientInfo::label`]).
    fn label_recipient(&self, recipient: &str, label: &str) -> anyhow::Result<()>;
    /// Changes only name, description and update time: no key needed.
    fn update_details(&self, summary: &Summary) -> anyhow::Result<()>;
    /// Deletes a collection and its metadata; false if it did not exist.
    fn delete_collection(&self, collection: &CollectionRef) -> anyhow::Result<bool>;
    /// Replaces the vault's key material and its recipients with `keys` (the owner and
    /// the readers of `keys.reader_tags`); readers kept keep their `added_at`. The vault
    /// id never changes: every sealed blob is bound to it.
    fn replace_keys(&self, keys: &VaultKeys, now: i64) -> anyhow::Result<()>;
    /// Every blob sealed under the data key, in every place that holds one: what a new
    /// data key must re-seal.
    fn sealed_blobs(&self) -> anyhow::Result<Vec<SealedBlob>>;
    /// Writes a re-sealed blob back where [`Self::sealed_blobs`] found it.
    fn replace_sealed(&self, blob: &SealedBlob, sealed: &[u8]) -> anyhow::Result<()>;
    /// Creates an empty workspace, or fails with [`Exists::Workspace`].
    fn create_workspace(&self, name: &str, now: i64) -> anyhow::Result<()>;
    /// Deletes a workspace and every collection in it.
    fn delete_workspace(&self, name: &str) -> anyhow::Result<()>;
}

/// Read access, either in a snapshot or inside a write transaction: whichever
/// backend's, used through [`Read`].
#[derive(Clone, Copy)]
pub enum Reader<'a> {
    Sqlite(sqlite::SqlReader<'a>),
    Postgres(postgres::PgReader<'a>),
}

impl Reader<'_> {
    /// Whether the vault is on a server that many machines reach, rather than in a
    /// file: what a read records of the audit chain depends on it (see `seen`).
    pub fn on_server(&self) -> bool {
        matches!(self, Reader::Postgres(_))
    }
}

impl<'a> std::ops::Deref for Reader<'a> {
    type Target = dyn Read + 'a;

    fn deref(&self) -> &Self::Target {
        match self {
            Reader::Sqlite(reader) => reader,
            Reader::Postgres(reader) => reader,
        }
    }
}
/// Write access inside a write transaction.
pub type Writer<'a> = dyn Write + 'a;

/// A read snapshot (see [`Store::read`]); it ends when dropped.
pub struct Snapshot<'a> {
    reader: Reader<'a>,
    /// The backend's end of the snapshot, dropped after the reader.
    _end: Box<dyn Ends + 'a>,
}

/// Whatever ends a backend's snapshot when dropped.
trait Ends {}
impl<T> Ends for T {}

impl<'a> Snapshot<'a> {
    fn new(reader: Reader<'a>, end: impl Sized + 'a) -> Self {
        Snapshot { reader, _end: Box::new(end) }
    }
}

impl<'a> std::ops::Deref for Snapshot<'a> {
    type Target = Reader<'a>;

    fn deref(&self) -> &Reader<'a> {
        &self.reader
    }
}

/// An open vault, in whichever backend its location names.
pub enum Store {
    Sqlite(sqlite::Store),
    Postgres(Box<postgres::Store>),
}

impl Store {
    /// Creates a new vault at `location` with its `default` workspace and the first
    /// audit record; [`Exists::Vault`] if one is there.
    pub fn create(location: &Location, vault: &NewVault) -> anyhow::Result<Store> {
        Self::create_from(location, &VaultImage::new(vault))
    }

    /// Creates a vault at `location` holding exactly `image`: `init`, and `vault copy`.
    pub fn create_from(location: &Location, image: &VaultImage) -> anyhow::Result<Store> {
        Ok(match location {
            Location::File(path) => Store::Sqlite(sqlite::Store::create(path, image)?),
            Location::Postgres(server) => Store::Postgres(Box::new(postgres::Store::create(server, image)?)),
        })
    }

    /// Opens an existing vault, refusing anything that is not a vault of a schema this
    /// build knows, before writing anything. Older schemas are migrated.
    pub fn open(location: &Location) -> anyhow::Result<Store> {
        Ok(match location {
            Location::File(path) => Store::Sqlite(sqlite::Store::open(path)?),
            Location::Postgres(server) => Store::Postgres(Box::new(postgres::Store::open(server)?)),
        })
    }

    /// Whether a vault is at `location` already.
    pub fn exists(location: &Location) -> anyhow::Result<bool> {
        match location {
            Location::File(path) => Ok(path.exists()),
            Location::Postgres(server) => postgres::Store::exists(server),
        }
    }

    /// Opens the vault file at `path`.
    pub fn open_file(path: &Path) -> anyhow::Result<Store> {
        Self::open(&Location::File(path.to_owned()))
    }

    /// Reads from one snapshot of the vault, held until the returned guard is dropped:
    /// every read sees the same state, even while other vault processes write. Hold the
    /// guard across several reads that must agree.
    pub fn read(&self) -> anyhow::Result<Snapshot<'_>> {
        Ok(match self {
            Store::Sqlite(store) => {
                let (reader, end) = store.read()?;
                Snapshot::new(Reader::Sqlite(reader), end)
            }
            Store::Postgres(store) => {
                let (reader, end) = store.read()?;
                Snapshot::new(Reader::Postgres(reader), end)
            }
        })
    }

    /// The vault's id, read on its own: one statement needs no snapshot.
    pub fn vault_id(&self) -> anyhow::Result<String> {
        match self {
            Store::Sqlite(_) => self.read()?.vault_id(),
            Store::Postgres(store) => store.vault_id(),
        }
    }

    /// Runs `change` in one serialised write transaction: all of it lands, or none.
    /// The vault's write lock is taken first and held until the commit, so do every
    /// piece of work that needs no current state (parsing, sealing) before calling this.
    pub fn write<T>(&mut self, change: impl FnOnce(&Writer) -> anyhow::Result<T>) -> anyhow::Result<T> {
        match self {
            Store::Sqlite(store) => store.write(change),
            Store::Postgres(store) => store.write(change),
        }
    }

    /// Appends the audit records of a reveal (`get`, `export`, `run`), as cheaply as
    /// the backend allows.
    pub fn record_reveal(&mut self, entries: &[Entry]) -> anyhow::Result<()> {
        match self {
            Store::Sqlite(store) => store.record_reveal(entries),
            Store::Postgres(store) => store.write(|tx| entries.iter().try_for_each(|e| tx.append_audit(e))),
        }
    }
}

impl VaultImage {
    /// A new vault: its keys and readers, the `default` workspace, and the chain's
    /// first record.
    fn new(vault: &NewVault) -> VaultImage {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let keys = vault.keys;
        let recipients = vault
            .recipients
            .iter()
            .map(|recipient| StoredRecipient {
                recipient: recipient.clone(),
                added_at: now,
                key_tag: keys
                    .reader_tags
                    .iter()
                    .find(|(reader, _)| reader == recipient)
                    .map(|(_, t)| t.clone()),
                handover_tag: None,
                label: None,
            })
            .collect();
        let entry = Entry::workspace("init", crate::model::DEFAULT_WORKSPACE, "created the vault");
        let hash = crate::audit::link(&crate::audit::GENESIS, 1, now, &entry);
        VaultImage {
            keys: keys.clone(),
            created_at: now,
            recipients,
            workspaces: vec![StoredWorkspace {
                name: crate::model::DEFAULT_WORKSPACE.to_owned(),
                created_at: now,
                collections: Vec::new(),
            }],
            audit: vec![Record { seq: 1, at: now, entry, hash: hash.clone() }],
            audit_count: 1,
            audit_head: Some(hash),
        }
    }
}

/// The time a change commits at: taken once the write lock and the transaction are
/// held, so a command that sat at a prompt is not dated before one that committed
/// meanwhile; never before the newest audit record, so the log never goes backwards
/// even if the clock was set back.
fn commit_time(reader: &dyn Read) -> anyhow::Result<i64> {
    let clock = time::OffsetDateTime::now_utc().unix_timestamp();
    let newest = reader.audit(Some(1))?.last().map(|record| record.at);
    Ok(newest.map_or(clock, |newest| clock.max(newest)))
}

/// The next audit record after the vault's head, as [`Write::append_audit`] stores it.
fn next_record(reader: &dyn Read, entry: &Entry, at: i64) -> anyhow::Result<(u64, Vec<u8>)> {
    let (count, head) = reader.audit_head()?;
    let seq = count + 1;
    let previous = head.unwrap_or_else(|| crate::audit::GENESIS.to_vec());
    Ok((seq, crate::audit::link(&previous, seq, at, entry)))
}

/// A record numbered past the vault's count cannot be appended: the log was edited.
fn audit_does_not_end(seq: u64) -> anyhow::Error {
    ChainEnd(seq).into()
}

/// Refuses to insert a collection whose workspace is missing or whose ID is taken.
fn check_insertable(reader: &dyn Read, summary: &Summary) -> anyhow::Result<CollectionRef> {
    reader.require_workspace(&summary.workspace)?;
    let reference = CollectionRef { workspace: summary.workspace.clone(), id: summary.id.clone() };
    reader.require_absent(&reference)?;
    Ok(reference)
}

/// The locations a new version adds, as a first version's changes.
fn all_added(summary: &Summary) -> Changes {
    Changes { added: summary.secrets.iter().map(|m| m.location.clone()).collect(), ..Changes::default() }
}

/// The recipients `keys` names: the owner (no tag), then each reader with its tag and
/// handover tag.
#[allow(clippy::type_complexity)]
fn recipient_tags(keys: &VaultKeys) -> Vec<(&str, Option<&Vec<u8>>, Option<&Vec<u8>>)> {
    std::iter::once((keys.owner_recipient.as_str(), None))
        .chain(keys.reader_tags.iter().map(|(reader, tag)| (reader.as_str(), Some(tag))))
        .map(|(recipient, tag)| {
            let handover = keys.handover_tags.iter().find(|(reader, _)| reader == recipient).map(|(_, t)| t);
            (recipient, tag, handover)
        })
        .collect()
}

/// The vault keys from the vault row and the recipient rows that carry a tag.
fn keys_from_rows(mut keys: VaultKeys, rows: Vec<(String, Vec<u8>, Option<Vec<u8>>)>) -> VaultKeys {
    keys.handover_tags =
        rows.iter().filter_map(|(reader, _, handover)| Some((reader.clone(), handover.clone()?))).collect();
    keys.reader_tags = rows.into_iter().map(|(reader, tag, _)| (reader, tag)).collect();
    keys
}

/// One secret's metadata as read from the store, held to the rules vault writes by.
fn stored_meta(secret_type: &str, location: String, kind: &str, size: i64) -> anyhow::Result<SecretMeta> {
    let secret_type = secret_type.parse::<SecretType>()?;
    match secret_type {
        SecretType::Env => crate::model::validate_env_location(&location)?,
        SecretType::File => crate::model::validate_file_location(&location)?,
    }
    let size = u64::try_from(size).map_err(|_| anyhow::anyhow!("a negative size ({size})"))?;
    Ok(SecretMeta { secret_type, location, kind: kind.parse::<crate::model::Kind>()?, size })
}

/// Rows of secrets' metadata, each checked by [`stored_meta`]; a row that breaks the
/// rules was not written by vault (exit 6, naming `of`).
fn checked_metas(
    rows: impl IntoIterator<Item = (String, String, String, i64)>,
    of: &Summary,
) -> anyhow::Result<Vec<SecretMeta>> {
    rows.into_iter()
        .map(|(secret_type, location, kind, size)| {
            stored_meta(&secret_type, location, &kind, size).map_err(|cause| damaged(of, &cause))
        })
        .collect()
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

/// A listed collection: its ID checked, then its secrets' rows read by `metas`.
fn checked_summary(
    mut summary: Summary,
    metas: impl FnOnce(&Summary) -> anyhow::Result<Vec<SecretMeta>>,
) -> anyhow::Result<Summary> {
    crate::model::validate_id("collection ID", &summary.id).map_err(|cause| damaged(&summary, &cause))?;
    summary.secrets = metas(&summary)?;
    Ok(summary)
}

/// A history row as stored, into what `vault history` shows.
fn version_info(
    collection: &CollectionRef,
    (version, created_at, changes, current, secrets): (i64, i64, Option<String>, bool, i64),
) -> anyhow::Result<VersionInfo> {
    let changes = changes.map(|text| serde_json::from_str(&text)).transpose().map_err(|_| {
        crate::error::integrity(format!(
            "the recorded changes of version {version} of {collection} are malformed"
        ))
    })?;
    Ok(VersionInfo { version: version as u64, created_at, changes, secrets: secrets as u64, current })
}

/// An audit row as stored, into a [`Record`].
#[allow(clippy::type_complexity)]
fn audit_record(
    (seq, at, command, workspace, collection, locations, outcome, hash): (
        i64,
        i64,
        String,
        Option<String>,
        Option<String>,
        String,
        String,
        Vec<u8>,
    ),
) -> anyhow::Result<Record> {
    let locations = serde_json::from_str(&locations)
        .map_err(|_| crate::error::integrity(format!("audit record {seq} is malformed")))?;
    Ok(Record {
        seq: seq as u64,
        at,
        entry: Entry { command, workspace, collection, locations, outcome },
        hash,
    })
}

/// The collection `id` of `workspace`.
fn reference(workspace: &str, id: &str) -> CollectionRef {
    CollectionRef { workspace: workspace.to_owned(), id: id.to_owned() }
}

/// A place a version is kept, as [`SealedBlob`] names it.
fn blob_role(current: bool) -> crate::crypto::Role {
    if current { crate::crypto::Role::Current } else { crate::crypto::Role::History }
}
