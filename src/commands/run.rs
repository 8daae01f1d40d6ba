//! `vault run`: resolve collections, unlock once, open each once, check everything, and
//! only then hand over to the launcher. Any failure up to that point is exit 125, so
//! vault's own failures never pass for the command's status.

use std::collections::HashMap;

use secrecy::SecretSlice;

use crate::audit::Entry;
use crate::cli::RunArgs;
use crate::context::Context;
use crate::error::{Failure, Kind, before_start, usage};
use crate::model::{CollectionRef, Secret, SecretType};
use crate::runner::{LaunchError, Plan, Ready, launch};
use crate::template::Template;

pub fn run(ctx: &Context, args: RunArgs) -> anyhow::Result<u8> {
    let (ready, not_started) = prepare(ctx, args)?;
    launch(ready).map_err(|error| {
        // The reveal was recorded before the start, since `execve` never returns; say
        // that the command did not get the values after all. Best effort: the launch
        // error is the one to report.
        if let Ok(mut store) = ctx.store() {
            let _ = store.record_reveal(&not_started);
        }
        launch_failure(error)
    })
}

/// The audit records of one `vault run`: the reveal, and what replaces it if the
/// command then fails to start.
struct Records {
    reveal: Vec<Entry>,
    not_started: Vec<Entry>,
}

fn launch_failure(error: LaunchError) -> anyhow::Error {
    match error {
        LaunchError::Setup(cause) => before_start(cause),
        other => other.into(),
    }
}

/// Everything up to the launch: the command found and its environment built (a
/// missing command is 127 before anything is revealed), then the reveal recorded.
/// Returns the records for a command that then fails to start.
fn prepare(ctx: &Context, args: RunArgs) -> anyhow::Result<(Ready, Vec<Entry>)> {
    let (plan, records, mut store, seen) = plan(ctx, args).map_err(before_start)?;
    let ready = crate::runner::prepare(plan).map_err(launch_failure)?;
    store.record_reveal(&records.reveal).map_err(before_start)?;
    drop(store);
    ctx.warn(seen.advance());
    if !ready.unmasked().is_empty() {
        ctx.note(&format!(
            "warning: --mask will not conceal {} (shorter than {} bytes)",
            ready.unmasked().join(", "),
            crate::model::MIN_FINDABLE_LEN
        ));
    }
    Ok((ready, records.not_started))
}

/// Resolves, unlocks, opens and checks (rollbacks included); returns the plan, the audit
/// records to write, the open store to write them to, and what this machine has now seen.
fn plan(
    ctx: &Context,
    args: RunArgs,
) -> anyhow::Result<(Plan, Records, crate::store::Store, crate::seen::Pending)> {
    let ids = ctx.collection_ids(args.collections, "run with", "")?;
    let needs = crate::requirements::needs(ctx.project.as_ref(), &args.require)?;
    let references = ids.iter().map(|id| ctx.reference(id)).collect::<anyhow::Result<Vec<_>>>()?;
    let templates = read_templates(&args.templates)?;
    let named: Vec<(&str, &Template)> = templates.iter().map(|t| (t.shown.as_str(), &t.template)).collect();

    let store = ctx.store()?;
    let (sealed, referenced, keys, pending) = {
        let before = crate::seen::before_read(&store)?;
        let snapshot = store.read()?;
        let sealed = references.iter().map(|r| snapshot.sealed(r)).collect::<anyhow::Result<Vec<_>>>()?;
        // What the templates name, checked against the metadata like the requirements.
        let referenced = super::inject::read_referenced(ctx, &snapshot, &named)?;
        let mut read: Vec<_> = references.iter().zip(&sealed).map(|(r, s)| (r, s.version)).collect();
        read.extend(referenced.iter().map(|r| (&r.reference, r.sealed.version)));
        let pending = before.check(&snapshot, &read)?;
        (sealed, referenced, snapshot.keys()?, pending)
    };
    // The metadata lists every secret's type and location, and opening checks the
    // sealed values against it: a missing requirement needs no unlock to tell, and is
    // named even where no key is at hand.
    require(&needs, &sealed, &ids)?;
    let keyring = ctx.unlock_keys(&keys)?;
    let mut opened = Vec::new();
    for collection in &sealed {
        opened.extend(keyring.open(collection)?);
    }
    let mut merged = later_wins(opened);
    let values = super::inject::open_referenced(&keyring, &referenced)?;
    merged.extend(render_templates(ctx, &templates, &values, &merged)?);
    let also_masked = values
        .into_iter()
        .map(|((workspace, id, location), secret)| (format!("{workspace}/{id}.{location}"), secret.value))
        .collect();

    // Recorded once everything checked out and the command was found, and before the
    // launch, since the exec path never returns. A collection only a template names
    // records the locations it names.
    let template_only = referenced.iter().filter(|r| !references.contains(&r.reference));
    let reads: Vec<(&CollectionRef, u64, Vec<String>)> = sealed
        .iter()
        .zip(&references)
        .map(|(collection, reference)| {
            let locations = collection.summary.secrets.iter().map(|m| m.location.clone()).collect();
            (reference, collection.version, locations)
        })
        .chain(template_only.map(|r| (&r.reference, r.sealed.version, r.locations.clone())))
        .collect();
    let records = |outcome: &dyn Fn(u64) -> String| -> Vec<Entry> {
        reads
            .iter()
            .map(|(reference, version, locations)| {
                Entry::collection("run", reference, locations.clone(), outcome(*version))
            })
            .collect()
    };
    let entries = Records {
        reveal: records(&|version| format!("revealed version {version}")),
        not_started: records(&|version| format!("command not started; version {version} not handed over")),
    };

    let (env, files): (Vec<_>, Vec<_>) = merged.into_iter().partition(|s| s.secret_type == SecretType::Env);
    let pairs = |secrets: Vec<Secret>| -> Vec<(String, SecretSlice<u8>)> {
        secrets.into_iter().map(|s| (s.location, s.value)).collect()
    };
    let plan = Plan {
        command: args.command,
        inherited: std::env::vars_os().collect(),
        env: pairs(env),
        files: pairs(files),
        preserve_env: args.preserve_env,
        mask: args.mask,
        also_masked,
    };
    Ok((plan, entries, store, pending))
}

