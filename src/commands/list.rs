//! `vault list`: collection summaries of a workspace, never values.

use crate::cli::ListArgs;
use crate::context::Context;
use crate::error::usage;
use crate::output::SummaryJson;

pub fn run(ctx: &Context, args: ListArgs) -> anyhow::Result<()> {
    let before = args.created_before.as_deref().map(parse_time).transpose()?;
    let search = args.search.as_deref().map(str::to_lowercase);
    let store = ctx.store()?;
    let (readable, damaged): (Vec<_>, Vec<_>) =
        store.read()?.collections(&ctx.workspace)?.into_iter().partition(Result::is_ok);
    let mut summaries: Vec<_> = readable.into_iter().flatten().collect();
    let stored = summaries.len();
    summaries.retain(|s| {
        let matches_search = search.as_ref().is_none_or(|term| {
            [&s.id, &s.name, &s.description].iter().any(|field| field.to_lowercase().contains(term))
        });
        let matches_kind = args.kind.is_none_or(|kind| s.secrets.iter().any(|m| m.kind == kind));
        let matches_time = before.is_none_or(|t| s.created_at < t);
        matches_search && matches_kind && matches_time
    });
    summaries.truncate(args.limit.unwrap_or(usize::MAX));

    if ctx.json {
        let items: Vec<_> = summaries.iter().map(SummaryJson::new).collect();
        crate::output::print_json(&items)?;
    } else if summaries.is_empty() && damaged.is_empty() {
        let filters = filters_of(&args);
        if stored == 0 {
            ctx.note(&format!("no collections in workspace '{}'", ctx.workspace));
        } else if !filters.is_empty() {
            ctx.note(&format!(
                "no collection matches {} in workspace '{}' ({stored} stored)",
                filters.join(" and "),
                ctx.workspace
            ));
        }
    } else if !summaries.is_empty() {
        crate::output::print_table(&crate::output::summaries_table(&summaries))?;
    }
    report_damaged(damaged.into_iter().filter_map(Result::err).collect())
}

/// The filters given, as a "no collection matches …" message names them.
fn filters_of(args: &ListArgs) -> Vec<String> {
    let filters = [
        args.search.as_ref().map(|term| format!("'{term}'")),
        args.kind.map(|kind| format!("--kind {}", kind.as_str())),
        args.created_before.as_ref().map(|time| format!("--created-before {time}")),
    ];
    filters.into_iter().flatten().collect()
}

/// The collections left out of the listing because their metadata was altered: each is
/// named on stderr, and the listing ends with the first as its integrity failure
/// (exit 6), so scripts notice while people still see the rest.
fn report_damaged(damaged: Vec<anyhow::Error>) -> anyhow::Result<()> {
    let mut damaged = damaged.into_iter();
    let Some(first) = damaged.next() else { return Ok(()) };
    for other in damaged {
        crate::error::report(&other);
    }
    Err(first)
}

/// `--created-before`: RFC 3339, or a date meaning midnight UTC at its start.
fn parse_time(text: &str) -> anyhow::Result<i64> {
    use time::format_description::well_known::Rfc3339;
    if let Ok(t) = time::OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t.unix_timestamp());
    }
    let date_format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &date_format).map(|date| date.midnight().assume_utc().unix_timestamp()).map_err(
        |_| {
            usage(format!(
                "invalid --created-before '{}': use RFC 3339 (2025-04-17T03:57:03Z) or a date (2025-04-17)",
                crate::output::sanitize(text)
            ))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::parse_time;

    #[test]
    fn created_before_takes_rfc3339_or_a_date() {
        assert_eq!(parse_time("1970-01-02").unwrap(), 86_400);
        assert_eq!(parse_time("1970-01-01T00:01:00Z").unwrap(), 60);
        assert_eq!(parse_time("1970-01-01T01:00:00+01:00").unwrap(), 0);
        assert!(parse_time("yesterday").is_err());
        assert!(parse_time("2025-13-01").is_err());
    }
}
