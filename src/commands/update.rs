//! `vault update`: merge, unset or replace secrets (unlocks), or change only name and
//! description (no key needed). The next version is built before the write lock and
//! written only if it still builds on the current version, else built again inside the
//! transaction: concurrent updates queue and none is lost, and a lone update of a large
//! collection does its merge, comparison and sealing without holding the lock.

use std::collections::HashMap;

use crate::audit::Entry;
use crate::cli::UpdateArgs;
use crate::context::Context;
use crate::error::{not_found, usage};
use crate::keyring::Keyring;
use crate::model::{Changes, CollectionRef, Secret, Summary, validate_description, validate_name};
use crate::store::{SealedCollection, Writer};

pub fn run(ctx: &Context, args: UpdateArgs) -> anyhow::Result<()> {
    let reference = ctx.reference(&args.id)?;
    let changes_values = args.replace || !args.sources.is_empty() || !args.unset.is_empty();
    if !changes_values && args.name.is_none() && args.description.is_none() {
        return Err(usage(
            "nothing to update: give --name, --description, a secret source, --unset or --replace",
        ));
    }
    if let Some(name) = &args.name {
        validate_name(name)?;
    }
    if let Some(description) = &args.description {
        validate_description(description)?;
    }
    let mut store = ctx.store()?;
    let listed = store.read()?.summary(&reference)?;
    // An unset location that is not there needs no key to tell: exit 3 before the unlock.
    if let Some(missing) =
        args.unset.iter().find(|location| !listed.secrets.iter().any(|m| &m.location == *location))
    {
        return Err(location_not_found(missing, &reference));
    }

    let now = super::now();
    if !changes_values {
        let summary = store.write(|tx| {
            let mut summary = tx.read().summary(&reference)?;
            summary.name = args.name.clone().unwrap_or(summary.name);
            summary.description = args.description.clone().unwrap_or(summary.description);
            summary.updated_at = now;
            tx.update_details(&summary)?;
            Ok(summary)
        })?;
        return super::print_summary(ctx, &summary);
    }

    let mut gathered = crate::sources::gather(&args.sources)?;
    // Each given location's place on the command line, to take them back out of a merge.
    let order: HashMap<String, usize> =
        gathered.secrets.iter().enumerate().map(|(at, s)| (s.location.clone(), at)).collect();
    if let Some(both) = args.unset.iter().find(|l| order.contains_key(*l)) {
        return Err(usage(format!(
            "location '{}' is both set and unset; give it once",
            crate::output::sanitize(both)
        )));
    }
    let keyring = ctx.unlock(&store)?;
    let next_from = |current: SealedCollection, given: Vec<Secret>| -> anyhow::Result<NextVersion> {
        let secrets = if args.replace {
            given
        } else {
            merge(keyring.open(&current)?, given, &args.unset, &reference)?
        };
        let mut summary = current.summary.clone();
        summary.name = args.name.clone().unwrap_or(summary.name);
        summary.description = args.description.clone().unwrap_or(summary.description);
        summary.updated_at = now;
        NextVersion::build(&keyring, current, secrets, summary, None)
    };
    // Opening, merging, comparing and sealing happen here, before the write lock, on
    // the version read now. In the transaction that version is written as it is if it
    // is still the current one; if another process wrote a newer one meanwhile, the
    // merge is done again onto that (an unset location another process removed is then
    // not found, as if the commands had run one after the other).
    let current = {
        // Keys and values from one snapshot: a rotate-key since the unlock is "run the
        // command again", not values that fail to open.
        let snapshot = store.read()?;
        keyring.ensure_current(&snapshot.keys()?)?;
        snapshot.sealed(&reference)?
    };
    let mut next = next_from(current, std::mem::take(&mut gathered.secrets))?;
    let summary = store.write(|tx| {
        keyring.ensure_current(&tx.read().keys()?)?;
        let (version, details) = tx.read().current(&reference)?;
        if version != next.base_version() {
            let given = next.take_given(&order);
            next = next_from(tx.read().sealed(&reference)?, given)?;
        }
        // A rename meanwhile made no new version; what it set stays unless given here.
        next.set_details(
            args.name.clone().unwrap_or(details.name),
            args.description.clone().unwrap_or(details.description),
        );
        next.write(ctx, tx)
    })?;
    ctx.warn(crate::seen::saw_write(&store, &[&reference], &[]));
    super::print_outcome(ctx, &summary, &gathered, args.sources.show)
}
/// A collection's next version, built and sealed from the version it replaces, ready to
/// be written. Built before the write lock when it can be (see `run`).
pub(super) struct NextVersion {
    /// The version it replaces, sealed, as read.
    current: SealedCollection,
    secrets: Vec<Secret>,
    summary: Summary,
    changes: Changes,
    /// The new version's blob and the replaced one sealed as history; none when no
    /// value changed.
    sealed: Option<(Vec<u8>, Vec<u8>)>,
    /// The version a rollback copies.
    rollback_from: Option<u64>,
}

