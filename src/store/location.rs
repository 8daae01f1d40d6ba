//! Where a vault lives: a SQLite file, or a schema on a PostgreSQL server named by a
//! `postgres://` / `postgresql://` URL. `--vault`, `VAULT_PATH` and the config's
//! `vault` all take either.

use std::fmt;
use std::path::{Path, PathBuf};

/// A vault's location.
pub enum Location {
    File(PathBuf),
    Postgres(Box<super::postgres::Server>),
}

impl Location {
    /// A PostgreSQL URL, or else a file path.
    pub fn parse(raw: &Path) -> anyhow::Result<Location> {
        match raw.to_str() {
            Some(text) if super::postgres::is_url(text) => {
                Ok(Location::Postgres(Box::new(super::postgres::Server::parse(text)?)))
            }
            _ => Ok(Location::File(raw.to_owned())),
        }
    }

    /// How messages, `--json` and pins name the vault: its path, or its URL without
    /// any password.
    pub fn name(&self) -> PathBuf {
        match self {
            Location::File(path) => path.clone(),
            Location::Postgres(server) => PathBuf::from(server.to_string()),
        }
    }

    /// The vault file, for what only files have (modes, a shared directory).
    pub fn file(&self) -> Option<&Path> {
        match self {
            Location::File(path) => Some(path),
            Location::Postgres(_) => None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Postgres(server) => write!(f, "{server}"),
        }
    }
}
