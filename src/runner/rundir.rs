//! The private run directory that holds file secrets while the command runs.
//!
//! Where: `$XDG_RUNTIME_DIR` (a per-user tmpfs on most Linux systems) when it is an
//! absolute path to a real directory owned by the user with mode 0700, else the temp
//! directory. What: `vault-run-<pid>-<random>`, made with `mkdir` (which never follows
//! a link) and failing closed if anything is already there; sub-directories 0700 and
//! files 0600 are made relative to open directory descriptors with
//! `O_EXCL|O_NOFOLLOW`, so nothing is ever written through a planted link. The pid in
//! the name lets the next run remove the directory of a vault that was SIGKILLed.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::hash::BuildHasher;
use std::io::Write;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};

use crate::error::{Failure, Kind};
use nix::errno::Errno;
use nix::fcntl::{OFlag, open, openat};
use nix::sys::stat::{Mode, SFlag, fchmod, fstat, mkdirat};
use nix::unistd::{Pid, getuid};
use secrecy::{ExposeSecret, SecretSlice};

/// How every run directory's name starts; the owner's pid follows.
const PREFIX: &str = "vault-run-";

/// Flags for opening a directory we go on to create things in.
fn dir_flags() -> OFlag {
    OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC
}

/// A run directory; removed when dropped (a setup error or a failed spawn) or by
/// [`RunDir::remove`], which reports failure.
pub struct RunDir {
    /// `None` once removed.
    path: Option<PathBuf>,
    fd: OwnedFd,
}

impl RunDir {
    /// Sweeps orphaned run directories, then creates a fresh one.
    pub fn create() -> anyhow::Result<RunDir> {
        let (parent, parent_fd) = choose_parent()?;
        sweep(&parent);
        Self::create_in(&parent, &parent_fd, &unique_name())
    }

    /// Creates `parent/name` as 0700; anything already there (a planted link, say) is
    /// an error rather than something to reuse.
    fn create_in(parent: &Path, parent_fd: &OwnedFd, name: &str) -> anyhow::Result<RunDir> {
        let path = parent.join(name);
        let owner = mode(0o700);
        mkdirat(parent_fd, name, owner).map_err(|errno| match errno {
            Errno::EEXIST => anyhow!("{} already exists; refusing to use it for secrets", path.display()),
            other => anyhow!("cannot create the secrets directory {}: {other}", path.display()),
        })?;
        let fd = match openat(parent_fd, name, dir_flags(), Mode::empty()) {
            Ok(fd) => fd,
            Err(errno) => {
                // Best effort: it is ours, and it is empty.
                let _ = fs::remove_dir(&path);
                return Err(anyhow!("cannot open the secrets directory {}: {errno}", path.display()));
            }
        };
        let dir = RunDir { path: Some(path), fd };
        // `mkdir`'s mode is masked by the umask; set it exactly.
        fchmod(&dir.fd, owner)
            .map_err(|errno| anyhow!("cannot set mode 0700 on {}: {errno}", dir.display()))?;
        Ok(dir)
    }

    /// The directory's absolute path, as `VAULT_SECRETS_DIR` gives it.
    pub fn path(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new(""))
    }

    fn display(&self) -> std::path::Display<'_> {
        self.path().display()
    }

    /// Writes each file secret (0600, sub-directories 0700) and returns the variables
    /// to export: for each location that is a valid variable name, that name and the
    /// file's absolute path.
    pub fn write(&self, files: &[(String, SecretSlice<u8>)]) -> anyhow::Result<Vec<(OsString, OsString)>> {
        let mut vars = Vec::new();
        for (location, value) in files {
            self.write_one(location, value.expose_secret()).with_context(|| {
                format!("cannot write file secret '{}'", crate::output::sanitize(location))
            })?;
            if crate::model::is_env_name(location) {
                vars.push((location.into(), self.path().join(location).into()));
            }
        }
        Ok(vars)
    }

    fn write_one(&self, location: &str, bytes: &[u8]) -> anyhow::Result<()> {
        // Checked again: the row could have been edited in the vault file.
        crate::model::validate_file_location(location)?;
        let mut parts: Vec<&str> = location.split('/').collect();
        let Some(name) = parts.pop() else { return Err(anyhow!("empty location")) };
        let mut held: Option<OwnedFd> = None;
        for part in parts {
            let here = held.as_ref().map_or(self.fd.as_fd(), AsFd::as_fd);
            let created = match mkdirat(here, part, mode(0o700)) {
                Ok(()) => true,
                // Made for an earlier file of this run; opening it below checks it is
                // a real directory.
                Err(Errno::EEXIST) => false,
                Err(errno) => return Err(anyhow!("cannot create directory '{part}': {errno}")),
            };
            let sub = openat(here, part, dir_flags(), Mode::empty()).map_err(|errno| match errno {
                Errno::ENOTDIR | Errno::ELOOP => {
                    anyhow!("'{part}' is already a file here, not a directory: two locations clash")
                }
                other => anyhow!("cannot open directory '{part}': {other}"),
            })?;
            if created {
                fchmod(&sub, mode(0o700))
                    .map_err(|errno| anyhow!("cannot set mode 0700 on '{part}': {errno}"))?;
            }
            held = Some(sub);
        }
        let here = held.as_ref().map_or(self.fd.as_fd(), AsFd::as_fd);
        let flags = OFlag::O_WRONLY | OFlag::O_CREAT | OFlag::O_EXCL | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC;
        let fd = openat(here, name, flags, mode(0o600)).map_err(|errno| match errno {
            Errno::EEXIST => anyhow!("something is already there: two locations clash"),
            other => anyhow!("{other}"),
        })?;
        fchmod(&fd, mode(0o600)).map_err(|errno| anyhow!("cannot set mode 0600: {errno}"))?;
        File::from(fd).write_all(bytes)?;
        Ok(())
    }

    /// Removes the directory and everything in it, never following links.
    pub fn remove(mut self) -> anyhow::Result<()> {
        match self.path.take() {
            Some(path) => fs::remove_dir_all(&path)
                .with_context(|| format!("could not remove the secrets directory {}", path.display())),
            None => Ok(()),
        }
    }
}

