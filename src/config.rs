//! Settings files: the user's `config.toml` and a project's `.vault.toml`. A missing
//! file means defaults; a malformed one is an error naming the file and line; an
//! unknown key is a warning naming it.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::usage;

/// The project file's name, looked up from the working directory towards the root.
pub const PROJECT_FILE: &str = ".vault.toml";

/// `<config_dir>/vault/config.toml`.
#[derive(Deserialize, Default)]
pub struct UserConfig {
    /// Workspace used when no flag, variable or project file names one.
    pub workspace: Option<String>,
    /// Vault file used when no flag or variable names one.
    pub vault: Option<PathBuf>,
    /// Identity file used to unlock when no flag or variable names one.
    pub identity_file: Option<PathBuf>,
    /// How many older versions of each collection to keep (see [`history_keep`]).
    #[serde(default, deserialize_with = "history_keep")]
    pub history_keep: Option<u32>,
    /// `false` turns the unlock agent off completely, as `VAULT_AGENT=0` does.
    pub agent: Option<bool>,
    /// `true`: every passphrase unlock hands the key to the agent, as `vault unlock`
    /// does (like ssh's `AddKeysToAgent`); off by default.
    pub add_keys_to_agent: Option<bool>,
}

const USER_KEYS: &[&str] =
    &["workspace", "vault", "identity_file", "history_keep", "agent", "add_keys_to_agent"];

/// Older versions kept per collection when the user config says nothing.
pub const DEFAULT_HISTORY_KEEP: u32 = 10;
/// The most `history_keep` accepts: each kept version holds a full copy of the values.
pub const MAX_HISTORY_KEEP: u32 = 1000;

/// `history_keep`: a whole number from 0 (keep no older version) to
/// [`MAX_HISTORY_KEEP`]; the error lands on the value's line.
fn history_keep<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    let value = i64::deserialize(deserializer)?;
    match u32::try_from(value) {
        Ok(keep) if keep <= MAX_HISTORY_KEEP => Ok(Some(keep)),
        _ => Err(serde::de::Error::custom(format!(
            "history_keep must be a whole number from 0 to {MAX_HISTORY_KEEP}, not {value}"
        ))),
    }
}

/// `.vault.toml`: which workspace and collections a project's `vault run` uses, and
/// which secrets the project needs.
#[derive(Deserialize, Default)]
pub struct ProjectConfig {
    pub workspace: Option<String>,
    #[serde(default)]
    pub collections: Vec<String>,
    /// `require = ["DB_URL", { name = "TLS_CERT", description = "…" }]`.
    #[serde(default)]
    pub require: Vec<Requirement>,
}

const PROJECT_KEYS: &[&str] = &["workspace", "collections", "require"];

/// A secret the project needs: a location (a variable name or a file path) and,
/// optionally, what it is for, so a newcomer's error says what to ask for.
#[derive(Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(from = "RawRequirement")]
pub struct Requirement {
    pub name: String,
    pub description: Option<String>,
}

/// `require` takes a bare name or a table with a description.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawRequirement {
    Name(String),
    Described {
        name: String,
        #[serde(default)]
        description: Option<String>,
    },
}

impl From<RawRequirement> for Requirement {
    fn from(raw: RawRequirement) -> Self {
        match raw {
            RawRequirement::Name(name) => Requirement { name, description: None },
            RawRequirement::Described { name, description } => Requirement { name, description },
        }
    }
}

/// A project file and where it was found.
pub struct Project {
    pub path: PathBuf,
    pub config: ProjectConfig,
}

/// Reads the user config; no file (or no config directory) means defaults.
pub fn load_user(path: Option<&Path>) -> anyhow::Result<UserConfig> {
    match path {
        Some(path) if path.exists() => parse_file(path, USER_KEYS),
        _ => Ok(UserConfig::default()),
    }
}

