//! Rollback detection: what this machine has already seen of each vault.
//!
//! Whoever can write the vault file can put back an older sealed version of one
//! collection (from a backup, a synced copy, git history) or the whole older file:
//! everything in it is genuine, so no seal or tag fails. Only memory outside the file
//! can tell. This machine keeps, per vault id, in `<data dir>/vault/seen/<vault id>`
//! (0600 in a 0700 directory, replaced atomically under a lock, see
//! [`crate::paths::update_locked`]):
//!
//! - the audit chain's length and the hash of its last record, as of the newest write
//!   of this machine, or read that found a collection moved on; on a server also as of
//!   every read (recorded apart, in `<vault id>.read`, see [`Pending::advance`]);
//! - each collection's highest version seen, by `workspace/id`.
//!
//! A vault whose chain is shorter than that, or differs at that record, or a collection
//! at a lower version, is exit 6 naming what went back. A collection that a record
//! after that position deletes (another machine's `delete` or `workspace delete`) is
//! forgotten, so that one created again under its name may start at version 1.
//!
//! It also keeps, in `<data dir>/vault/seen/locations`, which vault id it opened at
//! each path ([`Location`]): another vault put where one was opened before (staging's
//! file copied over prod's, in either mode, even with the same passphrase or owner) is
//! exit 6 naming both ids. A path seen for the first time is recorded once the vault
//! unlocks; a moved or copied vault simply gets a second path. `vault audit --accept-state`
//! takes the vault as it is now after a deliberate restore. The check speaks in domain
//! terms (vault id, audit length and head, collection versions) over [`Reader`], so any
//! store backend gets it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Failure, Kind};
use crate::model::CollectionRef;
use crate::store::{Reader, Store};

const HEADER: &str = "vault seen-state 1";
/// The audit position reads record, in `<vault id>.read`: see [`Pending::advance`].
const READ_HEADER: &str = "vault seen-read 1";
/// How to accept a vault's state after a deliberate restore; named in every hint.
pub const ACCEPT: &str = "vault audit --accept-state";

/// What this machine has seen of one vault.
#[derive(Default, PartialEq, Eq)]
struct Seen {
    /// Audit length and the hash of the record at that position.
    audit: Option<(u64, String)>,
    /// Highest version seen, by `workspace/id`.
    collections: BTreeMap<String, u64>,
    /// The audit position a read recorded, kept apart from the rest (in
    /// `<vault id>.read`); not part of [`Self::render`].
    read: Option<(u64, String)>,
}

impl Seen {
    fn parse(text: &str) -> Seen {
        let mut lines = text.lines();
        let mut seen = Seen::default();
        // Another format (a newer vault) or a damaged file: start over rather than
        // lock the user out; only this user can write it.
        if lines.next() != Some(HEADER) {
            return seen;
        }
        for line in lines {
            let mut words = line.split(' ');
            match (words.next(), words.next(), words.next()) {
                (Some("audit"), Some(count), Some(hash)) => {
                    seen.audit = count.parse().ok().map(|count| (count, hash.to_owned()));
                }
                (Some("collection"), Some(version), Some(name)) => {
                    if let Ok(version) = version.parse() {
                        seen.collections.insert(name.to_owned(), version);
                    }
                }
                _ => {}
            }
        }
        seen
    }

    /// The longer of the two audit positions recorded.
    fn position(&self) -> Option<&(u64, String)> {
        match (&self.audit, &self.read) {
            (Some(audit), Some(read)) => Some(if read.0 > audit.0 { read } else { audit }),
            (audit, read) => audit.as_ref().or(read.as_ref()),
        }
    }

    fn render(&self) -> String {
        let mut text = format!("{HEADER}\n");
        if let Some((count, hash)) = &self.audit {
            text.push_str(&format!("audit {count} {hash}\n"));
        }
        for (name, version) in &self.collections {
            text.push_str(&format!("collection {version} {name}\n"));
        }
        text
    }

    /// Drops the collections named in `forget` (`WS/ID`, or `WS/` for all of a workspace).
    fn forget(&mut self, forget: &[String]) {
        self.collections.retain(|key, _| !names(forget, key));
    }

