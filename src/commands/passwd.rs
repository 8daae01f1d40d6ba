//! `vault passwd`: a new passphrase for the vault's identity. Only the stored identity
//! is re-encrypted; the identity, the data key and every sealed value stay as they are,
//! so readers notice nothing.

use serde_json::json;

use crate::audit::Entry;
use crate::cli::PasswdArgs;
use crate::context::Context;
use crate::error::Failure;
use crate::keyring::NEW_PASSPHRASE_VAR;
use crate::store::VaultKeys;

pub fn run(ctx: &Context, args: PasswdArgs) -> anyhow::Result<()> {
    let mut store = ctx.store()?;
    let Some(current) = store.read()?.keys()?.sealed_identity else {
        return Err(Failure::new(
            crate::error::Kind::Usage,
            format!("the vault at {} has no passphrase: it is opened with an identity file", ctx.vault_path.display()),
        )
        .with_hint("protect the identity file itself: 'age -p -a -o FILE.age FILE' encrypts it, and vault and age open FILE.age with its passphrase (VAULT_IDENTITY_PASSPHRASE or typed); or replace it with 'vault rotate-key --identity-file NEW_PATH'")
        .into());
    };
    let owner = ctx.unlock_owner(&store, "change the passphrase")?;
    let passphrase = crate::keyring::new_passphrase(
        NEW_PASSPHRASE_VAR,
        &format!("vault {}", ctx.vault_path.display()),
        "the passphrase was not changed",
        "set VAULT_NEW_PASSPHRASE, or run from a terminal to type it twice",
    )?;
    let work_factor = args
        .work_factor
        .or_else(|| crate::crypto::work_factor_of(&current))
        .unwrap_or(crate::crypto::DEFAULT_WORK_FACTOR);
    super::warn_if_weak(ctx, work_factor);
    let keys = VaultKeys {
        sealed_identity: Some(crate::crypto::lock_identity(&owner.identity, &passphrase, work_factor)?),
        ..owner.keys.clone()
    };
    super::rekey::commit_keys(
        ctx,
        &mut store,
        &owner,
        &keys,
        None,
        Entry::vault("passwd", "passphrase changed"),
        |_| Ok(()),
    )?;

    if ctx.json {
        return crate::output::print_json(
            &json!({"vault": ctx.vault_path.to_string_lossy(), "work_factor": work_factor}),
        );
    }
    ctx.note(&format!("changed the passphrase of the vault at {}", ctx.vault_path.display()));
    Ok(())
}
