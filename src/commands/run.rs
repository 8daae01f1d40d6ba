//! `vault run`: resolve collections, unlock once, open each once, check everything, and
//! only then hand over to the launcher. Any failure up to that point is exit 125, so
//! vault's own failures never pass for the command's status.

use secrecy::SecretSlice;

use crate::audit::Entry;
use crate::cli::RunArgs;
use crate::context::Context;
use crate::error::{Failure, Kind, before_start, usage};
use crate::model::{Secret, SecretType};
use crate::runner::{Plan, launch};

pub fn run(ctx: &Context, args: RunArgs) -> anyhow::Result<u8> {
    let plan = prepare(ctx, args).map_err(before_start)?;
    launch(plan).map_err(|error| match error {
        crate::runner::LaunchError::Setup(cause) => before_start(cause),
        other => other.into(),
    })
}

fn prepare(ctx: &Context, args: RunArgs) -> anyhow::Result<Plan> {
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

    let mut store = ctx.store()?;
    let (sealed, keys, pending) = {
        let before = crate::seen::before_read(&store)?;
        let snapshot = store.read()?;
        let sealed = references.iter().map(|r| snapshot.sealed(r)).collect::<anyhow::Result<Vec<_>>>()?;
        let read: Vec<_> = references.iter().zip(&sealed).map(|(r, s)| (r, s.version)).collect();
        let pending = before.check(&snapshot, &read)?;
        (sealed, snapshot.keys()?, pending)
    };
    let keyring = ctx.unlock_keys(&keys)?;
    let mut merged: Vec<Secret> = Vec::new();
    for collection in &sealed {
        for secret in keyring.open(collection)? {
            merged.retain(|s| s.location != secret.location);
            merged.push(secret);
        }
    }

    let missing: Vec<&str> = args
        .require
        .iter()
        .filter(|key| !merged.iter().any(|s| s.secret_type == SecretType::Env && &s.location == *key))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(usage(format!("required env secrets missing: {}", missing.join(", "))));
    }

    // Recorded once everything checked out, and before the launch, since the exec
    // path never returns.
    let entries: Vec<Entry> = sealed
        .iter()
        .zip(&references)
        .map(|(collection, reference)| {
            let locations = collection.summary.secrets.iter().map(|m| m.location.clone()).collect();
            Entry::collection("run", reference, locations, format!("revealed version {}", collection.version))
        })
        .collect();
    store.record_reveal(&entries, super::now())?;
    drop(store);
    ctx.warn(pending.advance());

    let (env, files): (Vec<_>, Vec<_>) = merged.into_iter().partition(|s| s.secret_type == SecretType::Env);
    let pairs = |secrets: Vec<Secret>| -> Vec<(String, SecretSlice<u8>)> {
        secrets.into_iter().map(|s| (s.location, s.value)).collect()
    };
    Ok(Plan {
        command: args.command,
        inherited: std::env::vars_os().collect(),
        env: pairs(env),
        files: pairs(files),
        preserve_env: args.preserve_env,
    })
}
