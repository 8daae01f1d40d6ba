//! `vault recipients list|add|remove`: who can read the vault.
//!
//! Listing needs no key. Adding and removing need the owner's key, because only the
//! owner can vouch for a data key (see [`crate::keyring`]): `add` wraps the same data
//! key to one more reader and tags it for that reader; `remove` makes a new data key for
//! the remaining readers and re-seals every stored blob, so the removed key opens
//! nothing stored afterwards. Values the removed reader already saw stay known to them:
//! those must be changed where they are issued.

use serde_json::json;

use crate::audit::Entry;
use crate::cli::{RecipientArgs, RecipientsCommand};
use crate::context::Context;
use crate::crypto::Recipient;
use crate::error::{already_exists, not_found};
use crate::store::{Store, VaultKeys};

pub fn run(ctx: &Context, command: RecipientsCommand) -> anyhow::Result<()> {
    let mut store = ctx.store()?;
    match command {
        RecipientsCommand::List(_) => list(ctx, &store),
        RecipientsCommand::Add(RecipientArgs { recipient }) => add(ctx, &mut store, &recipient),
        RecipientsCommand::Remove(RecipientArgs { recipient }) => remove(ctx, &mut store, &recipient),
    }
}

fn list(ctx: &Context, store: &Store) -> anyhow::Result<()> {
    let snapshot = store.read()?;
    let (keys, recipients) = (snapshot.keys()?, snapshot.recipients()?);
    drop(snapshot);
    let verified = verified_readers(ctx, store, &keys);
    // A row without a tag (planted, or from before schema 2) never gets the data key;
    // nor does one whose tag the owner's key shows it never made.
    let role = |recipient: &str| {
        let tagged = keys.reader_tags.iter().any(|(reader, _)| reader == recipient);
        if recipient == keys.owner_recipient {
            "owner"
        } else if tagged && verified.as_ref().is_none_or(|readers| readers.iter().any(|r| r == recipient)) {
            "reader"
        } else {
            "unverified"
        }
    };
    if ctx.json {
        let items: Vec<_> = recipients
            .iter()
            .map(|r| {
                json!({
                    "recipient": r.recipient,
                    "role": role(&r.recipient),
                    "added_at": crate::output::format_time(r.added_at),
                })
            })
            .collect();
        return crate::output::print_json(&items);
    }
    let mut table = crate::output::table(&["RECIPIENT", "ROLE", "ADDED"]);
    for r in &recipients {
        table.add_row(vec![
            crate::output::sanitize(&r.recipient),
            role(&r.recipient).to_owned(),
            crate::output::format_time(r.added_at),
        ]);
    }
    crate::output::print_table(&table)
}

/// The readers whose tags the owner's key verifies, when this command can unlock as the
/// owner without asking (an identity file, unless it is encrypted and its passphrase is
/// not in `VAULT_IDENTITY_PASSPHRASE`, or `VAULT_PASSPHRASE`). Otherwise None: a
/// listing needs no key, and a tag can only be checked with one, so it is not.
fn verified_readers(ctx: &Context, store: &Store, keys: &VaultKeys) -> Option<Vec<String>> {
    let unlocks_unasked = match (&keys.sealed_identity, &ctx.identity_file) {
        (Some(_), _) => std::env::var_os(crate::keyring::PASSPHRASE_VAR).is_some(),
        // An encrypted identity file would ask for its passphrase.
        (None, Some(path)) => {
            std::env::var_os(crate::keyring::IDENTITY_PASSPHRASE_VAR).is_some()
                || !crate::crypto::is_encrypted_identity_file(path)
        }
        (None, None) => false,
    };
    if !unlocks_unasked {
        return None;
    }
    let owner = ctx.unlock_owner(store, "check readers").ok()?;
    Some(owner.readers(&|_| {}).iter().map(ToString::to_string).collect())
}

fn add(ctx: &Context, store: &mut Store, text: &str) -> anyhow::Result<()> {
    let recipient = crate::crypto::parse_recipient(text)?;
    let name = recipient.to_string();
    let owner = ctx.unlock_owner(store, "add readers")?;
    let mut readers = owner.readers(&|warning| ctx.note(warning));
    if name == owner.keys.owner_recipient || readers.iter().any(|r| r.to_string() == name) {
        return Err(already_exists(
            format!("{name} can already read this vault; nothing was changed"),
            "see 'vault recipients list'",
        ));
    }
    readers.push(recipient);
    let mut keys = owner.keyring.issue(&owner.identity, &readers, owner.keys.sealed_identity.clone())?;
    // Same data key: a handover from the last rotate-key still holds for the readers.
    keys.previous_owner.clone_from(&owner.keys.previous_owner);
    keys.handover_tags.clone_from(&owner.keys.handover_tags);
    super::rekey::commit_keys(
        ctx,
        store,
        &owner,
        &keys,
        None,
        Entry::vault("recipients add", format!("added {name}")),
        || Ok(()),
    )?;
    if ctx.json {
        return crate::output::print_json(&json!({"recipient": name, "added": true}));
    }
    ctx.note(&format!("{name} can now read every value in the vault"));
    Ok(())
}

fn remove(ctx: &Context, store: &mut Store, text: &str) -> anyhow::Result<()> {
    let name = text.trim();
    let keys = store.read()?.keys()?;
    if name == keys.owner_recipient {
        return Err(crate::error::Failure::new(
            crate::error::Kind::Usage,
            "the owner's key cannot be removed; nothing was changed",
        )
        .with_hint("replace it with 'vault rotate-key'")
        .into());
    }
    if !keys.reader_tags.iter().any(|(reader, _)| reader == name) {
        return Err(not_found(
            format!("{} is not a reader of this vault", crate::output::sanitize(name)),
            "see 'vault recipients list'",
        ));
    }
    let owner = ctx.unlock_owner(store, "remove readers")?;
    let remaining: Vec<Recipient> = owner
        .readers(&|warning| ctx.note(warning))
        .into_iter()
        .filter(|reader| reader.to_string() != name)
        .collect();
    let next = owner.keyring.fresh();
    let keys = next.issue(&owner.identity, &remaining, owner.keys.sealed_identity.clone())?;
    let resealed = super::rekey::commit_keys(
        ctx,
        store,
        &owner,
        &keys,
        Some(&next),
        Entry::vault("recipients remove", format!("removed {name}")),
        || Ok(()),
    )?;
    if ctx.json {
        return crate::output::print_json(&json!({"recipient": name, "removed": true, "resealed": resealed}));
    }
    ctx.note(&format!(
        "{name} opens nothing stored now ({resealed} sealed values re-encrypted under a new data key)"
    ));
    ctx.note("values it could read before are still known to its holder: change them where they are issued");
    Ok(())
}
