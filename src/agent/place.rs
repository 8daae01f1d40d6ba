//! Where the agent listens, and the checks both sides make before trusting it.
//!
//! The socket is `agent.sock` in `$XDG_RUNTIME_DIR/vault/` when `XDG_RUNTIME_DIR` is
//! usable (absolute, a directory the user owns, mode 0700), else in
//! `<temp dir>/vault-agent-<uid>/`. The directory is made 0700 and the socket 0600. A
//! directory or socket that is a link, that another user owns, or that the group or
//! others can write is refused, naming it: whoever planted it could listen in place
//! of the agent. Both sides also check the peer's uid with `SO_PEERCRED`.

use std::fs;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

use nix::sys::socket::{getsockopt, sockopt::PeerCredentials};
use nix::unistd::getuid;

use crate::error::{Failure, Kind};

const SOCKET: &str = "agent.sock";

/// The agent's directory (which may not exist yet).
pub fn directory() -> anyhow::Result<PathBuf> {
    let uid = getuid().as_raw();
    if let Some(runtime) = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from)
        && runtime.is_absolute()
        && fs::symlink_metadata(&runtime)
            .is_ok_and(|meta| meta.is_dir() && meta.uid() == uid && meta.mode() & 0o077 == 0)
    {
        return Ok(runtime.join("vault"));
    }
    let temp = std::path::absolute(std::env::temp_dir())?;
    Ok(temp.join(format!("vault-agent-{uid}")))
}

/// The socket's path, once its directory passed [`check_directory`]; `None` when the
/// directory does not exist (so no agent runs).
pub fn existing_socket() -> anyhow::Result<Option<PathBuf>> {
    let dir = directory()?;
    if fs::symlink_metadata(&dir).is_err() {
        return Ok(None);
    }
    check_directory(&dir)?;
    Ok(Some(dir.join(SOCKET)))
}

/// The socket's path, its directory made (0700) if missing and checked.
pub fn socket_for_agent() -> anyhow::Result<PathBuf> {
    let dir = directory()?;
    if fs::symlink_metadata(&dir).is_err() {
        // `mkdir` fails if something appeared meanwhile; the check below then judges it.
        let _ = nix::unistd::mkdir(&dir, nix::sys::stat::Mode::S_IRWXU);
    }
    check_directory(&dir)?;
    Ok(dir.join(SOCKET))
}

/// Refuses a directory that is not a real directory of this user, private to writes.
fn check_directory(dir: &Path) -> anyhow::Result<()> {
    let meta = fs::symlink_metadata(dir)
        .map_err(|error| refused(dir, &format!("it cannot be read ({error})"), "remove it"))?;
    if !meta.is_dir() {
        return Err(refused(dir, "it is not a directory", "remove it"));
    }
    check_owner_and_mode(dir, &meta, "chmod 700")
}

/// Whether a socket is there: `Ok(false)` when nothing is, an error when something is
/// that this user cannot trust.
pub fn check_socket(socket: &Path) -> anyhow::Result<bool> {
    let Ok(meta) = fs::symlink_metadata(socket) else { return Ok(false) };
    if !meta.file_type().is_socket() {
        return Err(refused(socket, "it is not a socket", "remove it"));
    }
    check_owner_and_mode(socket, &meta, "chmod 600")?;
    Ok(true)
}

fn check_owner_and_mode(path: &Path, meta: &fs::Metadata, fix: &str) -> anyhow::Result<()> {
    if meta.uid() != getuid().as_raw() {
        return Err(refused(
            path,
            &format!("another user (uid {}) owns it", meta.uid()),
            "remove it, or set XDG_RUNTIME_DIR to a private directory of your own",
        ));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(refused(
            path,
            &format!("the group or others can write it (mode {:o})", meta.mode() & 0o7777),
            &format!("run '{fix} {}', or remove it", path.display()),
        ));
    }
    Ok(())
}

fn refused(path: &Path, why: &str, hint: &str) -> anyhow::Error {
    Failure::new(Kind::Other, format!("refusing the unlock agent's {}: {why}", path.display()))
        .with_hint(hint)
        .into()
}

/// The peer's pid, if the process at the other end runs as this user; checked with
/// `SO_PEERCRED`, which the kernel fills in at `connect`, so it cannot be forged.
pub fn same_user_peer(stream: &UnixStream) -> Option<i32> {
    let credentials = getsockopt(stream, PeerCredentials).ok()?;
    (credentials.uid() == getuid().as_raw()).then(|| credentials.pid())
}
