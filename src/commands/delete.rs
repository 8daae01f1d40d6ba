//! `vault delete`: removes a collection with every kept version; asks on a terminal,
//! needs `--yes` elsewhere.

use serde_json::json;

use crate::audit::Entry;
use crate::cli::DeleteArgs;
use crate::context::Context;

pub fn run(ctx: &Context, args: DeleteArgs) -> anyhow::Result<()> {
    let reference = ctx.reference(&args.id)?;
    let mut store = ctx.store()?;
    if args.allow_missing && !store.read()?.exists(&reference)? {
        ctx.note(&format!("{reference} does not exist; nothing to delete"));
        return Ok(());
    }
    let summary = store.read()?.summary(&reference)?;
    if !args.yes {
        super::confirm(&format!("delete {reference} and its {} secrets?", summary.secrets.len()), "delete")?;
    }
    let deleted = store.write(|tx| {
        ctx.warn(crate::seen::forget_before_commit(&tx.read(), &[crate::seen::name(&reference)])?);
        let deleted = tx.delete_collection(&reference)?;
        if deleted {
            let locations = summary.secrets.iter().map(|m| m.location.clone()).collect();
            let entry = Entry::collection("delete", &reference, locations, "deleted with every version");
            tx.append_audit(&entry)?;
        }
        Ok(deleted)
    })?;
    if deleted {
        ctx.warn(crate::seen::saw_write(&store, &[], &[crate::seen::name(&reference)]));
    }
    if !deleted && !args.allow_missing {
        return Err(crate::store::collection_not_found(&reference));
    }
    if ctx.json {
        return crate::output::print_json(
            &json!({"id": reference.id, "workspace": reference.workspace, "deleted": deleted}),
        );
    }
    ctx.note(&format!("deleted {reference}"));
    Ok(())
}
