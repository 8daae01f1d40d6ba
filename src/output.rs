//! Everything vault shows: JSON on stdout with `--json`, tables on a terminal, plain
//! columns when piped, messages on stderr. Values reach stdout only through the
//! functions whose names say so.

use std::io::{IsTerminal, Write};

use base64::Engine;
use comfy_table::{Cell, ColumnConstraint, ContentArrangement, Table, Width, presets};
use secrecy::ExposeSecret;
use serde::Serialize;

use crate::model::{Secret, SecretMeta, SecretType, Summary};

/// Replaces control characters (terminal escapes, newlines) with visible escapes, so
/// names read from a vault file can never drive the terminal.
pub fn sanitize(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
        .collect()
}

/// RFC 3339 in UTC with whole seconds and a `Z`, as the spec's JSON shapes use.
pub fn format_time(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| unix.to_string())
}

/// The JSON summary of a collection.
#[derive(Serialize)]
pub struct SummaryJson<'a> {
    id: &'a str,
    workspace: &'a str,
    name: &'a str,
    description: &'a str,
    created_at: String,
    updated_at: String,
    secrets_count: usize,
}

impl<'a> SummaryJson<'a> {
    pub fn new(summary: &'a Summary) -> Self {
        SummaryJson {
            id: &summary.id,
            workspace: &summary.workspace,
            name: &summary.name,
            description: &summary.description,
            created_at: format_time(summary.created_at),
            updated_at: format_time(summary.updated_at),
            secrets_count: summary.secrets.len(),
        }
    }
}

#[derive(Serialize)]
struct SecretJson<'a> {
    #[serde(rename = "type")]
    secret_type: SecretType,
    location: &'a str,
    kind: crate::model::Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
}

#[derive(Serialize)]
struct CollectionJson<'a> {
    #[serde(flatten)]
    summary: SummaryJson<'a>,
    /// Which version the secrets are: the current one, or one `--version N` picked.
    version: u64,
    secrets: Vec<SecretJson<'a>>,
}

/// The JSON collection shape of `version`, with values masked (absent).
pub fn collection_json_masked(summary: &Summary, version: u64) -> serde_json::Value {
    let secrets = summary
        .secrets
        .iter()
        .map(|m| SecretJson {
            secret_type: m.secret_type,
            location: &m.location,
            kind: m.kind,
            value: None,
            encoding: None,
        })
        .collect();
    to_value(&CollectionJson { summary: SummaryJson::new(summary), version, secrets })
}

/// The JSON collection shape of `version` with values: UTF-8 as is, other bytes as
/// base64.
pub fn collection_json_revealed(summary: &Summary, version: u64, secrets: &[Secret]) -> serde_json::Value {
    let secrets = secrets
        .iter()
        .map(|s| {
            let bytes = s.value.expose_secret();
            let (value, encoding) = match std::str::from_utf8(bytes) {
                Ok(text) => (text.to_owned(), None),
                Err(_) => (base64::engine::general_purpose::STANDARD.encode(bytes), Some("base64")),
            };
            SecretJson {
                secret_type: s.secret_type,
                location: &s.location,
                kind: s.kind,
                value: Some(value),
                encoding,
            }
        })
        .collect();
    to_value(&CollectionJson { summary: SummaryJson::new(summary), version, secrets })
}

fn to_value(value: &impl Serialize) -> serde_json::Value {
    // Cannot fail: these shapes hold only strings, numbers and lists.
    serde_json::to_value(value).expect("JSON shapes serialise")
}

/// Writes pretty JSON and a newline to stdout.
pub fn print_json(value: &impl Serialize) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    // As an io::Error, a reader that went away (`| head`) is recognised as a broken pipe.
    serde_json::to_writer_pretty(&mut out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// Writes a value's exact bytes to stdout, nothing added.
pub fn print_raw(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}

/// A table that fits the terminal, or plain aligned columns when stdout is piped.
pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    if std::io::stdout().is_terminal() {
        // A terminal that reports no width (a pseudo-terminal nobody sized, as `script`
        // or a CI runner makes) would squeeze every column to one character.
        let sized = table.width().is_some_and(|width| width > 0);
        let arrangement = if sized { ContentArrangement::Dynamic } else { ContentArrangement::Disabled };
        table.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(arrangement);
    } else {
        table.load_style(presets::NOTHING);
    }
    table.set_header(header.iter().map(|h| h.to_string()));
    table
}

