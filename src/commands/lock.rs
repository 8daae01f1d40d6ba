//! `vault lock`: the unlock agent forgets this vault's key now; `--all` forgets every
//! key and stops the agent. Neither needs to unlock.

use serde_json::json;

use crate::cli::LockArgs;
use crate::context::Context;

pub fn run(ctx: &Context, args: LockArgs) -> anyhow::Result<()> {
    if args.all {
        let stopped = crate::agent::stop()?;
        if ctx.json {
            return crate::output::print_json(&json!({"stopped": stopped}));
        }
        ctx.note(if stopped {
            "the unlock agent forgot every key and stopped"
        } else {
            "no unlock agent was running"
        });
        return Ok(());
    }
    let vault_id = ctx.store()?.read()?.keys()?.vault_id;
    let forgotten = crate::agent::forget(&vault_id)? > 0;
    if ctx.json {
        return crate::output::print_json(
            &json!({"vault": ctx.vault_path.to_string_lossy(), "vault_id": vault_id, "forgotten": forgotten}),
        );
    }
    ctx.note(&if forgotten {
        format!("the unlock agent forgot the vault at {}", ctx.vault_path.display())
    } else {
        format!("the unlock agent did not hold the vault at {}", ctx.vault_path.display())
    });
    Ok(())
}
