//! Turns the secret-source flags (`--env`, `--file`, `--from-dotenv`, `--from-env`,
//! `--from-json`, `--kind`) into validated secrets, in command-line order. Errors name
//! the flag, file and line, never a value.

use std::collections::HashSet;
use std::io::{IsTerminal, Read};
use std::path::Path;

use base64::Engine;
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use crate::cli::{SecretSources, SourceArg};
use crate::error::usage;
use crate::model::{Kind, MAX_FILE_VALUE, Secret, SecretType};

/// What the sources of one command gave: secrets, and the name and description of a
/// whole collection read with `--from-json`.
#[derive(Default)]
pub struct Gathered {
    pub secrets: Vec<Secret>,
    /// The `--generate` values, location and value, for `--show`.
    pub generated: Vec<(String, Zeroizing<Vec<u8>>)>,
    pub name: Option<String>,
    pub description: Option<String>,
}

/// Reads every source in order. A location given by two sources is a usage error;
/// only one source may read stdin.
pub fn gather(sources: &SecretSources) -> anyhow::Result<Gathered> {
    let mut gathered = Gathered::default();
    let mut kind = Kind::default();
    let mut length = crate::generate::DEFAULT_LENGTH;
    let mut charset = crate::generate::Charset::default();
    let mut stdin = StdinGuard::default();
    for source in sources.in_order() {
        let batch = match source {
            SourceArg::Kind(k) => {
                kind = *k;
                continue;
            }
            SourceArg::Length(n) => {
                length = *n;
                continue;
            }
            SourceArg::Charset(c) => {
                charset = *c;
                continue;
            }
            SourceArg::Generate(key) => {
                crate::model::validate_env_location(key)?;
                let value = crate::generate::generate(charset, length)?;
                gathered.generated.push((key.clone(), value.clone()));
                vec![Secret::new(SecretType::Env, key.clone(), kind, value.to_vec())?]
            }
            SourceArg::Env(arg) => vec![env_secret(arg, kind, &mut stdin, sources.allow_empty)?],
            SourceArg::File(arg) => vec![file_secret(arg, kind, &mut stdin)?],
            SourceArg::FromEnv(key) => vec![from_env(key, kind)?],
            SourceArg::Dotenv(path) => crate::dotenv::secrets(path, &read_document(path)?, kind)?,
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
    /// Claims stdin for the source `by`.
    fn take(&mut self, by: String) -> anyhow::Result<std::io::StdinLock<'static>> {
        if let Some(first) = &self.taken_by {
            return Err(usage(format!("{by} and {first} both want stdin; only one source can read it")));
        }
        self.taken_by = Some(by);
        Ok(std::io::stdin().lock())
    }

    /// Up to `limit` + 1 bytes, so a caller can tell "too large" from "exactly full".
    fn read(&mut self, by: String, limit: usize) -> anyhow::Result<Zeroizing<Vec<u8>>> {
        let mut bytes = Zeroizing::new(Vec::new());
        self.take(by)?.take(limit as u64 + 1).read_to_end(&mut bytes)?;
        Ok(bytes)
    }
}

/// How far a stream holding a too-large value is read on to tell its size.
const SIZE_COUNTED: u64 = 64 * MAX_FILE_VALUE as u64;

/// A secret's value from `reader`, at most `limit` bytes (the checks of
/// [`Secret::new`] follow). A larger one is refused with its real size: `known_size`
/// (a regular file's length), or the stream read on to its end, or to
/// [`SIZE_COUNTED`] (`yes | vault …` never ends).
fn read_value(
    mut reader: impl Read,
    known_size: Option<u64>,
    limit: usize,
    (secret_type, location): (SecretType, &str),
) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let limit = limit as u64;
    let mut bytes = Zeroizing::new(Vec::new());
    (&mut reader).take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 <= limit {
        return Ok(bytes);
    }
    let size = match known_size {
        Some(size) => format!("{size} bytes"),
        None => {
            let read =
                bytes.len() as u64 + std::io::copy(&mut reader.take(SIZE_COUNTED), &mut std::io::sink())?;
            if read > SIZE_COUNTED {
                format!("over {} MiB", SIZE_COUNTED >> 20)
            } else {
                format!("{read} bytes")
            }
        }
    };
    Err(crate::model::too_large(secret_type, location, &size))
}

