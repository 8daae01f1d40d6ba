//! `vault rotate-key`: a new owner identity and a new data key, every stored blob
//! re-sealed, in one transaction. Afterwards the old identity opens nothing stored; the
//! other readers stay readers, vouched for by the new owner.
//!
//! In passphrase mode the new identity is stored under the passphrase that unlocked
//! the vault. In identity-file mode it is written to a new file, before the transaction
//! commits (the committed vault must never need a key that is not on disk) and removed
//! again if the transaction fails.

use std::cell::Cell;
use std::path::Path;

use anyhow::Context as _;
use serde_json::json;

use crate::audit::Entry;
use crate::cli::RotateKeyArgs;
use crate::context::Context;
use crate::crypto::Identity;
use crate::error::{Failure, Kind, already_exists, usage};

pub fn run(ctx: &Context, args: RotateKeyArgs) -> anyhow::Result<()> {
    let mut store = ctx.store()?;
    let passphrase_mode = store.read()?.keys()?.sealed_identity.is_some();
    match (&args.identity_file, passphrase_mode) {
        (Some(_), true) => {
            return Err(usage(
                "this vault is in passphrase mode: rotate-key stores the new identity under the same passphrase; drop --identity-file",
            ));
        }
        (None, false) => {
            return Err(Failure::new(
                Kind::Usage,
                "rotate-key needs --identity-file PATH: where to write the new identity",
            )
            .with_hint(
                "pass a path that does not exist yet, e.g. --identity-file ~/.config/vault/identity-new.txt",
            )
            .into());
        }
        (Some(path), false) if path.exists() || path.is_symlink() => {
            return Err(already_exists(
                format!("{} already exists; rotate-key never overwrites an identity file", path.display()),
                "pass a path that does not exist yet",
            ));
        }
        _ => {}
    }
    let owner = ctx.unlock_owner(&store, "rotate the vault's key")?;
    let encrypt_with = match &args.identity_file {
        Some(path) if args.encrypt_identity => Some(crate::keyring::new_passphrase(
            crate::keyring::IDENTITY_PASSPHRASE_VAR,
            &format!("identity file {}", path.display()),
            "nothing was changed",
            "set VAULT_IDENTITY_PASSPHRASE, or run from a terminal to type it twice",
        )?),
        _ => None,
    };

    let identity = Identity::generate();
    let sealed_identity = match &owner.keys.sealed_identity {
        Some(current) => {
            // Cannot be missing: in passphrase mode the owner unlocks with the passphrase.
            let passphrase =
                owner.passphrase.as_ref().context("the vault was not unlocked with its passphrase")?;
            let work_factor =
                crate::crypto::work_factor_of(current).unwrap_or(crate::crypto::DEFAULT_WORK_FACTOR);
            Some(crate::crypto::lock_identity(&identity, passphrase, work_factor)?)
        }
        None => None,
    };
    let readers = owner.readers(&|warning| ctx.note(warning));
    let next = owner.keyring.fresh();
    let mut keys = next.issue(&identity, &readers, sealed_identity)?;
    next.hand_over(&owner.identity, &readers, &mut keys)?;

    let written = Cell::new(false);
    let write_identity = |_: &crate::store::Writer| match &args.identity_file {
        Some(path) => {
            // The cost the user chose for the current file, if it was encrypted.
            let work_factor = ctx
                .identity_file
                .as_deref()
                .and_then(crate::crypto::identity_file_work_factor)
                .unwrap_or(crate::crypto::DEFAULT_WORK_FACTOR);
            let encryption = encrypt_with.as_ref().map(|passphrase| (passphrase, work_factor));
            crate::crypto::write_identity_file(path, &identity, encryption)?;
            written.set(true);
            Ok(())
        }
        None => Ok(()),
    };
    let resealed = super::rekey::commit_keys(
        ctx,
        &mut store,
        &owner,
        &keys,
        Some(&next),
        Entry::vault("rotate-key", format!("new owner {}", keys.owner_recipient)),
        write_identity,
    )
    .inspect_err(|_| {
        if let Some(path) = args.identity_file.as_deref().filter(|_| written.get()) {
            let _ = std::fs::remove_file(path);
        }
    })?;

    if args.identity_file.is_some()
        && let Some(warning) = crate::pins::pin_owner(&ctx.vault_path, &keys.vault_id, &keys.owner_recipient)
    {
        ctx.note(&warning);
    }
    if let (Some(old), Some(new), false) = (&ctx.identity_file, &args.identity_file, args.encrypt_identity)
        && crate::crypto::is_encrypted_identity_file(old)
    {
        ctx.note(&format!(
            "warning: {} was encrypted with a passphrase, the new {} is not; encrypt it with 'age -p -a', or pass --encrypt-identity next time",
            old.display(),
            new.display()
        ));
    }
    report(ctx, &keys.owner_recipient, args.identity_file.as_deref(), resealed, readers.len())
}

fn report(
    ctx: &Context,
    new_owner: &str,
    identity_file: Option<&Path>,
    resealed: usize,
    readers: usize,
) -> anyhow::Result<()> {
    if ctx.json {
        return crate::output::print_json(&json!({
            "vault": ctx.vault_path.to_string_lossy(),
            "owner": new_owner,
            "identity_file": identity_file.map(Path::to_string_lossy),
            "resealed": resealed,
        }));
    }
    ctx.note(&format!(
        "rotated the vault's key: {resealed} sealed values re-encrypted; new owner key {new_owner}"
    ));
    match identity_file {
        Some(path) => ctx.note(&format!(
            "new identity file: {}; the old one opens nothing stored now; keep a backup of the new one",
            path.display()
        )),
        None => ctx.note("the new identity is stored under the same passphrase"),
    }
    if readers > 0 {
        ctx.note(&format!(
            "the {readers} other reader(s) follow the new owner key on their next use: the old key handed the vault over to them (one that missed two rotations runs once with VAULT_OWNER={new_owner})"
        ));
    }
    Ok(())
}