    /// Takes the audit position `observed` unless a longer one is recorded. Moving on
    /// past records that delete collections or workspaces (`deleted`, as
    /// [`deleted_after`] finds them) forgets those collections: another machine deleted
    /// them, and one created afresh under the same name starts again at version 1.
    /// Deletes at or before the recorded position were dealt with when it moved there.
    fn advance_audit(&mut self, observed: &(u64, Option<Vec<u8>>), deleted: &[(u64, String)]) {
        let (count, head) = observed;
        let from = match &self.audit {
            Some((seen, _)) if count < seen => return,
            Some((seen, _)) => *seen,
            None => 0,
        };
        let gone: Vec<String> = deleted
            .iter()
            .filter(|(seq, _)| *seq > from && seq <= count)
            .map(|(_, name)| name.clone())
            .collect();
        self.forget(&gone);
        self.audit = Some((*count, hex(head.as_deref().unwrap_or_default())));
    }

    /// Moves on to the audit position `observed` (see [`Self::advance_audit`]) and
    /// records the versions `seen` at it. Versions read at a position older than the
    /// one recorded (another process of this machine recorded a newer one meanwhile)
    /// are left out: a collection deleted and created again in between would keep its
    /// old version.
    fn advance(
        &mut self,
        observed: &(u64, Option<Vec<u8>>),
        deleted: &[(u64, String)],
        seen: Vec<(String, u64)>,
    ) {
        let behind = self.audit.as_ref().is_some_and(|(count, _)| *count > observed.0);
        self.advance_audit(observed, deleted);
        if behind {
            return;
        }
        for (key, version) in seen {
            let slot = self.collections.entry(key).or_insert(version);
            *slot = (*slot).max(version);
        }
    }
}

/// The collections (`WS/ID`) and workspaces (`WS/`) deleted by the audit records after
/// position `from`, each with its record's position. Only records past a position whose
/// hash this machine has checked are asked for: the chain it saw is then a prefix of
/// this one, and these records came after everything it saw.
fn deleted_after(reader: &Reader, from: u64, count: u64) -> anyhow::Result<Vec<(u64, String)>> {
    if count <= from {
        return Ok(Vec::new());
    }
    let records = reader.audit(Some(count - from))?;
    let deleted =
        records.into_iter().filter(|record| record.seq > from && record.seq <= count).filter_map(|record| {
            match (record.entry.command.as_str(), record.entry.workspace, record.entry.collection) {
                ("delete", Some(workspace), Some(id)) => Some((record.seq, format!("{workspace}/{id}"))),
                ("workspace delete", Some(workspace), None) => Some((record.seq, format!("{workspace}/"))),
                _ => None,
            }
        });
    Ok(deleted.collect())
}

/// Whether `forget` (as [`Seen::forget`] takes them) names collection `key`.
fn names(forget: &[String], key: &str) -> bool {
    forget.iter().any(|gone| key == gone || gone.ends_with('/') && key.starts_with(gone.as_str()))
}

/// How the seen state names a collection: `workspace/id`.
pub fn name(reference: &CollectionRef) -> String {
    format!("{}/{}", reference.workspace, reference.id)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The seen-state file of vault `vault_id`; None without a data directory. The id comes
/// from the vault file, so one that could leave the directory is refused.
fn file_for(vault_id: &str) -> anyhow::Result<Option<PathBuf>> {
    let plain =
        !vault_id.is_empty() && vault_id.len() <= 64 && vault_id.chars().all(|c| c.is_ascii_alphanumeric());
    if !plain {
        return Err(crate::error::integrity("the vault's id is malformed"));
    }
    Ok(crate::paths::state_file(&format!("seen/{vault_id}")))
}

fn load(file: Option<&PathBuf>) -> Seen {
    let mut seen = file
        .and_then(|file| std::fs::read_to_string(file).ok())
        .map_or_else(Seen::default, |t| Seen::parse(&t));
    seen.read = file.and_then(|file| load_read(file));
    seen
}

/// `<vault id>.read`, beside the seen state `file`.
fn read_file(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".read");
    PathBuf::from(name)
}

/// The audit position reads recorded; None for none, or a file a crash left damaged.
fn load_read(file: &Path) -> Option<(u64, String)> {
    parse_read(&std::fs::read_to_string(read_file(file)).ok()?)
}

