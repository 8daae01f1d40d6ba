//! `--from-dotenv`: the entries of a `.env` file, read as every major dotenv parser
//! (dotenvy, python-dotenv, node's dotenv, godotenv) reads them, or refused.
//!
//! dotenvy does the reading. Where it reads a construct in a way no other major parser
//! shares, vault would store a value the file's author never meant, so a checker walks
//! the file first and refuses those entries, all of them at once, each with its line:
//!
//! - a backslash outside quotes (dotenvy decodes `one\ntwo` to a newline);
//! - a carriage return that does not end a line (dotenvy keeps it inside the value, so
//!   an old-Mac file becomes one entry; the others read a line end);
//! - text glued to a quoted piece (`"foo"#bar` is `foo#bar` in dotenvy and `foo`
//!   elsewhere, `va"lu"e` is `value` in dotenvy and `va"lu"e` elsewhere);
//! - a `$` outside single quotes: dotenvy substitutes `$NAME` and `${NAME}` from vault's
//!   own environment (which may hold `VAULT_PASSPHRASE`) and drops a `$` no name follows;
//! - a double-quoted escape dotenvy does not know, and a bare value starting with `#`
//!   (a comment to dotenvy and node, text to python-dotenv and godotenv).
//!
//! What every parser reads alike but dotenvy refuses or misses is normalised before
//! dotenvy sees the entry: a UTF-8 byte-order mark, CRLF line ends inside quoted values
//! (dotenvy keeps the CR), and a bare value with inner spaces or trailing whitespace
//! (`GREETING=hello world # a comment` is `hello world`). Messages name the file, line
//! and key, never a value.

use std::collections::HashMap;
use std::path::Path;

use zeroize::Zeroizing;

use crate::error::{Failure, Kind as FailureKind, usage};
use crate::model::{Kind, Secret, SecretType};

/// Every entry of a `.env` file's bytes as an env secret, in file order; a repeated key
/// keeps its first place and its last value, as dotenv parsers do.
pub fn secrets(path: &Path, content: &[u8], kind: Kind) -> anyhow::Result<Vec<Secret>> {
    let text = std::str::from_utf8(content)
        .map_err(|_| usage(format!("{}: a .env file must be UTF-8 text", path.display())))?;
    let text = Zeroizing::new(text.strip_prefix('\u{FEFF}').unwrap_or(text).replace("\r\n", "\n"));
    let scan = scan(&text);
    let mut problems = scan.problems;
    let mut secrets: Vec<Secret> = Vec::with_capacity(scan.entries.len());
    let mut index: HashMap<&str, usize> = HashMap::new();
    for entry in &scan.entries {
        let invalid = |e: anyhow::Error| Problem::Invalid(e.to_string());
        let secret = crate::model::validate_env_location(entry.key)
            .map_err(invalid)
            .and_then(|()| read_entry(entry))
            .and_then(|value| {
                Secret::new(SecretType::Env, entry.key.to_owned(), kind, value.as_bytes().to_vec())
                    .map_err(invalid)
            });
        match secret {
            Err(problem) => problems.push((entry.line, Some(entry.key), problem)),
            Ok(secret) => match index.get(entry.key) {
                Some(&at) => secrets[at] = secret,
                None => {
                    index.insert(entry.key, secrets.len());
                    secrets.push(secret);
                }
            },
        }
    }
    if problems.is_empty() { Ok(secrets) } else { Err(refusal(path, problems)) }
}

/// dotenvy's reading of one checked entry, written as `KEY=VALUE` with a bare value
/// double-quoted (it holds no `\`, quote or `$`, so the quotes change nothing but the
/// spaces dotenvy would refuse).
fn read_entry(entry: &Entry) -> Result<Zeroizing<String>, Problem> {
    let line = Zeroizing::new(match entry.value {
        Value::Bare(value) => format!("{}=\"{value}\"", entry.key),
        Value::Quoted(value) => format!("{}={value}", entry.key),
    });
    let mut items = dotenvy::from_read_iter(line.as_bytes());
    match (items.next(), items.next()) {
        (Some(Ok((_, value))), None) => Ok(Zeroizing::new(value)),
        _ => Err(Problem::Syntax),
    }
}

/// One entry as written: where it starts, its key, and its value's text.
struct Entry<'a> {
    line: usize,
    key: &'a str,
    value: Value<'a>,
}

enum Value<'a> {
    /// Unquoted, without its trailing whitespace and comment.
    Bare(&'a str),
    /// Single- or double-quoted, the quotes included.
    Quoted(&'a str),
}

/// Why an entry (or a line that is no entry) is refused; the text completes
/// "line N: entry KEY …".
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    Syntax,
    Unterminated,
    /// Refused by vault's own checks of a name or value; the message names no value.
    Invalid(String),
    EscapeOutsideQuotes,
    UnknownEscape,
    LoneCarriageReturn,
    TextAfterQuote,
    QuoteInBareValue,
    StartsWithHash,
    Substitution,
    LoneDollar,
}

