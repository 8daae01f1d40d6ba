//! The vocabulary of vault: workspaces, collections, secrets, and the validation rules
//! of the spec. Everything that crosses a boundary (flags, JSON, the store) is checked
//! here, so the rest of the code can trust a `Secret` or a `CollectionRef`.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use secrecy::{ExposeSecret, SecretSlice};

use crate::error::usage;

/// The longest workspace or collection ID, env location or file location.
pub const MAX_NAME_LEN: usize = 255;
/// The largest env value (64 KiB).
pub const MAX_ENV_VALUE: usize = 64 * 1024;
/// The largest file value (1 MiB).
pub const MAX_FILE_VALUE: usize = 1024 * 1024;
/// The longest collection description, in characters.
pub const MAX_DESCRIPTION_LEN: usize = 4096;
/// The workspace every vault starts with.
pub const DEFAULT_WORKSPACE: &str = "default";
/// Values shorter than this many bytes (after [`without_line_end`]) are neither
/// concealed by `vault run --mask` nor looked for by `vault scan` (unless its
/// `--min-length` says otherwise): a stored "1" or "true" would match everywhere. One
/// rule for both, so what one conceals the other finds.
pub const MIN_FINDABLE_LEN: usize = 6;

/// A value without one trailing line end (LF or CRLF), as masking and scanning look
/// for it: a file secret usually ends with one, and the same value printed or pasted
/// into a config file usually does not.
pub fn without_line_end(value: &[u8]) -> &[u8] {
    value.strip_suffix(b"\n").map_or(value, |v| v.strip_suffix(b"\r").unwrap_or(v))
}

/// Checks a workspace or collection ID: 1–255 of `A–Z a–z 0–9 - _ .`.
pub fn validate_id(what: &str, id: &str) -> anyhow::Result<()> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if id.is_empty() || id.len() > MAX_NAME_LEN || !id.chars().all(ok_char) {
        return Err(usage(format!(
            "invalid {what} '{}': use 1-255 of A-Z a-z 0-9 - _ .",
            crate::output::sanitize(id)
        )));
    }
    Ok(())
}

/// A collection named by the user: `ID` in the current workspace, or `WS/ID`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionRef {
    pub workspace: String,
    pub id: String,
}

impl CollectionRef {
    /// Parses `ID` or `WS/ID`; `workspace` is used when the reference names none.
    pub fn parse(reference: &str, workspace: &str) -> anyhow::Result<Self> {
        let (ws, id) = match reference.split_once('/') {
            Some((ws, id)) => (ws, id),
            None => (workspace, reference),
        };
        validate_id("workspace", ws)?;
        validate_id("collection ID", id)?;
        Ok(CollectionRef { workspace: ws.to_owned(), id: id.to_owned() })
    }
}

impl fmt::Display for CollectionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "collection '{}' in workspace '{}'", self.id, self.workspace)
    }
}

/// Checks a collection's display name: 1–255 characters, no control characters.
pub fn validate_name(name: &str) -> anyhow::Result<()> {
    validate_display_text("--name", name)
}

/// Checks a reader's label (`recipients add --label`): as a display name.
pub fn validate_label(label: &str) -> anyhow::Result<()> {
    validate_display_text("--label", label)
}

fn validate_display_text(flag: &str, text: &str) -> anyhow::Result<()> {
    if text.is_empty() || text.chars().count() > MAX_NAME_LEN || text.chars().any(char::is_control) {
        return Err(usage(format!("invalid {flag}: use 1-255 characters without control characters")));
    }
    Ok(())
}

/// Checks a collection's description: at most 4096 characters, no control characters.
pub fn validate_description(description: &str) -> anyhow::Result<()> {
    if description.chars().count() > MAX_DESCRIPTION_LEN || description.chars().any(char::is_control) {
        return Err(usage("invalid --description: use at most 4096 characters without control characters"));
    }
    Ok(())
}

/// Whether a secret becomes an environment variable or a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretType {
    Env,
    File,
}

impl SecretType {
    pub fn as_str(self) -> &'static str {
        match self {
            SecretType::Env => "env",
            SecretType::File => "file",
        }
    }
}

impl FromStr for SecretType {
    type Err = anyhow::Error;
    fn from_str(s: &str) -> anyhow::Result<Self> {
        match s {
            "env" => Ok(SecretType::Env),
            "file" => Ok(SecretType::File),
            other => Err(usage(format!(
                "unknown secret type '{}': use env or file",
                crate::output::sanitize(other)
            ))),
        }
    }
}

/// An optional label that says what a secret is; it changes nothing about delivery.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Generic,
    Password,
    Key,
    Token,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Generic => "generic",
            Kind::Password => "password",
            Kind::Key => "key",
            Kind::Token => "token",
        }
    }
}