/// `--env KEY=VALUE`, or `--env KEY` with the value from stdin or typed twice at a
/// no-echo prompt (as `pass insert` asks), where an empty one needs `--allow-empty`.
fn env_secret(arg: &str, kind: Kind, stdin: &mut StdinGuard, allow_empty: bool) -> anyhow::Result<Secret> {
    if let Some((key, value)) = arg.split_once('=') {
        return Secret::new(SecretType::Env, key.to_owned(), kind, value.as_bytes().to_vec());
    }
    crate::model::validate_env_location(arg)?;
    let value = if std::io::stdin().is_terminal() {
        let prompt = |text: String| {
            crate::terminal::prompt_secret(&text)
                .map_err(|_| usage(format!("--env {arg}: cannot prompt for the value; pipe it on stdin")))
        };
        let value = prompt(format!("value for {arg}: "))?;
        if value.expose_secret().is_empty() && !allow_empty {
            let empty = format!("--env {arg}: the value typed is empty; nothing was written");
            return Err(crate::error::Failure::new(crate::error::Kind::Usage, empty)
                .with_hint("type the value, or pass --allow-empty to store an empty one")
                .into());
        }
        if prompt(format!("repeat the value for {arg}: "))?.expose_secret() != value.expose_secret() {
            return Err(usage(format!("--env {arg}: the two values typed differ; nothing was written")));
        }
        value.expose_secret().as_bytes().to_vec()
    } else {
        // Read up to the larger limit: a trailing line end is dropped before the check.
        let reader = stdin.take(format!("--env {arg}"))?;
        let bytes = read_value(reader, None, MAX_FILE_VALUE, (SecretType::Env, arg))?;
        // `echo value | vault …` should store "value": drop one trailing line end.
        crate::model::without_line_end(&bytes).to_vec()
    };
    Secret::new(SecretType::Env, arg.to_owned(), kind, value)
}

/// `--file LOCATION=@PATH`: the value is PATH's bytes, exactly (`@-` reads stdin).
fn file_secret(arg: &str, kind: Kind, stdin: &mut StdinGuard) -> anyhow::Result<Secret> {
    let Some((location, path)) = arg.split_once("=@") else {
        return Err(usage(format!("--file {}: expected LOCATION=@PATH", crate::output::sanitize(arg))));
    };
    let bytes = if path == "-" {
        let reader = stdin.take(format!("--file {location}"))?;
        read_value(reader, None, MAX_FILE_VALUE, (SecretType::File, location))?
    } else {
        let unreadable = |e: std::io::Error| usage(format!("cannot read {path}: {e}"));
        let file = std::fs::File::open(path).map_err(unreadable)?;
        let size = file.metadata().ok().filter(std::fs::Metadata::is_file).map(|meta| meta.len());
        read_value(file, size, MAX_FILE_VALUE, (SecretType::File, location)).map_err(|e| match e
            .downcast::<std::io::Error>(
        ) {
            Ok(io) => unreadable(io),
            Err(e) => e,
        })?
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

/// A `.env` or JSON file, refused when larger than [`MAX_DOCUMENT`].
fn read_document(path: &Path) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let bytes = read_limited(path, MAX_DOCUMENT)?;
    refuse_oversized(&bytes, &path.display().to_string())?;
    Ok(bytes)
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
    let shapes = || {
        usage(format!(
            "{shown}: expected a \"secrets\" array, a collection object with one, or a flat {{\"KEY\": \"value\"}} object"
        ))
    };
    let (name, description, list) = match tree {
        serde_json::Value::Array(list) => (None, None, list),
        serde_json::Value::Object(ref object) => match object.get("secrets") {
            Some(serde_json::Value::Array(list)) => {
                (text_field(&tree, "name"), text_field(&tree, "description"), list.clone())
            }
            Some(_) => return Err(shapes()),
            None => return Ok((None, None, flat_secrets(&shown, object, kind)?)),
        },
        _ => return Err(shapes()),
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

/// A flat `{"KEY": "value"}` object, as `doppler secrets download` and many tools write
/// it: every member an env secret. Members whose value is not a string are named.
fn flat_secrets(
    shown: &str,
    object: &serde_json::Map<String, serde_json::Value>,
    kind: Kind,
) -> anyhow::Result<Vec<Secret>> {
    let not_text: Vec<String> =
        object.iter().filter(|(_, v)| !v.is_string()).map(|(k, _)| crate::output::sanitize(k)).collect();
    if !not_text.is_empty() {
        return Err(usage(format!(
            "{shown}: {} not a string; a flat object takes string values only",
            if not_text.len() == 1 {
                format!("{} is", not_text[0])
            } else {
                format!("{} are", not_text.join(", "))
            }
        )));
    }
    object
        .iter()
        .map(|(key, value)| {
            let value = Zeroizing::new(value.as_str().unwrap_or_default().as_bytes().to_vec());
            Secret::new(SecretType::Env, key.clone(), kind, value.to_vec())
                .map_err(|e| usage(format!("{shown}: {e}")))
        })
        .collect()
}