/// Fails naming every requirement (declared or `--require`) the collections' metadata
/// does not meet, as `ids` named them.
fn require(
    needs: &[crate::requirements::Need],
    sealed: &[crate::store::SealedCollection],
    ids: &[String],
) -> anyhow::Result<()> {
    let summaries: Vec<&crate::model::Summary> = sealed.iter().map(|s| &s.summary).collect();
    let missing = crate::requirements::missing(needs, &summaries);
    if missing.is_empty() {
        return Ok(());
    }
    let mut message =
        format!("required secrets missing: {}", crate::requirements::missing_message(&missing, ids));
    if let Some(files) = crate::requirements::held_as_files(&missing, &summaries) {
        message.push_str(&format!(
            " ({files}: --require names env variables; drop it, or store the value with --env)"
        ));
    }
    Err(Failure::new(Kind::NotFound, message)
        .with_hint("add them with 'vault update ID --env KEY', or ask who keeps the project's secrets")
        .into())
}

/// Each `--template` rendered, as a file secret at its location; a location the
/// collections already hold is refused rather than silently replaced.
fn render_templates(
    ctx: &Context,
    templates: &[RunTemplate],
    values: &super::inject::Values,
    secrets: &[Secret],
) -> anyhow::Result<Vec<Secret>> {
    let mut rendered = Vec::new();
    for template in templates {
        if secrets.iter().any(|s| s.location == template.location) {
            return Err(usage(format!(
                "--template {}: location '{}' is also a secret of the collections; pick another",
                template.shown,
                crate::output::sanitize(&template.location)
            )));
        }
        let bytes = super::inject::render(ctx, &template.template, values)?;
        let location = template.location.clone();
        rendered.push(Secret::new(SecretType::File, location, Default::default(), bytes.to_vec())?);
    }
    Ok(rendered)
}

/// A `--template TEMPLATE:LOCATION`, read and parsed.
struct RunTemplate {
    shown: String,
    location: String,
    template: Template,
}

/// Reads every `--template`; the location is what follows the last `:`. Two templates
/// at one location are a usage error.
fn read_templates(given: &[String]) -> anyhow::Result<Vec<RunTemplate>> {
    let mut templates: Vec<RunTemplate> = Vec::new();
    for arg in given {
        let Some((path, location)) = arg.rsplit_once(':').filter(|(path, _)| !path.is_empty()) else {
            return Err(usage(format!(
                "--template {}: expected TEMPLATE:LOCATION",
                crate::output::sanitize(arg)
            )));
        };
        crate::model::validate_file_location(location)?;
        if templates.iter().any(|t| t.location == location) {
            return Err(usage(format!(
                "--template: location '{}' is given twice",
                crate::output::sanitize(location)
            )));
        }
        let (shown, template) = super::inject::read_template(std::path::Path::new(path))?;
        templates.push(RunTemplate { shown, location: location.to_owned(), template });
    }
    Ok(templates)
}

/// One secret per location, in linear time: a later collection's secret replaces an
/// earlier one at the same location and takes its place in the order where it came.
fn later_wins(secrets: Vec<Secret>) -> Vec<Secret> {
    let last: HashMap<&str, usize> =
        secrets.iter().enumerate().map(|(at, s)| (s.location.as_str(), at)).collect();
    let keep: Vec<bool> = secrets.iter().enumerate().map(|(at, s)| last[s.location.as_str()] == at).collect();
    secrets.into_iter().zip(keep).filter_map(|(secret, kept)| kept.then_some(secret)).collect()
}
