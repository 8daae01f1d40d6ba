//! Owner keys pinned per vault path, trusted on first use like ssh's `known_hosts`.
//!
//! A reader who is not the owner can only check that the data key came from the owner
//! key the vault records, and whoever can write the vault can record another one. So
//! the first time a vault is opened with an identity file, its owner key is written to
//! `<data_dir>/vault/known-owners`; afterwards a different owner key is refused (exit 6).
//! The owner proving itself with its own tag may move the pin (a vault re-created at
//! the same path).

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::error::{Failure, Kind};
use crate::keyring::Trust;

/// Checks `trust` against the pin for `vault`, recording the owner key on first use.
/// Returns a warning when the pin could not be recorded; checking never depends on it.
pub fn check(vault: &Path, owner: &str, trust: &Trust) -> anyhow::Result<Option<String>> {
    let Some(file) = pins_path() else { return Ok(None) };
    let vault = std::fs::canonicalize(vault).unwrap_or_else(|_| vault.to_path_buf());
    let vault = vault.to_string_lossy();
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(error).with_context(|| format!("failed to read {}", file.display())),
    };
    let mut pins: Vec<(&str, &str)> = text.lines().filter_map(|line| line.split_once(' ')).collect();
    match pins.iter().position(|(_, path)| *path == vault) {
        Some(index) if pins[index].0 == owner => return Ok(None),
        Some(index) if *trust == Trust::Owner => pins[index].0 = owner,
        Some(index) => {
            return Err(Failure::new(
                Kind::Integrity,
                format!(
                    "the owner key of vault {vault} changed from {} to {owner} since it was last opened here; nothing was used",
                    pins[index].0
                ),
            )
            .with_hint(format!(
                "if the vault was re-created on purpose, delete its line from {}; otherwise restore it from a backup you trust",
                file.display()
            ))
            .into());
        }
        None => pins.push((owner, &vault)),
    }
    let updated: String = pins.iter().map(|(owner, path)| format!("{owner} {path}\n")).collect();
    Ok(save(&file, &updated).err().map(|error| {
        format!("warning: could not pin the vault's owner key in {}: {error:#}", file.display())
    }))
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
