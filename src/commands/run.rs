//! `vault run`: resolve collections, unlock once, open each once, check everything, and
//! only then hand over to the launcher. Any failure up to that point is exit 125, so
//! vault's own failures never pass for the command's status.

use std::collections::{HashMap, HashSet};

use secrecy::SecretSlice;

use crate::audit::Entry;
use crate::cli::RunArgs;
use crate::context::Context;
use crate::error::{Failure, Kind, before_start, usage};
use crate::model::{Secret, SecretType};
use crate::runner::{LaunchError, Plan, Ready, launch};

pub fn run(ctx: &Context, args: RunArgs) -> anyhow::Result<u8> {
    let (ready, not_started) = prepare(ctx, args)?;
    launch(ready).map_err(|error| {
        // The reveal was recorded before the start, since `execve` never returns; say
        // that the command did not get the values after all. Best effort: the launch
        // error is the one to report.
        if let Ok(mut store) = ctx.store() {
            let _ = store.record_reveal(&not_started, super::now());
        }
        launch_failure(error)
    })
}

/// The audit records of one `vault run`: the reveal, and what replaces it if the
/// command then fails to start.
struct Records {
    reveal: Vec<Entry>,
    not_started: Vec<Entry>,
}

fn launch_failure(error: LaunchError) -> anyhow::Error {
    match error {
        LaunchError::Setup(cause) => before_start(cause),
        other => other.into(),
    }
}

/// Everything up to the launch: the command found and its environment built (a
/// missing command is 127 before anything is revealed), then the reveal recorded.
/// Returns the records for a command that then fails to start.
fn prepare(ctx: &Context, args: RunArgs) -> anyhow::Result<(Ready, Vec<Entry>)> {
    let (plan, records, mut store, seen) = plan(ctx, args).map_err(before_start)?;
    let ready = crate::runner::prepare(plan).map_err(launch_failure)?;
    store.record_reveal(&records.reveal, super::now()).map_err(before_start)?;
    drop(store);
    ctx.warn(seen.advance());
    Ok((ready, records.not_started))
}

/// Resolves, unlocks, opens and checks (rollbacks included); returns the plan, the audit
/// records to write, the open store to write them to, and what this machine has now seen.
fn plan(
    ctx: &Context,
    args: RunArgs,
) -> anyhow::Result<(Plan, Records, crate::store::Store, crate::seen::Pending)> {
    let ids = if !args.collections.is_empty() {
        args.collections
    } else {
        match &ctx.project {
            Some(project) if !project.config.collections.is_empty() => project.config.collections.clone(),
            Some(project) => {
                return Err(Failure::new(
                    Kind::Usage,
                    format!("no collection to run with: {} lists none", project.path.display()),
                )
                .with_hint("add them there (collections = [\"app\"]) or pass -c ID")
                .into());
            }
            None => {
                return Err(Failure::new(Kind::Usage, "no collection to run with")
                    .with_hint("pass -c ID, or list them in a .vault.toml: collections = [\"app\"]")
                    .into());
            }
        }
    };
    for key in &args.require {
        crate::model::validate_env_location(key)?;
    }
    let references = ids.iter().map(|id| ctx.reference(id)).collect::<anyhow::Result<Vec<_>>>()?;

    let store = ctx.store()?;
    let (sealed, keys, pending) = {
        let before = crate::seen::before_read(&store)?;
        let snapshot = store.read()?;
        let sealed = references.iter().map(|r| snapshot.sealed(r)).collect::<anyhow::Result<Vec<_>>>()?;
        let read: Vec<_> = references.iter().zip(&sealed).map(|(r, s)| (r, s.version)).collect();
        let pending = before.check(&snapshot, &read)?;
        (sealed, snapshot.keys()?, pending)
    };
    // The metadata lists every secret's type and location, and opening checks the
    // sealed values against it: a missing required key needs no unlock to tell.
    require(&args.require, &sealed)?;
    let keyring = ctx.unlock_keys(&keys)?;
    let mut opened = Vec::new();
    for collection in &sealed {
        opened.extend(keyring.open(collection)?);
    }
    let merged = later_wins(opened);

    // Recorded once everything checked out and the command was found, and before the
    // launch, since the exec path never returns.
    let records = |outcome: &dyn Fn(u64) -> String| -> Vec<Entry> {
        sealed
            .iter()
            .zip(&references)
            .map(|(collection, reference)| {
                let locations = collection.summary.secrets.iter().map(|m| m.location.clone()).collect();
                Entry::collection("run", reference, locations, outcome(collection.version))
            })
            .collect()
    };
    let entries = Records {
        reveal: records(&|version| format!("revealed version {version}")),
        not_started: records(&|version| format!("command not started; version {version} not handed over")),
    };

    let (env, files): (Vec<_>, Vec<_>) = merged.into_iter().partition(|s| s.secret_type == SecretType::Env);
    let pairs = |secrets: Vec<Secret>| -> Vec<(String, SecretSlice<u8>)> {
        secrets.into_iter().map(|s| (s.location, s.value)).collect()
    };
    let plan = Plan {
        command: args.command,
        inherited: std::env::vars_os().collect(),
        env: pairs(env),
        files: pairs(files),
        preserve_env: args.preserve_env,
    };
    Ok((plan, entries, store, pending))
}

/// Fails naming every `--require` key that is not an env secret once the collections
/// are merged (a later collection's secret at a location replaces an earlier one's).
fn require(required: &[String], sealed: &[crate::store::SealedCollection]) -> anyhow::Result<()> {
    let mut types = HashMap::new();
    for meta in sealed.iter().flat_map(|collection| &collection.summary.secrets) {
        types.insert(meta.location.as_str(), meta.secret_type);
    }
    let env_names: HashSet<&str> =
        types.into_iter().filter(|(_, kind)| *kind == SecretType::Env).map(|(name, _)| name).collect();
    let missing: Vec<&str> =
        required.iter().map(String::as_str).filter(|key| !env_names.contains(key)).collect();
    if !missing.is_empty() {
        return Err(usage(format!("required env secrets missing: {}", missing.join(", "))));
    }
    Ok(())
}

/// One secret per location, in linear time: a later collection's secret replaces an
/// earlier one at the same location and takes its place in the order where it came.
fn later_wins(secrets: Vec<Secret>) -> Vec<Secret> {
    let last: HashMap<&str, usize> =
        secrets.iter().enumerate().map(|(at, s)| (s.location.as_str(), at)).collect();
    let keep: Vec<bool> = secrets.iter().enumerate().map(|(at, s)| last[s.location.as_str()] == at).collect();
    secrets.into_iter().zip(keep).filter_map(|(secret, kept)| kept.then_some(secret)).collect()
}
