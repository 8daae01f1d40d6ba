//! Unlocking, and sealing and opening collections once unlocked.
//!
//! Unlock order, as the spec gives it: identity file (flag, `VAULT_IDENTITY_FILE`, user
//! config) → the unlock agent, when it holds this vault → `VAULT_PASSPHRASE` → a no-echo
//! prompt on the terminal → exit 5 naming the ways. Each is a [`KeySources`] member, so
//! commands never see which one opened the vault. An opened collection is checked against its clear metadata, so an edited
//! metadata row is an integrity failure, not a silent mismatch.
//!
//! The unwrapped data key is trusted only once a tag proves the owner made it: anyone
//! who can write the file can wrap a key of their own to the public recipients. Which
//! key is "the owner" is never taken from the file alone: in passphrase mode it is the
//! identity the passphrase opens; with an identity file it is the owner key recorded
//! in the vault, checked against the one pinned on first use ([`Trust`]).

use std::path::Path;

use secrecy::{ExposeSecret, SecretString};

use crate::crypto::{Binding, DataKey, Identity, Recipient, Role};
use crate::error::{Failure, Kind, exit_code_of, integrity, locked, usage};
use crate::model::{Secret, Summary};
use crate::store::{SealedBlob, SealedCollection, VaultKeys};

/// How the data key was proven to come from the vault's owner.
#[derive(Debug, PartialEq, Eq)]
pub enum Trust {
    /// Unlocked by the owner identity itself, whose own tag verified.
    Owner,
    /// Unlocked by another reader, whose tag verified against this owner key; the key
    /// must match the one the reader pinned for this vault, or be handed over by it.
    Reader {
        owner: String,
        /// The previous owner key, when its handover tag for this reader verified.
        handed_over_by: Option<String>,
    },
}

/// The unlocked data key of one vault.
pub struct Keyring {
    data_key: DataKey,
    vault_id: String,
    /// The owner's tag over this data key, as stored when it was unlocked (empty for a
    /// new key): a write checks it is still current, so nothing is sealed under a key
    /// another process has just replaced. The tag, not the wrapping: `recipients add`
    /// wraps the same key anew, which must not fail writers that run meanwhile.
    unlocked_tag: Vec<u8>,
}

/// What unlocking established: the keyring, how the owner was proven, and what only
/// the owner's key operations (`passwd`, `rotate-key`, `recipients`) need.
pub struct Unlocked {
    pub keyring: Keyring,
    pub trust: Trust,
    /// The owner identity, when the unlocker holds it: only the owner can tag a data key
    /// for the vault and for each reader.
    pub owner: Option<Identity>,
    /// The passphrase that opened the stored identity, so that `rotate-key` can store
    /// the new identity under the same one.
    pub passphrase: Option<SecretString>,
}

/// The vault unlocked by its owner: everything needed to issue new key material.
pub struct Owner {
    pub keyring: Keyring,
    pub identity: Identity,
    /// Present in passphrase mode.
    pub passphrase: Option<SecretString>,
    /// The key material as it was when unlocked; a change must start from exactly this.
    pub keys: VaultKeys,
}

/// Where a passphrase may come from, when no identity file is given.
pub const PASSPHRASE_VAR: &str = "VAULT_PASSPHRASE";
/// Where `passwd` may take the new passphrase from.
pub const NEW_PASSPHRASE_VAR: &str = "VAULT_NEW_PASSPHRASE";
/// Variables that hold a passphrase: never passed to a command `vault run` starts.
pub const PASSPHRASE_VARS: [&str; 2] = [PASSPHRASE_VAR, NEW_PASSPHRASE_VAR];

/// Where an unlock may take a key from, in the spec's order (see [`Keyring::unlock`]).
pub struct KeySources<'a> {
    /// The identity file (flag, `VAULT_IDENTITY_FILE`, user config).
    pub identity_file: Option<&'a Path>,
    /// The unlock agent; `None` where it must not be asked (owner commands, the agent
    /// turned off).
    pub agent: Option<&'a dyn HeldKeys>,
    /// Who is asked for a passphrase when nothing else opens the vault.
    pub prompter: &'a dyn Prompter,
}

/// Data keys held for this user by an unlock agent ([`crate::agent`]).
pub trait HeldKeys {
    /// The data key held for `vault_id` whose owner tag was `key_tag` when it was
    /// handed over; `None` when none is held (or the agent cannot be asked).
    fn data_key(&self, vault_id: &str, key_tag: &[u8]) -> Option<DataKey>;
}

