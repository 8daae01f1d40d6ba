//! `vault workspace list|create|delete`.

use serde_json::json;

use crate::audit::Entry;
use crate::cli::{WorkspaceArgs, WorkspaceCommand, WorkspaceDeleteArgs};
use crate::context::Context;
use crate::error::{Failure, Kind, usage};
use crate::model::{DEFAULT_WORKSPACE, validate_id};

pub fn run(ctx: &Context, command: WorkspaceCommand) -> anyhow::Result<()> {
    let mut store = ctx.store()?;
    match command {
        WorkspaceCommand::List(_) => {
            let workspaces = store.read()?.workspaces()?;
            if ctx.json {
                let items: Vec<_> = workspaces
                    .iter()
                    .map(|w| json!({"name": w.name, "collections": w.collections, "created_at": crate::output::format_time(w.created_at)}))
                    .collect();
                return crate::output::print_json(&items);
            }
            let mut table = crate::output::table(&["WORKSPACE", "COLLECTIONS", "CREATED"]);
            for w in &workspaces {
                table.add_row(vec![
                    crate::output::sanitize(&w.name),
                    w.collections.to_string(),
                    crate::output::format_time(w.created_at),
                ]);
            }
            crate::output::print_table(&table)
        }
        WorkspaceCommand::Create(WorkspaceArgs { name }) => {
            validate_id("workspace", &name)?;
            store.write(|tx| {
                tx.create_workspace(&name, tx.now())?;
                tx.append_audit(&Entry::workspace("workspace create", &name, "created"))
            })?;
            if ctx.json {
                return crate::output::print_json(&json!({"name": name, "created": true}));
            }
            ctx.note(&format!("created workspace '{name}'"));
            Ok(())
        }
        WorkspaceCommand::Delete(WorkspaceDeleteArgs { name, yes }) => {
            validate_id("workspace", &name)?;
            if name == DEFAULT_WORKSPACE {
                return Err(usage("the default workspace cannot be deleted"));
            }
            store.write(|tx| {
                tx.read().require_workspace(&name)?;
                let count = tx.read().collections(&name)?.len();
                if count > 0 && !yes {
                    return Err(Failure::new(
                        Kind::Usage,
                        format!("workspace '{name}' holds {count} collections; nothing was deleted"),
                    )
                    .with_hint(format!(
                        "pass --yes to delete it with its collections, or see 'vault list -w {name}'"
                    ))
                    .into());
                }
                ctx.warn(crate::seen::forget_before_commit(&tx.read(), &[format!("{name}/")])?);
                tx.delete_workspace(&name)?;
                let outcome = format!("deleted with {count} collections");
                tx.append_audit(&Entry::workspace("workspace delete", &name, outcome))
            })?;
            ctx.warn(crate::seen::saw_write(&store, &[], &[format!("{name}/")]));
            if ctx.json {
                return crate::output::print_json(&json!({"name": name, "deleted": true}));
            }
            ctx.note(&format!("deleted workspace '{name}'"));
            Ok(())
        }
    }
}