/// Separates two blocks of human output.
pub fn print_blank_line() -> anyhow::Result<()> {
    writeln!(std::io::stdout().lock())?;
    Ok(())
}

/// Prints a table (already sanitised cells) to stdout, fitted to the terminal's width
/// when it has one (see [`fitted`]).
pub fn print_table(table: &Table) -> anyhow::Result<()> {
    let fitted = match table.width() {
        Some(width) if matches!(table.content_arrangement(), ContentArrangement::Dynamic) => {
            fitted(table, width)
        }
        _ => None,
    };
    let mut out = std::io::stdout().lock();
    for line in fitted.as_ref().unwrap_or(table).lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// `table` narrowed to `width` columns, or None when it fits as it is. comfy-table wraps
/// a cell at spaces but splits a word longer than its column anywhere (`2026-1` /
/// `2-02T0`); here every column gets a width first (headers whole, narrow columns
/// whole, the rest sharing what is left), and a word longer than its column is cut
/// with `…`, so cells wrap only at word boundaries and no word is ever split.
fn fitted(table: &Table, width: u16) -> Option<Table> {
    let header: Vec<String> = table.header()?.cell_iter().map(Cell::content).collect();
    let rows: Vec<Vec<String>> =
        table.row_iter().map(|row| row.cell_iter().map(Cell::content).collect()).collect();
    let columns = header.len();
    let text_width = |text: &str| text.lines().map(|line| line.chars().count()).max().unwrap_or(0);
    let natural: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|row| row.get(c))
                .map(|cell| text_width(cell))
                .fold(text_width(&header[c]), usize::max)
        })
        .collect();
    // Borders and separators (one more than the columns), and a space either side of each cell.
    let borders = columns + 1;
    if natural.iter().sum::<usize>() + borders + 2 * columns <= usize::from(width) {
        return None;
    }
    // Headers stay whole while they fit, with a space on one side only if need be; a
    // terminal too narrow even for that cuts them too.
    let headers: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    let padding =
        if headers.iter().sum::<usize>() + borders + 2 * columns <= usize::from(width) { 2 } else { 1 };
    let room = usize::from(width).saturating_sub(borders + padding * columns);
    let floor: Vec<usize> = if headers.iter().sum::<usize>() <= room {
        headers
    } else {
        headers.iter().map(|&h| h.min((room / columns).max(2))).collect()
    };
    // Narrowest first: each column gets its natural width or an even share of what is
    // left, never less than its floor, and never what the floors of the others need.
    let mut widths = natural.clone();
    let mut order: Vec<usize> = (0..columns).collect();
    order.sort_by_key(|&c| natural[c]);
    let mut left = room;
    for (placed, &c) in order.iter().enumerate() {
        let share = (left / (columns - placed)).max(floor[c]);
        let spare = left.saturating_sub(order[placed + 1..].iter().map(|&o| floor[o]).sum());
        widths[c] = natural[c].min(share).min(spare.max(floor[c])).max(1);
        left = left.saturating_sub(widths[c]);
    }
    let cut_header: Vec<String> = header.iter().zip(&widths).map(|(h, &w)| cut_long_words(h, w)).collect();
    let mut narrowed = self::table(&cut_header.iter().map(String::as_str).collect::<Vec<_>>());
    for cells in &rows {
        narrowed.add_row(cells.iter().enumerate().map(|(c, cell)| cut_long_words(cell, widths[c])));
    }
    for (c, column) in narrowed.column_iter_mut().enumerate() {
        if padding == 1 {
            column.set_padding((1, 0));
        }
        let width = u16::try_from(widths[c] + padding).unwrap_or(u16::MAX);
        column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(width)));
    }
    Some(narrowed)
}

