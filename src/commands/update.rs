//! `vault update`: merge, unset or replace secrets (unlocks), or change only name and
//! description (no key needed). The read-modify-write happens inside one immediate
//! transaction, so concurrent updates queue and none is lost.

use crate::audit::Entry;
use crate::cli::UpdateArgs;
use crate::context::Context;
use crate::error::{not_found, usage};
use crate::keyring::Keyring;
use crate::model::{Changes, CollectionRef, Secret, Summary, validate_description, validate_name};
use crate::store::{SealedCollection, Writer};

pub fn run(ctx: &Context, args: UpdateArgs) -> anyhow::Result<()> {
    let reference = ctx.reference(&args.id)?;
    let changes_values = args.replace || !args.sources.is_empty() || !args.unset.is_empty();
    if !changes_values && args.name.is_none() && args.description.is_none() {
        return Err(usage(
            "nothing to update: give --name, --description, a secret source, --unset or --replace",
        ));
    }
    if let Some(name) = &args.name {
        validate_name(name)?;
    }
    if let Some(description) = &args.description {
        validate_description(description)?;
    }
    let mut store = ctx.store()?;
    store.read()?.summary(&reference)?;

    let now = super::now();
    if !changes_values {
        let summary = store.write(|tx| {
            let mut summary = tx.read().summary(&reference)?;
            summary.name = args.name.clone().unwrap_or(summary.name);
            summary.description = args.description.clone().unwrap_or(summary.description);
            summary.updated_at = now;
            tx.update_details(&summary)?;
            Ok(summary)
        })?;
        return super::print_summary(ctx, &summary);
    }

    let gathered = crate::sources::gather(&args.sources)?;
    if let Some(both) = args.unset.iter().find(|l| gathered.secrets.iter().any(|s| &s.location == *l)) {
        return Err(usage(format!(
            "location '{}' is both set and unset; give it once",
            crate::output::sanitize(both)
        )));
    }
    let keyring = ctx.unlock(&store)?;
    let summary = store.write(|tx| {
        keyring.ensure_current(&tx.read().keys()?)?;
        let current = tx.read().sealed(&reference)?;
        let secrets = if args.replace {
            gathered.secrets
        } else {
            merge(keyring.open(&current)?, gathered.secrets, &args.unset, &reference)?
        };
        let mut summary = current.summary.clone();
        summary.name = args.name.clone().unwrap_or(summary.name);
        summary.description = args.description.clone().unwrap_or(summary.description);
        summary.updated_at = now;
        write_version(ctx, tx, &keyring, &current, &secrets, summary, None)
    })?;
    ctx.warn(crate::seen::saw_write(&store, &[&reference], &[]));
    super::print_summary(ctx, &summary)
}

/// Makes `secrets` the collection's next version, the current one going into history,
/// and records it in the audit log, all in the caller's transaction (`rollback_from`:
/// the version a rollback copies). Values equal to the current ones (same bytes, type
/// and kind at the same locations) make no new version: only name, description and
/// update time are written, as a rename would.
pub(super) fn write_version(
    ctx: &Context,
    tx: &Writer,
    keyring: &Keyring,
    current: &SealedCollection,
    secrets: &[Secret],
    mut summary: Summary,
    rollback_from: Option<u64>,
) -> anyhow::Result<Summary> {
    // The current values are opened (about a microsecond) to say what changed; only the
    // location names are kept.
    let reference = CollectionRef { workspace: summary.workspace.clone(), id: summary.id.clone() };
    // Never build a new version on one put back from an older copy.
    crate::seen::check(&tx.read(), &[(&reference, current.version)])?;
    let changes = Changes::between(&keyring.open(current)?, secrets);
    let (command, copied) = match rollback_from {
        Some(from) => ("rollback", format!(", a copy of version {from}")),
        None => ("update", String::new()),
    };
    let entry = if changes.is_empty() {
        tx.update_details(&summary)?;
        Entry::collection(command, &reference, Vec::new(), format!("no value changed{copied}"))
    } else {
        let version = current.version + 1;
        summary.secrets = secrets.iter().map(Secret::meta).collect();
        let sealed = keyring.seal(&summary, version, secrets)?;
        let previous = keyring.seal_as_history(current)?;
        tx.replace_values(&summary, version, &sealed, &previous, &changes, ctx.history_keep)?;
        Entry::collection(command, &reference, changes.locations(), format!("version {version}{copied}"))
    };
    tx.append_audit(&entry, summary.updated_at)?;
    Ok(summary)
}

/// Given secrets replace those at the same location (keeping its place) or are added
/// at the end; `--unset` locations are removed and must exist.
fn merge(
    mut current: Vec<Secret>,
    given: Vec<Secret>,
    unset: &[String],
    reference: &crate::model::CollectionRef,
) -> anyhow::Result<Vec<Secret>> {
    for location in unset {
        let index = current.iter().position(|s| &s.location == location).ok_or_else(|| {
            not_found(
                format!("location '{}' not found in {reference}", crate::output::sanitize(location)),
                format!("see 'vault get {}/{}'", reference.workspace, reference.id),
            )
        })?;
        current.remove(index);
    }
    for secret in given {
        match current.iter_mut().find(|s| s.location == secret.location) {
            Some(slot) => *slot = secret,
            None => current.push(secret),
        }
    }
    Ok(current)
}
