//! Writing env values in formats other programs read back: dotenv lines, POSIX shell
//! `export` lines and docker `--env-file` lines. Pure functions on one key and value;
//! they never print.
//!
//! The dotenv rules are chosen so that both dotenvy (what `--from-dotenv` uses) and
//! python-dotenv (with its default settings) read back exactly the bytes we wrote. The two
//! disagree on most escapes, so each value takes the plainest form they agree on, and a
//! value they cannot agree on is refused with the reason instead of being mangled:
//!
//! - unquoted: only `A-Z a-z 0-9 _ - . / : @ + , % =`, which no parser treats specially;
//! - single quotes: literal in both, except that python-dotenv decodes `\\` and `\'` and a
//!   trailing `\` would escape the closing quote, so no `'`, no `\\` and no trailing `\`;
//! - double quotes: the escapes both decode are `\\`, `\"` and `\n`; dotenvy expands `$`
//!   there (its `\$` is not python-dotenv's), and python-dotenv's pattern takes an
//!   escaped backslash before the closing quote for an escaped quote, so no `$` and no
//!   trailing `\`; and no backtick, which a POSIX shell sourcing the file
//!   (`set -a; . ./.env`) would run as a command there.
//!
//! So the output is also safe to source: bare values hold only characters a shell takes
//! literally, single quotes are literal to a shell, and double-quoted values hold no `$`
//! or backtick. The shell reads bare and single-quoted values exactly; in double quotes
//! it reads `\n` as a backslash and an `n`.
//!
//! Refused outright: a carriage return (dotenvy has no escape for it and python-dotenv
//! reads a raw one as a newline) and `${…}` (python-dotenv expands it even in single
//! quotes and has no escape).

use std::borrow::Cow;

/// Why a value cannot be written as dotenv; the text completes "its value …".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotDotenv {
    CarriageReturn,
    Interpolation,
    TrailingBackslash,
    DollarAndQuote,
    BacktickAndQuote,
}

impl NotDotenv {
    pub fn reason(self) -> &'static str {
        match self {
            NotDotenv::CarriageReturn => {
                "holds a carriage return, which dotenvy cannot escape and python-dotenv reads as a newline"
            }
            NotDotenv::Interpolation => "holds '${…}', which python-dotenv expands and cannot escape",
            NotDotenv::TrailingBackslash => {
                "ends with a backslash, which dotenv parsers read as escaping the closing quote"
            }
            NotDotenv::DollarAndQuote => {
                "holds '$' together with a single quote or a double backslash, so no quoting reads back the same in dotenvy and python-dotenv"
            }
            NotDotenv::BacktickAndQuote => {
                "holds a backtick together with a single quote or a double backslash, so the one quoting dotenv parsers agree on would run it as a command in a shell that sources the file"
            }
        }
    }
}

/// `KEY=VALUE` and a newline, quoted where needed (see the module notes).
pub fn dotenv_line(key: &str, value: &str) -> Result<String, NotDotenv> {
    Ok(format!("{key}={}\n", dotenv_value(value)?))
}

fn dotenv_value(value: &str) -> Result<Cow<'_, str>, NotDotenv> {
    if value.contains('\r') {
        return Err(NotDotenv::CarriageReturn);
    }
    if value.find("${").is_some_and(|start| value[start..].contains('}')) {
        return Err(NotDotenv::Interpolation);
    }
    if value.chars().all(is_plain) {
        return Ok(Cow::Borrowed(value));
    }
    if value.ends_with('\\') {
        return Err(NotDotenv::TrailingBackslash);
    }
    if !value.contains('\'') && !value.contains("\\\\") {
        return Ok(Cow::Owned(format!("'{value}'")));
    }
    if value.contains('$') {
        return Err(NotDotenv::DollarAndQuote);
    }
    if value.contains('`') {
        return Err(NotDotenv::BacktickAndQuote);
    }
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        match c {
            '\\' => quoted.push_str("\\\\"),
            '"' => quoted.push_str("\\\""),
            '\n' => quoted.push_str("\\n"),
            other => quoted.push(other),
        }
    }
    quoted.push('"');
    Ok(Cow::Owned(quoted))
}

/// Characters that mean themselves, unquoted, to every dotenv parser (and to a shell).
fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':' | '@' | '+' | ',' | '%' | '=')
}

/// `export KEY=…` and a newline, quoted by shlex so that bash, zsh, dash and busybox sh
/// (and fish) restore the exact value with `eval`. Env values never hold NUL, the one
/// thing a shell word cannot carry; should one appear, this is `None`.
pub fn shell_line(key: &str, value: &str) -> Option<String> {
    let quoted = shlex::try_quote(value).ok()?;
    Some(format!("export {key}={quoted}\n"))
}

/// `KEY=VALUE` and a newline, the value raw: `docker run --env-file` takes every byte
/// after the first `=` literally, up to the line end. A value holding a line feed or a
/// carriage return (docker drops one that ends a line) cannot be written: `None`.
pub fn docker_line(key: &str, value: &str) -> Option<String> {
    (!value.contains(['\n', '\r'])).then(|| format!("{key}={value}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotenv_takes_the_plainest_form_both_parsers_agree_on() {
        let cases = [
            ("", "K=\n"),
            ("abc123", "K=abc123\n"),
            ("dGVzdA==/+x", "K=dGVzdA==/+x\n"),
            ("two words", "K='two words'\n"),
            ("a\"b#c$d`e", "K='a\"b#c$d`e'\n"),
            ("line1\nline2", "K='line1\nline2'\n"),
            ("C:\\path\\file", "K='C:\\path\\file'\n"),
            ("it's", "K=\"it's\"\n"),
            ("it's \"x\"\n\\\\ end", "K=\"it's \\\"x\\\"\\n\\\\\\\\ end\"\n"),
        ];
        for (value, line) in cases {
            assert_eq!(dotenv_line("K", value).as_deref(), Ok(line), "{value:?}");
        }
    }

    #[test]
    fn dotenv_refuses_what_parsers_would_mangle() {
        assert_eq!(dotenv_line("K", "a\r\nb"), Err(NotDotenv::CarriageReturn));
        assert_eq!(dotenv_line("K", "x${HOME}y"), Err(NotDotenv::Interpolation));
        assert_eq!(dotenv_line("K", "dir\\"), Err(NotDotenv::TrailingBackslash));
        assert_eq!(dotenv_line("K", "it's $5"), Err(NotDotenv::DollarAndQuote));
        assert_eq!(dotenv_line("K", "\\\\$"), Err(NotDotenv::DollarAndQuote));
        assert_eq!(dotenv_line("K", "it's `id`"), Err(NotDotenv::BacktickAndQuote));
        // `$` alone, or `${` without a closing brace, is fine in single quotes.
        assert!(dotenv_line("K", "$5 ${x").is_ok());
    }

    #[test]
    fn shell_lines_are_quoted_by_shlex() {
        assert_eq!(shell_line("K", "plain").as_deref(), Some("export K=plain\n"));
        assert_eq!(shell_line("K", "").as_deref(), Some("export K=''\n"));
        assert_eq!(shell_line("K", "a b$c").as_deref(), Some("export K='a b$c'\n"));
        assert_eq!(shell_line("K", "\0"), None);
    }

    #[test]
    fn docker_lines_are_raw_and_refuse_line_breaks() {
        assert_eq!(docker_line("K", " it's \"$x\" `y` # z ").as_deref(), Some("K= it's \"$x\" `y` # z \n"));
        assert_eq!(docker_line("K", "a\nb"), None);
        assert_eq!(docker_line("K", "a\r"), None);
    }
}