/// A person who can be asked for a passphrase (the terminal, [`crate::terminal`]).
pub trait Prompter {
    /// Whether anyone can be asked at all.
    fn can_ask(&self) -> bool;
    /// Asks for a secret with `prompt`, without echo.
    fn ask(&self, prompt: &str) -> anyhow::Result<SecretString>;
}

impl Keyring {
    /// Unlocks in the spec's order from `sources`: the identity file if one is given;
    /// when it opens nothing (or there is none), the agent if it holds this vault's key;
    /// then, when the vault has a passphrase, `VAULT_PASSPHRASE` or the prompt. Checks
    /// the data key's tags and says how the owner was established.
    pub fn unlock(keys: &VaultKeys, sources: &KeySources) -> anyhow::Result<Unlocked> {
        let mut identity_error = None;
        if let Some(path) = sources.identity_file {
            let identities = crate::crypto::read_identity_file(path)?;
            match DataKey::unwrap(&identities, &keys.wrapped_data_key) {
                Ok(data_key) => return Self::unlocked(keys, identities, data_key, None),
                Err(error) if exit_code_of(&error) != 5 => return Err(error),
                Err(error) => identity_error = Some(error),
            }
        }
        if let Some(unlocked) = Self::from_agent(keys, sources.agent) {
            return Ok(unlocked);
        }
        let Some(sealed) = &keys.sealed_identity else {
            return Err(identity_error.unwrap_or_else(no_way_to_unlock));
        };
        if let Some(error) = identity_error
            && std::env::var_os(PASSPHRASE_VAR).is_none()
            && !sources.prompter.can_ask()
        {
            return Err(error);
        }
        crate::crypto::check_work_factor(sealed)?;
        let passphrase = passphrase(sources.prompter)?;
        let identity = crate::crypto::unlock_identity(sealed, &passphrase).map_err(|error| match sources
            .identity_file
        {
            Some(path) => also_failed(path, error),
            None => error,
        })?;
        let identities = vec![identity];
        let data_key = DataKey::unwrap(&identities, &keys.wrapped_data_key)?;
        Self::unlocked(keys, identities, data_key, Some(passphrase))
    }

    /// The data key the agent holds for this vault, if it does. The agent holds only
    /// keys whose owner tags verified when they were handed to it, and answers only for
    /// the same vault id and the same stored owner tag: a changed or rotated key, or
    /// another vault, never matches. It holds no identity, so nothing it answers can act
    /// as the owner.
    fn from_agent(keys: &VaultKeys, agent: Option<&dyn HeldKeys>) -> Option<Unlocked> {
        let data_key = agent?.data_key(&keys.vault_id, &keys.key_tag)?;
        let keyring =
            Keyring { data_key, vault_id: keys.vault_id.clone(), unlocked_tag: keys.key_tag.clone() };
        Some(Unlocked { keyring, trust: Trust::Owner, owner: None, passphrase: None })
    }

    /// Checks where the unwrapped data key came from (see [`verify_origin`]).
    fn unlocked(
        keys: &VaultKeys,
        identities: Vec<Identity>,
        data_key: DataKey,
        passphrase: Option<SecretString>,
    ) -> anyhow::Result<Unlocked> {
        let (trust, owner) = verify_origin(&data_key, keys, identities, passphrase.is_some())?;
        let keyring =
            Keyring { data_key, vault_id: keys.vault_id.clone(), unlocked_tag: keys.key_tag.clone() };
        Ok(Unlocked { keyring, trust, owner, passphrase })
    }

    /// What the unlock agent files: the vault id, the owner's tag as stored when this
    /// keyring was unlocked (its tags checked), and the data key.
    pub fn for_agent(&self) -> (&str, &[u8], &DataKey) {
        (&self.vault_id, &self.unlocked_tag, &self.data_key)
    }

    /// A keyring for a vault being created.
    pub fn new(data_key: DataKey, vault_id: String) -> Keyring {
        Keyring { data_key, vault_id, unlocked_tag: Vec::new() }
    }

    /// Fails unless `keys` (read inside the caller's write transaction) still hold the
    /// data key this keyring was unlocked from: `rotate-key` or `recipients remove` in
    /// another vault process may have replaced it since, and a value sealed under the
    /// old key would no longer open.
    pub fn ensure_current(&self, keys: &VaultKeys) -> anyhow::Result<()> {
        if keys.key_tag != self.unlocked_tag || keys.vault_id != self.vault_id {
            return Err(keys_changed());
        }
        Ok(())
    }

