//! The audit log's records and their hash chain. It owns the canonical encoding that
//! each record's hash covers and the check of a whole chain; it never touches SQL
//! (the store appends and reads records) and never sees a value.
//!
//! The chain is plain SHA-256, not keyed: `delete` and `workspace` commands
//! write records without unlocking, so no key is at hand to key it with. It detects a
//! record edited, removed or moved, and (with the length and head hash kept in the
//! vault row) the newest records cut off; someone who can write the file can still
//! recompute the whole chain, as they could roll the whole file back. The README says so.

use sha2::{Digest, Sha256};

/// Length of a record's hash.
pub const HASH_LEN: usize = 32;
/// What the first record's hash chains from.
pub const GENESIS: [u8; HASH_LEN] = [0; HASH_LEN];
const LABEL: &[u8] = b"vault audit record v1";

/// What a command reports about one change or reveal; the store adds the sequence
/// number, the time and the hash.
pub struct Entry {
    pub command: String,
    pub workspace: Option<String>,
    pub collection: Option<String>,
    /// Location names touched, never values.
    pub locations: Vec<String>,
    pub outcome: String,
}

impl Entry {
    /// A record about one collection.
    pub fn collection(
        command: &str,
        reference: &crate::model::CollectionRef,
        locations: Vec<String>,
        outcome: impl Into<String>,
    ) -> Entry {
        Entry {
            command: command.to_owned(),
            workspace: Some(reference.workspace.clone()),
            collection: Some(reference.id.clone()),
            locations,
            outcome: outcome.into(),
        }
    }

    /// A record about the vault's keys as a whole.
    pub fn vault(command: &str, outcome: impl Into<String>) -> Entry {
        Entry {
            command: command.to_owned(),
            workspace: None,
            collection: None,
            locations: Vec::new(),
            outcome: outcome.into(),
        }
    }

    /// A record about a whole workspace.
    pub fn workspace(command: &str, workspace: &str, outcome: impl Into<String>) -> Entry {
        Entry {
            command: command.to_owned(),
            workspace: Some(workspace.to_owned()),
            collection: None,
            locations: Vec::new(),
            outcome: outcome.into(),
        }
    }
}

/// A record as stored: the entry, where it stands in the chain and its hash.
pub struct Record {
    pub seq: u64,
    pub at: i64,
    pub entry: Entry,
    pub hash: Vec<u8>,
}

/// The hash of a record with these fields following `previous`. Every field is
/// length-prefixed, so no two different records encode alike.
pub fn link(previous: &[u8], seq: u64, at: i64, entry: &Entry) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(LABEL);
    field(&mut hasher, previous);
    hasher.update(seq.to_be_bytes());
    hasher.update(at.to_be_bytes());
    field(&mut hasher, entry.command.as_bytes());
    for optional in [&entry.workspace, &entry.collection] {
        match optional {
            Some(text) => {
                hasher.update([1]);
                field(&mut hasher, text.as_bytes());
            }
            None => hasher.update([0]),
        }
    }
    hasher.update((entry.locations.len() as u64).to_be_bytes());
    for location in &entry.locations {
        field(&mut hasher, location.as_bytes());
    }
    field(&mut hasher, entry.outcome.as_bytes());
    hasher.finalize().to_vec()
}

fn field(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_be_bytes());
    hasher.update(bytes);
}

/// Checks a whole log, oldest first, against the length and head hash the vault row
/// records. Returns the first break found, in words that name the record.
pub fn verify(records: &[Record], count: u64, head: Option<&[u8]>) -> Result<(), String> {
    let mut previous = GENESIS.to_vec();
    for (index, record) in records.iter().enumerate() {
        let expected_seq = index as u64 + 1;
        if record.seq != expected_seq {
            return Err(format!(
                "record {expected_seq} is missing or out of order (found record {})",
                record.seq
            ));
        }
        if link(&previous, record.seq, record.at, &record.entry) != record.hash {
            return Err(format!(
                "record {} was altered, or a record before it was removed or moved",
                record.seq
            ));
        }
        previous.clone_from(&record.hash);
    }
    let last = records.last().map(|r| r.hash.as_slice());
    if records.len() as u64 != count || last != head {
        return Err(format!(
            "the vault records {count} audit records but {} are left: the newest were removed or replaced",
            records.len()
        ));
    }
    Ok(())
}

