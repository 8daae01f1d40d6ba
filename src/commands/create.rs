//! `vault create ID`: a new collection from the given secret sources.

use crate::audit::Entry;
use crate::cli::CreateArgs;
use crate::context::Context;
use crate::model::{Summary, validate_description, validate_name};

pub fn run(ctx: &Context, args: CreateArgs) -> anyhow::Result<()> {
    let reference = ctx.reference(&args.id)?;
    if let Some(name) = &args.name {
        validate_name(name)?;
    }
    if let Some(description) = &args.description {
        validate_description(description)?;
    }
    let mut store = ctx.store()?;
    // Checks that need no key come before anything is read, asked or unlocked.
    store.read()?.require_workspace(&reference.workspace)?;
    if args.allow_existing && store.read()?.exists(&reference)? {
        return super::print_summary(ctx, &store.read()?.summary(&reference)?);
    }
    store.read()?.require_absent(&reference)?;
    let gathered = crate::sources::gather(&args.sources)?;
    let name = args.name.clone().or(gathered.name.clone()).unwrap_or_else(|| reference.id.clone());
    let description = args.description.clone().or(gathered.description.clone()).unwrap_or_default();
    validate_name(&name)?;
    validate_description(&description)?;

    let keyring = ctx.unlock(&store)?;
    let now = super::now();
    let summary = Summary {
        workspace: reference.workspace.clone(),
        id: reference.id.clone(),
        name,
        description,
        created_at: now,
        updated_at: now,
        secrets: gathered.secrets.iter().map(|s| s.meta()).collect(),
    };
    let sealed = keyring.seal(&summary, 1, &gathered.secrets)?;
    let created = store.write(|tx| {
        keyring.ensure_current(&tx.read().keys()?)?;
        if args.allow_existing && tx.read().exists(&reference)? {
            return Ok(false);
        }
        ctx.warn(crate::seen::forget_before_commit(&tx.read(), &[crate::seen::name(&reference)])?);
        tx.insert_collection(&summary, &sealed)?;
        let locations = summary.secrets.iter().map(|m| m.location.clone()).collect();
        tx.append_audit(&Entry::collection("create", &reference, locations, "version 1"), now)?;
        Ok(true)
    })?;
    if created {
        // Created here: a version seen of an earlier collection of that name is moot.
        ctx.warn(crate::seen::saw_write(&store, &[&reference], &[crate::seen::name(&reference)]));
    }
    if !created {
        // Nothing generated was stored: there is nothing to show.
        return super::print_summary(ctx, &store.read()?.summary(&reference)?);
    }
    super::print_outcome(ctx, &summary, &gathered, args.sources.show)
}