fn parse_read(text: &str) -> Option<(u64, String)> {
    let mut lines = text.lines();
    if lines.next() != Some(READ_HEADER) {
        return None;
    }
    let mut words = lines.next()?.strip_prefix("audit ")?.split(' ');
    let count = words.next()?.parse().ok()?;
    Some((count, words.next()?.to_owned()))
}

/// Records `observed` as the audit position read, unless a longer one is recorded.
/// Not synced to the disk: a crash loses at most this position (the older one then
/// counts), never the versions seen.
fn record_read(file: &Path, observed: &(u64, Option<Vec<u8>>)) -> Option<String> {
    let (count, head) = observed;
    let file = read_file(file);
    crate::paths::update_locked_unsynced(&file, |text| {
        if text.and_then(parse_read).is_some_and(|(recorded, _)| recorded >= *count) {
            return Ok(None);
        }
        Ok(Some(format!("{READ_HEADER}\naudit {count} {}\n", hex(head.as_deref().unwrap_or_default()))))
    })
    .err()
    .map(|error| format!("warning: could not record the vault's state in {}: {error:#}", file.display()))
}

/// A check that passed, and what to record if the vault was newer than recorded.
pub struct Pending {
    file: Option<PathBuf>,
    audit: (u64, Option<Vec<u8>>),
    /// Collections and workspaces deleted after the position recorded.
    deleted: Vec<(u64, String)>,
    newer: Vec<(String, u64)>,
    /// The chain grew past the position recorded (or none was).
    moved: bool,
    /// Nothing was recorded of the vault but perhaps a read position.
    unrecorded: bool,
}

/// What this machine had seen of a vault before a read began. Loaded before the
/// snapshot: a state recorded after it began (by a concurrent write) could be newer than
/// the snapshot without anything having gone back.
pub struct Before {
    vault_id: String,
    seen: Seen,
}

/// Loads the seen state of the vault in `store`, to check a snapshot taken next.
pub fn before_read(store: &Store) -> anyhow::Result<Before> {
    let vault_id = store.vault_id()?;
    let seen = load(file_for(&vault_id)?.as_ref());
    Ok(Before { vault_id, seen })
}

/// Checks, inside a write transaction (no other write can commit meanwhile), the vault
/// against what this machine has seen; see [`Before::check`].
pub fn check(reader: &Reader, collections: &[(&CollectionRef, u64)]) -> anyhow::Result<Pending> {
    let vault_id = reader.vault_id()?;
    let seen = load(file_for(&vault_id)?.as_ref());
    Before { vault_id, seen }.check(reader, collections)
}

impl Before {
    /// Checks the vault read through `reader` against what this machine has seen: its
    /// audit chain, and `collections` at the versions just read from the same snapshot.
    /// Exit 6 naming what went back.
    pub fn check(self, reader: &Reader, collections: &[(&CollectionRef, u64)]) -> anyhow::Result<Pending> {
        let vault_id = reader.vault_id()?;
        // Another vault put at the path between the two reads: check what it is.
        let seen = if vault_id == self.vault_id { self.seen } else { load(file_for(&vault_id)?.as_ref()) };
        compare(&seen, file_for(&vault_id)?, reader, collections)
    }
}

