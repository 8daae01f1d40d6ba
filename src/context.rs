//! What every command starts from: the settings resolved by precedence (flag >
//! environment variable > `.vault.toml` > user config > built-in default), built once
//! per invocation. The store and keys are opened only when a command asks.

use std::path::{Path, PathBuf};

use crate::cli::Globals;
use crate::config::{Project, UserConfig};
use crate::keyring::{Keyring, Owner, Unlocked};
use crate::model::{CollectionRef, DEFAULT_WORKSPACE};
use crate::store::{Location, Store, VaultKeys};

pub struct Context {
    /// Where the vault lives: a file or a PostgreSQL schema.
    pub location: Location,
    /// The vault as messages, `--json` and pins name it: its path, or its URL without
    /// a password.
    pub vault_path: PathBuf,
    /// The workspace for IDs that name none.
    pub workspace: String,
    /// The identity file to unlock with, if any.
    pub identity_file: Option<PathBuf>,
    /// The project file found from the working directory, if any.
    pub project: Option<Project>,
    /// `--json`: data as JSON on stdout.
    pub json: bool,
    /// `--quiet`: no messages on stderr.
    pub quiet: bool,
    /// How many older versions of each collection a change keeps.
    pub history_keep: u32,
}

impl Context {
    /// Resolves every setting; the global options already hold flag > environment
    /// variable.
    pub fn new(globals: &Globals) -> anyhow::Result<Context> {
        let user = crate::config::load_user(crate::paths::user_config_path().as_deref())?;
        let project = match std::env::current_dir() {
            Ok(dir) => crate::config::find_project(&dir)?,
            Err(_) => None,
        };
        Self::resolve(globals, user, project)
    }

    fn resolve(globals: &Globals, user: UserConfig, project: Option<Project>) -> anyhow::Result<Context> {
        let location = match globals.vault.clone().or(user.vault) {
            Some(path) => Location::parse(&path)?,
            None => Location::File(crate::paths::default_vault_path()?),
        };
        let workspace = globals
            .workspace
            .clone()
            .or_else(|| project.as_ref().and_then(|p| p.config.workspace.clone()))
            .or(user.workspace)
            .unwrap_or_else(|| DEFAULT_WORKSPACE.to_owned());
        crate::model::validate_id("workspace", &workspace)?;
        Ok(Context {
            vault_path: location.name(),
            location,
            workspace,
            identity_file: globals.identity.clone().or(user.identity_file),
            history_keep: user.history_keep.unwrap_or(crate::config::DEFAULT_HISTORY_KEEP),
            project,
            json: globals.json,
            quiet: globals.quiet,
        })
    }

    /// Opens the vault.
    pub fn store(&self) -> anyhow::Result<Store> {
        let store = Store::open(&self.location)?;
        if let Some(path) = self.location.file() {
            self.warn(crate::paths::shared_directory_warning(path));
        }
        Ok(store)
    }

    /// Unlocks the vault; with an identity file, also checks the owner key against the
    /// one pinned for this vault (see [`crate::pins`]).
    pub fn unlock(&self, store: &Store) -> anyhow::Result<Keyring> {
        // Bound first: the snapshot ends here, not after a passphrase prompt.
        let keys = store.read()?.keys()?;
        self.unlock_keys(&keys)
    }

    /// As [`Self::unlock`], with keys read in the same snapshot as the sealed values
    /// they are to open, so another process's `rotate-key` cannot come in between.
    pub fn unlock_keys(&self, keys: &VaultKeys) -> anyhow::Result<Keyring> {
        Ok(self.unlock_with(keys, self.identity_file.as_deref())?.keyring)
    }

    /// Unlocks the vault as its owner, or fails with exit 5 naming `doing` (“add
    /// readers”). In passphrase mode the owner is the passphrase's identity, so an
    /// identity file (which can only be another reader's) is not consulted.
    pub fn unlock_owner(&self, store: &Store, doing: &str) -> anyhow::Result<Owner> {
        let keys = store.read()?.keys()?;
        // A reader's identity file in a passphrase vault: say so, rather than ask the
        // reader for a passphrase only the owner has.
        if let Some(path) = self.identity_file.as_deref().filter(|_| keys.sealed_identity.is_some())
            && std::env::var_os(crate::keyring::PASSPHRASE_VAR).is_none()
            && crate::keyring::opens_with_file(&keys, path)
        {
            return Err(crate::keyring::not_the_owner(
                doing,
                &format!("identity file {} is another reader's", path.display()),
                "the owner runs it with the vault's passphrase: VAULT_PASSPHRASE, or typed on a terminal without -i or VAULT_IDENTITY_FILE",
            ));
        }
        let identity_file = self.identity_file.as_deref().filter(|_| keys.sealed_identity.is_none());
        self.unlock_with(&keys, identity_file)?.into_owner(keys, doing)
    }

    fn unlock_with(&self, keys: &VaultKeys, identity_file: Option<&Path>) -> anyhow::Result<Unlocked> {
        // Another vault put at this path is refused before anything is asked.
        let location = crate::seen::check_location(&self.vault_path, &keys.vault_id)?;
        let unlocked = Keyring::unlock(keys, identity_file, &self.vault_path)?;
        // Once it opened the vault: a failure says what to fix first.
        if let Some(path) = identity_file {
            self.warn(crate::paths::readable_by_others_warning(path));
        }
        if identity_file.is_some()
            && let Some(warning) =
                crate::pins::check(&self.vault_path, &keys.vault_id, &keys.owner_recipient, &unlocked.trust)?
        {
            self.note(&warning);
        }
        self.warn(location.record());
        Ok(unlocked)
    }

    /// `ID` in the current workspace, or `WS/ID`.
    pub fn reference(&self, id: &str) -> anyhow::Result<CollectionRef> {
        CollectionRef::parse(id, &self.workspace)
    }

    /// A warning on stderr, if there is one, unless `--quiet`.
    pub fn warn(&self, warning: Option<String>) {
        if let Some(warning) = warning {
            self.note(&warning);
        }
    }

    /// A message on stderr, unless `--quiet`.
    pub fn note(&self, message: &str) {
        if !self.quiet {
            crate::output::note(message);
        }
    }
}
