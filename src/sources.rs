//! Turns the secret-source flags (`--env`, `--file`, `--from-dotenv`, `--from-env`,
//! `--from-json`, `--kind`) into validated secrets, in command-line order. Errors name
//! the flag, file and line, never a value.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read};
use std::path::Path;

use base64::Engine;
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use crate::cli::{SecretSources, SourceArg};
use crate::error::{Failure, Kind as FailureKind, usage};
use crate::model::{Kind, MAX_FILE_VALUE, Secret, SecretType};

/// What the sources of one command gave: secrets, and the name and description of a
/// whole collection read with `--from-json`.
#[derive(Default)]
pub struct Gathered {
    pub secrets: Vec<Secret>,
    pub name: Option<String>,
    pub description: Option<String>,
}

/// Reads every source in order. A location given by two sources is a usage error;
/// only one source may read stdin.
pub fn gather(sources: &SecretSources) -> anyhow::Result<Gathered> {
    let mut gathered = Gathered::default();
    let mut kind = Kind::default();
    let mut stdin = StdinGuard::default();
    for source in sources.in_order() {
        let batch = match source {
            SourceArg::Kind(k) => {
                kind = *k;
                continue;
            }
            SourceArg::Env(arg) => vec![env_secret(arg, kind, &mut stdin)?],
            SourceArg::File(arg) => vec![file_secret(arg, kind, &mut stdin)?],
            SourceArg::FromEnv(key) => vec![from_env(key, kind)?],
            SourceArg::Dotenv(path) => dotenv_secrets(path, kind)?,
            SourceArg::Json(path) => {
                let (name, description, secrets) = json_secrets(path, kind, &mut stdin)?;
                gathered.name = name.or(gathered.name);
                gathered.description = description.or(gathered.description);
                secrets
            }
        };
        gathered.secrets.extend(batch);
    }
    refuse_duplicates(&gathered.secrets)?;
    Ok(gathered)
}

fn refuse_duplicates(secrets: &[Secret]) -> anyhow::Result<()> {
    let mut seen = HashSet::new();
    for secret in secrets {
        if !seen.insert(secret.location.as_str()) {
            return Err(usage(format!(
                "location '{}' is given by more than one source; give each location once",
                crate::output::sanitize(&secret.location)
            )));
        }
    }
    Ok(())
}

/// Stdin can be read once; a second source wanting it is a usage error.
#[derive(Default)]
struct StdinGuard {
    taken_by: Option<String>,
}

impl StdinGuard {
    /// Up to `limit` + 1 bytes, so a caller can tell "too large" from "exactly full".
    fn read(&mut self, by: String, limit: usize) -> anyhow::Result<Zeroizing<Vec<u8>>> {
        if let Some(first) = &self.taken_by {
            return Err(usage(format!("{by} and {first} both want stdin; only one source can read it")));
        }
        self.taken_by = Some(by);
        let mut bytes = Zeroizing::new(Vec::new());
        std::io::stdin().lock().take(limit as u64 + 1).read_to_end(&mut bytes)?;
        Ok(bytes)
    }
}

/// `--env KEY=VALUE`, or `--env KEY` with the value from stdin or a no-echo prompt.
fn env_secret(arg: &str, kind: Kind, stdin: &mut StdinGuard) -> anyhow::Result<Secret> {
    if let Some((key, value)) = arg.split_once('=') {
        return Secret::new(SecretType::Env, key.to_owned(), kind, value.as_bytes().to_vec());
    }
    crate::model::validate_env_location(arg)?;
    let value = if std::io::stdin().is_terminal() {
        let value = crate::terminal::prompt_secret(&format!("value for {arg}: "))
            .map_err(|_| usage(format!("--env {arg}: cannot prompt for the value; pipe it on stdin")))?;
        value.expose_secret().as_bytes().to_vec()
    } else {
        let mut bytes = stdin.read(format!("--env {arg}"), MAX_FILE_VALUE)?;
        // `echo value | vault …` should store "value": drop one trailing line end.
        if bytes.ends_with(b"\n") {
            bytes.pop();
            if bytes.ends_with(b"\r") {
                bytes.pop();
            }
        }
        bytes.to_vec()
    };
    Secret::new(SecretType::Env, arg.to_owned(), kind, value)
}

/// `--file LOCATION=@PATH`: the value is PATH's bytes, exactly (`@-` reads stdin).
fn file_secret(arg: &str, kind: Kind, stdin: &mut StdinGuard) -> anyhow::Result<Secret> {
    let Some((location, path)) = arg.split_once("=@") else {
        return Err(usage(format!("--file {}: expected LOCATION=@PATH", crate::output::sanitize(arg))));
    };
    let bytes = if path == "-" {
        stdin.read(format!("--file {location}"), MAX_FILE_VALUE)?
    } else {
        read_limited(Path::new(path), MAX_FILE_VALUE)?
    };
    Secret::new(SecretType::File, location.to_owned(), kind, bytes.to_vec())
}

