//! `vault audit`: lists the audit log, or checks its hash chain with `--verify` (exit 6
//! on a break). Reads clear records only: no key, nothing written.

use serde_json::json;

use crate::audit::Record;
use crate::cli::AuditArgs;
use crate::context::Context;
use crate::output::{format_time, sanitize};

pub fn run(ctx: &Context, args: AuditArgs) -> anyhow::Result<()> {
    let store = ctx.store()?;
    if args.accept_state {
        let snapshot = store.read()?;
        crate::seen::accept(&snapshot)?;
        let vault_id = snapshot.vault_id()?;
        crate::pins::accept_vault_id(&ctx.vault_path, &vault_id)?;
        ctx.warn(crate::seen::set_location(&ctx.vault_path, &vault_id));
        ctx.note(&format!(
            "accepted the vault at {} as it is now; older states are refused again from here on",
            ctx.vault_path.display()
        ));
        return Ok(());
    }
    if args.verify {
        // One snapshot: reveals appending meanwhile must not look like removed records.
        let before = crate::seen::before_read(&store)?;
        let snapshot = store.read()?;
        let (records, (count, head)) = (snapshot.audit(None)?, snapshot.audit_head()?);
        let versions = snapshot.current_versions()?;
        before.check(&snapshot, &[])?;
        drop(snapshot);
        let broken = |reason: String| {
            crate::error::integrity(format!(
                "the audit log of {} is broken: {reason}",
                ctx.vault_path.display()
            ))
        };
        crate::audit::verify(&records, count, head.as_deref()).map_err(broken)?;
        crate::audit::versions_agree(&records, &versions).map_err(|reason| {
            crate::error::Failure::new(crate::error::Kind::Integrity, reason).with_hint(format!(
                "a collection was put back from an older copy; if you restored it on purpose, run '{}'",
                crate::seen::ACCEPT
            ))
        })?;
        if ctx.json {
            return crate::output::print_json(&json!({"verified": true, "records": count}));
        }
        ctx.note(&format!("audit log verified: {count} records, chain intact"));
        return Ok(());
    }
    let records = store.read()?.audit(args.limit)?;
    if ctx.json {
        let items: Vec<_> = records.iter().map(record_json).collect();
        return crate::output::print_json(&items);
    }
    let mut table = crate::output::table(&["#", "TIME", "COMMAND", "COLLECTION", "LOCATIONS", "OUTCOME"]);
    for record in &records {
        let entry = &record.entry;
        let target = match (&entry.workspace, &entry.collection) {
            (Some(workspace), Some(collection)) => format!("{workspace}/{collection}"),
            (Some(workspace), None) => format!("{workspace}/"),
            (None, _) => String::new(),
        };
        let locations: Vec<String> = entry.locations.iter().map(|l| sanitize(l)).collect();
        table.add_row(vec![
            record.seq.to_string(),
            format_time(record.at),
            sanitize(&entry.command),
            sanitize(&target),
            locations.join(", "),
            sanitize(&entry.outcome),
        ]);
    }
    crate::output::print_table(&table)
}

fn record_json(record: &Record) -> serde_json::Value {
    let entry = &record.entry;
    let hash: String = record.hash.iter().map(|b| format!("{b:02x}")).collect();
    json!({
        "seq": record.seq,
        "time": format_time(record.at),
        "command": entry.command,
        "workspace": entry.workspace,
        "collection": entry.collection,
        "locations": entry.locations,
        "outcome": entry.outcome,
        "hash": hash,
    })
}