/// Checks that no collection is at a version older than the newest one the log
/// records for it (`create`, `update`, `rollback`: outcome `version N…`): an older
/// version put back from a copy, with the log left as it was. Returns the first
/// collection found, named.
pub fn versions_agree(
    records: &[Record],
    current: &[(crate::model::CollectionRef, u64)],
) -> Result<(), String> {
    let mut recorded: std::collections::HashMap<(String, String), u64> = std::collections::HashMap::new();
    for record in records {
        let entry = &record.entry;
        let (Some(workspace), collection) = (&entry.workspace, &entry.collection) else { continue };
        match (entry.command.as_str(), collection) {
            ("workspace delete", _) => recorded.retain(|(ws, _), _| ws != workspace),
            ("delete", Some(id)) => {
                recorded.remove(&(workspace.clone(), id.clone()));
            }
            ("create" | "update" | "rollback", Some(id)) => {
                let version = entry
                    .outcome
                    .strip_prefix("version ")
                    .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next()?.parse::<u64>().ok());
                if let Some(version) = version {
                    recorded.insert((workspace.clone(), id.clone()), version);
                }
            }
            _ => {}
        }
    }
    for (reference, version) in current {
        let key = (reference.workspace.clone(), reference.id.clone());
        if let Some(logged) = recorded.get(&key).filter(|logged| **logged > *version) {
            return Err(format!(
                "collection '{}/{}' is at version {version}, but the audit log records version {logged}: an older version was put back",
                reference.workspace, reference.id
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(outcomes: &[&str]) -> Vec<Record> {
        let mut previous = GENESIS.to_vec();
        let mut records = Vec::new();
        for (index, outcome) in outcomes.iter().enumerate() {
            let entry = Entry::workspace("workspace create", "w", *outcome);
            let seq = index as u64 + 1;
            let hash = link(&previous, seq, 1_700_000_000, &entry);
            previous.clone_from(&hash);
            records.push(Record { seq, at: 1_700_000_000, entry, hash });
        }
        records
    }

    #[test]
    fn a_clean_chain_verifies() {
        let records = chain(&["a", "b", "c"]);
        let head = records[2].hash.clone();
        assert_eq!(verify(&records, 3, Some(&head)), Ok(()));
        assert_eq!(verify(&[], 0, None), Ok(()));
    }

    #[test]
    fn edits_removals_and_moves_break_the_chain() {
        let records = chain(&["a", "b", "c"]);
        let head = records[2].hash.clone();

        let mut edited = chain(&["a", "b", "c"]);
        edited[1].entry.outcome = "x".into();
        assert!(verify(&edited, 3, Some(&head)).unwrap_err().contains("record 2"));

        let mut removed = chain(&["a", "b", "c"]);
        removed.remove(1);
        assert!(verify(&removed, 3, Some(&head)).is_err());

        let mut swapped = chain(&["a", "b", "c"]);
        swapped.swap(0, 1);
        assert!(verify(&swapped, 3, Some(&head)).is_err());

        let truncated = &records[..2];
        assert!(verify(truncated, 3, Some(&head)).unwrap_err().contains("newest"));
    }

    #[test]
    fn fields_cannot_run_into_each_other() {
        let a = Entry { locations: vec!["ab".into()], ..Entry::workspace("c", "w", "o") };
        let b = Entry { locations: vec!["a".into(), "b".into()], ..Entry::workspace("c", "w", "o") };
        assert_ne!(link(&GENESIS, 1, 0, &a), link(&GENESIS, 1, 0, &b));
    }
}
