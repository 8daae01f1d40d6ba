//! `vault get`: a collection with masked values (no key needed), revealed values, or
//! one value's exact bytes for `$(vault get app KEY)` and redirection.

use secrecy::ExposeSecret;

use crate::cli::GetArgs;
use crate::context::Context;
use crate::error::not_found;

pub fn run(ctx: &Context, args: GetArgs) -> anyhow::Result<()> {
    let reference = ctx.reference(&args.id)?;
    let store = ctx.store()?;
    let sealed = store.read().sealed(&reference)?;
    let summary = &sealed.summary;

    if let Some(location) = &args.location {
        if !summary.secrets.iter().any(|m| &m.location == location) {
            return Err(not_found(
                format!("location '{}' not found in {reference}", crate::output::sanitize(location)),
                format!("see 'vault get {}'", args.id),
            ));
        }
        let secrets = ctx.unlock(&store)?.open(&sealed)?;
        let secret = secrets.iter().find(|s| &s.location == location);
        // Present: open() checked the sealed list against the metadata searched above.
        return crate::output::print_raw(secret.map_or(&[][..], |s| s.value.expose_secret()));
    }

    if !args.reveal {
        if ctx.json {
            return crate::output::print_json(&crate::output::collection_json_masked(summary));
        }
        crate::output::print_summary(summary)?;
        return print_secrets(summary, None);
    }

    let secrets = ctx.unlock(&store)?.open(&sealed)?;
    if ctx.json {
        return crate::output::print_json(&crate::output::collection_json_revealed(summary, &secrets));
    }
    crate::output::print_summary(summary)?;
    print_secrets(summary, Some(&secrets))
}

fn print_secrets(
    summary: &crate::model::Summary,
    values: Option<&[crate::model::Secret]>,
) -> anyhow::Result<()> {
    if summary.secrets.is_empty() {
        return Ok(());
    }
    crate::output::print_blank_line()?;
    crate::output::print_table(&crate::output::secrets_table(&summary.secrets, values))
}
