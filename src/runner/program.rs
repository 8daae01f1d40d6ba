//! Finding the command as `execvp` does, before anything is revealed, and without its
//! fallback: glibc's `execvp` runs a file the kernel cannot execute (ENOEXEC: no `#!`,
//! not ELF) through `/bin/sh`, which the contract rules out. The command is then
//! started from the path found here with `execve` or `posix_spawn`, neither of which
//! falls back.
//!
//! The rules are `execvp`'s: a name with a `/` is used as it is; any other is looked up
//! in the command's `PATH` (`/bin:/usr/bin` when it has none; an empty entry is the
//! working directory), skipping entries that are not there and, like `execvp`, ones
//! that exist but cannot be executed, which make the result 126 rather than 127 if
//! nothing better is found.

use std::ffi::{OsStr, OsString};
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use nix::errno::Errno;
use nix::unistd::{AccessFlags, access};

use super::LaunchError;

/// glibc's `PATH` for `execvp` when the environment has none (`confstr(_CS_PATH)`).
const DEFAULT_PATH: &str = "/bin:/usr/bin";

/// The file to execute for `program`, searched in `path` (the command's `PATH`).
pub fn resolve(program: &OsStr, path: Option<&OsStr>) -> Result<PathBuf, LaunchError> {
    if program.is_empty() {
        return Err(LaunchError::NotFound(program.to_owned()));
    }
    if program.as_bytes().contains(&b'/') {
        let candidate = Path::new(program);
        return match check(candidate) {
            Ok(()) => Ok(candidate.to_owned()),
            Err(Errno::ENOENT | Errno::ENOTDIR) => Err(LaunchError::NotFound(program.to_owned())),
            Err(errno) => Err(not_executable(program, errno)),
        };
    }
    let path = path.unwrap_or(OsStr::new(DEFAULT_PATH));
    let mut refused = None;
    for dir in path.as_bytes().split(|&b| b == b':') {
        let dir = if dir.is_empty() { Path::new(".") } else { Path::new(OsStr::from_bytes(dir)) };
        let candidate = dir.join(program);
        match check(&candidate) {
            Ok(()) => return Ok(candidate),
            // `execvp` goes on past these and reports EACCES at the end if it saw one.
            Err(Errno::EACCES | Errno::EISDIR) => refused = Some(Errno::EACCES),
            Err(_) => {}
        }
    }
    match refused {
        Some(errno) => Err(not_executable(program, errno)),
        None => Err(LaunchError::NotFound(program.to_owned())),
    }
}

/// Whether `candidate` is a file vault may execute: it exists, is not a directory (which
/// `execve` refuses with EACCES) and has execute permission for vault's user.
fn check(candidate: &Path) -> Result<(), Errno> {
    let meta = std::fs::metadata(candidate).map_err(|e| Errno::from_raw(e.raw_os_error().unwrap_or(0)))?;
    if meta.is_dir() {
        return Err(Errno::EISDIR);
    }
    access(candidate, AccessFlags::X_OK)
}

fn not_executable(program: &OsStr, errno: Errno) -> LaunchError {
    LaunchError::NotExecutable(OsString::from(program), io::Error::from_raw_os_error(errno as i32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn file(path: &Path, mode: u32) {
        std::fs::write(path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn the_first_executable_on_path_wins_and_unexecutable_ones_make_126() {
        let base = tempfile::tempdir().unwrap();
        let (a, b, c) = (base.path().join("a"), base.path().join("b"), base.path().join("c"));
        for dir in [&a, &b, &c] {
            std::fs::create_dir(dir).unwrap();
        }
        file(&a.join("tool"), 0o644);
        std::fs::create_dir(b.join("tool")).unwrap();
        file(&c.join("tool"), 0o755);
        let path = std::env::join_paths([&a, &b, &c]).unwrap();
        assert_eq!(resolve(OsStr::new("tool"), Some(&path)).ok(), Some(c.join("tool")));

        let without_c = std::env::join_paths([&a, &b]).unwrap();
        let code = |program: &str, path: &OsStr| {
            resolve(OsStr::new(program), Some(path)).err().map(|e| e.exit_code())
        };
        // Root may read a 0644 file but not execute it: access(X_OK) needs an x bit.
        assert_eq!(code("tool", &without_c), Some(126));
        assert_eq!(code("missing", &path), Some(127));
        assert_eq!(code("", &path), Some(127));
        assert_eq!(code(a.join("tool").to_str().unwrap(), &path), Some(126));
        assert_eq!(code(a.to_str().unwrap(), &path), Some(126));
        assert_eq!(code(a.join("nope").to_str().unwrap(), &path), Some(127));
    }

    #[test]
    fn no_path_means_the_default_one() {
        assert_eq!(resolve(OsStr::new("sh"), None).ok(), Some(PathBuf::from("/bin/sh")));
    }
}
