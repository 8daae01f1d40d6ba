//! `vault init`: a new vault with its identity, data key and `default` workspace.

use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use crate::cli::InitArgs;
use crate::context::Context;
use crate::crypto::{DataKey, Identity};
use crate::error::{already_exists, usage};
use crate::keyring::{PASSPHRASE_VAR, Trust};
use crate::store::{NewVault, Store, VaultKeys};

/// Below this scrypt work factor a passphrase falls quickly to guessing.
const WEAK_WORK_FACTOR: u8 = 14;

pub fn run(ctx: &Context, args: InitArgs) -> anyhow::Result<()> {
    if ctx.vault_path.exists() {
        return Err(already_exists(
            format!("a vault already exists at {}", ctx.vault_path.display()),
            "use it, or pass --vault PATH to create another one",
        ));
    }
    let extra: Vec<_> =
        args.recipient.iter().map(|r| crate::crypto::parse_recipient(r)).collect::<Result<_, _>>()?;

    let (owner, sealed_identity, mode) = match &args.identity_file {
        Some(path) if path.exists() => {
            let identities = crate::crypto::read_identity_file(path)?;
            // Cannot fail: read_identity_file refuses a file without identities.
            (identities.into_iter().next().expect("at least one identity"), None, "identity-file")
        }
        Some(path) => (crate::crypto::create_identity_file(path)?, None, "identity-file"),
        None => {
            let passphrase = new_passphrase()?;
            if args.work_factor < WEAK_WORK_FACTOR {
                ctx.note(&format!(
                    "warning: scrypt work factor {} is weak; use it only for tests",
                    args.work_factor
                ));
            }
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
    let vault_id = new_vault_id();
    let data_key = DataKey::generate();
    let reader_tags = recipients[1..]
        .iter()
        .map(|reader| Ok((reader.to_string(), data_key.reader_tag(&owner, reader, &vault_id)?)))
        .collect::<anyhow::Result<_>>()?;
    let keys = VaultKeys {
        wrapped_data_key: data_key.wrap(&recipients)?,
        key_tag: data_key.binding_tag(&owner, &vault_id),
        vault_id,
        owner_recipient: owner_recipient.to_string(),
        sealed_identity,
        reader_tags,
    };
    let recipient_names: Vec<String> = recipients.iter().map(ToString::to_string).collect();
    Store::create(
        &ctx.vault_path,
        &NewVault { keys: &keys, recipients: &recipient_names, now: super::now() },
    )?;
    if args.identity_file.is_some()
        && let Some(warning) = crate::pins::check(&ctx.vault_path, &keys.owner_recipient, &Trust::Owner)?
    {
        ctx.note(&warning);
    }

    if ctx.json {
        crate::output::print_json(&json!({
            "vault": ctx.vault_path,
            "mode": mode,
            "identity_file": args.identity_file,
            "recipients": recipient_names,
        }))?;
    } else {
        ctx.note(&format!("created vault at {} ({mode} mode)", ctx.vault_path.display()));
        if let Some(path) = &args.identity_file {
            ctx.note(&format!("identity file: {} (public key {owner_recipient})", path.display()));
            ctx.note("keep a backup of the identity file: without it the vault cannot be opened");
        }
    }
    Ok(())
}

/// The passphrase for a new vault: `VAULT_PASSPHRASE`, or typed twice on the terminal.
fn new_passphrase() -> anyhow::Result<SecretString> {
    let passphrase = if let Some(value) = std::env::var_os(PASSPHRASE_VAR) {
        SecretString::from(value.into_string().map_err(|_| usage("VAULT_PASSPHRASE is not UTF-8"))?)
    } else if crate::terminal::is_interactive() {
        let first = crate::terminal::prompt_secret("new vault passphrase: ")?;
        let second = crate::terminal::prompt_secret("repeat the passphrase: ")?;
        if first.expose_secret() != second.expose_secret() {
            return Err(usage("the passphrases differ; nothing was created"));
        }
        first
    } else {
        return Err(crate::error::Failure::new(crate::error::Kind::Usage, "no passphrase for the new vault")
            .with_hint("set VAULT_PASSPHRASE, run from a terminal, or use --identity-file PATH")
            .into());
    };
    if passphrase.expose_secret().is_empty() {
        return Err(usage("the passphrase is empty; nothing was created"));
    }
    Ok(passphrase)
}

/// 128 random bits in hex: names this vault in every sealed blob's associated data.
fn new_vault_id() -> String {
    use chacha20poly1305::aead::rand_core::RngCore;
    let mut bytes = [0u8; 16];
    chacha20poly1305::aead::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
