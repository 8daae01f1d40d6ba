//! `vault status`: where this command line stands. The vault file and its mode, the
//! workspace, the project file and its collections, the identity file, each with where
//! its setting came from (flag, environment, `.vault.toml`, config, default), and the
//! unlock agent's state. It reads only clear metadata: no unlock, no value, no prompt.

use serde_json::{Value, json};

use crate::context::{Context, Origin};

pub fn run(ctx: &Context) -> anyhow::Result<()> {
    let vault = vault_state(ctx)?;
    let (agent_line, agent) = agent_state(ctx, vault.as_ref().map(|v| v.vault_id.as_str()));
    if ctx.json {
        return crate::output::print_json(&json!({
            "vault": {
                "location": ctx.vault_path.to_string_lossy(),
                "exists": vault.is_some(),
                "mode": vault.as_ref().map(|v| v.mode),
                "from": origin_json(&ctx.vault_origin),
            },
            "workspace": {
                "name": ctx.workspace,
                "exists": vault.as_ref().map(|v| v.workspaces.contains(&ctx.workspace)),
                "from": origin_json(&ctx.workspace_origin),
            },
            "project": ctx.project.as_ref().map(|p| json!({
                "path": p.path.to_string_lossy(),
                "workspace": p.config.workspace,
                "collections": p.config.collections,
            })),
            "identity_file": ctx.identity_file.as_ref().map(|path| json!({
                "path": path.to_string_lossy(),
                "from": origin_json(&ctx.identity_origin),
            })),
            "passphrase_variable": std::env::var_os(crate::keyring::PASSPHRASE_VAR).is_some(),
            "agent": agent,
        }));
    }
    let from = |origin: &Origin| match origin {
        Origin::Default => " (built-in default)".to_owned(),
        other => format!(" ({other})"),
    };
    let mut lines = vec![("vault", format!("{}{}", ctx.vault_path.display(), from(&ctx.vault_origin)))];
    lines.push((
        "mode",
        match &vault {
            Some(vault) => vault.mode.replace('-', " "),
            None => "no vault there yet: create it with 'vault init'".to_owned(),
        },
    ));
    let missing = match &vault {
        Some(vault) if !vault.workspaces.contains(&ctx.workspace) => " — not in this vault",
        _ => "",
    };
    lines.push(("workspace", format!("{}{}{missing}", ctx.workspace, from(&ctx.workspace_origin))));
    lines.push((
        "project",
        match &ctx.project {
            Some(project) if project.config.collections.is_empty() => {
                format!("{} (no collections listed)", project.path.display())
            }
            Some(project) => {
                format!("{}: collections {}", project.path.display(), project.config.collections.join(", "))
            }
            None => format!("none ({} not found here or above)", crate::config::PROJECT_FILE),
        },
    ));
    lines.push((
        "identity",
        match &ctx.identity_file {
            Some(path) => format!("{}{}", path.display(), from(&ctx.identity_origin)),
            None => "none".to_owned(),
        },
    ));
    if std::env::var_os(crate::keyring::PASSPHRASE_VAR).is_some() {
        lines.push(("passphrase", format!("{} is set", crate::keyring::PASSPHRASE_VAR)));
    }
    lines.push(("agent", agent_line));
    crate::output::print_fields(&lines)
}

/// What status reads from the vault file: its mode and workspace names.
struct VaultState {
    vault_id: String,
    mode: &'static str,
    workspaces: Vec<String>,
}

/// The vault's mode and workspaces, or None when there is no vault file yet.
fn vault_state(ctx: &Context) -> anyhow::Result<Option<VaultState>> {
    let store = match ctx.store() {
        Ok(store) => store,
        Err(error) if crate::store::is_missing(&error) => return Ok(None),
        Err(error) => return Err(error),
    };
    let snapshot = store.read()?;
    let keys = snapshot.keys()?;
    let mode = if keys.sealed_identity.is_some() { "passphrase" } else { "identity-file" };
    let workspaces = snapshot.workspaces()?.into_iter().map(|w| w.name).collect();
    Ok(Some(VaultState { vault_id: keys.vault_id, mode, workspaces }))
}

/// The unlock agent's state for the vault `vault_id`, as a line and as JSON: asked
/// without unlocking (the agent lists what it holds, never a key).
fn agent_state(ctx: &Context, vault_id: Option<&str>) -> (String, Value) {
    if !ctx.agent {
        return ("off (VAULT_AGENT, or agent = false in the config)".to_owned(), json!({"enabled": false}));
    }
    match crate::agent::status() {
        Ok(None) => ("not running".to_owned(), json!({"enabled": true, "running": false})),
        Ok(Some(status)) => {
            let held = vault_id.and_then(|id| status.vaults.iter().find(|v| v.vault_id == id));
            let line = match held {
                Some(v) => format!(
                    "holds this vault's key until {} unless used (pid {})",
                    crate::output::format_time(v.expires_at),
                    status.pid
                ),
                None => format!("running (pid {}), does not hold this vault", status.pid),
            };
            let json = json!({
                "enabled": true,
                "running": true,
                "pid": status.pid,
                "holds_this_vault": held.is_some(),
                "expires_at": held.map(|v| crate::output::format_time(v.expires_at)),
            });
            (line, json)
        }
        Err(error) => {
            (format!("cannot ask it: {error:#}"), json!({"enabled": true, "error": format!("{error:#}")}))
        }
    }
}

fn origin_json(origin: &Origin) -> Value {
    json!({"kind": origin.kind(), "source": origin.source()})
}