impl FromStr for Kind {
    type Err = anyhow::Error;
    fn from_str(s: &str) -> anyhow::Result<Self> {
        match s {
            "generic" => Ok(Kind::Generic),
            "password" => Ok(Kind::Password),
            "key" => Ok(Kind::Key),
            "token" => Ok(Kind::Token),
            other => Err(usage(format!(
                "unknown kind '{}': use generic, password, key or token",
                crate::output::sanitize(other)
            ))),
        }
    }
}

/// Checks an env location: `[A-Za-z_][A-Za-z0-9_]*`, at most 255 bytes.
pub fn validate_env_location(location: &str) -> anyhow::Result<()> {
    if !is_env_name(location) {
        return Err(usage(format!(
            "invalid env location '{}': use a variable name matching [A-Za-z_][A-Za-z0-9_]*, at most 255 characters",
            crate::output::sanitize(location)
        )));
    }
    Ok(())
}

/// Whether `name` is a valid environment variable name for vault.
pub fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    first_ok && name.len() <= MAX_NAME_LEN && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Checks a file location: relative, `/`-separated, no empty, `.` or `..` component,
/// no NUL or backslash, at most 255 bytes. `vault run` checks again before writing.
pub fn validate_file_location(location: &str) -> anyhow::Result<()> {
    let bad_component = location.split('/').any(|c| c.is_empty() || c == "." || c == "..");
    if location.is_empty()
        || location.len() > MAX_NAME_LEN
        || location.contains(['\0', '\\'])
        || bad_component
    {
        return Err(usage(format!(
            "invalid file location '{}': use a relative path of at most 255 bytes, '/'-separated, without empty, '.' or '..' parts, NUL or backslash",
            crate::output::sanitize(location)
        )));
    }
    Ok(())
}

/// One secret with its value. The value is held in a zeroizing, redacting box: it has
/// no `Debug`, `Clone` or `Serialize` that could print it by accident.
pub struct Secret {
    pub secret_type: SecretType,
    pub location: String,
    pub kind: Kind,
    pub value: SecretSlice<u8>,
}

/// A value over its type's limit: `size` says how large it is ("2000000 bytes").
pub fn too_large(secret_type: SecretType, location: &str, size: &str) -> anyhow::Error {
    let location = crate::output::sanitize(location);
    match secret_type {
        SecretType::Env => usage(format!(
            "value of env secret '{location}' is {size}; env values are limited to 64 KiB (use a file secret)"
        )),
        SecretType::File => {
            usage(format!("value of file secret '{location}' is {size}; file values are limited to 1 MiB"))
        }
    }
}

impl Secret {
    /// Builds a secret after checking its location and value against the spec's limits.
    pub fn new(
        secret_type: SecretType,
        location: String,
        kind: Kind,
        value: Vec<u8>,
    ) -> anyhow::Result<Self> {
        let value = SecretSlice::from(value);
        let bytes = value.expose_secret();
        match secret_type {
            SecretType::Env => {
                validate_env_location(&location)?;
                if bytes.len() > MAX_ENV_VALUE {
                    return Err(too_large(secret_type, &location, &format!("{} bytes", bytes.len())));
                }
                if std::str::from_utf8(bytes).is_err() || bytes.contains(&0) {
                    return Err(usage(format!(
                        "value of env secret '{location}' must be UTF-8 text without NUL bytes (use a file secret for binary data)"
                    )));
                }
            }
            SecretType::File => {
                validate_file_location(&location)?;
                if bytes.len() > MAX_FILE_VALUE {
                    return Err(too_large(secret_type, &location, &format!("{} bytes", bytes.len())));
                }
            }
        }
        Ok(Secret { secret_type, location, kind, value })
    }

    /// What a listing may show about a secret: everything but its value.
    pub fn meta(&self) -> SecretMeta {
        SecretMeta {
            secret_type: self.secret_type,
            location: self.location.clone(),
            kind: self.kind,
            size: self.value.expose_secret().len() as u64,
        }
    }
}

/// A secret without its value: what the store keeps in the clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretMeta {
    pub secret_type: SecretType,
    pub location: String,
    pub kind: Kind,
    pub size: u64,
}

/// Which locations a version added, removed or changed against the one before it.
/// Computed when a version is written, while both are open, so that history can say
/// what changed without keeping a value, or a hash of one, beside the sealed blobs.
#[derive(Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Changes {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Same location, another value, type or kind.
    pub changed: Vec<String>,
}

impl Changes {
    /// In linear time: `added` and `changed` in the order of `new`, `removed` in the
    /// order of `old`.
    pub fn between(old: &[Secret], new: &[Secret]) -> Changes {
        let mut changes = Changes::default();
        let before: HashMap<&str, &Secret> = old.iter().map(|s| (s.location.as_str(), s)).collect();
        for secret in new {
            match before.get(secret.location.as_str()) {
                None => changes.added.push(secret.location.clone()),
                Some(before)
                    if before.secret_type != secret.secret_type
                        || before.kind != secret.kind
                        || before.value.expose_secret() != secret.value.expose_secret() =>
                {
                    changes.changed.push(secret.location.clone())
                }
                Some(_) => {}
            }
        }
        let kept: HashSet<&str> = new.iter().map(|s| s.location.as_str()).collect();
        for secret in old {
            if !kept.contains(secret.location.as_str()) {
                changes.removed.push(secret.location.clone());
            }
        }
        changes
    }

