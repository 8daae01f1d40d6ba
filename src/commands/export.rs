//! `vault export`: a collection's values as a dotenv file, shell `export` lines or the
//! JSON collection. The whole output is built before any of it is written, so a value
//! the format cannot carry stops the command with nothing on stdout. The reveal is
//! recorded in the audit log before anything is printed.

use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use crate::audit::Entry;
use crate::cli::{ExportArgs, ExportFormat};
use crate::context::Context;
use crate::error::{Failure, Kind, usage};
use crate::model::{Secret, SecretType};

pub fn run(ctx: &Context, args: ExportArgs) -> anyhow::Result<()> {
    let format = match (args.format, ctx.json) {
        (None, true) | (Some(ExportFormat::Json), _) => ExportFormat::Json,
        (Some(_), true) => {
            return Err(usage("--json conflicts with --format dotenv|shell; give one of them"));
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
    let exported = secrets
        .iter()
        .filter(|s| format == ExportFormat::Json || s.secret_type == SecretType::Env)
        .map(|s| s.location.clone())
        .collect();
    let outcome = format!("revealed version {}", sealed.version);
    store.record_reveal(&[Entry::collection("export", &reference, exported, outcome)], super::now())?;
    drop(store);
    ctx.warn(pending.advance());

    let encode: fn(&str, &str) -> anyhow::Result<String> = match format {
        ExportFormat::Json => {
            let json = crate::output::collection_json_revealed(&sealed.summary, &secrets);
            return crate::output::print_json(&json);
        }
        ExportFormat::Dotenv => dotenv_line,
        ExportFormat::Shell => shell_line,
    };
    let (env, files): (Vec<&Secret>, Vec<&Secret>) =
        secrets.iter().partition(|s| s.secret_type == SecretType::Env);
    let mut text = Zeroizing::new(String::new());
    for secret in env {
        // Env values are validated UTF-8 when stored; a failure here means the opened
        // payload broke that promise.
        let value = std::str::from_utf8(secret.value.expose_secret())
            .map_err(|_| anyhow::anyhow!("the value of env secret {} is not UTF-8", secret.location))?;
        text.push_str(&Zeroizing::new(encode(&secret.location, value)?));
    }
    if !files.is_empty() {
        let locations: Vec<String> = files.iter().map(|s| crate::output::sanitize(&s.location)).collect();
        ctx.note(&format!(
            "note: {} file secret(s) not exported ({}); --format json includes them, `vault run` writes them",
            files.len(),
            locations.join(", ")
        ));
    }
    crate::output::print_raw(text.as_bytes())
}

fn dotenv_line(key: &str, value: &str) -> anyhow::Result<String> {
    crate::encode::dotenv_line(key, value).map_err(|reason| {
        Failure::new(Kind::Usage, format!("cannot export {key} as dotenv: its value {}", reason.reason()))
            .with_hint("use --format shell or --format json, which carry any value")
            .into()
    })
}

fn shell_line(key: &str, value: &str) -> anyhow::Result<String> {
    crate::encode::shell_line(key, value)
        .ok_or_else(|| anyhow::anyhow!("the value of env secret {key} holds a NUL byte"))
}