    /// A keyring with a fresh data key for the same vault, for `rotate-key` and
    /// `recipients remove`: the vault id stays, so sealed blobs keep their bindings.
    pub fn fresh(&self) -> Keyring {
        Keyring::new(DataKey::generate(), self.vault_id.clone())
    }

    /// The stored key material for this data key: wrapped to the owner and `readers`,
    /// with the owner's tag and one reader tag per reader (see [`crate::crypto`]).
    pub fn issue(
        &self,
        owner: &Identity,
        readers: &[Recipient],
        sealed_identity: Option<Vec<u8>>,
    ) -> anyhow::Result<VaultKeys> {
        let owner_recipient = owner.to_public();
        let everyone: Vec<Recipient> =
            std::iter::once(owner_recipient.clone()).chain(readers.iter().cloned()).collect();
        let reader_tags = readers
            .iter()
            .map(|reader| Ok((reader.to_string(), self.data_key.reader_tag(owner, reader, &self.vault_id)?)))
            .collect::<anyhow::Result<_>>()?;
        Ok(VaultKeys {
            vault_id: self.vault_id.clone(),
            owner_recipient: owner_recipient.to_string(),
            sealed_identity,
            wrapped_data_key: self.data_key.wrap(&everyone)?,
            key_tag: self.data_key.binding_tag(owner, &self.vault_id),
            reader_tags,
            previous_owner: None,
            handover_tags: Vec::new(),
        })
    }

