//! `vault check`: the project's declared requirements (`.vault.toml` `require`) against
//! the collections `vault run` would load, from metadata alone: no key, no passphrase,
//! no terminal. Exit 3 names every missing requirement.

use serde_json::json;

use crate::cli::CheckArgs;
use crate::context::Context;
use crate::error::{Failure, Kind};

pub fn run(ctx: &Context, args: CheckArgs) -> anyhow::Result<()> {
    let Some(project) = &ctx.project else {
        return Err(Failure::new(
            Kind::Usage,
            format!("no {} here or in a parent directory", crate::config::PROJECT_FILE),
        )
        .with_hint("declare what the project needs there: require = [\"DB_URL\"]")
        .into());
    };
    let needs = crate::requirements::needs(Some(project), &[])?;
    // With nothing declared, no collection is needed to check against.
    let ids = if needs.is_empty() && args.collections.is_empty() {
        project.config.collections.clone()
    } else {
        ctx.collection_ids(args.collections, "check", "")?
    };
    let references = ids.iter().map(|id| ctx.reference(id)).collect::<anyhow::Result<Vec<_>>>()?;
    let store = ctx.store()?;
    let summaries = {
        let snapshot = store.read()?;
        references.iter().map(|r| snapshot.summary(r)).collect::<anyhow::Result<Vec<_>>>()?
    };
    let found_in = |need: &crate::requirements::Need| -> Vec<String> {
        ids.iter().zip(&summaries).filter(|(_, s)| need.is_met_by(s)).map(|(id, _)| id.clone()).collect()
    };
    if ctx.json {
        let rows: Vec<_> = needs
            .iter()
            .map(|need| {
                json!({"name": need.requirement.name, "description": need.requirement.description, "found_in": found_in(need)})
            })
            .collect();
        crate::output::print_json(
            &json!({"project": project.path.to_string_lossy(), "collections": ids, "requirements": rows}),
        )?;
    } else if needs.is_empty() {
        ctx.note(&format!("{} declares no requirements (require = [\"DB_URL\"])", project.path.display()));
    } else {
        let mut table = crate::output::table(&["REQUIRED", "STATUS", "FOUND IN"]);
        for need in &needs {
            let found = found_in(need);
            let status = if found.is_empty() { "missing" } else { "ok" };
            let shown: Vec<String> = found.iter().map(|id| crate::output::sanitize(id)).collect();
            table.add_row(vec![need.shown(), status.to_owned(), shown.join(", ")]);
        }
        crate::output::print_table(&table)?;
    }
    let summaries: Vec<&crate::model::Summary> = summaries.iter().collect();
    let missing = crate::requirements::missing(&needs, &summaries);
    if missing.is_empty() {
        return Ok(());
    }
    Err(Failure::new(Kind::NotFound, crate::requirements::missing_message(&missing, &ids))
        .with_hint("add them with 'vault update ID --env KEY', or ask who keeps the project's secrets")
        .into())
}
