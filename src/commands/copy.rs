//! `vault copy --to LOCATION`: the whole vault into an empty location, as stored: a
//! laptop's file onto the team's server, or the server into a file for a backup. It
//! reads one snapshot and writes the copy in one transaction; nothing is decrypted, so
//! no unlock is needed, and nothing is added to either audit chain (the copy's chain is
//! the original's, so it verifies and readers' seen state still matches it).

use serde_json::json;

use crate::cli::CopyArgs;
use crate::context::Context;
use crate::store::{Exists, Location, Store};

pub fn run(ctx: &Context, args: CopyArgs) -> anyhow::Result<()> {
    let target = Location::parse(&args.to)?;
    let store = ctx.store()?;
    let image = store.read()?.image()?;
    drop(store);
    Store::create_from(&target, &image).map_err(|error| match error.downcast_ref::<Exists>() {
        Some(exists) => crate::error::already_exists(
            exists.to_string(),
            "vault copy writes only into an empty location: give --to another file or schema",
        ),
        None => error,
    })?;
    let collections: usize = image.workspaces.iter().map(|w| w.collections.len()).sum();
    if ctx.json {
        return crate::output::print_json(&json!({
            "from": ctx.vault_path.to_string_lossy(),
            "to": target.name().to_string_lossy(),
            "vault_id": image.keys.vault_id,
            "workspaces": image.workspaces.len(),
            "collections": collections,
            "audit_records": image.audit.len(),
        }));
    }
    ctx.note(&format!(
        "copied the vault at {} to {}: {} workspaces, {collections} collections, {} audit records",
        ctx.vault_path.display(),
        target,
        image.workspaces.len(),
        image.audit.len()
    ));
    Ok(())
}
