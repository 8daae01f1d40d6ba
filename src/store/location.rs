//! Where a vault lives: a SQLite file, or a schema on a PostgreSQL server named by a
//! `postgres://` / `postgresql://` URL. `--vault`, `VAULT_PATH` and the config's
//! `vault` all take either.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Failure, Kind};

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
            Some(text) if let Some(scheme) = other_url_scheme(text) => Err(Failure::new(
                Kind::Usage,
                // Only the scheme: the rest may hold a password.
                format!("'{scheme}:' is not a kind of location vault knows"),
            )
            .with_hint("a vault is a file path or a postgres://USER@HOST:PORT/DBNAME?schema=NAME URL")
            .into()),
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

/// The scheme of what reads as a URL but not a PostgreSQL one (`pg://…`, `POSTGRES://…`,
/// or `postgresql:/…` with one slash), rather than a file of that name.
fn other_url_scheme(text: &str) -> Option<&str> {
    let (scheme, rest) = text.split_once(':')?;
    let is_scheme = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    let postgres = ["postgres", "postgresql"].iter().any(|name| scheme.eq_ignore_ascii_case(name));
    (is_scheme && (rest.starts_with("//") || postgres)).then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_of_another_kind_is_refused_without_the_rest_of_it() {
        for text in ["pg://u:hunter2@db/x", "POSTGRES://u:hunter2@db/x", "postgresql:/u:hunter2@db/x"] {
            let error = Location::parse(Path::new(text)).err().expect(text);
            assert!(!format!("{error:#}").contains("hunter2"), "{error:#}");
        }
        for file in ["vault.db", "/srv/vault.db", "./team:prod.db", "C:vault.db"] {
            assert!(matches!(Location::parse(Path::new(file)).unwrap(), Location::File(_)), "{file}");
        }
    }
}
