//! `vault get`: a collection with masked values (no key needed), revealed values, or
//! one value's exact bytes for `$(vault get app KEY)`, a pipe or `--output FILE`; of
//! the current version or, with `--version N`, of one kept in history. A reveal is
//! recorded in the audit log before anything is printed, so no value leaves
//! unrecorded; a value that is not plain text is refused on a terminal (as curl does)
//! before anything is recorded.

use std::io::IsTerminal;

use secrecy::ExposeSecret;

use crate::atomic_file::Destination;
use crate::audit::Entry;
use crate::cli::GetArgs;
use crate::context::Context;
use crate::error::{Failure, Kind, not_found};
use crate::model::CollectionRef;
use crate::store::{Reader, SealedCollection, Store};

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
        let secrets = ctx.unlock_keys(&keys)?.open(&sealed)?;
        // Present: open() checked the sealed list against the metadata searched above.
        let value =
            secrets.iter().find(|s| &s.location == location).map_or(&[][..], |s| s.value.expose_secret());
        if args.output.is_none() && std::io::stdout().is_terminal() && !crate::terminal::is_plain_text(value)
        {
            return Err(Failure::new(
                Kind::Usage,
                format!(
                    "the value of '{}' is not plain text; it is not written to a terminal",
                    crate::output::sanitize(location)
                ),
            )
            .with_hint(format!(
                "write it to a file with --output FILE, pipe it (| cat), or force it with --output -; 'vault get {} --reveal' shows it escaped",
                args.id
            ))
            .into());
        }
        let destination = Destination::open(args.output.as_deref())?;
        record_reveal(&mut store, &reference, &sealed, vec![location.clone()])?;
        ctx.warn(pending.advance());
        return destination.write(value);
    }

    let secrets = ctx.unlock_keys(&keys)?.open(&sealed)?;
    let locations = summary.secrets.iter().map(|m| m.location.clone()).collect();
    record_reveal(&mut store, &reference, &sealed, locations)?;
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

/// Records the reveal of `locations` of the version in the audit log.
fn record_reveal(
    store: &mut Store,
    reference: &CollectionRef,
    sealed: &SealedCollection,
    locations: Vec<String>,
) -> anyhow::Result<()> {
    let entry =
        Entry::collection("get", reference, locations, format!("revealed version {}", sealed.version));
    store.record_reveal(&[entry], super::now())
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