impl Drop for RunDir {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            // Only reached on an error path, which reports its own error.
            let _ = fs::remove_dir_all(path);
        }
    }
}

fn mode(bits: u32) -> Mode {
    Mode::from_bits_truncate(bits)
}

/// The parent for run directories and an open descriptor of it: a private
/// `$XDG_RUNTIME_DIR`, else the temp directory (never a shared runtime directory as is).
fn choose_parent() -> anyhow::Result<(PathBuf, OwnedFd)> {
    if let Some(runtime) = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from)
        && let Some(fd) = private_dir(&runtime)
    {
        return Ok((runtime, fd));
    }
    let temp = std::path::absolute(std::env::temp_dir()).context("cannot find the temp directory")?;
    let fd = open(&temp, OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC, Mode::empty())
        .map_err(|errno| anyhow!("cannot open the temp directory {}: {errno}", temp.display()))
        .context("set TMPDIR to a writable directory")?;
    let stat = fstat(&fd)
        .map_err(|errno| anyhow!("cannot inspect the temp directory {}: {errno}", temp.display()))?;
    if !shared_safely(stat.st_mode) {
        return Err(Failure::new(
            Kind::Other,
            format!(
                "refusing the temp directory {} for secrets: anyone can write to it and it lacks \
                 the sticky bit, so another user could rename or replace the run directory",
                temp.display()
            ),
        )
        .with_hint("run `chmod +t` on it, or set TMPDIR or XDG_RUNTIME_DIR to a private directory")
        .into());
    }
    Ok((temp, fd))
}

/// Whether a directory's mode lets others only add their own entries: not writable
/// by everyone, or sticky (as `/tmp` is), so nobody can remove or rename ours.
fn shared_safely(mode: u32) -> bool {
    mode & 0o002 == 0 || mode & 0o1000 != 0
}

/// `path` opened, if it is absolute, not a link, a directory, owned by the user and
/// mode 0700. Checked on the open descriptor, so it cannot change in between.
fn private_dir(path: &Path) -> Option<OwnedFd> {
    if !path.is_absolute() {
        return None;
    }
    let fd = open(path, dir_flags(), Mode::empty()).ok()?;
    let stat = fstat(&fd).ok()?;
    let is_dir = SFlag::from_bits_truncate(stat.st_mode) & SFlag::S_IFMT == SFlag::S_IFDIR;
    (is_dir && stat.st_uid == getuid().as_raw() && stat.st_mode & 0o777 == 0o700).then_some(fd)
}

/// `vault-run-<pid>-<random>`. The random part keeps a new run from meeting the
/// leftover of an earlier process that had the same pid; it need not be secret,
/// since `mkdir` fails on anything already there.
fn unique_name() -> String {
    let random = std::hash::RandomState::new().hash_one(std::time::SystemTime::now());
    format!("{PREFIX}{}-{random:016x}", std::process::id())
}

/// The pid in a run directory's name.
fn owner_pid(name: &OsStr) -> Option<i32> {
    let (pid, random) = name.to_str()?.strip_prefix(PREFIX)?.split_once('-')?;
    let pid = pid.parse().ok().filter(|pid| *pid > 0)?;
    (!random.is_empty()).then_some(pid)
}

