//! What every command starts from: the settings resolved by precedence (flag >
//! environment variable > `.vault.toml` > user config > built-in default), built once
//! per invocation. The store and keys are opened only when a command asks.

use std::path::{Path, PathBuf};

use crate::cli::Globals;
use crate::config::{Project, UserConfig};
use crate::crypto::DataKey;
use crate::error::{Failure, Kind, Missing};
use crate::keyring::{HeldKeys, KeySources, Keyring, Owner, Unlocked};
use crate::model::{CollectionRef, DEFAULT_WORKSPACE};
use crate::store::{Location, Store, VaultKeys};

/// Where a setting came from, in the order of precedence: what `vault status` shows,
/// and what an error that depends on the setting names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A global option on the command line (`--workspace`).
    Flag(&'static str),
    /// Its environment variable (`VAULT_WORKSPACE`).
    Environment(&'static str),
    /// The project file `.vault.toml` at this path.
    Project(PathBuf),
    /// The user config at this path.
    UserConfig(PathBuf),
    /// vault's own default.
    Default,
}

impl Origin {
    /// One word for JSON: flag, environment, project, config or default.
    pub fn kind(&self) -> &'static str {
        match self {
            Origin::Flag(_) => "flag",
            Origin::Environment(_) => "environment",
            Origin::Project(_) => "project",
            Origin::UserConfig(_) => "config",
            Origin::Default => "default",
        }
    }

    /// What it names: the flag, the variable, the file; nothing for the default.
    pub fn source(&self) -> Option<String> {
        match self {
            Origin::Flag(name) | Origin::Environment(name) => Some((*name).to_owned()),
            Origin::Project(path) | Origin::UserConfig(path) => Some(path.display().to_string()),
            Origin::Default => None,
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Flag(flag) => write!(f, "from {flag}"),
            Origin::Environment(variable) => write!(f, "from {variable}"),
            Origin::Project(path) => write!(f, "from {}", path.display()),
            Origin::UserConfig(path) => write!(f, "from the config {}", path.display()),
            Origin::Default => f.write_str("the default"),
        }
    }
}

/// A global option's origin when it was given: its flag, or its environment variable.
fn given(globals: &Globals, id: &'static str, flag: &'static str, variable: &'static str) -> Origin {
    if globals.from_environment.contains(&id) { Origin::Environment(variable) } else { Origin::Flag(flag) }
}

pub struct Context {
    /// Where the vault lives: a file or a PostgreSQL schema.
    pub location: Location,
    /// The vault as messages, `--json` and pins name it: its path, or its URL without
    /// a password.
    pub vault_path: PathBuf,
    /// Where [`Self::vault_path`] came from.
    pub vault_origin: Origin,
    /// The workspace for IDs that name none.
    pub workspace: String,
    /// Where [`Self::workspace`] came from.
    pub workspace_origin: Origin,
    /// The identity file to unlock with, if any.
    pub identity_file: Option<PathBuf>,
    /// Where [`Self::identity_file`] came from ([`Origin::Default`] when there is none).
    pub identity_origin: Origin,
    /// The project file found from the working directory, if any.
    pub project: Option<Project>,
    /// `--json`: data as JSON on stdout.
    pub json: bool,
    /// `--quiet`: no messages on stderr.
    pub quiet: bool,
    /// How many older versions of each collection a change keeps.
    pub history_keep: u32,
    /// Whether the unlock agent may be asked (not `VAULT_AGENT=0`, not `agent = false`).
    pub agent: bool,
    /// `add_keys_to_agent`: every passphrase unlock hands the key to the agent.
    pub add_keys_to_agent: bool,
}

/// How long a key handed to the agent by `add_keys_to_agent` is kept unused, as
/// `vault unlock`'s default.
pub const AGENT_IDLE: std::time::Duration = std::time::Duration::from_secs(15 * 60);

impl Context {
    /// Resolves every setting; the global options already hold flag > environment
    /// variable.
    pub fn new(globals: &Globals) -> anyhow::Result<Context> {
        let user_path = crate::paths::user_config_path();
        let user = crate::config::load_user(user_path.as_deref())?;
        let project = match std::env::current_dir() {
            Ok(dir) => crate::config::find_project(&dir)?,
            Err(_) => None,
        };
        Self::resolve(globals, (user, user_path), project)
    }