impl Problem {
    fn reason(&self) -> String {
        match self {
            Problem::Syntax => "is not KEY=VALUE".into(),
            Problem::Unterminated => "has an opening quote with no closing one".into(),
            Problem::Invalid(message) => format!("is refused: {message}"),
            Problem::EscapeOutsideQuotes => {
                "has a backslash outside quotes, which dotenvy alone reads as an escape".into()
            }
            Problem::UnknownEscape => {
                "has an escape in double quotes that dotenvy does not read (it knows \\n \\\" \\\\ \\' \\$)"
                    .into()
            }
            Problem::LoneCarriageReturn => {
                "holds a carriage return that does not end a line, which dotenvy alone keeps in the value"
                    .into()
            }
            Problem::TextAfterQuote => {
                "has text right after its closing quote, which dotenvy alone joins to the value".into()
            }
            Problem::QuoteInBareValue => {
                "has a quote inside an unquoted value, which dotenvy alone reads as quoting".into()
            }
            Problem::StartsWithHash => {
                "has an unquoted value starting with '#', a comment to some parsers and text to others".into()
            }
            Problem::Substitution => "uses $-substitution, which vault does not do".into(),
            Problem::LoneDollar => {
                "has a '$' that no variable name follows, which dotenvy alone drops".into()
            }
        }
    }

    fn hint(&self) -> &'static str {
        match self {
            Problem::Syntax | Problem::Invalid(_) => "write each entry as KEY=VALUE with KEY a variable name",
            Problem::Unterminated => "close every quote",
            Problem::LoneCarriageReturn => "save the file with LF or CRLF line ends",
            Problem::TextAfterQuote => "quote the whole value, and put a space before a '#' comment",
            Problem::Substitution => {
                "write the value out in full, or put it in single quotes to keep each '$' as written"
            }
            Problem::EscapeOutsideQuotes
            | Problem::UnknownEscape
            | Problem::QuoteInBareValue
            | Problem::StartsWithHash
            | Problem::LoneDollar => "put the value in single quotes, which every parser reads as written",
        }
    }
}

/// One usage error naming every refused entry, and the hints for them.
fn refusal(path: &Path, mut problems: Vec<(usize, Option<&str>, Problem)>) -> anyhow::Error {
    problems.sort_by_key(|(line, _, _)| *line);
    let shown = path.display();
    let mut hints: Vec<&str> = Vec::new();
    let lines: Vec<String> = problems
        .iter()
        .map(|(line, key, problem)| {
            if !hints.contains(&problem.hint()) {
                hints.push(problem.hint());
            }
            match key {
                Some(key) => format!(
                    "{shown} line {line}: entry {} {}",
                    crate::output::sanitize(key),
                    problem.reason()
                ),
                None => format!("{shown} line {line} {}", problem.reason()),
            }
        })
        .collect();
    Failure::new(FailureKind::Usage, lines.join("; ")).with_hint(hints.join("; ")).into()
}

struct Scan<'a> {
    entries: Vec<Entry<'a>>,
    problems: Vec<(usize, Option<&'a str>, Problem)>,
}

/// Splits the text into entries and finds the constructs refused (see the module notes).
/// It decides where each entry and value begins and ends, and nothing about values.
fn scan(text: &str) -> Scan<'_> {
    let mut scan = Scan { entries: Vec::new(), problems: Vec::new() };
    let mut rest = text;
    let mut line = 1;
    while !rest.is_empty() {
        let start = rest.trim_start_matches(|c: char| c.is_whitespace() && c != '\n');
        let first_line = line;
        let (key, after) = if start.is_empty() {
            (None, "")
        } else if let Some(after) = start.strip_prefix('\n') {
            line += 1;
            (None, after)
        } else if start.starts_with('#') {
            line += 1;
            (None, split_line(start).1)
        } else {
            match scan_entry(start, &mut line, &mut scan) {
                Some(scanned) => scanned,
                None => break,
            }
        };
        // CRLF is LF by now, so any CR left is a lone one. In a blank or comment line it
        // would hide from dotenvy the entries that other parsers see after it.
        if rest[..rest.len() - after.len()].contains('\r') {
            scan.problems.push((first_line, key, Problem::LoneCarriageReturn));
        }
        rest = after;
    }
    scan
}