fn compare(
    seen: &Seen,
    file: Option<PathBuf>,
    reader: &Reader,
    collections: &[(&CollectionRef, u64)],
) -> anyhow::Result<Pending> {
    let audit = reader.audit_head()?;
    if let Some((seen_count, seen_hash)) = seen.position() {
        if audit.0 < *seen_count {
            return Err(rolled_back(format!(
                "the audit log is shorter than seen: {} < {seen_count}",
                audit.0
            )));
        }
        let found = reader.audit_hash(*seen_count)?.map(|hash| hex(&hash)).unwrap_or_default();
        if *seen_count > 0 && found != *seen_hash {
            return Err(rolled_back(format!(
                "the audit log differs at record {seen_count} from the one this machine saw"
            )));
        }
    }
    // The records past the position seen are read for deletes (on another machine: a
    // collection of that name now is a new one) only when needed: on a server, where
    // every read moves the position on, so there are few; in a file, where reads leave
    // it where the last write put it, only when a collection seems to have gone back
    // or the state is about to be recorded.
    let mut deleted = None;
    let mut deletes = || -> anyhow::Result<Vec<(u64, String)>> {
        if deleted.is_none() {
            let from = seen.position().map_or(0, |(count, _)| *count);
            deleted = Some(if seen.position().is_some() {
                deleted_after(reader, from, audit.0)?
            } else {
                Vec::new()
            });
        }
        Ok(deleted.clone().unwrap_or_default())
    };
    if reader.on_server() {
        deletes()?;
    }
    let mut newer = Vec::new();
    for (reference, version) in collections {
        let key = name(reference);
        match seen.collections.get(&key) {
            Some(seen_version) if version < seen_version => {
                let gone: Vec<String> = deletes()?.into_iter().map(|(_, name)| name).collect();
                if !names(&gone, &key) {
                    return Err(rolled_back(format!(
                        "collection '{key}' went back to version {version}; this machine has seen version {seen_version}"
                    )));
                }
                newer.push((key, *version));
            }
            Some(seen_version) if version == seen_version => {}
            _ => newer.push((key, *version)),
        }
    }
    let unrecorded = seen.audit.is_none();
    let deleted =
        if newer.is_empty() && !unrecorded && !reader.on_server() { Vec::new() } else { deletes()? };
    // On a server, where a restored dump can drop records, every read records the
    // chain it saw; a vault file's reads do not (a file write per `vault run`, which
    // the file's start-up time does not allow), so there only writes and collections
    // that moved on advance it.
    let moved = reader.on_server() && seen.position().is_none_or(|(seen_count, _)| audit.0 > *seen_count);
    Ok(Pending { file, audit, deleted, newer, moved, unrecorded })
}

fn rolled_back(what: String) -> anyhow::Error {
    Failure::new(Kind::Integrity, format!("the vault went back to an older state: {what}; nothing was used"))
        .with_hint(format!(
            "someone may have put back an old copy to undo a change (a rotated key); if you restored it from a backup on purpose, accept its state with '{ACCEPT}'"
        ))
        .into()
}

impl Pending {
    /// Records what was newer than this machine had seen. Collections that moved on,
    /// or were deleted since, go to the seen state (synced to the disk, with the audit
    /// position). Otherwise a read on a server that finds the chain grew (reveal
    /// records included, as after this machine's own previous reveal) records only the
    /// position, in `<vault id>.read`, not synced: a small write per `vault run` rather
    /// than one waiting for the disk. So a restored dump that drops only reveal records
    /// this machine has read past is detected too. A failure to record is a warning:
    /// the check has been made.
    pub fn advance(self) -> Option<String> {
        let Pending { file, audit, deleted, newer, moved, unrecorded } = self;
        if !newer.is_empty() || !deleted.is_empty() || unrecorded {
            return update(file, |seen| {
                seen.advance(&audit, &deleted, newer);
                Ok(())
            });
        }
        match file {
            Some(file) if moved => record_read(&file, &audit),
            _ => None,
        }
    }
}

/// After a committed write: the audit chain now ends at this machine's change, the
/// `changed` collections are at (at least) the versions read now, and the `forget` ones
/// were deleted or created afresh here (a workspace `WS/` forgets all of its
/// collections).
pub fn saw_write(store: &Store, changed: &[&CollectionRef], forget: &[String]) -> Option<String> {
    let observed = store.read().and_then(|snapshot| {
        let mut set = Vec::new();
        for reference in changed {
            set.push((name(reference), snapshot.sealed(reference)?.version));
        }
        Ok((snapshot.vault_id()?, snapshot.audit_head()?, set, snapshot))
    });
    let (vault_id, audit, set, snapshot) = match observed {
        Ok(observed) => observed,
        Err(error) => return Some(format!("warning: could not record the vault's state: {error:#}")),
    };
    let file = match file_for(&vault_id) {
        Ok(file) => file,
        Err(error) => return Some(format!("warning: {error:#}")),
    };
    let read = file.as_deref().and_then(load_read);
    update(file, |seen| {
        // Records between the position recorded and this write may delete collections
        // on another machine; read only past a position whose hash still matches.
        seen.read = read;
        let deleted = match seen.position() {
            Some((from, hash)) if *from < audit.0 && at_position(&snapshot, *from, hash)? => {
                deleted_after(&snapshot, *from, audit.0)?
            }
            _ => Vec::new(),
        };
        seen.forget(forget);
        seen.advance(&audit, &deleted, set);
        Ok(())
    })
}