    fn resolve(
        globals: &Globals,
        (user, user_path): (UserConfig, Option<PathBuf>),
        project: Option<Project>,
    ) -> anyhow::Result<Context> {
        let from_user = || Origin::UserConfig(user_path.clone().unwrap_or_default());
        let (vault_path, vault_origin) = match (&globals.vault, user.vault) {
            (Some(path), _) => (path.clone(), given(globals, "vault", "--vault", "VAULT_PATH")),
            (None, Some(path)) => (path, from_user()),
            (None, None) => (crate::paths::default_vault_path()?, Origin::Default),
        };
        let from_project = project.as_ref().and_then(|p| Some((p.config.workspace.clone()?, p.path.clone())));
        let (workspace, workspace_origin) = match (&globals.workspace, from_project, user.workspace) {
            (Some(ws), ..) => (ws.clone(), given(globals, "workspace", "--workspace", "VAULT_WORKSPACE")),
            (None, Some((ws, path)), _) => (ws, Origin::Project(path)),
            (None, None, Some(ws)) => (ws, from_user()),
            (None, None, None) => (DEFAULT_WORKSPACE.to_owned(), Origin::Default),
        };
        crate::model::validate_id("workspace", &workspace)
            .map_err(|error| crate::error::usage(format!("{error} ({workspace_origin})")))?;
        let (identity_file, identity_origin) = match (&globals.identity, user.identity_file) {
            (Some(path), _) => {
                (Some(path.clone()), given(globals, "identity", "--identity", "VAULT_IDENTITY_FILE"))
            }
            (None, Some(path)) => (Some(path), from_user()),
            (None, None) => (None, Origin::Default),
        };
        let location = Location::parse(&vault_path)?;
        Ok(Context {
            vault_path: location.name(),
            location,
            vault_origin,
            workspace,
            workspace_origin,
            identity_file,
            identity_origin,
            history_keep: user.history_keep.unwrap_or(crate::config::DEFAULT_HISTORY_KEEP),
            agent: crate::agent::enabled(user.agent),
            add_keys_to_agent: user.add_keys_to_agent == Some(true),
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
    /// The agent is asked when the identity file (if any) opens nothing; with
    /// `add_keys_to_agent`, a key the passphrase opened is handed to it.
    pub fn unlock_keys(&self, keys: &VaultKeys) -> anyhow::Result<Keyring> {
        let asked = AgentKeys(self);
        let agent = self.agent.then_some(&asked as &dyn HeldKeys);
        let unlocked = self.unlock_with(keys, self.identity_file.as_deref(), agent)?;
        if self.agent && self.add_keys_to_agent && self.asked_for_secret(&unlocked) {
            self.hand_to_agent(&unlocked.keyring, keys, AGENT_IDLE)
                .map_err(|error| self.warn_agent(&error))
                .ok();
        }
        Ok(unlocked.keyring)
    }

    /// Unlocks without asking the agent, for `vault unlock`, which hands the key on.
    pub fn unlock_for_agent(&self, keys: &VaultKeys) -> anyhow::Result<Unlocked> {
        self.unlock_with(keys, self.identity_file.as_deref(), None)
    }

    /// Unlocks the vault as its owner, or fails with exit 5 naming `doing` (“add
    /// readers”). In passphrase mode the owner is the passphrase's identity, so an
    /// identity file (which can only be another reader's) is not consulted. The agent
    /// is never asked: owner commands ask for the passphrase themselves, as sudo does.
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
        self.unlock_with(&keys, identity_file, None)?.into_owner(keys, doing)
    }

    fn unlock_with(
        &self,
        keys: &VaultKeys,
        identity_file: Option<&Path>,
        agent: Option<&dyn HeldKeys>,
    ) -> anyhow::Result<Unlocked> {
        // Another vault put at this path is refused before anything is asked.
        let location = crate::seen::check_location(&self.vault_path, &keys.vault_id)?;
        let sources = KeySources { vault: &self.vault_path, identity_file, agent };
        let unlocked = Keyring::unlock(keys, &sources).map_err(|error| match identity_file {
            Some(_) => self.name_identity_origin(error),
            None => error,
        })?;
        // Once it opened the vault: a failure says what to fix first.
        if let Some(path) = identity_file {
            self.warn(crate::paths::readable_by_others_warning(path));
        }
        // A key the agent held was checked against the pin when it was handed over, and
        // its filing names the owner key: there is nothing to pin anew.
        if identity_file.is_some()
            && !unlocked.held
            && let Some(warning) =
                crate::pins::check(&self.vault_path, &keys.vault_id, &keys.owner_recipient, &unlocked.trust)?
        {
            self.note(&warning);
        }
        self.warn(location.record());
        Ok(unlocked)
    }

    /// A failure to unlock with the identity file says where that file was named, so
    /// the user knows which setting to change (an old path left in VAULT_IDENTITY_FILE).
    fn name_identity_origin(&self, error: anyhow::Error) -> anyhow::Error {
        let Some(failure) = crate::error::failure_of(&error) else { return error };
        if failure.kind != Kind::Locked || self.identity_origin == Origin::Default {
            return error;
        }
        let mut named = Failure::new(
            Kind::Locked,
            format!("{} (identity file {})", failure.message, self.identity_origin),
        );
        named.hint = failure.hint.clone();
        crate::error::replace(&error, named.into())
    }

    /// A not-found failure made clearer: when it is about the current workspace, it says
    /// where that setting came from ("not found in workspace 'prod' (from
    /// VAULT_WORKSPACE)"); a missing collection that exists in other workspaces gets a
    /// did-you-mean naming them. Reads only workspace and collection names.
    pub fn explain(&self, error: anyhow::Error) -> anyhow::Error {
        let Some(failure) = crate::error::failure_of(&error) else { return error };
        let Some(missing) = failure.missing.clone() else { return error };
        let (setting, id) = match &missing {
            Missing::Vault(path) => ((*path == self.vault_path).then_some(&self.vault_origin), None),
            Missing::Workspace(workspace) => {
                ((*workspace == self.workspace).then_some(&self.workspace_origin), None)
            }
            Missing::Collection { workspace, id } => {
                ((*workspace == self.workspace).then_some(&self.workspace_origin), Some(id))
            }
        };
        let mut message = failure.message.clone();
        if let Some(origin) = setting.filter(|origin| **origin != Origin::Default) {
            message.push_str(&format!(" ({origin})"));
        }
        let elsewhere = id.map(|id| self.workspaces_holding(id)).unwrap_or_default();
        let hint = match (id, elsewhere.as_slice()) {
            (Some(id), [other]) => Some(format!(
                "did you mean '{other}/{id}'? it exists in workspace '{other}' (name it {other}/{id}, or pass -w {other})"
            )),
            (Some(id), [_, ..]) => Some(format!(
                "did you mean one of {}? it exists in workspaces {}",
                elsewhere.iter().map(|ws| format!("'{ws}/{id}'")).collect::<Vec<_>>().join(", "),
                elsewhere.iter().map(|ws| format!("'{ws}'")).collect::<Vec<_>>().join(", ")
            )),
            _ => failure.hint.clone(),
        };
        let mut explained = Failure::new(Kind::NotFound, message).with_missing(missing);
        explained.hint = hint;
        crate::error::replace(&error, explained.into())
    }

    /// The other workspaces that hold a collection `id`, by name; none when the vault
    /// cannot be read.
    fn workspaces_holding(&self, id: &str) -> Vec<String> {
        let holding = || -> anyhow::Result<Vec<String>> {
            let store = Store::open(&self.location)?;
            let snapshot = store.read()?;
            let mut found = Vec::new();
            for workspace in snapshot.workspaces()? {
                let reference = CollectionRef { workspace: workspace.name, id: id.to_owned() };
                if snapshot.exists(&reference)? {
                    found.push(reference.workspace);
                }
            }
            Ok(found)
        };
        holding().unwrap_or_default()
    }

    /// Whether this unlock took a passphrase (the vault's, or an encrypted identity
    /// file's): only then is there something for the agent to save.
    pub fn asked_for_secret(&self, unlocked: &Unlocked) -> bool {
        !unlocked.held
            && (unlocked.passphrase.is_some()
                || self.identity_file.as_deref().is_some_and(crate::crypto::is_encrypted_identity_file))
    }

    /// Hands the agent this vault's checked data key (unlocked from `keys`), to keep
    /// for `idle` after each use.
    pub fn hand_to_agent(
        &self,
        keyring: &Keyring,
        keys: &VaultKeys,
        idle: std::time::Duration,
    ) -> anyhow::Result<(i64, i64)> {
        let (vault_id, filing, key) = keyring.for_agent(keys).ok_or_else(crate::keyring::keys_changed)?;
        crate::agent::hold(&self.vault_path, vault_id, &filing, key, idle)
    }

    /// Makes the agent forget this vault after its passphrase or key changed; a failure
    /// is a warning (the command itself succeeded).
    pub fn agent_forget(&self, vault_id: &str) {
        if let Err(error) = crate::agent::forget(vault_id) {
            self.warn_agent(&error);
        }
    }

    fn warn_agent(&self, error: &anyhow::Error) {
        let hint = crate::error::failure_of(error).and_then(|failure| failure.hint.as_deref());
        self.note(&match hint {
            Some(hint) => format!("warning: {error:#} ({hint})"),
            None => format!("warning: {error:#}"),
        });
    }

    /// The collections a command works on: those given with `-c`, else the project
    /// file's. None at all is a usage error saying what the command would `do` ("run
    /// with") and the ways to name them; `also` adds one ("or --all").
    pub fn collection_ids(&self, given: Vec<String>, doing: &str, also: &str) -> anyhow::Result<Vec<String>> {
        if !given.is_empty() {
            return Ok(given);
        }
        match &self.project {
            Some(project) if !project.config.collections.is_empty() => Ok(project.config.collections.clone()),
            Some(project) => Err(Failure::new(
                Kind::Usage,
                format!("no collection to {doing}: {} lists none", project.path.display()),
            )
            .with_hint(format!("add them there (collections = [\"app\"]) or pass -c ID{also}"))
            .into()),
            None => Err(Failure::new(Kind::Usage, format!("no collection to {doing}"))
                .with_hint(format!(
                    "pass -c ID{also}, or list them in a .vault.toml: collections = [\"app\"]"
                ))
                .into()),
        }
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

/// The agent as a key source: a refused socket or directory is a warning, and the
/// unlock goes on to the passphrase.
struct AgentKeys<'a>(&'a Context);

impl HeldKeys for AgentKeys<'_> {
    fn data_key(&self, vault_id: &str, key_tag: &[u8]) -> Option<DataKey> {
        crate::agent::held_key(vault_id, key_tag).map_err(|error| self.0.warn_agent(&error)).ok().flatten()
    }
}
