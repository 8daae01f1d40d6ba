//! `vault export`: a collection's values as a dotenv file, shell `export` lines, docker
//! `--env-file` lines or the JSON collection, on stdout or into `--output FILE`. The
//! whole output is built before any of it is written, so a value the format cannot
//! carry stops the command with nothing written, every such key named. The reveal is
//! recorded in the audit log before anything is written, after the output file (if
//! any) was prepared.

use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use crate::atomic_file::Destination;
use crate::audit::Entry;
use crate::cli::{ExportArgs, ExportFormat};
use crate::context::Context;
use crate::error::{Failure, Kind, usage};
use crate::model::{Secret, SecretType};

pub fn run(ctx: &Context, args: ExportArgs) -> anyhow::Result<()> {
    let format = match (args.format, ctx.json) {
        (None, true) | (Some(ExportFormat::Json), _) => ExportFormat::Json,
        (Some(_), true) => {
            return Err(usage("--json conflicts with --format dotenv|shell|docker; give one of them"));
        }
        (Some(format), false) => format,
        (None, false) => ExportFormat::Dotenv,
    };
    let reference = ctx.reference(&args.id)?;
    let mut store = ctx.store()?;
    let (sealed, keys, pending) = {
        let before = crate::seen::before_read(&store)?;
        let snapshot = store.read()?;
        let sealed = snapshot.sealed(&reference)?;
        let pending = before.check(&snapshot, &[(&reference, sealed.version)])?;
        (sealed, snapshot.keys()?, pending)
    };
    let secrets = ctx.unlock_keys(&keys)?.open(&sealed)?;
    let text = match format {
        ExportFormat::Json => {
            let json = crate::output::collection_json_revealed(&sealed.summary, sealed.version, &secrets);
            // Cannot fail: the shape holds only strings, numbers and lists.
            let mut text = Zeroizing::new(serde_json::to_string_pretty(&json)?);
            text.push('\n');
            text
        }
        ExportFormat::Dotenv => env_lines(ctx, &secrets, "dotenv", dotenv_line)?,
        ExportFormat::Shell => env_lines(ctx, &secrets, "shell", shell_line)?,
        ExportFormat::Docker => env_lines(ctx, &secrets, "docker", docker_line)?,
    };
    let destination = Destination::open(args.output.as_deref())?;
    let exported = secrets
        .iter()
        .filter(|s| format == ExportFormat::Json || s.secret_type == SecretType::Env)
        .map(|s| s.location.clone())
        .collect();
    let outcome = format!("revealed version {}", sealed.version);
    store.record_reveal(&[Entry::collection("export", &reference, exported, outcome)])?;
    drop(store);
    ctx.warn(pending.advance());
    destination.write(text.as_bytes())
}

/// Encodes one env value as a line, or says why it cannot (completing "its value …").
type Encoder = fn(&str, &str) -> Result<String, &'static str>;

fn dotenv_line(key: &str, value: &str) -> Result<String, &'static str> {
    crate::encode::dotenv_line(key, value).map_err(|reason| reason.reason())
}

fn shell_line(key: &str, value: &str) -> Result<String, &'static str> {
    crate::encode::shell_line(key, value).ok_or("holds a NUL byte")
}

fn docker_line(key: &str, value: &str) -> Result<String, &'static str> {
    crate::encode::docker_line(key, value)
        .ok_or("holds a line break, which a docker --env-file line cannot carry")
}

/// The env secrets as lines of the format `name`, or an error naming every key it
/// cannot carry. File secrets are left out with a note.
fn env_lines(
    ctx: &Context,
    secrets: &[Secret],
    name: &str,
    encode: Encoder,
) -> anyhow::Result<Zeroizing<String>> {
    let (env, files): (Vec<&Secret>, Vec<&Secret>) =
        secrets.iter().partition(|s| s.secret_type == SecretType::Env);
    let mut text = Zeroizing::new(String::new());
    let mut refused = Vec::new();
    for secret in env {
        // Env values are validated UTF-8 when stored; a failure here means the opened
        // payload broke that promise.
        let value = std::str::from_utf8(secret.value.expose_secret())
            .map_err(|_| anyhow::anyhow!("the value of env secret {} is not UTF-8", secret.location))?;
        match encode(&secret.location, value) {
            Ok(line) => text.push_str(&Zeroizing::new(line)),
            Err(reason) => refused.push(format!("{} (its value {reason})", secret.location)),
        }
    }
    if !refused.is_empty() {
        let hint = if name == "dotenv" {
            "use --format shell or --format json, which carry any value"
        } else {
            "use --format json, which carries any value"
        };
        return Err(Failure::new(Kind::Usage, format!("cannot export as {name}: {}", refused.join("; ")))
            .with_hint(hint)
            .into());
    }
    if !files.is_empty() {
        let locations: Vec<String> = files.iter().map(|s| crate::output::sanitize(&s.location)).collect();
        ctx.note(&format!(
            "note: {} file secret(s) not exported ({}); --format json includes them, `vault run` writes them",
            files.len(),
            locations.join(", ")
        ));
    }
    Ok(text)
}
