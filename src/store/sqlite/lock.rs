//! The write queue. Every vault process that writes (a change, a reveal's audit record,
//! a migration) first takes an exclusive `flock` on `<vault>-lock`, and only then
//! begins its SQLite transaction. Waiting writers sleep in the kernel and are woken the
//! moment the lock is free, instead of polling SQLite's busy handler, whose sleeps grow
//! to 100 ms and let a newcomer overtake a process that has waited for seconds: with
//! dozens of writers, some used to give up with "database is locked". Readers never
//! take this lock; WAL lets them read while a writer writes.
//!
//! A file of its own rather than the vault: SQLite holds POSIX locks on the vault, and
//! closing any other descriptor of the vault file would drop them for the whole process.
//! The file holds nothing but the pid of the last process that took the lock, so that a
//! writer that gives up can say which process held it. It stays beside the vault, 0600
//! like the vault's other files; a lock file that others could open is refused, since
//! anyone who can open it can hold the lock.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use nix::errno::Errno;
use nix::fcntl::{Flock, FlockArg};

use crate::error::{Failure, Kind};

/// How long a writer waits for the lock. A write holds it for milliseconds (a
/// `rotate-key` of a large vault for seconds), so only a stopped or hung process
/// holds it this long.
const WAIT: Duration = Duration::from_secs(600);

/// The held write lock; dropping it lets the next writer in.
pub struct WriteLock {
    _held: Flock<File>,
}

/// `<vault>-lock`, beside SQLite's own `-wal` and `-shm`.
pub fn lock_path(vault: &Path) -> PathBuf {
    super::side_file(vault, "-lock")
}

/// Takes the write lock of the vault at `vault`, waiting up to [`WAIT`] for the
/// process that holds it.
pub fn acquire(vault: &Path) -> anyhow::Result<WriteLock> {
    let path = lock_path(vault);
    let file = open(vault, &path)?;
    let lock = match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
        Ok(lock) => lock,
        Err((file, Errno::EWOULDBLOCK)) => wait(file, &path)?,
        Err((_, errno)) => return Err(lock_failed(&path, errno)),
    };
    // Padded to a fixed width, so one write replaces the previous holder's pid whole.
    // Only a message depends on it, so a failure to write it is no failure to lock.
    let _ = lock.write_all_at(format!("{:<10}\n", std::process::id()).as_bytes(), 0);
    Ok(WriteLock { _held: lock })
}

/// Opens (creating, 0600) the lock file, refusing one that is not a plain private file.
fn open(vault: &Path, path: &Path) -> anyhow::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .mode(0o600)
        .custom_flags(nix::libc::O_NOFOLLOW)
        .open(path)
        .map_err(|error| match Errno::from_raw(error.raw_os_error().unwrap_or(0)) {
            Errno::EACCES | Errno::EPERM | Errno::EROFS => super::read_only(vault),
            _ => anyhow::Error::new(error).context(format!("failed to open {}", path.display())),
        })?;
    let meta = file.metadata().with_context(|| format!("failed to read {}", path.display()))?;
    if !meta.is_file() || meta.nlink() != 1 {
        return Err(Failure::new(
            Kind::Other,
            format!("{} is not a plain file of its own; vault keeps its write lock there", path.display()),
        )
        .with_hint(format!("remove {} and run the command again; vault creates it anew", path.display()))
        .into());
    }
    if meta.mode() & 0o077 != 0 {
        return Err(Failure::new(
            Kind::Other,
            format!(
                "{} can be opened by other users (mode {:o}), who could hold the vault's write lock",
                path.display(),
                meta.mode() & 0o777
            ),
        )
        .with_hint(format!("run 'chmod 600 {}'", path.display()))
        .into());
    }
    // A umask that took the owner's own bits away at creation would lock out the next
    // open; set the mode exactly, as for every private file.
    if meta.mode() & 0o777 != 0o600 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("failed to set mode 0600 on {}", path.display()))?;
    }
    Ok(file)
}

/// Blocks on the lock in a thread of its own, so that the wait can end after [`WAIT`].
/// A lock taken after this process gave up is released at once: the send fails and
/// drops it.
fn wait(file: File, path: &Path) -> anyhow::Result<Flock<File>> {
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .name("vault-write-lock".into())
        .spawn(move || {
            let mut file = file;
            let result = loop {
                match Flock::lock(file, FlockArg::LockExclusive) {
                    Err((back, Errno::EINTR)) => file = back,
                    other => break other.map_err(|(_, errno)| errno),
                }
            };
            let _ = sender.send(result);
        })
        .context("failed to wait for the vault's write lock")?;
    match receiver.recv_timeout(WAIT) {
        Ok(Ok(lock)) => Ok(lock),
        Ok(Err(errno)) => Err(lock_failed(path, errno)),
        Err(_) => Err(timed_out(path)),
    }
}

fn lock_failed(path: &Path, errno: Errno) -> anyhow::Error {
    anyhow::Error::new(std::io::Error::from(errno)).context(format!("failed to lock {}", path.display()))
}

/// Another process held the lock for all of [`WAIT`]: name it, from the pid it wrote.
fn timed_out(path: &Path) -> anyhow::Error {
    let holder = std::fs::read_to_string(path).ok().and_then(|text| text.trim().parse::<u32>().ok());
    let (who, hint) = match holder {
        Some(pid) => (
            format!("vault process {pid}"),
            format!(
                "if process {pid} is stopped or hung (see 'ps -p {pid}'), end it ('kill {pid}') and run the command again"
            ),
        ),
        None => (
            "another vault process".to_owned(),
            format!("find it with 'fuser {}', end it, and run the command again", path.display()),
        ),
    };
    Failure::new(
        Kind::Other,
        format!(
            "{who} has been writing to the vault for over {} minutes; gave up waiting, nothing was changed",
            WAIT.as_secs() / 60
        ),
    )
    .with_hint(hint)
    .into()
}