/// Reads a file, refusing to read far past `limit` (the value check names the limit).
fn read_limited(path: &Path, limit: usize) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let file =
        std::fs::File::open(path).map_err(|e| usage(format!("cannot read {}: {e}", path.display())))?;
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| usage(format!("cannot read {}: {e}", path.display())))?;
    Ok(bytes)
}

/// The largest `.env` or JSON document read: room for a collection of large values.
const MAX_DOCUMENT: usize = 16 * MAX_FILE_VALUE;

/// A document cut off at [`MAX_DOCUMENT`] would parse as something else; say so instead.
fn refuse_oversized(bytes: &[u8], shown: &str) -> anyhow::Result<()> {
    if bytes.len() > MAX_DOCUMENT {
        return Err(usage(format!("{shown} is larger than {} MiB; split it", MAX_DOCUMENT >> 20)));
    }
    Ok(())
}

/// `--from-env KEY`: the value of KEY in vault's own environment.
fn from_env(key: &str, kind: Kind) -> anyhow::Result<Secret> {
    crate::model::validate_env_location(key)?;
    let value = std::env::var_os(key)
        .ok_or_else(|| usage(format!("--from-env {key}: {key} is not set in the environment")))?;
    let value = value
        .into_string()
        .map_err(|_| usage(format!("--from-env {key}: the value of {key} is not UTF-8")))?;
    Secret::new(SecretType::Env, key.to_owned(), kind, value.into_bytes())
}

/// Stand in for `$` and for `\$` in a second parse that can substitute nothing (see
/// [`dotenv_secrets`]); private-use characters no `.env` file means literally.
const DOLLAR_STAND_IN: &str = "\u{E000}";
const ESCAPED_DOLLAR_STAND_IN: &str = "\u{E001}";

/// `--from-dotenv PATH`: every entry becomes an env secret; a repeated key keeps its
/// last value, as dotenv parsers do.
///
/// dotenvy expands `$NAME` and `${NAME}` from vault's own environment (which may hold
/// `VAULT_PASSPHRASE`) and from earlier entries, and cannot be told not to. So the file
/// is parsed twice, the second time with every `$` replaced by a stand-in; an entry
/// whose values differ used substitution and is refused, naming it: a value is stored
/// exactly as written or not at all. `\$` is `$` in double quotes and `\$` in single
/// quotes, so its stand-in may read back as either.
fn dotenv_secrets(path: &Path, kind: Kind) -> anyhow::Result<Vec<Secret>> {
    let content = read_limited(path, MAX_DOCUMENT)?;
    refuse_oversized(&content, &path.display().to_string())?;
    let text = std::str::from_utf8(&content)
        .map_err(|_| usage(format!("{}: a .env file must be UTF-8 text", path.display())))?;
    let escaped = Zeroizing::new(text.replace("\\$", ESCAPED_DOLLAR_STAND_IN));
    let literal = Zeroizing::new(escaped.replace('$', DOLLAR_STAND_IN));
    let entries = dotenv_entries(path, text)?;
    let literal_entries = dotenv_entries(path, &literal)?;
    let substitution = |what: &str| {
        Failure::new(
            FailureKind::Usage,
            format!("{}: {what} uses $-substitution, which vault does not do", path.display()),
        )
        .with_hint("write the value out in full, or put it in single quotes to keep each '$' as written")
    };
    if entries.len() != literal_entries.len() {
        return Err(substitution("an entry").into());
    }
    for ((key, value), (literal_key, literal)) in entries.iter().zip(&literal_entries) {
        let as_written = |escaped_dollar: &str| {
            Zeroizing::new(
                literal.replace(DOLLAR_STAND_IN, "$").replace(ESCAPED_DOLLAR_STAND_IN, escaped_dollar),
            )
        };
        if key != literal_key || (**value != *as_written("$") && **value != *as_written("\\$")) {
            return Err(substitution(&format!("entry {key}")).into());
        }
    }
    entries
        .into_iter()
        .map(|(key, value)| {
            Secret::new(SecretType::Env, key, kind, value.as_bytes().to_vec())
                .map_err(|e| usage(format!("{}: {e}", path.display())))
        })
        .collect()
}

/// The entries of a dotenv text in file order, a repeated key keeping its last value.
fn dotenv_entries(path: &Path, text: &str) -> anyhow::Result<Vec<(String, Zeroizing<String>)>> {
    let mut entries: Vec<(String, Zeroizing<String>)> = Vec::new();
    // Where each key's entry is, so a file of many entries is read in linear time.
    let mut index: HashMap<String, usize> = HashMap::new();
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        let (key, value) = item.map_err(|error| dotenv_error(path, text.as_bytes(), error))?;
        let value = Zeroizing::new(value);
        match index.get(&key) {
            Some(&at) => entries[at].1 = value,
            None => {
                index.insert(key.clone(), entries.len());
                entries.push((key, value));
            }
        }
    }
    Ok(entries)
}

