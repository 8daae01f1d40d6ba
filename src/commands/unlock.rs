//! `vault unlock [--for DURATION]`: unlock the vault once (passphrase from
//! `VAULT_PASSPHRASE` or the prompt) and hand its checked data key to the unlock agent,
//! which keeps it until it goes unused for DURATION. `--status` lists what the agent
//! holds, as `ssh-add -l` does; never a key.

use serde_json::json;

use crate::cli::UnlockArgs;
use crate::context::Context;
use crate::error::{Failure, Kind};
use crate::output::format_time;

pub fn run(ctx: &Context, args: UnlockArgs) -> anyhow::Result<()> {
    if args.status {
        return status(ctx);
    }
    if !ctx.agent {
        return Err(Failure::new(Kind::Usage, "the unlock agent is turned off, so nothing can hold the key")
            .with_hint("unset VAULT_AGENT (or set it to 1), and drop 'agent = false' from the user config")
            .into());
    }
    let store = ctx.store()?;
    let keys = store.read()?.keys()?;
    let unlocked = ctx.unlock_for_agent(&keys)?;
    if !ctx.asked_for_secret(&unlocked) {
        ctx.note(&format!(
            "the identity file opens the vault at {} without a passphrase; the agent is not needed",
            ctx.vault_path.display()
        ));
        return Ok(());
    }
    let (expires_at, hard_expires_at) = ctx.hand_to_agent(&unlocked.keyring, &keys, args.idle)?;
    let idle = humantime::format_duration(args.idle);
    if ctx.json {
        return crate::output::print_json(&json!({
            "vault": ctx.vault_path.to_string_lossy(),
            "vault_id": keys.vault_id,
            "idle": idle.to_string(),
            "expires_at": format_time(expires_at),
            "hard_expires_at": format_time(hard_expires_at),
        }));
    }
    ctx.note(&format!(
        "unlocked the vault at {}: the agent forgets its key at {} unless it is used \
         (each use renews {idle}), and at {} at the latest; 'vault lock' forgets it now",
        ctx.vault_path.display(),
        format_time(expires_at),
        format_time(hard_expires_at),
    ));
    Ok(())
}

/// The vaults the agent holds: path, vault id and when each is forgotten.
fn status(ctx: &Context) -> anyhow::Result<()> {
    let status = crate::agent::status()?;
    if ctx.json {
        let vaults: Vec<_> = status.iter().flat_map(|status| &status.vaults).map(|vault| {
            json!({
                "vault": vault.path,
                "vault_id": vault.vault_id,
                "idle": humantime::format_duration(std::time::Duration::from_secs(vault.idle_secs)).to_string(),
                "expires_at": format_time(vault.expires_at),
                "hard_expires_at": format_time(vault.hard_expires_at),
            })
        }).collect();
        let agent =
            status.as_ref().map(|status| json!({"pid": status.pid, "memory_locked": status.memory_locked}));
        return crate::output::print_json(&json!({"agent": agent, "vaults": vaults}));
    }
    let Some(status) = status else {
        ctx.note("no unlock agent is running; 'vault unlock' starts one");
        return Ok(());
    };
    if !status.memory_locked {
        ctx.note(
            "warning: the agent could not lock its memory against swapping (raise RLIMIT_MEMLOCK, ulimit -l)",
        );
    }
    if status.vaults.is_empty() {
        ctx.note(&format!("the unlock agent (pid {}) holds no vault", status.pid));
    }
    for vault in &status.vaults {
        println!(
            "{}\t{}\tuntil {} unless used, {} at the latest",
            crate::output::sanitize(&vault.path),
            vault.vault_id,
            format_time(vault.expires_at),
            format_time(vault.hard_expires_at)
        );
    }
    Ok(())
}
