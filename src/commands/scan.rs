//! `vault scan [PATHS...] [--staged]`: finds stored values in files or in git's staged
//! changes, for a pre-commit hook. It reports each file, line and the location of the
//! secret found (workspace/collection and location), never a value, and exits 1 when
//! it found one (or could not read a file: a hook must not pass what it did not check).
//! Staged contents are read before anything is unlocked.

use std::path::{Path, PathBuf};

use secrecy::ExposeSecret;
use serde_json::json;

use crate::audit::Entry;
use crate::cli::ScanArgs;
use crate::context::Context;
use crate::model::CollectionRef;
use crate::scan::Needles;

/// Whose a value is: the collection as `WS/ID`, and the location.
type Owner = (String, String);

/// One place a stored value was found.
struct Finding {
    path: PathBuf,
    line: usize,
    /// Indices into the secrets looked for.
    owners: Vec<usize>,
}

pub fn run(ctx: &Context, args: ScanArgs) -> anyhow::Result<u8> {
    let staged = if args.staged { Some(crate::scan::staged_files(&args.paths)?) } else { None };
    let mut store = ctx.store()?;
    let (sealed, keys, pending) = {
        let before = crate::seen::before_read(&store)?;
        let snapshot = store.read()?;
        let references = collections_to_scan(ctx, &args, &snapshot)?;
        let sealed = references.iter().map(|r| snapshot.sealed(r)).collect::<anyhow::Result<Vec<_>>>()?;
        let read: Vec<_> = references.iter().zip(&sealed).map(|(r, s)| (r, s.version)).collect();
        let pending = before.check(&snapshot, &read)?;
        (references.into_iter().zip(sealed).collect::<Vec<_>>(), snapshot.keys()?, pending)
    };
    let (owners, secrets) = values_to_find(ctx, &ctx.unlock_keys(&keys)?, &sealed, args.min_length)?;
    let values: Vec<&[u8]> =
        secrets.iter().map(|s| crate::model::without_line_end(s.value.expose_secret())).collect();
    let needles = Needles::new(&values)?;

    let mut findings = Vec::new();
    let mut scanned = 0usize;
    let mut look = |path: &Path, bytes: &[u8]| {
        scanned += 1;
        for hit in needles.find(bytes) {
            findings.push(Finding { path: path.to_owned(), line: hit.line, owners: hit.owners.to_vec() });
        }
    };
    let unreadable = match &staged {
        Some(files) => {
            files.iter().for_each(|(path, bytes)| look(path, bytes));
            Vec::new()
        }
        None => crate::scan::each_file(&args.paths, args.gitignore, look),
    };
    drop(secrets);

    let entries: Vec<Entry> = sealed
        .iter()
        .map(|(reference, collection)| {
            let locations = collection.summary.secrets.iter().map(|m| m.location.clone()).collect();
            Entry::collection(
                "scan",
                reference,
                locations,
                format!("searched for version {}", collection.version),
            )
        })
        .collect();
    store.record_reveal(&entries)?;
    drop(store);
    ctx.warn(pending.advance());

    report(ctx, &findings, &owners)?;
    Ok(outcome(ctx, &findings, &unreadable, scanned, args.staged))
}

/// The secrets (collection as `WS/ID`, location) and values to look for: every value
/// of the collections at least `min_length` bytes long (and never an empty one); a
/// warning names each one left out.
fn values_to_find(
    ctx: &Context,
    keyring: &crate::keyring::Keyring,
    sealed: &[(CollectionRef, crate::store::SealedCollection)],
    min_length: usize,
) -> anyhow::Result<(Vec<Owner>, Vec<crate::model::Secret>)> {
    let mut owners = Vec::new();
    let mut secrets = Vec::new();
    let mut short = Vec::new();
    for (reference, collection) in sealed {
        let name = format!("{}/{}", reference.workspace, reference.id);
        for secret in keyring.open(collection)? {
            if crate::model::without_line_end(secret.value.expose_secret()).len() < min_length.max(1) {
                short.push(format!("{name} {}", secret.location));
            } else {
                owners.push((name.clone(), secret.location.clone()));
                secrets.push(secret);
            }
        }
    }
    if !short.is_empty() {
        ctx.note(&format!(
            "warning: not looking for {} value(s) shorter than {min_length} bytes: {}",
            short.len(),
            short.join(", ")
        ));
    }
    Ok((owners, secrets))
}

/// Says on stderr what was found and read; the exit status: 1 when a value was found or
/// a path could not be read, else 0.
fn outcome(
    ctx: &Context,
    findings: &[Finding],
    unreadable: &[crate::scan::Unreadable],
    scanned: usize,
    staged: bool,
) -> u8 {
    for file in unreadable {
        ctx.note(&format!("warning: cannot read {}: {}", file.path.display(), file.error));
    }
    let files = {
        let mut paths: Vec<&Path> = findings.iter().map(|f| f.path.as_path()).collect();
        paths.dedup();
        paths.len()
    };
    let what = if staged { "staged file(s)" } else { "file(s)" };
    if findings.is_empty() && unreadable.is_empty() {
        ctx.note(&format!("no stored values found in {scanned} {what}"));
        return 0;
    }
    if !findings.is_empty() {
        ctx.note(&format!("found stored values {} time(s) in {files} of {scanned} {what}", findings.len()));
    }
    if !unreadable.is_empty() {
        ctx.note(&format!("{} path(s) could not be read, so they were not checked", unreadable.len()));
    }
    1
}

/// The project's collections by default, `-c` ones, or with `--all` every collection
/// of every workspace.
fn collections_to_scan(
    ctx: &Context,
    args: &ScanArgs,
    reader: &crate::store::Reader,
) -> anyhow::Result<Vec<CollectionRef>> {
    if args.all {
        let mut all = Vec::new();
        for workspace in reader.workspaces()? {
            for summary in reader.collections(&workspace.name)? {
                let summary = summary?;
                all.push(CollectionRef { workspace: summary.workspace, id: summary.id });
            }
        }
        return Ok(all);
    }
    let ids = ctx.collection_ids(args.collections.clone(), "look for", " or --all")?;
    ids.iter().map(|id| ctx.reference(id)).collect()
}

/// One line per finding on stdout (`path:line: LOCATION in WS/ID`), or a JSON list.
fn report(ctx: &Context, findings: &[Finding], owners: &[Owner]) -> anyhow::Result<()> {
    if ctx.json {
        let rows: Vec<_> = findings
            .iter()
            .map(|finding| {
                let secrets: Vec<_> = finding
                    .owners
                    .iter()
                    .map(|&i| json!({"collection": owners[i].0, "location": owners[i].1}))
                    .collect();
                json!({"path": finding.path.to_string_lossy(), "line": finding.line, "secrets": secrets})
            })
            .collect();
        return crate::output::print_json(&rows);
    }
    let mut text = String::new();
    for finding in findings {
        let named: Vec<String> = finding
            .owners
            .iter()
            .map(|&i| {
                format!(
                    "{} in {}",
                    crate::output::sanitize(&owners[i].1),
                    crate::output::sanitize(&owners[i].0)
                )
            })
            .collect();
        let path = crate::output::sanitize(&finding.path.display().to_string());
        text.push_str(&format!("{path}:{}: stored value of {}\n", finding.line, named.join(", ")));
    }
    crate::output::print_raw(text.as_bytes())
}
