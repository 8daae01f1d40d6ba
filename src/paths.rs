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
    write_private(path, bytes, true)
}

/// As [`write_new_private_file`]; `sync` waits for the bytes to reach the disk.
fn write_private(path: &Path, bytes: &[u8], sync: bool) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_private_dir(parent)?;
    }
    let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.set_permissions(fs::Permissions::from_mode(0o600))?;
    file.write_all(bytes)?;
    if sync {
        file.sync_all()?;
    }
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

/// A vault's path as this machine's records name it: canonical, and one line (a path
/// with a line break could forge another record).
pub fn vault_key(vault: &Path) -> anyhow::Result<String> {
    let vault = fs::canonicalize(vault).unwrap_or_else(|_| vault.to_path_buf());
    let vault = vault.to_string_lossy().into_owned();
    if vault.chars().any(char::is_control) {
        return Err(crate::error::Failure::new(
            crate::error::Kind::Usage,
            format!("the vault path {} holds a control character", crate::output::sanitize(&vault)),
        )
        .with_hint("move the vault to a path without line breaks or control characters")
        .into());
    }
    Ok(vault)
}

/// `<data_dir>/vault/NAME`: this machine's own records about vaults (owner pins, seen
/// states), never inside a vault file.
pub fn state_file(name: &str) -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join("vault").join(name))
}

/// Replaces `file` under an exclusive lock on `FILE.lock`, so that concurrent vault
/// processes never lose each other's changes: `change` gets the current text (None if
/// there is none) and returns the new one, or None to leave the file as it is. The new
/// text goes to `FILE.tmp` (0600, created fresh) and is renamed over `file`, so readers
/// without the lock see the old or the new text, never a mix. A process killed before
/// the rename leaves `FILE.tmp`, which the next update under the lock removes first.
pub fn update_locked(
    file: &Path,
    change: impl FnOnce(Option<&str>) -> anyhow::Result<Option<String>>,
) -> anyhow::Result<()> {
    update_locked_as(file, true, change)
}

/// As [`update_locked`], without waiting for the new text to reach the disk: for a
/// record whose loss in a crash costs little (the file may then be left empty).
pub fn update_locked_unsynced(
    file: &Path,
    change: impl FnOnce(Option<&str>) -> anyhow::Result<Option<String>>,
) -> anyhow::Result<()> {
    update_locked_as(file, false, change)
}

fn update_locked_as(
    file: &Path,
    sync: bool,
    change: impl FnOnce(Option<&str>) -> anyhow::Result<Option<String>>,
) -> anyhow::Result<()> {
    let parent = file.parent().context("a state file has no directory")?;
    create_private_dir(parent)?;
    let lock = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(nix::fcntl::OFlag::O_NOFOLLOW.bits())
        .open(with_suffix(file, ".lock"))
        .with_context(|| format!("failed to open the lock of {}", file.display()))?;
    let _lock = nix::fcntl::Flock::lock(lock, nix::fcntl::FlockArg::LockExclusive)
        .map_err(|(_, errno)| errno)
        .with_context(|| format!("failed to lock {}", file.display()))?;
    let current = match fs::read_to_string(file) {
        Ok(text) => Some(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(error).with_context(|| format!("failed to read {}", file.display())),
    };
    let Some(updated) = change(current.as_deref())? else { return Ok(()) };
    let fresh = with_suffix(file, ".tmp");
    let _ = fs::remove_file(&fresh);
    write_private(&fresh, updated.as_bytes(), sync)?;
    fs::rename(&fresh, file).inspect_err(|_| {
        let _ = fs::remove_file(&fresh);
    })?;
    Ok(())
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