/// Whether audit record `position` of the vault read through `reader` has `hash` (hex).
fn at_position(reader: &Reader, position: u64, hash: &str) -> anyhow::Result<bool> {
    Ok(position == 0 || reader.audit_hash(position)?.is_some_and(|found| hex(&found) == hash))
}

/// Inside a write that deletes collections or creates them afresh, before it commits:
/// forgets them (as [`saw_write`] does again afterwards), so that a process killed
/// between the commit and [`saw_write`] leaves no memory of versions that are gone,
/// which the next read would take for a rollback. Forgetting too early costs only the
/// check of those collections for the moment the write takes.
pub fn forget_before_commit(reader: &Reader, forget: &[String]) -> anyhow::Result<Option<String>> {
    let file = file_for(&reader.vault_id()?)?;
    Ok(update(file, |seen| {
        seen.forget(forget);
        Ok(())
    }))
}

const LOCATIONS_HEADER: &str = "vault seen-locations 1";

/// `VAULT_ID PATH` lines: the vault id opened at each path.
fn parse_locations(text: &str) -> BTreeMap<String, String> {
    let mut lines = text.lines();
    if lines.next() != Some(LOCATIONS_HEADER) {
        return BTreeMap::new();
    }
    lines.filter_map(|line| line.split_once(' ')).map(|(id, path)| (path.to_owned(), id.to_owned())).collect()
}

fn render_locations(locations: &BTreeMap<String, String>) -> String {
    let lines = locations.iter().map(|(path, id)| format!("{id} {path}\n"));
    std::iter::once(format!("{LOCATIONS_HEADER}\n")).chain(lines).collect()
}

/// The vault id at a path, checked against the one this machine opened there before;
/// to record once the vault unlocked, if the path is new.
pub struct Location {
    file: Option<PathBuf>,
    path: String,
    vault_id: String,
    known: bool,
}

/// Checks that `vault` still holds the vault `vault_id` this machine opened there,
/// before anything is unlocked (no passphrase is asked for a swapped file). A path
/// the record does not know is checked against the ids pinned there by
/// [`crate::pins`] before the record existed.
pub fn check_location(vault: &Path, vault_id: &str) -> anyhow::Result<Location> {
    file_for(vault_id)?; // the id goes into a line of text: plain characters only
    let path = crate::paths::vault_key(vault)?;
    let file = crate::paths::state_file("seen/locations");
    let text = file.as_ref().and_then(|file| std::fs::read_to_string(file).ok()).unwrap_or_default();
    let recorded = parse_locations(&text).remove(&path);
    let known = recorded.is_some();
    let expected = recorded.or_else(|| {
        let pinned = crate::pins::ids_pinned_at(&path);
        let opened_here = pinned.iter().any(|id| id == vault_id);
        pinned.last().filter(|_| !opened_here).cloned()
    });
    if let Some(expected) = expected.filter(|expected| expected != vault_id) {
        return Err(Failure::new(
            Kind::Integrity,
            format!(
                "the vault at {path} is vault {vault_id}, not vault {expected} that this machine opened there before; nothing was used"
            ),
        )
        .with_hint(format!(
            "if another vault was put there by mistake (say staging for prod), put the right one back; if it was deliberate, accept it with 'vault --vault {} audit --accept-state'",
            shlex::try_quote(&path).unwrap_or_default()
        ))
        .into());
    }
    Ok(Location { file, path, vault_id: vault_id.to_owned(), known })
}

impl Location {
    /// Records the path as this vault's, once it unlocked; a failure is a warning.
    pub fn record(self) -> Option<String> {
        if self.known {
            return None;
        }
        record_location(self.file, self.path, self.vault_id)
    }
}