/// Finds `.vault.toml` in `start` or its nearest ancestor, and reads it. A file that
/// another user owns or every user can write is skipped with a warning (as git's
/// `safe.directory` does): it would choose which collections `vault run` reveals.
pub fn find_project(start: &Path) -> anyhow::Result<Option<Project>> {
    use std::os::unix::fs::MetadataExt;
    for dir in start.ancestors() {
        let path = dir.join(PROJECT_FILE);
        let Ok(meta) = std::fs::metadata(&path) else { continue };
        if !meta.is_file() {
            continue;
        }
        let problem = if meta.uid() != nix::unistd::geteuid().as_raw() {
            "another user owns it"
        } else if meta.mode() & 0o002 != 0 {
            "every user can write it"
        } else {
            let config = parse_file(&path, PROJECT_KEYS)?;
            return Ok(Some(Project { path, config }));
        };
        crate::output::note(&format!("warning: ignoring {}: {problem}", path.display()));
    }
    Ok(None)
}

fn parse_file<T: DeserializeOwned>(path: &Path, known: &[&str]) -> anyhow::Result<T> {
    let text =
        std::fs::read_to_string(path).map_err(|e| usage(format!("cannot read {}: {e}", path.display())))?;
    let at =
        |offset: Option<usize>| offset.map_or_else(String::new, |o| format!(" line {}", line_of(&text, o)));
    let located = |error: toml::de::Error| {
        let line = at(error.span().map(|span| span.start));
        usage(format!("{}{line}: {}", path.display(), error.message().trim_end()))
    };
    // Parsed once with spans, so a warning can say where an unknown key is.
    let table = toml::de::DeTable::parse(&text).map_err(located)?;
    for (key, _) in table.get_ref().iter() {
        let name = key.get_ref().as_ref();
        if !known.contains(&name) {
            crate::output::note(&format!(
                "warning: {}{}: unknown key '{name}' ignored (known keys: {})",
                path.display(),
                at(Some(key.span().start)),
                known.join(", ")
            ));
        }
    }
    toml::from_str(&text).map_err(located)
}

/// The 1-based line holding byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn malformed_files_name_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "c.toml", "workspace = \"a\"\n\nvault = [\n");
        let err = load_user(Some(&path)).err().unwrap().to_string();
        assert!(err.contains("c.toml line 3"), "{err}");
        let path = write(dir.path(), "d.toml", "workspace = 5\n");
        let err = load_user(Some(&path)).err().unwrap().to_string();
        assert!(err.contains("d.toml line 1"), "{err}");
    }

    #[test]
    fn history_keep_is_checked_where_it_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "k.toml", "workspace = \"a\"\nhistory_keep = 3\n");
        assert_eq!(load_user(Some(&path)).unwrap().history_keep, Some(3));
        for bad in ["-1", "1001", "\"ten\"", "2.5"] {
            let path = write(dir.path(), "k.toml", &format!("workspace = \"a\"\nhistory_keep = {bad}\n"));
            let err = load_user(Some(&path)).err().unwrap().to_string();
            assert!(err.contains("k.toml line 2"), "{bad}: {err}");
        }
    }

    #[test]
    fn the_nearest_project_file_wins() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), PROJECT_FILE, "collections = [\"outer\"]\n");
        let inner = dir.path().join("a/b");
        std::fs::create_dir_all(&inner).unwrap();
        let found = find_project(&inner).unwrap().unwrap();
        assert_eq!(found.config.collections, ["outer"]);
        write(&dir.path().join("a"), PROJECT_FILE, "workspace = \"w\"\ncollections = [\"inner\"]\n");
        let found = find_project(&inner).unwrap().unwrap();
        assert_eq!(found.config.collections, ["inner"]);
        assert_eq!(found.config.workspace.as_deref(), Some("w"));
    }

    #[test]
    fn requirements_are_names_or_tables_with_a_description() {
        let dir = tempfile::tempdir().unwrap();
        let text =
            "require = [\"DB_URL\", { name = \"TLS_CERT\", description = \"the API's certificate\" }]\n";
        write(dir.path(), PROJECT_FILE, text);
        let found = find_project(dir.path()).unwrap().unwrap();
        let described =
            Requirement { name: "TLS_CERT".into(), description: Some("the API's certificate".into()) };
        assert_eq!(
            found.config.require,
            [Requirement { name: "DB_URL".into(), description: None }, described]
        );
        write(dir.path(), PROJECT_FILE, "collections = []\nrequire = [5]\n");
        let err = find_project(dir.path()).err().unwrap().to_string();
        assert!(err.contains(".vault.toml line 2"), "{err}");
    }
}