/// Removes run directories in `parent` left by a vault that no longer runs (it was
/// SIGKILLed): real directories owned by the user whose owner pid does not exist.
/// Best effort and silent: a leftover that cannot be removed is not this run's problem.
fn sweep(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    let uid = getuid().as_raw();
    for entry in entries.flatten() {
        let Some(pid) = owner_pid(&entry.file_name()) else { continue };
        // `DirEntry::metadata` does not follow links.
        let ours = entry.metadata().is_ok_and(|meta| meta.is_dir() && meta.uid() == uid);
        if ours && nix::sys::signal::kill(Pid::from_raw(pid), None) == Err(Errno::ESRCH) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    fn open_dir(path: &Path) -> OwnedFd {
        open(path, dir_flags(), Mode::empty()).unwrap()
    }

    fn secret(location: &str, value: &[u8]) -> (String, SecretSlice<u8>) {
        (location.to_owned(), SecretSlice::from(value.to_vec()))
    }

    fn mode_of(path: &Path) -> u32 {
        fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_link_planted_at_the_run_directory_fails_closed() {
        let parent = tempfile::tempdir().unwrap();
        let target = tempfile::tempdir().unwrap();
        symlink(target.path(), parent.path().join("vault-run-1-x")).unwrap();
        let error = RunDir::create_in(parent.path(), &open_dir(parent.path()), "vault-run-1-x").err();
        assert!(error.is_some_and(|e| e.to_string().contains("already exists")));
        assert!(parent.path().join("vault-run-1-x").is_symlink(), "the planted link was removed");
        assert_eq!(fs::read_dir(target.path()).unwrap().count(), 0);
    }

    #[test]
    fn files_are_private_and_exact_and_removed() {
        let parent = tempfile::tempdir().unwrap();
        let dir = RunDir::create_in(parent.path(), &open_dir(parent.path()), "vault-run-1-a").unwrap();
        let all: Vec<u8> = (0..=255).collect();
        let vars =
            dir.write(&[secret("CERT", &all), secret("tls/a/key.pem", b"k"), secret("tls/b", b"")]).unwrap();
        let root = dir.path().to_owned();
        assert_eq!(vars, [(OsString::from("CERT"), root.join("CERT").into_os_string())]);
        assert_eq!(fs::read(root.join("CERT")).unwrap(), all);
        assert_eq!(fs::read(root.join("tls/b")).unwrap(), b"");
        for (path, expected) in
            [("", 0o700), ("tls", 0o700), ("tls/a", 0o700), ("CERT", 0o600), ("tls/a/key.pem", 0o600)]
        {
            assert_eq!(mode_of(&root.join(path)), expected, "{path}");
        }
        dir.remove().unwrap();
        assert!(!root.exists());
    }

    #[test]
    fn links_inside_are_never_written_through() {
        let parent = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let dir = RunDir::create_in(parent.path(), &open_dir(parent.path()), "vault-run-1-b").unwrap();
        symlink(outside.path(), dir.path().join("sub")).unwrap();
        symlink(outside.path().join("file"), dir.path().join("file")).unwrap();
        for location in ["sub/x", "file"] {
            let error = dir.write(&[secret(location, b"planted")]).err().map(|e| format!("{e:#}"));
            assert!(error.as_deref().is_some_and(|e| e.contains(location)), "{error:?}");
        }
        assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
        let path = dir.path().to_owned();
        drop(dir);
        assert!(!path.exists(), "dropping removes the directory");
        assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0, "removal followed a link");
    }

    #[test]
    fn clashing_and_edited_locations_are_refused() {
        let parent = tempfile::tempdir().unwrap();
        let dir = RunDir::create_in(parent.path(), &open_dir(parent.path()), "vault-run-1-c").unwrap();
        assert!(dir.write(&[secret("a", b"1"), secret("a/b", b"2")]).is_err());
        assert!(dir.write(&[secret("c/d", b"1"), secret("c", b"2")]).is_err());
        for bad in ["../escape", "/abs", "x//y", "."] {
            assert!(dir.write(&[secret(bad, b"v")]).is_err(), "{bad}");
        }
        assert!(!parent.path().join("escape").exists());
    }

    #[test]
    fn runtime_dirs_must_be_private_real_directories() {
        let base = tempfile::tempdir().unwrap();
        let private = base.path().join("private");
        fs::create_dir(&private).unwrap();
        fs::set_permissions(&private, fs::Permissions::from_mode(0o700)).unwrap();
        assert!(private_dir(&private).is_some());
        let link = base.path().join("link");
        symlink(&private, &link).unwrap();
        assert!(private_dir(&link).is_none());
        fs::set_permissions(&private, fs::Permissions::from_mode(0o755)).unwrap();
        assert!(private_dir(&private).is_none());
        assert!(private_dir(Path::new("relative")).is_none());
    }

    #[test]
    fn a_world_writable_parent_must_be_sticky() {
        assert!(shared_safely(0o700) && shared_safely(0o1777) && shared_safely(0o775));
        assert!(!shared_safely(0o777) && !shared_safely(0o703));
    }

    #[test]
    fn names_carry_the_pid() {
        let name = unique_name();
        assert_eq!(owner_pid(OsStr::new(&name)), Some(std::process::id() as i32));
        assert_ne!(name, unique_name());
        for other in
            ["vault-run-", "vault-run-12", "vault-run-12-", "vault-run-x-1", "vault-run-0-1", "other-1-2"]
        {
            assert_eq!(owner_pid(OsStr::new(other)), None, "{other}");
        }
    }
}