/// `text` with each word longer than `width` cut to fit, ending in `…`.
fn cut_long_words(text: &str, width: usize) -> String {
    let cut = |word: &str| {
        if word.chars().count() <= width {
            word.to_owned()
        } else {
            word.chars().take(width.saturating_sub(1)).chain(['…']).collect()
        }
    };
    text.lines()
        .map(|line| line.split(' ').map(cut).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The summaries table of `list`.
pub fn summaries_table(summaries: &[Summary]) -> Table {
    let mut table = table(&["ID", "NAME", "SECRETS", "UPDATED"]);
    for s in summaries {
        table.add_row(vec![
            sanitize(&s.id),
            sanitize(&s.name),
            s.secrets.len().to_string(),
            format_time(s.updated_at),
        ]);
    }
    table
}

/// `label: value` lines with the values aligned, as `vault status` prints them.
pub fn print_fields(fields: &[(&str, String)]) -> anyhow::Result<()> {
    let width = fields.iter().map(|(label, _)| label.len()).max().unwrap_or(0) + 1;
    let mut out = std::io::stdout().lock();
    for (label, value) in fields {
        writeln!(out, "{:width$} {}", format!("{label}:"), sanitize(value))?;
    }
    Ok(())
}

/// Human summary lines of one collection, as `create`, `update` and `get` print them.
pub fn print_summary(summary: &Summary) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "id:          {}", sanitize(&summary.id))?;
    writeln!(out, "workspace:   {}", sanitize(&summary.workspace))?;
    writeln!(out, "name:        {}", sanitize(&summary.name))?;
    writeln!(out, "description: {}", sanitize(&summary.description))?;
    writeln!(out, "created:     {}", format_time(summary.created_at))?;
    writeln!(out, "updated:     {}", format_time(summary.updated_at))?;
    writeln!(out, "secrets:     {}", summary.secrets.len())?;
    Ok(())
}

/// The summary line of `get` saying which version it shows; an older one says so.
pub fn print_version(summary: &Summary, version: u64, historic: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    write!(out, "version:     {version}")?;
    if historic {
        let (workspace, id) = (sanitize(&summary.workspace), sanitize(&summary.id));
        write!(out, " (an older version; 'vault history {workspace}/{id}' lists them)")?;
    }
    writeln!(out)?;
    Ok(())
}

/// The secrets table of `get`: values masked, or shown (escaped) with `--reveal`.
pub fn secrets_table(metas: &[SecretMeta], values: Option<&[Secret]>) -> Table {
    let mut table = table(&["TYPE", "LOCATION", "KIND", "SIZE", "VALUE"]);
    for (index, meta) in metas.iter().enumerate() {
        let shown = match values.and_then(|v| v.get(index)) {
            Some(secret) => display_value(secret.value.expose_secret()),
            None => "********".to_owned(),
        };
        table.add_row(vec![
            meta.secret_type.as_str().to_owned(),
            sanitize(&meta.location),
            meta.kind.as_str().to_owned(),
            meta.size.to_string(),
            shown,
        ]);
    }
    table
}

/// How a revealed value reads in a table: escaped text, or a pointer for binary data.
fn display_value(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => sanitize(text),
        Err(_) => format!("<{} bytes of binary data>", bytes.len()),
    }
}

/// A message for the user on stderr (never data, never a value).
pub fn note(message: &str) {
    eprintln!("{}", sanitize(message));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrowed_table_cuts_long_words_and_keeps_headers_whole() {
        let mut wide = table(&["ID", "NAME", "UPDATED"]);
        wide.add_row(vec![
            "payments-gateway-production",
            "Payments gateway for production",
            "2026-12-02T01:38:45Z",
        ]);
        let narrowed = fitted(&wide, 40).expect("too wide for 40 columns");
        let shown = narrowed.to_string();
        for line in shown.lines() {
            assert!(line.chars().count() <= 40, "{shown}");
        }
        assert!(shown.contains("UPDATED") && shown.contains("NAME"), "{shown}");
        assert!(shown.contains("gateway") && shown.contains('…'), "{shown}");
        assert!(fitted(&wide, 200).is_none(), "a table that fits is left as it is");
        assert_eq!(cut_long_words("a verylongword b\nsecond", 6), "a veryl… b\nsecond");
    }
}
