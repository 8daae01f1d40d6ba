//! Unlocking, and sealing and opening collections once unlocked.
//!
//! Unlock order, as the spec gives it: identity file (flag, `VAULT_IDENTITY_FILE`, user
//! config) → `VAULT_PASSPHRASE` → a no-echo prompt on the terminal → exit 5 naming all
//! three. An opened collection is checked against its clear metadata, so an edited
//! metadata row is an integrity failure, not a silent mismatch.
//!
//! The unwrapped data key is trusted only once a tag proves the owner made it: anyone
//! who can write the file can wrap a key of their own to the public recipients. Which
//! key is "the owner" is never taken from the file alone: in passphrase mode it is the
//! identity the passphrase opens; with an identity file it is the owner key recorded
//! in the vault, checked against the one pinned on first use ([`Trust`]).

use std::path::Path;

use secrecy::SecretString;

use crate::crypto::{Binding, DataKey, Identity};
use crate::error::{integrity, locked};
use crate::model::{Secret, Summary};
use crate::store::{SealedCollection, VaultKeys};

/// How the data key was proven to come from the vault's owner.
#[derive(Debug, PartialEq, Eq)]
pub enum Trust {
    /// Unlocked by the owner identity itself, whose own tag verified.
    Owner,
    /// Unlocked by another reader, whose tag verified against this owner key; the key
    /// must match the one the reader pinned for this vault.
    Reader { owner: String },
}

/// The unlocked data key of one vault.
pub struct Keyring {
    data_key: DataKey,
    vault_id: String,
}

/// Where a passphrase may come from, when no identity file is given.
pub const PASSPHRASE_VAR: &str = "VAULT_PASSPHRASE";

impl Keyring {
    /// Unlocks with an identity file if one is given, else with the passphrase, and
    /// checks the data key's tags; says how the owner was established.
    pub fn unlock(keys: &VaultKeys, identity_file: Option<&Path>) -> anyhow::Result<(Keyring, Trust)> {
        let (identities, passphrase_mode) = match (identity_file, &keys.sealed_identity) {
            (Some(path), _) => (crate::crypto::read_identity_file(path)?, false),
            (None, Some(sealed)) => (vec![crate::crypto::unlock_identity(sealed, &passphrase()?)?], true),
            (None, None) => return Err(no_way_to_unlock()),
        };
        let data_key = DataKey::unwrap(&identities, &keys.wrapped_data_key)?;
        let trust = verify_origin(&data_key, keys, &identities, passphrase_mode)?;
        Ok((Keyring { data_key, vault_id: keys.vault_id.clone() }, trust))
    }

    /// A keyring for a vault being created.
    pub fn new(data_key: DataKey, vault_id: String) -> Keyring {
        Keyring { data_key, vault_id }
    }

    /// Seals a collection's secrets as the given version.
    pub fn seal(&self, summary: &Summary, version: u64, secrets: &[Secret]) -> anyhow::Result<Vec<u8>> {
        let payload = crate::payload::encode(secrets);
        self.data_key.seal(&self.binding(summary, version), &payload)
    }

    /// Opens a collection's sealed secrets and checks them against its metadata.
    pub fn open(&self, collection: &SealedCollection) -> anyhow::Result<Vec<Secret>> {
        let summary = &collection.summary;
        let payload = self.data_key.open(&self.binding(summary, collection.version), &collection.sealed)?;
        let secrets = crate::payload::decode(&payload)
            .map_err(|_| integrity(format!("sealed values of collection '{}' are malformed", summary.id)))?;
        let metas: Vec<_> = secrets.iter().map(Secret::meta).collect();
        if metas != summary.secrets {
            return Err(integrity(format!(
                "the secrets listed for collection '{}' in workspace '{}' differ from its sealed values",
                summary.id, summary.workspace
            )));
        }
        Ok(secrets)
    }

    fn binding<'a>(&'a self, summary: &'a Summary, version: u64) -> Binding<'a> {
        Binding { vault_id: &self.vault_id, workspace: &summary.workspace, collection: &summary.id, version }
    }
}

/// Proves the data key came from the owner: by the owner's own tag when one of the
/// identities is the owner, else by a reader tag. The passphrase opens the owner
/// identity by construction, so in that mode a different recorded owner is tampering.
fn verify_origin(
    data_key: &DataKey,
    keys: &VaultKeys,
    identities: &[Identity],
    passphrase_mode: bool,
) -> anyhow::Result<Trust> {
    if let Some(owner) = identities.iter().find(|i| i.to_public().to_string() == keys.owner_recipient) {
        data_key.verify_binding(owner, &keys.vault_id, &keys.key_tag)?;
        return Ok(Trust::Owner);
    }
    if !passphrase_mode {
        for identity in identities {
            let public = identity.to_public().to_string();
            let Some((_, tag)) = keys.reader_tags.iter().find(|(reader, _)| *reader == public) else {
                continue;
            };
            if data_key.verify_reader_tag(identity, &keys.owner_recipient, &keys.vault_id, tag).is_ok() {
                return Ok(Trust::Reader { owner: keys.owner_recipient.clone() });
            }
        }
    }
    Err(integrity("the vault's data key is not the one its owner made; nothing was used"))
}

/// The passphrase from `VAULT_PASSPHRASE`, else from a prompt on the terminal.
fn passphrase() -> anyhow::Result<SecretString> {
    if let Some(value) = std::env::var_os(PASSPHRASE_VAR) {
        let text =
            value.into_string().map_err(|_| locked("VAULT_PASSPHRASE is not UTF-8", "set it again"))?;
        return Ok(SecretString::from(text));
    }
    if crate::terminal::is_interactive() {
        return crate::terminal::prompt_secret("vault passphrase: ");
    }
    Err(no_way_to_unlock())
}

fn no_way_to_unlock() -> anyhow::Error {
    locked(
        "the vault is locked and there is no way to unlock it",
        "pass --identity FILE (or set VAULT_IDENTITY_FILE), set VAULT_PASSPHRASE, or run from a terminal to be asked for the passphrase",
    )
}
