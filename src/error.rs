//! Expected failures and the one place where exit codes are chosen.
//!
//! Commands return `anyhow::Error`; a [`Failure`] anywhere in its chain decides the
//! exit code and carries a hint. Anything else is exit 1. Messages name the thing
//! (collection, workspace, location, path) and never a secret value.

use std::fmt;

/// What kind of expected failure happened; each maps to one exit code of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bad flags or arguments, failed validation (exit 2).
    Usage,
    /// Vault, workspace, collection, location or version not found (exit 3).
    NotFound,
    /// The thing to create exists already (exit 4).
    AlreadyExists,
    /// No way to unlock, or the key does not open the vault (exit 5).
    Locked,
    /// Stored data was altered or does not belong where it was found (exit 6).
    Integrity,
    /// Any other failure that has advice to give: unsafe file modes, I/O (exit 1).
    Other,
}

impl Kind {
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Usage => 2,
            Kind::NotFound => 3,
            Kind::AlreadyExists => 4,
            Kind::Locked => 5,
            Kind::Integrity => 6,
            Kind::Other => 1,
        }
    }
}

/// An expected failure: what went wrong and, where there is one, what to do next.
#[derive(Debug)]
pub struct Failure {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<String>,
    /// For a not-found failure: what was missing, so the command's context can say where
    /// the workspace setting came from and where else the collection exists.
    pub missing: Option<Missing>,
}

/// The thing a not-found failure is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// No vault file at this path.
    Vault(std::path::PathBuf),
    Workspace(String),
    Collection {
        workspace: String,
        id: String,
    },
}

impl Failure {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Failure { kind, message: message.into(), hint: None, missing: None }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_missing(mut self, missing: Missing) -> Self {
        self.missing = Some(missing);
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// Shorthands that read well at the call site: `return Err(usage("…"))`.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    Failure::new(Kind::Usage, message).into()
}

pub fn not_found(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    Failure::new(Kind::NotFound, message).with_hint(hint).into()
}

pub fn already_exists(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    Failure::new(Kind::AlreadyExists, message).with_hint(hint).into()
}

pub fn locked(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    Failure::new(Kind::Locked, message).with_hint(hint).into()
}

pub fn integrity(message: impl Into<String>) -> anyhow::Error {
    Failure::new(Kind::Integrity, message)
        .with_hint("the vault's stored data (its file, or its tables on the server) was altered or a value was moved; restore it from a backup you trust")
        .into()
}

/// Marks an error of `vault run` that happened before its command started.
#[derive(Debug)]
struct BeforeStart;

impl fmt::Display for BeforeStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("vault run could not start the command")
    }
}

impl std::error::Error for BeforeStart {}

/// `vault run` failed before its command started: exit 125 whatever the cause, as
/// `env`, `timeout` and `docker run` do.
pub fn before_start(error: anyhow::Error) -> anyhow::Error {
    error.context(BeforeStart)
}

/// `replacement` in place of `error`, still exit 125 if `error` was a failure of
/// `vault run` before its command started.
pub fn replace(error: &anyhow::Error, replacement: anyhow::Error) -> anyhow::Error {
    if error.downcast_ref::<BeforeStart>().is_some() { before_start(replacement) } else { replacement }
}

/// The first [`Failure`] in an error's chain, if any.
pub fn failure_of(error: &anyhow::Error) -> Option<&Failure> {
    error.chain().find_map(|cause| cause.downcast_ref::<Failure>())
}

/// The exit code for an error that ended a command.
pub fn exit_code_of(error: &anyhow::Error) -> u8 {
    if let Some(launch) = error.chain().find_map(|c| c.downcast_ref::<crate::runner::LaunchError>()) {
        return launch.exit_code();
    }
    // A context, not a cause: `chain()` yields it wrapped, so only anyhow's own
    // downcast finds it.
    if error.downcast_ref::<BeforeStart>().is_some() {
        return 125;
    }
    failure_of(error).map_or(1, |failure| failure.kind.exit_code())
}

/// Prints the error once, with its context chain and hint, the way `git` and `age` do.
pub fn report(error: &anyhow::Error) {
    let mut text = format!("error: {error}");
    for cause in error.chain().skip(1) {
        text.push_str(&format!(": {cause}"));
    }
    eprintln!("{}", crate::output::sanitize(&text));
    if let Some(hint) = failure_of(error).and_then(|f| f.hint.as_deref()) {
        eprintln!("hint: {}", crate::output::sanitize(hint));
    }
}

/// Whether the error is stdout closing early, as in `vault list | head`.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}
