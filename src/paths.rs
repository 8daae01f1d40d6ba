//! Every on-disk location vault uses, and the helpers that create private files and
//! directories whatever the umask.

use std::fs::{self, DirBuilder, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// `<data_dir>/vault/vault.db`, the vault used when no flag, variable or config names one.
pub fn default_vault_path() -> anyhow::Result<PathBuf> {
    let data = dirs::data_dir().context("cannot find a data directory; set VAULT_PATH or pass --vault")?;
    Ok(data.join("vault").join("vault.db"))
}

/// `<config_dir>/vault/config.toml`, the user's settings.
pub fn user_config_path() -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("vault").join("config.toml"))
}

/// Creates `dir` and missing parents as 0700; an existing `dir` is left as it is.
pub fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("failed to create directory {}", dir.display()))?;
    // The mode above is masked by the umask; set it exactly.
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
        .with_context(|| format!("failed to set mode 0700 on {}", dir.display()))
}

/// Creates a new file with mode 0600 (whatever the umask) and writes `bytes` to it.
/// Never overwrites or follows a link: the path must not exist.
pub fn write_new_private_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_private_dir(parent)?;
    }
    let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.set_permissions(fs::Permissions::from_mode(0o600))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

/// Refuses a regular file that other users could write: they could swap keys or
/// values. Anything else (a device, a pipe) is left to fail as what it is: no `chmod`
/// of `/dev/null` helps.
pub fn refuse_shared_writable(path: &Path) -> anyhow::Result<()> {
    let Ok(meta) = fs::metadata(path) else { return Ok(()) };
    if meta.is_file() && meta.mode() & 0o022 != 0 {
        return Err(crate::error::Failure::new(
            crate::error::Kind::Other,
            format!("{} is writable by other users (mode {:o})", path.display(), meta.mode() & 0o777),
        )
        .with_hint(format!("run 'chmod 600 {}'", path.display()))
        .into());
    }
    Ok(())
}

/// A warning for an identity file that other users can read, as ssh gives for a
/// private key: they hold the key to the vault.
pub fn readable_by_others_warning(path: &Path) -> Option<String> {
    let meta = fs::metadata(path).ok().filter(fs::Metadata::is_file)?;
    (meta.mode() & 0o044 != 0).then(|| {
        format!(
            "warning: identity file {} is readable by other users (mode {:o}); run 'chmod 600 {}'",
            path.display(),
            meta.mode() & 0o777,
            path.display()
        )
    })
}

/// A warning for a vault whose directory other users can write without the sticky bit:
/// they can replace the vault file (or its `-wal`) with one of their own.
pub fn shared_directory_warning(vault: &Path) -> Option<String> {
    let dir = vault.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mode = fs::metadata(dir).ok()?.mode();
    (mode & 0o022 != 0 && mode & 0o1000 == 0).then(|| {
        format!(
            "warning: the vault's directory {} is writable by other users (mode {:o}); run 'chmod 700 {}'",
            dir.display(),
            mode & 0o777,
            dir.display()
        )
    })
}
