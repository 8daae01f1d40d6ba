//! `vault rollback ID N`: a new version whose secrets are version N's, byte for byte.
//! Versions are never rewritten: the current one goes into history like any other
//! change, so a rollback can itself be rolled back. Name and description are not
//! versioned and stay as they are.

use crate::cli::RollbackArgs;
use crate::context::Context;

pub fn run(ctx: &Context, args: RollbackArgs) -> anyhow::Result<()> {
    let reference = ctx.reference(&args.id)?;
    let mut store = ctx.store()?;
    // Fails before unlocking when the collection or the version is not kept.
    store.read()?.version(&reference, args.target)?;
    let keyring = ctx.unlock(&store)?;
    let summary = store.write(|tx| {
        keyring.ensure_current(&tx.read().keys()?)?;
        let current = tx.read().sealed(&reference)?;
        let target = tx.read().version(&reference, args.target)?;
        let secrets = keyring.open(&target)?;
        let summary = current.summary.clone();
        super::update::write_version(ctx, tx, &keyring, current, secrets, summary, Some(args.target))
    })?;
    ctx.warn(crate::seen::saw_write(&store, &[&reference], &[]));
    super::print_summary(ctx, &summary)
}