impl NextVersion {
    /// Values equal to the current ones (same bytes, type and kind at the same
    /// locations) make no new version: only name, description and update time will be
    /// written, as a rename would.
    pub(super) fn build(
        keyring: &Keyring,
        current: SealedCollection,
        secrets: Vec<Secret>,
        mut summary: Summary,
        rollback_from: Option<u64>,
    ) -> anyhow::Result<NextVersion> {
        // The current values are opened to say what changed; only the location names
        // are kept.
        let changes = Changes::between(&keyring.open(&current)?, &secrets);
        let sealed = if changes.is_empty() {
            None
        } else {
            summary.secrets = secrets.iter().map(Secret::meta).collect();
            let version = current.version + 1;
            Some((keyring.seal(&summary, version, &secrets)?, keyring.seal_as_history(&current)?))
        };
        Ok(NextVersion { current, secrets, summary, changes, sealed, rollback_from })
    }

    fn base_version(&self) -> u64 {
        self.current.version
    }

    /// Name and description are not sealed: they can be set up to the last moment.
    fn set_details(&mut self, name: String, description: String) {
        self.summary.name = name;
        self.summary.description = description;
    }

    /// The secrets the command gave (the locations of `order`), back out of the merge,
    /// in the order given, to merge them onto a newer version.
    fn take_given(self, order: &HashMap<String, usize>) -> Vec<Secret> {
        let mut given: Vec<Secret> =
            self.secrets.into_iter().filter(|s| order.contains_key(&s.location)).collect();
        given.sort_by_key(|s| order[&s.location]);
        given
    }

    /// Makes this the collection's next version, the current one going into history,
    /// and records it in the audit log, all in the caller's transaction.
    pub(super) fn write(self, ctx: &Context, tx: &Writer) -> anyhow::Result<Summary> {
        let summary = self.summary;
        let reference = CollectionRef { workspace: summary.workspace.clone(), id: summary.id.clone() };
        // Never build a new version on one put back from an older copy.
        crate::seen::check(&tx.read(), &[(&reference, self.current.version)])?;
        let copied =
            self.rollback_from.map_or_else(String::new, |from| format!(", a copy of version {from}"));
        let command = if self.rollback_from.is_some() { "rollback" } else { "update" };
        let entry = match &self.sealed {
            None => {
                tx.update_details(&summary)?;
                Entry::collection(command, &reference, Vec::new(), format!("no value changed{copied}"))
            }
            Some((sealed, previous)) => {
                let version = self.current.version + 1;
                tx.replace_values(&summary, version, sealed, previous, &self.changes, ctx.history_keep)?;
                let locations = self.changes.locations();
                Entry::collection(command, &reference, locations, format!("version {version}{copied}"))
            }
        };
        tx.append_audit(&entry, summary.updated_at)?;
        Ok(summary)
    }
}

/// [`NextVersion`] built and written at once, in the caller's transaction.
pub(super) fn write_version(
    ctx: &Context,
    tx: &Writer,
    keyring: &Keyring,
    current: SealedCollection,
    secrets: Vec<Secret>,
    summary: Summary,
    rollback_from: Option<u64>,
) -> anyhow::Result<Summary> {
    NextVersion::build(keyring, current, secrets, summary, rollback_from)?.write(ctx, tx)
}

/// Given secrets replace those at the same location (keeping its place) or are added
/// at the end; `--unset` locations are removed and must exist. Linear in the number of
/// secrets: each location is looked up in an index, not searched for.
fn merge(
    current: Vec<Secret>,
    given: Vec<Secret>,
    unset: &[String],
    reference: &CollectionRef,
) -> anyhow::Result<Vec<Secret>> {
    let mut index: HashMap<String, usize> =
        current.iter().enumerate().map(|(at, s)| (s.location.clone(), at)).collect();
    let mut slots: Vec<Option<Secret>> = current.into_iter().map(Some).collect();
    for location in unset {
        let at = index.remove(location).ok_or_else(|| location_not_found(location, reference))?;
        slots[at] = None;
    }
    for secret in given {
        match index.get(&secret.location) {
            Some(&at) => slots[at] = Some(secret),
            None => {
                index.insert(secret.location.clone(), slots.len());
                slots.push(Some(secret));
            }
        }
    }
    Ok(slots.into_iter().flatten().collect())
}

/// Exit 3: `location` is not in the collection.
fn location_not_found(location: &str, reference: &CollectionRef) -> anyhow::Error {
    not_found(
        format!("location '{}' not found in {reference}", crate::output::sanitize(location)),
        format!("see 'vault get {}/{}'", reference.workspace, reference.id),
    )
}