/// A dotenv syntax error naming the file and line but not the line's content.
fn dotenv_error(path: &Path, content: &[u8], error: dotenvy::Error) -> anyhow::Error {
    match error {
        dotenvy::Error::LineParse(line, _) => {
            let line = Zeroizing::new(line);
            let number = find_subslice(content, line.as_bytes())
                .map(|offset| content[..offset].iter().filter(|&&b| b == b'\n').count() + 1);
            let at = number.map_or_else(String::new, |n| format!(" line {n}"));
            Failure::new(FailureKind::Usage, format!("{}{at}: invalid dotenv syntax", path.display()))
                .with_hint("quote a value that holds spaces (KEY=\"two words\"), close every quote, and write each entry as KEY=VALUE")
                .into()
        }
        dotenvy::Error::Io(e) => usage(format!("cannot read {}: {e}", path.display())),
        _ => usage(format!("{}: invalid dotenv file", path.display())),
    }
}

fn find_subslice(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// One secret as `--from-json` reads it; `secret_type` is accepted for `type`.
#[derive(serde::Deserialize)]
struct JsonSecret {
    #[serde(rename = "type", alias = "secret_type")]
    secret_type: String,
    location: String,
    kind: Option<String>,
    value: Option<String>,
    encoding: Option<String>,
}

type JsonCollection = (Option<String>, Option<String>, Vec<Secret>);

/// `--from-json PATH|-`: a `secrets` array, or a whole collection object (whose name
/// and description `create` uses unless flags give them).
fn json_secrets(path: &Path, kind: Kind, stdin: &mut StdinGuard) -> anyhow::Result<JsonCollection> {
    let shown = if path == Path::new("-") { "stdin".to_owned() } else { path.display().to_string() };
    let bytes = if path == Path::new("-") {
        stdin.read("--from-json -".to_owned(), MAX_DOCUMENT)?
    } else {
        read_limited(path, MAX_DOCUMENT)?
    };
    refuse_oversized(&bytes, &shown)?;
    // Parse to a tree first: syntax errors carry a line, and no message ever quotes input.
    let tree: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| usage(format!("{shown} line {} column {}: invalid JSON", e.line(), e.column())))?;
    let text_field =
        |tree: &serde_json::Value, field: &str| tree.get(field).and_then(|v| v.as_str()).map(str::to_owned);
    let (name, description, list) = match tree {
        serde_json::Value::Array(list) => (None, None, list),
        serde_json::Value::Object(ref object) => match object.get("secrets") {
            Some(serde_json::Value::Array(list)) => {
                (text_field(&tree, "name"), text_field(&tree, "description"), list.clone())
            }
            _ => {
                return Err(usage(format!(
                    "{shown}: expected a \"secrets\" array or a collection object with one"
                )));
            }
        },
        _ => {
            return Err(usage(format!(
                "{shown}: expected a \"secrets\" array or a collection object with one"
            )));
        }
    };
    let mut secrets = Vec::with_capacity(list.len());
    for (index, item) in list.into_iter().enumerate() {
        let shape = || {
            usage(format!(
                "{shown}: secret {} needs string fields \"type\", \"location\" and \"value\"",
                index + 1
            ))
        };
        let raw: JsonSecret = serde_json::from_value(item).map_err(|_| shape())?;
        let secret_type = raw.secret_type.parse::<SecretType>()?;
        let kind = raw.kind.as_deref().map_or(Ok(kind), str::parse::<Kind>)?;
        let value = Zeroizing::new(raw.value.ok_or_else(shape)?);
        let bytes = match raw.encoding.as_deref() {
            None | Some("utf-8") => value.as_bytes().to_vec(),
            Some("base64") => {
                base64::engine::general_purpose::STANDARD.decode(value.as_bytes()).map_err(|_| {
                    usage(format!(
                        "{shown}: secret '{}' is not valid base64",
                        crate::output::sanitize(&raw.location)
                    ))
                })?
            }
            Some(other) => {
                return Err(usage(format!(
                    "{shown}: secret '{}' has unknown encoding '{}'; use base64",
                    crate::output::sanitize(&raw.location),
                    crate::output::sanitize(other)
                )));
            }
        };
        secrets.push(Secret::new(secret_type, raw.location, kind, bytes)?);
    }
    refuse_duplicates(&secrets).map_err(|e| usage(format!("{shown}: {e}")))?;
    Ok((name, description, secrets))
}
