//! `vault init`: a new vault with its identity, data key and `default` workspace.

use serde_json::json;

use crate::cli::InitArgs;
use crate::context::Context;
use crate::crypto::{DataKey, Identity};
use crate::error::usage;
use crate::keyring::{IDENTITY_PASSPHRASE_VAR, Keyring, PASSPHRASE_VAR};
use crate::store::{NewVault, Store};

pub fn run(ctx: &Context, args: InitArgs) -> anyhow::Result<()> {
    // Before any key or identity file is made: a refused init leaves nothing behind.
    if Store::exists(&ctx.location)? {
        return Err(crate::store::Exists::Vault(ctx.vault_path.display().to_string()).into());
    }
    let extra: Vec<_> =
        args.recipient.iter().map(|r| crate::crypto::parse_recipient(r)).collect::<Result<_, _>>()?;

    let (owner, sealed_identity, mode) = match &args.identity_file {
        Some(path) if path.exists() => {
            if args.encrypt_identity {
                return Err(usage(format!(
                    "--encrypt-identity makes a new identity file, and {} exists; nothing was created",
                    path.display()
                )));
            }
            let identities = crate::keyring::identities_from_file(path, &ctx.vault_path)?;
            // Reading refuses a file without identities; said again here rather than trusted.
            let first = identities.into_iter().next().ok_or_else(|| {
                usage(format!("identity file {} holds no identity; nothing was created", path.display()))
            })?;
            (first, None, "identity-file")
        }
        Some(path) => {
            let passphrase = if args.encrypt_identity {
                let passphrase = crate::keyring::new_passphrase(
                    IDENTITY_PASSPHRASE_VAR,
                    &format!("identity file {}", path.display()),
                    "nothing was created",
                    "set VAULT_IDENTITY_PASSPHRASE, or run from a terminal to type it twice",
                )?;
                super::warn_if_weak(ctx, args.work_factor);
                Some(passphrase)
            } else {
                None
            };
            let work = passphrase.as_ref().map(|passphrase| (passphrase, args.work_factor));
            (crate::crypto::create_identity_file(path, work)?, None, "identity-file")
        }
        None => {
            let passphrase = crate::keyring::new_passphrase(
                PASSPHRASE_VAR,
                &format!("vault {}", ctx.vault_path.display()),
                "nothing was created",
                "set VAULT_PASSPHRASE, run from a terminal, or use --identity-file PATH",
            )?;
            super::warn_if_weak(ctx, args.work_factor);
            let identity = Identity::generate();
            let sealed = crate::crypto::lock_identity(&identity, &passphrase, args.work_factor)?;
            (identity, Some(sealed), "passphrase")
        }
    };

    let owner_recipient = owner.to_public();
    let mut recipients = vec![owner_recipient.clone()];
    for recipient in extra {
        if !recipients.iter().any(|r| r.to_string() == recipient.to_string()) {
            recipients.push(recipient);
        }
    }
    let keyring = Keyring::new(DataKey::generate(), new_vault_id());
    let keys = keyring.issue(&owner, &recipients[1..], sealed_identity)?;
    let recipient_names: Vec<String> = recipients.iter().map(ToString::to_string).collect();
    Store::create(&ctx.location, &NewVault { keys: &keys, recipients: &recipient_names })?;
    if args.identity_file.is_some()
        && let Some(warning) = crate::pins::pin_owner(&ctx.vault_path, &keys.vault_id, &keys.owner_recipient)
    {
        ctx.note(&warning);
    }
    // This path holds this vault now, whatever this machine opened here before.
    ctx.warn(crate::seen::set_location(&ctx.vault_path, &keys.vault_id));

    if ctx.json {
        crate::output::print_json(&json!({
            "vault": ctx.vault_path.to_string_lossy(),
            "mode": mode,
            "identity_file": args.identity_file.as_deref().map(std::path::Path::to_string_lossy),
            "recipients": recipient_names,
        }))?;
    } else {
        ctx.note(&format!("created vault at {} ({mode} mode)", ctx.vault_path.display()));
        if let Some(path) = &args.identity_file {
            let encrypted = if args.encrypt_identity { ", encrypted with its passphrase" } else { "" };
            ctx.note(&format!("identity file: {} (public key {owner_recipient}{encrypted})", path.display()));
            ctx.note("keep a backup of the identity file: without it the vault cannot be opened");
        }
    }
    Ok(())
}

/// 128 random bits in hex: names this vault in every sealed blob's associated data.
fn new_vault_id() -> String {
    use chacha20poly1305::aead::rand_core::RngCore;
    let mut bytes = [0u8; 16];
    chacha20poly1305::aead::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