/// Records that `vault` holds vault `vault_id` now, whatever it held before (`init`,
/// and `vault audit --accept-state`); a failure is a warning.
pub fn set_location(vault: &Path, vault_id: &str) -> Option<String> {
    match crate::paths::vault_key(vault) {
        Ok(path) => record_location(crate::paths::state_file("seen/locations"), path, vault_id.to_owned()),
        Err(error) => Some(format!("warning: {error:#}")),
    }
}

fn record_location(file: Option<PathBuf>, path: String, vault_id: String) -> Option<String> {
    let Some(file) = file else {
        return Some("warning: no data directory to record the vault's location in".to_owned());
    };
    crate::paths::update_locked(&file, |text| {
        let mut locations = parse_locations(text.unwrap_or_default());
        if locations.get(&path) == Some(&vault_id) {
            return Ok(None);
        }
        locations.insert(path, vault_id);
        Ok(Some(render_locations(&locations)))
    })
    .err()
    .map(|error| format!("warning: could not record the vault's location in {}: {error:#}", file.display()))
}

/// Takes the vault as it is now as the newest state seen (`vault audit --accept-state`).
pub fn accept(reader: &Reader) -> anyhow::Result<()> {
    let file = file_for(&reader.vault_id()?)?
        .ok_or_else(|| anyhow::anyhow!("no data directory to record the vault's state in"))?;
    let mut seen = Seen::default();
    seen.advance_audit(&reader.audit_head()?, &[]);
    for (reference, version) in reader.current_versions()? {
        seen.collections.insert(name(&reference), version);
    }
    crate::paths::update_locked(&file, |_| Ok(Some(seen.render())))?;
    // A longer position a read recorded before the restore no longer holds.
    match std::fs::remove_file(read_file(&file)) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(anyhow::Error::new(error).context(format!("failed to remove {}", read_file(&file).display())))
        }
        _ => Ok(()),
    }
}

/// Changes the seen state in `file` under its lock; the file is rewritten only if the
/// change changed it.
fn update(file: Option<PathBuf>, change: impl FnOnce(&mut Seen) -> anyhow::Result<()>) -> Option<String> {
    let Some(file) = file else {
        return Some("warning: no data directory to record the vault's state in".to_owned());
    };
    crate::paths::update_locked(&file, |text| {
        let mut seen = Seen::parse(text.unwrap_or_default());
        change(&mut seen)?;
        let rendered = seen.render();
        Ok((text != Some(rendered.as_str())).then_some(rendered))
    })
    .err()
    .map(|error| format!("warning: could not record the vault's state in {}: {error:#}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_reads_back_as_written() {
        let mut seen = Seen { audit: Some((7, "ab".into())), ..Seen::default() };
        seen.collections.insert("default/app".into(), 3);
        assert!(Seen::parse(&seen.render()) == seen);
        assert!(Seen::parse("something else\naudit 1 00\n") == Seen::default());
    }

    fn seen_at(count: u64, collections: &[(&str, u64)]) -> Seen {
        let collections = collections.iter().map(|(key, version)| (key.to_string(), *version)).collect();
        Seen { audit: Some((count, "aa".into())), collections, read: None }
    }

    #[test]
    fn moving_past_a_delete_forgets_what_it_deleted_and_only_that() {
        let mut seen = seen_at(5, &[("default/app", 3), ("default/db", 2), ("w/x", 4), ("wx/y", 1)]);
        let deleted = [(4, "default/db".to_owned()), (6, "default/app".to_owned()), (7, "w/".to_owned())];
        seen.advance(&(9, Some(vec![0xbb])), &deleted, vec![("default/new".into(), 1)]);
        // db's delete at 4 was behind the recorded position: dealt with already.
        assert!(
            seen == Seen {
                audit: Some((9, "bb".into())),
                ..seen_at(0, &[("default/db", 2), ("wx/y", 1), ("default/new", 1)])
            }
        );
    }

    #[test]
    fn versions_read_behind_the_recorded_position_are_left_out() {
        let mut seen = seen_at(9, &[("default/app", 1)]);
        // Read at 7, before a delete and create that another process here already saw.
        seen.advance(&(7, None), &[(8, "default/app".to_owned())], vec![("default/app".into(), 3)]);
        assert!(seen == seen_at(9, &[("default/app", 1)]));
    }
}
