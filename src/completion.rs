//! Dynamic shell completion, through clap_complete's `CompleteEnv`: the shell calls
//! `VAULT_COMPLETE=bash vault -- vault get ap` and vault answers with candidates,
//! as git and pass complete their object names. Collection IDs, workspaces and a
//! collection's locations come from the vault file's clear metadata only: completion
//! never unlocks, prompts, prints a value or writes the audit log, and any failure
//! (no vault, a bad config) completes nothing rather than printing an error.
//!
//! The static scripts of `vault completions SHELL` stay for packagers; these are what
//! `source <(VAULT_COMPLETE=bash vault)` registers (README "Shell completion").

use std::ffi::OsString;

use clap::{CommandFactory, FromArgMatches};
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};

use crate::cli::{Cli, Command, Globals};
use crate::context::Context;
use crate::model::CollectionRef;
use crate::store::Store;

/// The variable that turns a vault start into a completion request. Not clap's default
/// `COMPLETE`: a variable of that common name set for another reason must not turn
/// every `vault` into a completer.
pub const VARIABLE: &str = "VAULT_COMPLETE";

/// Answers a completion request and exits, if this start is one; else returns at once.
pub fn complete_if_asked() {
    if std::env::var_os(VARIABLE).is_some() {
        clap_complete::CompleteEnv::with_factory(Cli::command).var(VARIABLE).complete();
    }
}

/// Collection IDs of the line's workspace, then `WS/ID` of the others.
pub fn collection_ids() -> ArgValueCandidates {
    ArgValueCandidates::new(|| candidates(|line| ids(&line.context, &line.store)))
}

/// Workspace names.
pub fn workspaces() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        candidates(|line| {
            let workspaces = line.store.read()?.workspaces()?;
            Ok(workspaces.into_iter().map(|w| CompletionCandidate::new(w.name)).collect())
        })
    })
}

/// The locations of the collection the line names (`vault get ID <TAB>`).
pub fn locations() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        candidates(|line| {
            let Some(id) = &line.collection else { return Ok(Vec::new()) };
            let summary = line.store.read()?.summary(&line.context.reference(id)?)?;
            let kind = |meta: &crate::model::SecretMeta| Some(meta.secret_type.as_str().to_owned().into());
            Ok(summary.secrets.iter().map(|m| CompletionCandidate::new(&m.location).help(kind(m))).collect())
        })
    })
}

/// What a completer knows of the line being completed: the settings it gives (its
/// `-w`, `--vault`, the environment, `.vault.toml`), the vault opened for reading, and
/// the collection it names, if any.
struct Line {
    context: Context,
    store: Store,
    collection: Option<String>,
}

/// Runs `complete` on the line being completed; nothing on any failure.
fn candidates(
    complete: impl FnOnce(Line) -> anyhow::Result<Vec<CompletionCandidate>>,
) -> Vec<CompletionCandidate> {
    let line = || -> anyhow::Result<Line> {
        // The words after the first `--`: the line as typed so far, program name first,
        // without the word being completed (`-w pr` is not a workspace yet).
        let mut words: Vec<OsString> = std::env::args_os().skip_while(|word| word != "--").skip(1).collect();
        words.pop();
        let matches = Cli::command().ignore_errors(true).try_get_matches_from(words)?;
        let context = Context::new(&Globals::from_levels(&matches))?;
        let collection = Cli::from_arg_matches(&matches).ok().and_then(|cli| named_collection(cli.command));
        let store = Store::open(&context.location)?;
        Ok(Line { context, store, collection })
    };
    line().and_then(complete).unwrap_or_default()
}

/// The collection whose locations a command's arguments complete.
fn named_collection(command: Command) -> Option<String> {
    match command {
        Command::Get(args) => Some(args.id),
        Command::Update(args) => Some(args.id),
        _ => None,
    }
}

fn ids(context: &Context, store: &Store) -> anyhow::Result<Vec<CompletionCandidate>> {
    let snapshot = store.read()?;
    let mut found = Vec::new();
    let mut workspaces = snapshot.workspaces()?;
    // The line's own workspace first, by bare ID.
    workspaces.sort_by_key(|w| w.name != context.workspace);
    for workspace in workspaces {
        for summary in snapshot.collections(&workspace.name)?.into_iter().flatten() {
            let reference = CollectionRef { workspace: workspace.name.clone(), id: summary.id };
            let value = if reference.workspace == context.workspace {
                reference.id
            } else {
                format!("{}/{}", reference.workspace, reference.id)
            };
            found.push(CompletionCandidate::new(value).help(Some(summary.name.into())));
        }
    }
    Ok(found)
}
