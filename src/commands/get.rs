//! `vault get`: a collection with masked values (no key needed), revealed values, or
//! one value's exact bytes for `$(vault get app KEY)` and redirection; of the current
//! version or, with `--version N`, of one kept in history. A reveal is recorded in the
//! audit log before anything is printed, so no value leaves unrecorded.

use secrecy::ExposeSecret;

use crate::audit::Entry;
use crate::cli::GetArgs;
use crate::context::Context;
use crate::error::not_found;
use crate::model::{CollectionRef, Secret};
use crate::store::{Reader, SealedCollection, Store, VaultKeys};

pub fn run(ctx: &Context, args: GetArgs) -> anyhow::Result<()> {
    let reference = ctx.reference(&args.id)?;
    let mut store = ctx.store()?;
    if !args.reveal && args.location.is_none() {
        // Masked: metadata only, no key.
        let before = crate::seen::before_read(&store)?;
        let snapshot = store.read()?;
        let sealed = read_version(&snapshot, &reference, args.version)?;
        let pending = before.check(&snapshot, &current(&sealed, &reference))?;
        drop(snapshot);
        ctx.warn(pending.advance());
        if ctx.json {
            return crate::output::print_json(&crate::output::collection_json_masked(&sealed.summary));
        }
        crate::output::print_summary(&sealed.summary)?;
        return print_secrets(&sealed.summary, None);
    }
    // The keys come from the same snapshot as the sealed values they open.
    let (sealed, keys, pending) = {
        let before = crate::seen::before_read(&store)?;
        let snapshot = store.read()?;
        let sealed = read_version(&snapshot, &reference, args.version)?;
        let pending = before.check(&snapshot, &current(&sealed, &reference))?;
        (sealed, snapshot.keys()?, pending)
    };
    let summary = &sealed.summary;

    if let Some(location) = &args.location {
        if !summary.secrets.iter().any(|m| &m.location == location) {
            return Err(not_found(
                format!("location '{}' not found in {reference}", crate::output::sanitize(location)),
                format!("see 'vault get {}'", args.id),
            ));
        }
        let secrets = reveal(ctx, &mut store, &keys, &reference, &sealed, Some(location))?;
        ctx.warn(pending.advance());
        let secret = secrets.iter().find(|s| &s.location == location);
        // Present: open() checked the sealed list against the metadata searched above.
        return crate::output::print_raw(secret.map_or(&[][..], |s| s.value.expose_secret()));
    }

    let secrets = reveal(ctx, &mut store, &keys, &reference, &sealed, None)?;
    ctx.warn(pending.advance());
    if ctx.json {
        return crate::output::print_json(&crate::output::collection_json_revealed(summary, &secrets));
    }
    crate::output::print_summary(summary)?;
    print_secrets(summary, Some(&secrets))
}

/// The current version, or version `version` when given.
fn read_version(
    reader: &Reader,
    reference: &CollectionRef,
    version: Option<u64>,
) -> anyhow::Result<SealedCollection> {
    match version {
        Some(version) => reader.version(reference, version),
        None => reader.sealed(reference),
    }
}

/// The collection's version to check against what this machine has seen: the current
/// one; an older version asked for by number says nothing about rollback.
fn current<'a>(sealed: &SealedCollection, reference: &'a CollectionRef) -> Vec<(&'a CollectionRef, u64)> {
    if sealed.historic { Vec::new() } else { vec![(reference, sealed.version)] }
}

/// Unlocks and opens the version, and records the reveal of `location` (or of all
/// of them) in the audit log.
fn reveal(
    ctx: &Context,
    store: &mut Store,
    keys: &VaultKeys,
    reference: &CollectionRef,
    sealed: &SealedCollection,
    location: Option<&String>,
) -> anyhow::Result<Vec<Secret>> {
    let secrets = ctx.unlock_keys(keys)?.open(sealed)?;
    let locations = match location {
        Some(location) => vec![location.clone()],
        None => sealed.summary.secrets.iter().map(|m| m.location.clone()).collect(),
    };
    let entry =
        Entry::collection("get", reference, locations, format!("revealed version {}", sealed.version));
    store.record_reveal(&[entry], super::now())?;
    Ok(secrets)
}

fn print_secrets(
    summary: &crate::model::Summary,
    values: Option<&[crate::model::Secret]>,
) -> anyhow::Result<()> {
    if summary.secrets.is_empty() {
        return Ok(());
    }
    crate::output::print_blank_line()?;
    crate::output::print_table(&crate::output::secrets_table(&summary.secrets, values))
}