/// `(the rest of this line, what follows its newline)`.
fn split_line(text: &str) -> (&str, &str) {
    text.split_once('\n').unwrap_or((text, ""))
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Scans one entry starting at a non-blank character, adding it or its problems to
/// `scan`; returns its key (if it has one) and the text after it, or `None` when a quote
/// never closes (the rest of the file is then inside it).
fn scan_entry<'a>(
    text: &'a str,
    line: &mut usize,
    scan: &mut Scan<'a>,
) -> Option<(Option<&'a str>, &'a str)> {
    let entry_line = *line;
    let text = match text.strip_prefix("export") {
        Some(after) if after.starts_with(is_blank) => after.trim_start_matches(is_blank),
        _ => text,
    };
    let key_end = text.find(|c: char| c.is_whitespace() || c == '=' || c == '#').unwrap_or(text.len());
    let key = &text[..key_end];
    let after_equals = text[key_end..].trim_start_matches(is_blank).strip_prefix('=');
    let Some(after_equals) = after_equals.filter(|_| !key.is_empty()) else {
        scan.problems.push((entry_line, None, Problem::Syntax));
        *line += 1;
        return Some((None, split_line(text).1));
    };
    let value_text = after_equals.trim_start_matches(is_blank);
    let mut problems = Vec::new();
    let (value, rest) = match value_text.chars().next() {
        Some(quote @ ('\'' | '"')) => {
            let Some(close) = closing_quote(value_text, quote, &mut problems) else {
                scan.problems.push((entry_line, Some(key), Problem::Unterminated));
                return None;
            };
            let (quoted, after) = value_text.split_at(close + 1);
            *line += quoted.matches('\n').count();
            let (tail, rest) = split_line(after);
            let tail = tail.trim_start_matches(|c: char| is_blank(c) || c == '\r');
            if !tail.is_empty() && (!tail.starts_with('#') || !after.starts_with([' ', '\t'])) {
                problems.push(Problem::TextAfterQuote);
            }
            (Value::Quoted(quoted), rest)
        }
        _ => {
            let (line_text, rest) = split_line(value_text);
            let value = bare_value(line_text);
            if value.starts_with('#') {
                problems.push(Problem::StartsWithHash);
            }
            if value.contains('\\') {
                problems.push(Problem::EscapeOutsideQuotes);
            }
            if value.contains(['\'', '"']) {
                problems.push(Problem::QuoteInBareValue);
            }
            check_dollars(value, &mut problems);
            (Value::Bare(value), rest)
        }
    };
    *line += 1;
    if problems.is_empty() {
        scan.entries.push(Entry { line: entry_line, key, value });
    }
    scan.problems.extend(problems.into_iter().map(|p| (entry_line, Some(key), p)));
    Some((Some(key), rest))
}

/// An unquoted value: up to a comment (a `#` after a blank) and without trailing blanks.
fn bare_value(line: &str) -> &str {
    let mut end = line.len();
    for (at, _) in line.match_indices('#') {
        if line[..at].ends_with(is_blank) {
            end = at;
            break;
        }
    }
    line[..end].trim_end_matches(|c: char| is_blank(c) || c == '\r')
}

/// The byte offset of the quote closing the one `text` starts with. Single quotes hold
/// everything literally; double quotes take dotenvy's escapes and see `$`.
fn closing_quote(text: &str, quote: char, problems: &mut Vec<Problem>) -> Option<usize> {
    if quote == '\'' {
        return text[1..].find('\'').map(|at| at + 1);
    }
    let mut chars = text.char_indices().skip(1);
    let mut plain_start = 1;
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => {
                check_dollars(&text[plain_start..at], problems);
                return Some(at);
            }
            '\\' => {
                check_dollars(&text[plain_start..at], problems);
                let escaped = chars.next();
                if !matches!(escaped, Some((_, 'n' | '\\' | '"' | '\'' | '$' | ' '))) {
                    problems.push(Problem::UnknownEscape);
                }
                plain_start = escaped.map_or(text.len(), |(at, c)| at + c.len_utf8());
            }
            _ => {}
        }
    }
    None
}

/// Refuses a `$` that dotenvy would substitute (followed by a name or `{`) or drop.
fn check_dollars(text: &str, problems: &mut Vec<Problem>) {
    for (at, _) in text.match_indices('$') {
        let next = text[at + 1..].chars().next();
        let problem = if next.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '{' || c == '$') {
            Problem::Substitution
        } else {
            Problem::LoneDollar
        };
        if !problems.contains(&problem) {
            problems.push(problem);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(text: &str) -> Vec<(usize, &str, String)> {
        let scan = scan(text);
        assert_eq!(scan.problems, [], "{text:?}");
        let read = |e: &Entry| read_entry(e).map(|v| v.to_string()).unwrap();
        scan.entries.iter().map(|e| (e.line, e.key, read(e))).collect()
    }

    #[test]
    fn entries_and_their_lines_are_found_across_quotes_comments_and_escapes() {
        let text = "A=\"x\\\"y # z\" # c\n\n# B=no\nB='m\nn'\n  export C = 3 #d\nD=\"a\\\\\"\nE=";
        assert_eq!(
            entries(text),
            [
                (1, "A", "x\"y # z".to_owned()),
                (4, "B", "m\nn".to_owned()),
                (6, "C", "3".to_owned()),
                (7, "D", "a\\".to_owned()),
                (8, "E", String::new()),
            ]
        );
    }

    #[test]
    fn an_escaped_dollar_is_no_substitution_and_an_unescaped_one_is() {
        assert_eq!(entries("A=\"\\$HOME\"\n"), [(1, "A", "$HOME".to_owned())]);
        let problems: Vec<Problem> =
            scan("A=\"\\\\$HOME\"\nB=\"$\\n\"\n").problems.into_iter().map(|p| p.2).collect();
        assert_eq!(problems, [Problem::Substitution, Problem::LoneDollar]);
    }
}
