//! Owner keys pinned per vault path, like ssh's `known_hosts`.
//!
//! A reader who is not the owner can only check that the data key came from the owner
//! key the vault records, and whoever can write the vault can record another one. So
//! a reader trusts an owner key only when the user named it (`VAULT_OWNER`) or this
//! machine pinned it before, in `<data_dir>/vault/known-owners`; an unknown or changed
//! owner key is refused. The owner, proving itself with its own tag, pins its key on
//! first use and may move its pin (a vault re-created at the same path). After a
//! `rotate-key`, a reader whose pin is the previous owner key follows it when that key
//! handed the vault over (its tag over the new data key for this reader verifies).

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::error::{Failure, Kind};
use crate::keyring::Trust;

/// The owner public key a user vouches for, to trust (or re-pin) a vault's owner.
pub const OWNER_VAR: &str = "VAULT_OWNER";

/// Checks `trust` against the pin for `vault` and against `VAULT_OWNER`, recording the
/// owner key when it is proven or named. Returns a warning when the pin could not be
/// recorded; the check itself never depends on writing it.
pub fn check(vault: &Path, owner: &str, trust: &Trust) -> anyhow::Result<Option<String>> {
    let named = std::env::var(OWNER_VAR).ok().map(|key| key.trim().to_owned()).filter(|key| !key.is_empty());
    // The owner proved itself with its own tag; what a reader would vouch for is moot.
    if let Some(named) = named.as_deref().filter(|named| *named != owner && *trust != Trust::Owner) {
        return Err(Failure::new(
            Kind::Integrity,
            format!(
                "the vault's owner key is {owner}, not the one {OWNER_VAR} names ({named}); nothing was used"
            ),
        )
        .with_hint(format!(
            "check {OWNER_VAR}; if the vault should be that owner's, restore it from a backup you trust"
        ))
        .into());
    }
    let vouched = *trust == Trust::Owner || named.is_some();
    let vault = std::fs::canonicalize(vault).unwrap_or_else(|_| vault.to_path_buf());
    let vault = vault.to_string_lossy();
    // One pin per line, the path last: a path with a line break could forge another.
    if vault.chars().any(char::is_control) {
        return Err(Failure::new(
            Kind::Usage,
            format!("the vault path {} holds a control character", crate::output::sanitize(&vault)),
        )
        .with_hint("move the vault to a path without line breaks or control characters")
        .into());
    }
    let file = pins_path();
    let text = match file.as_deref().map(std::fs::read_to_string) {
        None => String::new(),
        Some(Ok(text)) => text,
        Some(Err(error)) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Some(Err(error)) => return Err(error).context("failed to read the pinned owner keys"),
    };
    let shown = file.as_deref().map_or_else(|| "known-owners".to_owned(), |f| f.display().to_string());
    let mut pins: Vec<(&str, &str)> = text.lines().filter_map(|line| line.split_once(' ')).collect();
    let mut handed_over = None;
    match pins.iter().position(|(_, path)| *path == vault) {
        Some(index) if pins[index].0 == owner => return Ok(None),
        Some(index) if vouched => pins[index].0 = owner,
        Some(index) if handed_over_by(trust) == Some(pins[index].0) => {
            handed_over = Some(format!(
                "the owner key of vault {vault} changed from {} to {owner}; the previous owner handed it over, so it is pinned now",
                pins[index].0
            ));
            pins[index].0 = owner;
        }
        Some(index) => {
            return Err(Failure::new(
                Kind::Integrity,
                format!(
                    "the owner key of vault {vault} changed from {} to {owner} since it was last opened here; nothing was used",
                    pins[index].0
                ),
            )
            .with_hint(format!(
                "if the owner rotated its key (ask them for the new public key), run once with {OWNER_VAR}={owner}; otherwise restore the vault from a backup you trust ({shown})"
            ))
            .into());
        }
        None if vouched => pins.push((owner, &vault)),
        None => {
            return Err(Failure::new(
                Kind::Locked,
                format!("this machine has not opened vault {vault} before, and nobody vouched for its owner key {owner}"),
            )
            .with_hint(format!(
                "ask the vault's owner for their public key ('vault recipients list' shows it to them); if it is {owner}, run once with {OWNER_VAR}={owner}"
            ))
            .into());
        }
    }
    let Some(file) = file else {
        return Ok(Some("warning: no data directory to pin the vault's owner key in".to_owned()));
    };
    let updated: String = pins.iter().map(|(owner, path)| format!("{owner} {path}\n")).collect();
    Ok(save(&file, &updated)
        .err()
        .map(|error| format!("warning: could not pin the vault's owner key in {}: {error:#}", file.display()))
        .or(handed_over))
}

/// The previous owner key that handed the vault over to this reader, if any.
fn handed_over_by(trust: &Trust) -> Option<&str> {
    match trust {
        Trust::Reader { handed_over_by, .. } => handed_over_by.as_deref(),
        Trust::Owner => None,
    }
}

/// Pins the owner key of a vault that was just written by its owner (`init`,
/// `rotate-key`). The change has committed, so a failure here is only a warning.
pub fn pin_owner(vault: &Path, owner: &str) -> Option<String> {
    check(vault, owner, &Trust::Owner).unwrap_or_else(|error| Some(format!("warning: {error:#}")))
}

fn pins_path() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join("vault").join("known-owners"))
}

/// Replaces the pin file atomically (a fresh 0600 file renamed over it).
fn save(file: &Path, text: &str) -> anyhow::Result<()> {
    let mut fresh = file.as_os_str().to_owned();
    fresh.push(format!(".{}.tmp", std::process::id()));
    let fresh = PathBuf::from(fresh);
    let _ = std::fs::remove_file(&fresh);
    crate::paths::write_new_private_file(&fresh, text.as_bytes())?;
    std::fs::rename(&fresh, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&fresh);
    })?;
    Ok(())
}
