//! `vault history ID`: the kept versions of a collection, newest first, with the
//! locations each added, removed or changed. Reads clear metadata only: no key, no
//! value, nothing written.

use serde_json::json;

use crate::cli::HistoryArgs;
use crate::context::Context;
use crate::output::{format_time, sanitize};

pub fn run(ctx: &Context, args: HistoryArgs) -> anyhow::Result<()> {
    let reference = ctx.reference(&args.id)?;
    let versions = ctx.store()?.read()?.history(&reference)?;
    if ctx.json {
        let items: Vec<_> = versions
            .iter()
            .map(|v| {
                json!({
                    "version": v.version,
                    "current": v.current,
                    "created_at": format_time(v.created_at),
                    "secrets_count": v.secrets,
                    "changes": v.changes,
                })
            })
            .collect();
        return crate::output::print_json(&items);
    }
    let mut table = crate::output::table(&["VERSION", "CREATED", "SECRETS", "CHANGES"]);
    for v in &versions {
        let changes = match &v.changes {
            None => "(written before history was kept)".to_owned(),
            Some(changes) => {
                [("added", &changes.added), ("changed", &changes.changed), ("removed", &changes.removed)]
                    .iter()
                    .filter(|(_, locations)| !locations.is_empty())
                    .map(|(what, locations)| {
                        let names: Vec<String> = locations.iter().map(|l| sanitize(l)).collect();
                        format!("{what} {}", names.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            }
        };
        let version = if v.current { format!("{} (current)", v.version) } else { v.version.to_string() };
        table.add_row(vec![version, format_time(v.created_at), v.secrets.to_string(), changes]);
    }
    crate::output::print_table(&table)
}
