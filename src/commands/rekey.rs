//! Not a subcommand: the one transaction in which `passwd`, `rotate-key` and
//! `recipients` replace the vault's key material, and with a new data key re-seal every
//! stored blob. All of it lands or none of it does, so a crash leaves a vault that
//! opens with the old keys or the new ones, never neither.

use std::io::IsTerminal;

use crate::audit::Entry;
use crate::context::Context;
use crate::keyring::{Keyring, Owner};
use crate::store::{Store, VaultKeys, Writer};

/// From this many sealed blobs on, re-sealing shows a progress bar (on a terminal).
const PROGRESS_FROM: usize = 1_000;

/// Replaces the key material `owner` unlocked with `keys`. With `next` (a new data
/// key), every sealed blob is re-sealed under it first. `before_commit` runs last
/// inside the transaction: what it writes outside the vault (a new identity file)
/// exists before the vault needs it, and what it writes inside lands with the keys. `entry` goes into the audit log in the same
/// transaction. Once committed, the unlock agent forgets the vault when the data key
/// or the passphrase changed: what it holds was unlocked the old way. Returns how many
/// blobs were re-sealed.
pub fn commit_keys(
    ctx: &Context,
    store: &mut Store,
    owner: &Owner,
    keys: &VaultKeys,
    next: Option<&Keyring>,
    entry: Entry,
    before_commit: impl FnOnce(&Writer) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let resealed = store.write(|tx| {
        // Unlocking happened before the write lock was taken; another vault process
        // may have changed the keys since, and this change must not undo that one.
        if tx.read().keys()? != owner.keys {
            return Err(crate::keyring::keys_changed());
        }
        tx.replace_keys(keys, tx.now())?;
        tx.append_audit(&entry)?;
        let mut resealed = 0;
        if let Some(next) = next {
            let blobs = tx.sealed_blobs()?;
            let progress = progress_bar(ctx, blobs.len());
            for blob in &blobs {
                tx.replace_sealed(blob, &owner.keyring.reseal(next, blob)?)?;
                progress.inc(1);
            }
            progress.finish_and_clear();
            resealed = blobs.len();
        }
        before_commit(tx)?;
        Ok(resealed)
    })?;
    if keys.key_tag != owner.keys.key_tag || keys.sealed_identity != owner.keys.sealed_identity {
        ctx.agent_forget(&keys.vault_id);
    }
    Ok(resealed)
}

/// A progress bar on stderr when a person is watching and there is enough to wait for.
fn progress_bar(ctx: &Context, total: usize) -> indicatif::ProgressBar {
    if ctx.quiet || total < PROGRESS_FROM || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let style = indicatif::ProgressStyle::with_template("re-encrypting {bar:40} {pos}/{len} sealed values")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    indicatif::ProgressBar::new(total as u64).with_style(style)
}