    /// Whether the two versions hold the same values at the same locations.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// Every location touched, for the audit log.
    pub fn locations(&self) -> Vec<String> {
        [&self.added, &self.changed, &self.removed].into_iter().flatten().cloned().collect()
    }
}

/// A collection's clear metadata.
#[derive(Debug, Clone)]
pub struct Summary {
    pub workspace: String,
    pub id: String,
    pub name: String,
    pub description: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub secrets: Vec<SecretMeta>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_trailing_line_end_is_dropped() {
        assert_eq!(without_line_end(b"pem\r\n"), b"pem");
        assert_eq!(without_line_end(b"pem\n\n"), b"pem\n");
        assert_eq!(without_line_end(b"pem\r"), b"pem\r");
        assert_eq!(without_line_end(b"\n"), b"");
    }

    #[test]
    fn changes_name_locations_whose_value_type_or_kind_changed() {
        let env = |location: &str, kind: Kind, value: &str| {
            Secret::new(SecretType::Env, location.into(), kind, value.as_bytes().to_vec()).unwrap()
        };
        let old = [
            env("SAME", Kind::Generic, "x"),
            env("VALUE", Kind::Generic, "1"),
            env("KIND", Kind::Key, "k"),
            env("GONE", Kind::Generic, "g"),
        ];
        let new = [
            env("KIND", Kind::Token, "k"),
            env("SAME", Kind::Generic, "x"),
            env("VALUE", Kind::Generic, "2"),
            env("NEW", Kind::Generic, "n"),
        ];
        let changes = Changes::between(&old, &new);
        assert_eq!(changes.added, ["NEW"]);
        assert_eq!(changes.removed, ["GONE"]);
        assert_eq!(changes.changed, ["KIND", "VALUE"]);
        assert!(Changes::between(&old, &old).is_empty());
    }

    #[test]
    fn ids_follow_the_spec_charset_and_length() {
        for ok in ["a", "my-secrets-collection", "A.b_c-1", &"x".repeat(255)] {
            assert!(validate_id("collection ID", ok).is_ok(), "{ok}");
        }
        for bad in ["", "a/b", "a b", "é", "a\u{1b}[31m", &"x".repeat(256)] {
            assert!(validate_id("collection ID", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn references_may_name_a_workspace() {
        let r = CollectionRef::parse("prod/app", "default").unwrap();
        assert_eq!((r.workspace.as_str(), r.id.as_str()), ("prod", "app"));
        let r = CollectionRef::parse("app", "dev").unwrap();
        assert_eq!((r.workspace.as_str(), r.id.as_str()), ("dev", "app"));
        assert!(CollectionRef::parse("a/b/c", "default").is_err());
        assert!(CollectionRef::parse("/app", "default").is_err());
    }

    #[test]
    fn env_locations_are_variable_names() {
        for ok in ["A", "_", "PROVIDER_API_KEY", "a1", &"A".repeat(255)] {
            assert!(validate_env_location(ok).is_ok(), "{ok}");
        }
        for bad in ["", "1A", "A=B", "A B", "A\0", "A-B", &"A".repeat(256)] {
            assert!(validate_env_location(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn file_locations_are_confined_relative_paths() {
        for ok in ["a", "tls/key.pem", ".env", "a/.b/c", &"f".repeat(255)] {
            assert!(validate_file_location(ok).is_ok(), "{ok}");
        }
        for bad in
            ["", "/etc/x", "../x", "a/../../b", "a//b", ".", "a/.", "a\\b", "a\0b", "a/", &"f".repeat(256)]
        {
            assert!(validate_file_location(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn values_are_checked_against_their_limits() {
        let env = |v: Vec<u8>| Secret::new(SecretType::Env, "K".into(), Kind::Generic, v);
        let file = |v: Vec<u8>| Secret::new(SecretType::File, "f".into(), Kind::Generic, v);
        assert!(env(vec![b'a'; MAX_ENV_VALUE]).is_ok());
        assert!(env(vec![b'a'; MAX_ENV_VALUE + 1]).is_err());
        assert!(env(vec![b'a', 0]).is_err());
        assert!(env(vec![0xff]).is_err());
        assert!(env(Vec::new()).is_ok());
        assert!(file((0..=255).collect()).is_ok());
        assert!(file(vec![0; MAX_FILE_VALUE]).is_ok());
        assert!(file(vec![0; MAX_FILE_VALUE + 1]).is_err());
    }

    #[test]
    fn errors_never_contain_the_value() {
        let err =
            Secret::new(SecretType::Env, "K".into(), Kind::Generic, b"hunter2\0".to_vec()).err().unwrap();
        assert!(!format!("{err:#}").contains("hunter2"));
    }
}
