//! Unlocking, and sealing and opening collections once unlocked.
//!
//! Unlock order, as the spec gives it: an unencrypted identity file (flag,
//! `VAULT_IDENTITY_FILE`, user config) → the unlock agent, when it holds this vault →
//! `VAULT_PASSPHRASE` → a no-echo prompt on the terminal that names what it opens and
//! gives three tries (it also opens an identity file encrypted with `age -p`, unless
//! `VAULT_IDENTITY_PASSPHRASE` does) → exit 5 with a message that fits the vault's
//! mode. Each is a [`KeySources`] member, so commands never see which one opened the
//! vault. An opened collection is checked against its clear metadata, so an edited
//! metadata row is an integrity failure, not a silent mismatch.
//!
//! The unwrapped data key is trusted only once a tag proves the owner made it: anyone
//! who can write the file can wrap a key of their own to the public recipients. Which
//! key is "the owner" is never taken from the file alone: in passphrase mode it is the
//! identity the passphrase opens; with an identity file it is the owner key recorded
//! in the vault, checked against the one pinned on first use ([`Trust`]).

use std::path::Path;

use secrecy::{ExposeSecret, SecretString};

use crate::crypto::{Binding, DataKey, Identity, IdentityFile, Recipient, Role};
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
    /// Whether the unlock agent handed the key over: its owner binding (and, for a
    /// reader, the owner pin) were checked when the key was handed to it.
    pub held: bool,
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
/// Where the passphrase of an identity file encrypted with `age -p` may come from.
pub const IDENTITY_PASSPHRASE_VAR: &str = "VAULT_IDENTITY_PASSPHRASE";
/// Variables that hold a passphrase: never passed to a command `vault run` starts.
pub const PASSPHRASE_VARS: [&str; 3] = [PASSPHRASE_VAR, NEW_PASSPHRASE_VAR, IDENTITY_PASSPHRASE_VAR];

/// Where an unlock may take a key from, in the spec's order (see [`Keyring::unlock`]).
pub struct KeySources<'a> {
    /// The vault file, as prompts and messages name it.
    pub vault: &'a Path,
    /// The identity file (flag, `VAULT_IDENTITY_FILE`, user config).
    pub identity_file: Option<&'a Path>,
    /// The unlock agent; `None` where it must not be asked (owner commands, the agent
    /// turned off).
    pub agent: Option<&'a dyn HeldKeys>,
}

/// Data keys held for this user by an unlock agent ([`crate::agent`]).
pub trait HeldKeys {
    /// The data key held for `vault_id` under `filing` (the owner's tag and key as
    /// stored when it was handed over); `None` when none is held (or the agent cannot
    /// be asked).
    fn data_key(&self, vault_id: &str, filing: &[u8]) -> Option<DataKey>;
}