    /// For `rotate-key`: `previous`, the owner being replaced, vouches for this (new)
    /// data key to each reader with a reader tag of its own making. A reader that
    /// pinned `previous` checks it and moves its pin to the new owner.
    pub fn hand_over(
        &self,
        previous: &Identity,
        readers: &[Recipient],
        keys: &mut VaultKeys,
    ) -> anyhow::Result<()> {
        keys.previous_owner = Some(previous.to_public().to_string());
        keys.handover_tags = readers
            .iter()
            .map(|reader| {
                Ok((reader.to_string(), self.data_key.reader_tag(previous, reader, &self.vault_id)?))
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(())
    }

    /// Re-seals one stored blob under `next`'s data key at the same place. Opening it
    /// first authenticates it, so a blob that was tampered with stops the whole change
    /// (exit 6) instead of being laundered under the new key. The payload is carried
    /// over byte for byte, whatever version of the payload format it holds.
    pub fn reseal(&self, next: &Keyring, blob: &SealedBlob) -> anyhow::Result<Vec<u8>> {
        let binding = |vault_id| Binding {
            vault_id,
            workspace: &blob.workspace,
            collection: &blob.collection,
            version: blob.version,
            role: blob.role,
        };
        let payload = self.data_key.open(&binding(&self.vault_id), &blob.sealed)?;
        next.data_key.seal(&binding(&next.vault_id), &payload)
    }

    /// Seals a collection's secrets as the given (current) version.
    pub fn seal(&self, summary: &Summary, version: u64, secrets: &[Secret]) -> anyhow::Result<Vec<u8>> {
        let payload = crate::payload::encode(secrets);
        self.data_key.seal(&self.binding(summary, version, Role::Current), &payload)
    }

    /// The current version's blob sealed again as a version kept in history, for the
    /// moment a newer one replaces it; its contents are carried over byte for byte.
    pub fn seal_as_history(&self, current: &SealedCollection) -> anyhow::Result<Vec<u8>> {
        let (summary, version) = (&current.summary, current.version);
        let payload = self.data_key.open(&self.binding(summary, version, Role::Current), &current.sealed)?;
        self.data_key.seal(&self.binding(summary, version, Role::History), &payload)
    }

    /// Opens a collection's sealed secrets and checks them against its metadata.
    pub fn open(&self, collection: &SealedCollection) -> anyhow::Result<Vec<Secret>> {
        let summary = &collection.summary;
        let role = if collection.historic { Role::History } else { Role::Current };
        let payload =
            self.data_key.open(&self.binding(summary, collection.version, role), &collection.sealed)?;
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

    fn binding<'a>(&'a self, summary: &'a Summary, version: u64, role: Role) -> Binding<'a> {
        Binding {
            vault_id: &self.vault_id,
            workspace: &summary.workspace,
            collection: &summary.id,
            version,
            role,
        }
    }
}

/// A passphrase failure after the identity file `path` opened nothing: says both, so
/// the first cause is not lost.
fn also_failed(path: &Path, error: anyhow::Error) -> anyhow::Error {
    match crate::error::failure_of(&error).filter(|failure| failure.kind == Kind::Locked) {
        Some(failure) => {
            let mut both = Failure::new(
                Kind::Locked,
                format!(
                    "the identity file {} does not open this vault, and {}",
                    path.display(),
                    failure.message
                ),
            );
            both.hint = failure.hint.clone();
            both.into()
        }
        None => error,
    }
}

/// Proves the data key came from the owner: by the owner's own tag when one of the
/// identities is the owner, else by a reader tag. The passphrase opens the owner
/// identity by construction, so in that mode a different recorded owner is tampering.
fn verify_origin(
    data_key: &DataKey,
    keys: &VaultKeys,
    identities: Vec<Identity>,
    passphrase_mode: bool,
) -> anyhow::Result<(Trust, Option<Identity>)> {
    // Each public key costs a scalar multiplication: derive it once per identity.
    let publics: Vec<String> = identities.iter().map(|i| i.to_public().to_string()).collect();
    if let Some(index) = publics.iter().position(|public| *public == keys.owner_recipient) {
        let owner = identities.into_iter().nth(index);
        if let Some(owner) = &owner {
            data_key.verify_binding(owner, &keys.vault_id, &keys.key_tag)?;
        }
        return Ok((Trust::Owner, owner));
    }
    if !passphrase_mode {
        for (identity, public) in identities.iter().zip(&publics) {
            let Some((_, tag)) = keys.reader_tags.iter().find(|(reader, _)| reader == public) else {
                continue;
            };
            if data_key.verify_reader_tag(identity, &keys.owner_recipient, &keys.vault_id, tag).is_ok() {
                let handover = keys.handover_tags.iter().find(|(reader, _)| reader == public);
                let handed_over_by = keys.previous_owner.clone().filter(|previous| {
                    handover.is_some_and(|(_, tag)| {
                        data_key.verify_reader_tag(identity, previous, &keys.vault_id, tag).is_ok()
                    })
                });
                return Ok((Trust::Reader { owner: keys.owner_recipient.clone(), handed_over_by }, None));
            }
        }
    }
    Err(integrity("the vault's data key is not the one its owner made; nothing was used"))
}

impl Unlocked {
    /// The owner's keys, or exit 5 when the vault was opened by another reader, who can
    /// read but cannot vouch for key material: `doing` names what was refused.
    pub fn into_owner(self, keys: VaultKeys, doing: &str) -> anyhow::Result<Owner> {
        let Some(identity) = self.owner else {
            return Err(locked(
                format!("only the vault's owner can {doing}; this identity is another reader"),
                format!(
                    "run it with the owner's identity file (public key {}), or ask the owner to",
                    keys.owner_recipient
                ),
            ));
        };
        Ok(Owner { keyring: self.keyring, identity, passphrase: self.passphrase, keys })
    }
}

impl Owner {
    /// The readers other than the owner, as age recipients: each checked against the
    /// tag the owner made for it, since the data key is about to be wrapped for all of
    /// them. A row whose tag does not verify (planted in the file) is left out, and so
    /// dropped when the keys are written, with a warning through `warn`.
    pub fn readers(&self, warn: &dyn Fn(&str)) -> Vec<Recipient> {
        let data_key = &self.keyring.data_key;
        let mut readers = Vec::new();
        for (reader, tag) in &self.keys.reader_tags {
            let verified = crate::crypto::parse_recipient(reader).ok().filter(|recipient| {
                data_key.owner_made_reader_tag(&self.identity, recipient, &self.keys.vault_id, tag)
            });
            match verified {
                Some(recipient) => readers.push(recipient),
                None => warn(&format!(
                    "warning: dropping reader '{}': the vault lists it, but its owner never added it",
                    crate::output::sanitize(reader)
                )),
            }
        }
        readers
    }
}

/// A new passphrase: from the environment variable `var`, or typed twice on the
/// terminal. `unchanged` says in errors what was left alone ("nothing was created");
/// `hint` says where else a passphrase can come from.
pub fn new_passphrase(var: &str, unchanged: &str, hint: &str) -> anyhow::Result<SecretString> {
    let passphrase = if let Some(value) = std::env::var_os(var) {
        SecretString::from(value.into_string().map_err(|_| usage(format!("{var} is not UTF-8")))?)
    } else if crate::terminal::is_interactive() {
        let first = crate::terminal::prompt_secret("new vault passphrase: ")?;
        let second = crate::terminal::prompt_secret("repeat the passphrase: ")?;
        if first.expose_secret() != second.expose_secret() {
            return Err(usage(format!("the passphrases differ; {unchanged}")));
        }
        first
    } else {
        return Err(Failure::new(Kind::Usage, format!("no new passphrase; {unchanged}"))
            .with_hint(hint)
            .into());
    };
    if passphrase.expose_secret().is_empty() {
        return Err(usage(format!("the passphrase is empty; {unchanged}")));
    }
    Ok(passphrase)
}

/// The passphrase from `VAULT_PASSPHRASE`, else from the prompter.
fn passphrase(prompter: &dyn Prompter) -> anyhow::Result<SecretString> {
    if let Some(value) = std::env::var_os(PASSPHRASE_VAR) {
        let text =
            value.into_string().map_err(|_| locked("VAULT_PASSPHRASE is not UTF-8", "set it again"))?;
        return Ok(SecretString::from(text));
    }
    if prompter.can_ask() {
        return prompter.ask("vault passphrase: ");
    }
    Err(no_way_to_unlock())
}

/// Another vault process changed the keys between this command's unlock and its write.
pub fn keys_changed() -> anyhow::Error {
    Failure::new(
        Kind::Other,
        "the vault's keys changed while this command ran (another vault process); nothing was changed",
    )
    .with_hint("run the command again")
    .into()
}

fn no_way_to_unlock() -> anyhow::Error {
    locked(
        "the vault is locked and there is no way to unlock it",
        "pass --identity FILE (or set VAULT_IDENTITY_FILE), set VAULT_PASSPHRASE, or run from a terminal to be asked for the passphrase",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An agent holding one key, for one vault id and owner tag.
    struct OneKey(String, Vec<u8>, DataKey);

    impl HeldKeys for OneKey {
        fn data_key(&self, vault_id: &str, key_tag: &[u8]) -> Option<DataKey> {
            (vault_id == self.0 && key_tag == self.1)
                .then(|| DataKey::from_bytes(&*self.2.to_bytes()).unwrap())
        }
    }

    struct Nobody;

    impl Prompter for Nobody {
        fn can_ask(&self) -> bool {
            false
        }
        fn ask(&self, _: &str) -> anyhow::Result<SecretString> {
            unreachable!("nobody is asked")
        }
    }

    fn passphrase_vault() -> (VaultKeys, Keyring) {
        let owner = Identity::generate();
        let sealed = crate::crypto::lock_identity(&owner, &SecretString::from("pw".to_owned()), 1).unwrap();
        let keyring = Keyring::new(DataKey::generate(), "vault-a".into());
        (keyring.issue(&owner, &[], Some(sealed)).unwrap(), keyring)
    }

    #[test]
    fn a_key_from_the_agent_opens_values_but_never_makes_an_owner() {
        let (keys, keyring) = passphrase_vault();
        let (vault_id, _, key) = keyring.for_agent();
        let agent =
            OneKey(vault_id.to_owned(), keys.key_tag.clone(), DataKey::from_bytes(&*key.to_bytes()).unwrap());
        let sources = KeySources { identity_file: None, agent: Some(&agent), prompter: &Nobody };
        let unlocked = Keyring::unlock(&keys, &sources).unwrap();
        assert!(unlocked.owner.is_none() && unlocked.passphrase.is_none());
        let refused = unlocked.into_owner(keys, "rotate the vault's key").err().unwrap();
        assert_eq!(exit_code_of(&refused), 5);
    }

    #[test]
    fn an_agent_holding_another_vaults_key_is_not_answered() {
        let (keys, _) = passphrase_vault();
        let (_, other) = passphrase_vault();
        let (_, tag, key) = other.for_agent();
        // Same id as this vault, the other vault's tag and key: no match.
        let agent =
            OneKey(keys.vault_id.clone(), tag.to_vec(), DataKey::from_bytes(&*key.to_bytes()).unwrap());
        let sources = KeySources { identity_file: None, agent: Some(&agent), prompter: &Nobody };
        if std::env::var_os(PASSPHRASE_VAR).is_none() {
            let error = Keyring::unlock(&keys, &sources).err().unwrap();
            assert_eq!(exit_code_of(&error), 5);
        }
    }
}
