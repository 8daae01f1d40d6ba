//! `vault update`: merge, unset or replace secrets (unlocks), or change only name and
//! description (no key needed). The read-modify-write happens inside one immediate
//! transaction, so concurrent updates queue and none is lost.

use crate::cli::UpdateArgs;
use crate::context::Context;
use crate::error::{not_found, usage};
use crate::model::{Secret, validate_description, validate_name};

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
    store.read().summary(&reference)?;

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
        let current = tx.read().sealed(&reference)?;
        let secrets = keyring.open(&current)?;
        let secrets = if args.replace {
            gathered.secrets
        } else {
            merge(secrets, gathered.secrets, &args.unset, &reference)?
        };
        let mut summary = current.summary;
        summary.name = args.name.clone().unwrap_or(summary.name);
        summary.description = args.description.clone().unwrap_or(summary.description);
        summary.updated_at = now;
        summary.secrets = secrets.iter().map(Secret::meta).collect();
        let version = current.version + 1;
        tx.replace_values(&summary, version, &keyring.seal(&summary, version, &secrets)?)?;
        Ok(summary)
    })?;
    super::print_summary(ctx, &summary)
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