impl Keyring {
    /// Unlocks the vault at `vault` in the spec's order: an unencrypted identity file
    /// if one is given; when it opens nothing (or there is none, or it is encrypted),
    /// the agent if it holds this vault's key; then an encrypted identity file whose
    /// passphrase is in its variable; when the vault has a passphrase,
    /// `VAULT_PASSPHRASE`; then the prompt, for the encrypted identity file or else the
    /// vault's passphrase. Then checks the data key's tags and says how the owner was
    /// established.
    pub fn unlock(keys: &VaultKeys, sources: &KeySources) -> anyhow::Result<Unlocked> {
        let (identity_file, vault) = (sources.identity_file, sources.vault);
        let passphrase_mode = keys.sealed_identity.is_some();
        let read = identity_file.map(crate::crypto::read_identity_file);
        let plain = matches!(read, Some(Ok(IdentityFile::Plain(_))));
        // Asked only where a passphrase would otherwise be needed: an unencrypted
        // identity file goes first.
        if !plain && let Some(unlocked) = Self::from_agent(keys, sources.agent) {
            return Ok(unlocked);
        }
        if let (Some(read), Some(path)) = (read, identity_file) {
            // An encrypted file's prompt comes after VAULT_PASSPHRASE in the order.
            let deferred = passphrase_mode
                && std::env::var_os(PASSPHRASE_VAR).is_some()
                && std::env::var_os(IDENTITY_PASSPHRASE_VAR).is_none();
            let opened = match read {
                Ok(IdentityFile::Encrypted(_)) if deferred => None,
                Ok(file) => Some(identities_in(file, vault).and_then(|identities| {
                    let data_key = DataKey::unwrap(&identities, &keys.wrapped_data_key).map_err(|error| {
                        if exit_code_of(&error) == 5 && held_the_previous_owner_key(&identities, keys) {
                            rotated_away(path, keys)
                        } else {
                            error
                        }
                    })?;
                    Self::unlocked(keys, identities, data_key, None)
                })),
                Err(error) => Some(Err(error)),
            };
            if let Some(Err(error)) = &opened
                && plain
                && exit_code_of(error) == 5
                && let Some(unlocked) = Self::from_agent(keys, sources.agent)
            {
                return Ok(unlocked);
            }
            match opened {
                Some(Ok(unlocked)) => return Ok(unlocked),
                Some(Err(error)) if !passphrase_mode || exit_code_of(&error) != 5 => return Err(error),
                Some(Err(error))
                    if std::env::var_os(PASSPHRASE_VAR).is_none() && !crate::terminal::is_interactive() =>
                {
                    return Err(error);
                }
                _ => {}
            }
        }
        let Some(sealed) = &keys.sealed_identity else { return Err(no_identity_file(vault)) };
        crate::crypto::check_work_factor(sealed)?;
        let what = format!("vault {}", vault.display());
        let (identity, passphrase) = ask(PASSPHRASE_VAR, &what, |passphrase| {
            Ok(crate::crypto::unlock_identity(sealed, passphrase)?
                .map(|identity| (identity, passphrase.clone())))
        })
        .map_err(|error| match identity_file {
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
        let data_key = agent?.data_key(&keys.vault_id, &agent_filing(keys))?;
        let keyring =
            Keyring { data_key, vault_id: keys.vault_id.clone(), unlocked_tag: keys.key_tag.clone() };
        Some(Unlocked { keyring, trust: Trust::Owner, owner: None, passphrase: None, held: true })
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
        Ok(Unlocked { keyring, trust, owner, passphrase, held: false })
    }

    /// What the unlock agent files for `keys`, the key material this keyring was
    /// unlocked from (its tags checked): the vault id, the filing (see
    /// [`agent_filing`]) and the data key. `None` for other keys.
    pub fn for_agent(&self, keys: &VaultKeys) -> Option<(&str, Vec<u8>, &DataKey)> {
        (keys.vault_id == self.vault_id && keys.key_tag == self.unlocked_tag)
            .then(|| (self.vault_id.as_str(), agent_filing(keys), &self.data_key))
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

/// Whether one of the identities is the owner key that the last `rotate-key` replaced.
fn held_the_previous_owner_key(identities: &[Identity], keys: &VaultKeys) -> bool {
    let Some(previous) = &keys.previous_owner else { return false };
    identities.iter().any(|identity| identity.to_public().to_string() == *previous)
}

/// The identity file at `path` held the owner key before `rotate-key`: say so, and which
/// key the new identity file holds, instead of "use the identity given to init".
fn rotated_away(path: &Path, keys: &VaultKeys) -> anyhow::Error {
    locked(
        format!(
            "the identity file {} holds the vault's previous owner key: the key was rotated with 'vault rotate-key' and this one opens nothing now",
            path.display()
        ),
        format!(
            "use the new identity file that rotate-key wrote (public key {}): point --identity, VAULT_IDENTITY_FILE or the config's identity_file at it",
            keys.owner_recipient
        ),
    )
}

/// What the agent files a key under besides the vault id: the owner's tag as stored and
/// the owner key it names. Any change to either (a rotated key, a planted owner) makes
/// the filing differ, so the agent never answers for it.
fn agent_filing(keys: &VaultKeys) -> Vec<u8> {
    let mut filing = keys.key_tag.clone();
    filing.extend_from_slice(keys.owner_recipient.as_bytes());
    filing
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
            return Err(not_the_owner(
                doing,
                "this identity is another reader",
                &format!(
                    "run it with the owner's identity file (public key {}), or ask the owner to",
                    keys.owner_recipient
                ),
            ));
        };
        Ok(Owner { keyring: self.keyring, identity, passphrase: self.passphrase, keys })
    }
}

/// Exit 5 for an owner-only command (`doing`: "add readers") run by another reader.
pub fn not_the_owner(doing: &str, who: &str, hint: &str) -> anyhow::Error {
    locked(format!("only the vault's owner can {doing}; {who}"), hint)
}

/// Whether the plain identity file at `path` opens the data key of `keys`: a reader's
/// file, in a passphrase vault whose owner is the passphrase. An encrypted file is not
/// opened for this (it would ask for its passphrase), nor is a file that cannot be read.
pub fn opens_with_file(keys: &VaultKeys, path: &Path) -> bool {
    matches!(crate::crypto::read_identity_file(path), Ok(IdentityFile::Plain(identities))
        if DataKey::unwrap(&identities, &keys.wrapped_data_key).is_ok())
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

/// A new passphrase for `what` ("vault PATH"): from the environment variable `var`, or
/// typed twice on the terminal. `unchanged` says in errors what was left alone
/// ("nothing was created"); `hint` says where else a passphrase can come from.
pub fn new_passphrase(var: &str, what: &str, unchanged: &str, hint: &str) -> anyhow::Result<SecretString> {
    let passphrase = if let Some(value) = std::env::var_os(var) {
        SecretString::from(value.into_string().map_err(|_| usage(format!("{var} is not UTF-8")))?)
    } else if crate::terminal::is_interactive() {
        // Not prompt_passphrase: an empty new passphrase is a usage error (exit 2) below,
        // not "no passphrase given" for an unlock.
        let first = crate::terminal::prompt_secret(&format!("new passphrase for {what}: "))?;
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

/// The identities in the identity file at `path`, which unlocks the vault at `vault`:
/// read as they are, or, for a file encrypted with `age -p`, decrypted with the
/// passphrase from `VAULT_IDENTITY_PASSPHRASE` or asked on the terminal (naming the
/// file and the vault). Every way of unlocking with an identity file goes through here.
pub fn identities_from_file(path: &Path, vault: &Path) -> anyhow::Result<Vec<Identity>> {
    identities_in(crate::crypto::read_identity_file(path)?, vault)
}

/// As [`identities_from_file`], for a file already read.
fn identities_in(file: IdentityFile, vault: &Path) -> anyhow::Result<Vec<Identity>> {
    match file {
        IdentityFile::Plain(identities) => Ok(identities),
        IdentityFile::Encrypted(file) => {
            let what = format!("identity file {} (vault {})", file.path().display(), vault.display());
            ask(IDENTITY_PASSPHRASE_VAR, &what, |passphrase| file.decrypt(passphrase))
        }
    }
}

/// What `open` makes of a passphrase that opens `what` ("vault PATH"): from the
/// variable `var` when it is set, else typed on the terminal, with up to three tries.
/// `open` returns None for a wrong passphrase. Exit 5 for a wrong one, for none given,
/// and when there is neither the variable nor a terminal.
fn ask<T>(
    var: &str,
    what: &str,
    mut open: impl FnMut(&SecretString) -> anyhow::Result<Option<T>>,
) -> anyhow::Result<T> {
    if let Some(value) = std::env::var_os(var) {
        let text = value.into_string().map_err(|_| locked(format!("{var} is not UTF-8"), "set it again"))?;
        return open(&SecretString::from(text))?.ok_or_else(|| {
            locked(
                format!("the passphrase in {var} does not open {what}"),
                format!("check {var}, or unset it to type the passphrase on the terminal"),
            )
        });
    }
    if !crate::terminal::is_interactive() {
        return Err(locked(
            format!("{what} needs its passphrase, and there is no terminal to ask for it"),
            format!("set {var}, or run from a terminal"),
        ));
    }
    crate::terminal::ask_passphrase(&format!("passphrase for {what}: "), &mut open)?.ok_or_else(|| {
        locked(
            format!("the passphrase does not open {what} ({} tries)", crate::terminal::TRIES),
            "run the command again and type the passphrase once more",
        )
    })
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

/// An identity-file vault, and no identity file given: the way to unlock it is to pass
/// one (no terminal would help).
fn no_identity_file(vault: &Path) -> anyhow::Error {
    locked(
        format!("vault {} is opened with an identity file, and none was given", vault.display()),
        "pass -i FILE, or set VAULT_IDENTITY_FILE (or identity_file in the user config)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An agent holding one key, for one vault id and filing.
    struct OneKey(String, Vec<u8>, DataKey);

    impl HeldKeys for OneKey {
        fn data_key(&self, vault_id: &str, filing: &[u8]) -> Option<DataKey> {
            (vault_id == self.0 && filing == self.1)
                .then(|| DataKey::from_bytes(&*self.2.to_bytes()).unwrap())
        }
    }

    /// A vault's keys, and its keyring as an unlock of them makes it.
    fn passphrase_vault() -> (VaultKeys, Keyring) {
        let owner = Identity::generate();
        let sealed = crate::crypto::lock_identity(&owner, &SecretString::from("pw".to_owned()), 1).unwrap();
        let mut keyring = Keyring::new(DataKey::generate(), "vault-a".into());
        let keys = keyring.issue(&owner, &[], Some(sealed)).unwrap();
        keyring.unlocked_tag = keys.key_tag.clone();
        (keys, keyring)
    }

    /// An agent holding what `keyring`'s unlock of `keys` hands it, filed as for `as_id`.
    fn agent_of(keyring: &Keyring, keys: &VaultKeys, as_id: &str) -> OneKey {
        let (_, filing, key) = keyring.for_agent(keys).unwrap();
        OneKey(as_id.to_owned(), filing, DataKey::from_bytes(&*key.to_bytes()).unwrap())
    }

    fn sources(agent: &OneKey) -> KeySources<'_> {
        KeySources { vault: Path::new("v.db"), identity_file: None, agent: Some(agent) }
    }

    /// Without a passphrase variable or a terminal, nothing but the agent can open it.
    fn nothing_else_opens() -> bool {
        std::env::var_os(PASSPHRASE_VAR).is_none() && !crate::terminal::is_interactive()
    }

    #[test]
    fn a_key_from_the_agent_opens_values_but_never_makes_an_owner() {
        let (keys, keyring) = passphrase_vault();
        let agent = agent_of(&keyring, &keys, &keys.vault_id);
        let unlocked = Keyring::unlock(&keys, &sources(&agent)).unwrap();
        assert!(unlocked.held && unlocked.owner.is_none() && unlocked.passphrase.is_none());
        let refused = unlocked.into_owner(keys, "rotate the vault's key").err().unwrap();
        assert_eq!(exit_code_of(&refused), 5);
    }

    #[test]
    fn an_agent_holding_another_vaults_key_or_another_owner_is_not_answered() {
        if !nothing_else_opens() {
            return;
        }
        let (keys, _) = passphrase_vault();
        let (other_keys, other) = passphrase_vault();
        // Same id as this vault, the other vault's filing and key: no match.
        let agent = agent_of(&other, &other_keys, &keys.vault_id);
        assert_eq!(exit_code_of(&Keyring::unlock(&keys, &sources(&agent)).err().unwrap()), 5);
        // The owner key named in the file changed, the tag kept: no match either.
        let (mut planted, keyring) = passphrase_vault();
        let agent = agent_of(&keyring, &planted, &planted.vault_id);
        planted.owner_recipient = Identity::generate().to_public().to_string();
        assert_eq!(exit_code_of(&Keyring::unlock(&planted, &sources(&agent)).err().unwrap()), 5);
    }
}
