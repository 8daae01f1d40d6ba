//! `vault inject -i TEMPLATE [-o FILE]`: renders a template (see [`crate::template`])
//! with the stored values it names, to stdout or into FILE (0600, replaced atomically,
//! only on success). Every reference is checked against the collections' metadata
//! before anything is unlocked, so an unknown one fails (exit 3, every one named)
//! without a key; the reveal is recorded before anything is written.
//!
//! The reading and rendering here are shared with `vault run --template`.

use std::collections::HashMap;
use std::io::{IsTerminal, Read};
use std::path::Path;

use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use crate::atomic_file::Destination;
use crate::audit::Entry;
use crate::cli::InjectArgs;
use crate::context::Context;
use crate::error::{Failure, Kind, usage};
use crate::keyring::Keyring;
use crate::model::{CollectionRef, Secret};
use crate::store::{Reader, SealedCollection};
use crate::template::Template;

/// The largest template read: a config file, with room to spare.
const MAX_TEMPLATE: u64 = 16 * 1024 * 1024;

pub fn run(ctx: &Context, args: InjectArgs) -> anyhow::Result<()> {
    let (shown, template) = read_template(&args.template)?;
    let mut store = ctx.store()?;
    let (referenced, keys, pending) = {
        let before = crate::seen::before_read(&store)?;
        let snapshot = store.read()?;
        let referenced = read_referenced(ctx, &snapshot, &[(&shown, &template)])?;
        let read: Vec<_> = referenced.iter().map(|r| (&r.reference, r.sealed.version)).collect();
        let pending = before.check(&snapshot, &read)?;
        (referenced, snapshot.keys()?, pending)
    };
    let values = open_referenced(&ctx.unlock_keys(&keys)?, &referenced)?;
    let rendered = render(ctx, &template, &values)?;
    if args.output.is_none() && std::io::stdout().is_terminal() && !crate::terminal::is_plain_text(&rendered)
    {
        return Err(Failure::new(
            Kind::Usage,
            format!("{shown} rendered is not plain text; it is not written to a terminal"),
        )
        .with_hint("write it to a file with -o FILE, pipe it (| cat), or force it with -o -")
        .into());
    }
    let destination = Destination::open(args.output.as_deref())?;
    store.record_reveal(&reveal_entries("inject", &referenced))?;
    drop(store);
    ctx.warn(pending.advance());
    destination.write(&rendered)
}

/// Reads and parses a template file (`-` is stdin); returns how errors name it.
pub(super) fn read_template(path: &Path) -> anyhow::Result<(String, Template)> {
    let shown = if path == Path::new("-") { "stdin".to_owned() } else { path.display().to_string() };
    let cannot = |e: std::io::Error| usage(format!("cannot read template {shown}: {e}"));
    let mut text = Zeroizing::new(Vec::new());
    if path == Path::new("-") {
        std::io::stdin().lock().take(MAX_TEMPLATE + 1).read_to_end(&mut text).map_err(cannot)?;
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_TEMPLATE + 1).read_to_end(&mut text))
            .map_err(cannot)?;
    }
    if text.len() as u64 > MAX_TEMPLATE {
        return Err(usage(format!("template {shown} is larger than {} MiB", MAX_TEMPLATE >> 20)));
    }
    let template = Template::parse(&text, &shown)?;
    Ok((shown, template))
}

/// A collection some template names, read but not opened, and the locations named.
pub(super) struct Referenced {
    pub reference: CollectionRef,
    pub sealed: SealedCollection,
    pub locations: Vec<String>,
}

/// Reads every collection the templates name and checks every reference against their
/// metadata: no key needed. All unknown references are named at once (exit 3).
pub(super) fn read_referenced(
    ctx: &Context,
    reader: &Reader,
    templates: &[(&str, &Template)],
) -> anyhow::Result<Vec<Referenced>> {
    let mut referenced: Vec<Referenced> = Vec::new();
    let mut unknown = Vec::new();
    for (shown, template) in templates {
        for reference in template.references() {
            let collection = ctx.reference(&reference.collection).map_err(|cause| {
                usage(format!("{shown} line {}: {}: {cause}", reference.line, reference.shown()))
            })?;
            let at = match referenced.iter().position(|r| r.reference == collection) {
                Some(at) => Some(at),
                None => match reader.sealed(&collection) {
                    Ok(sealed) => {
                        referenced.push(Referenced {
                            reference: collection.clone(),
                            sealed,
                            locations: Vec::new(),
                        });
                        Some(referenced.len() - 1)
                    }
                    Err(error) if crate::store::is_missing(&error) => None,
                    Err(error) => return Err(error),
                },
            };
            let found = at.filter(|&at| {
                referenced[at].sealed.summary.secrets.iter().any(|m| m.location == reference.location)
            });
            match found {
                Some(at) if !referenced[at].locations.contains(&reference.location) => {
                    referenced[at].locations.push(reference.location.clone());
                }
                Some(_) => {}
                None => {
                    let why = if at.is_some() { "has no such location" } else { "not found" };
                    unknown.push(format!(
                        "{} ({shown} line {}: {collection} {why})",
                        reference.shown(),
                        reference.line
                    ));
                }
            }
        }
    }
    if !unknown.is_empty() {
        return Err(Failure::new(Kind::NotFound, format!("unknown references: {}", unknown.join("; ")))
            .with_hint("see 'vault list' and 'vault get ID'; a reference is {{ COLLECTION.LOCATION }}")
            .into());
    }
    Ok(referenced)
}

/// Values by workspace, collection ID and location.
pub(super) type Values = HashMap<(String, String, String), Secret>;

/// Opens every referenced collection and keeps the values named.
pub(super) fn open_referenced(keyring: &Keyring, referenced: &[Referenced]) -> anyhow::Result<Values> {
    let mut values = Values::new();
    for collection in referenced {
        for secret in keyring.open(&collection.sealed)? {
            if collection.locations.contains(&secret.location) {
                let key = (
                    collection.reference.workspace.clone(),
                    collection.reference.id.clone(),
                    secret.location.clone(),
                );
                values.insert(key, secret);
            }
        }
    }
    Ok(values)
}

/// The template with its references replaced by their values.
pub(super) fn render(
    ctx: &Context,
    template: &Template,
    values: &Values,
) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    template.render(|reference| {
        let collection = ctx.reference(&reference.collection)?;
        let key = (collection.workspace, collection.id, reference.location.clone());
        // Present: `read_referenced` checked it against the metadata, and `open` the
        // metadata against the sealed list.
        let secret =
            values.get(&key).ok_or_else(|| anyhow::anyhow!("{} was not opened", reference.shown()))?;
        Ok(secret.value.expose_secret())
    })
}

/// One reveal record per collection read, naming the locations referenced.
pub(super) fn reveal_entries(command: &str, referenced: &[Referenced]) -> Vec<Entry> {
    referenced
        .iter()
        .map(|r| {
            let outcome = format!("revealed version {}", r.sealed.version);
            Entry::collection(command, &r.reference, r.locations.clone(), outcome)
        })
        .collect()
}
