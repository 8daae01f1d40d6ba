//! Where `--output FILE` puts revealed values: a file created 0600 and replaced
//! atomically, only once the whole content is written and synced.
//!
//! The content goes to a temporary file in FILE's own directory (so the rename cannot
//! cross file systems), created with `O_CREAT|O_EXCL` (never an existing file or a
//! planted link) and mode 0600 whatever the umask; it is fsynced, renamed over FILE and
//! the directory fsynced. Until the rename, FILE is untouched; a command that fails
//! before it removes the temporary file, so it never leaves an empty or partial FILE.

use std::fs::{File, OpenOptions};
use std::hash::BuildHasher;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::error::{Failure, Kind};

/// Where a command's data goes: stdout, or a file replaced atomically.
pub enum Destination {
    Stdout,
    File(AtomicFile),
}

impl Destination {
    /// Stdout when `output` is `None` or `-`; else a prepared [`AtomicFile`], so that a
    /// file that cannot be written fails the command before anything is revealed.
    pub fn open(output: Option<&Path>) -> anyhow::Result<Destination> {
        match output {
            None => Ok(Destination::Stdout),
            Some(path) if path == Path::new("-") => Ok(Destination::Stdout),
            Some(path) => Ok(Destination::File(AtomicFile::create(path)?)),
        }
    }

    /// Writes all of `bytes` and, for a file, puts it in place.
    pub fn write(self, bytes: &[u8]) -> anyhow::Result<()> {
        match self {
            Destination::Stdout => crate::output::print_raw(bytes),
            Destination::File(file) => file.commit(bytes),
        }
    }
}

/// A temporary file next to its destination, removed unless committed.
pub struct AtomicFile {
    destination: PathBuf,
    directory: PathBuf,
    /// Empty once renamed into place.
    temporary: PathBuf,
    file: File,
}

impl AtomicFile {
    /// Creates the temporary file (empty, 0600) beside `destination`.
    pub fn create(destination: &Path) -> anyhow::Result<AtomicFile> {
        let fail = |e: std::io::Error| cannot_write(destination, &e.to_string());
        let name = destination.file_name().filter(|_| !destination.to_string_lossy().ends_with('/'));
        let Some(name) = name else {
            return Err(cannot_write(destination, "it names a directory"));
        };
        let directory = match destination.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => PathBuf::from("."),
        };
        let random = std::hash::RandomState::new().hash_one(std::time::SystemTime::now());
        let mut temporary_name = std::ffi::OsString::from(".");
        temporary_name.push(name);
        temporary_name.push(format!(".vault-{}-{random:016x}", std::process::id()));
        let temporary = directory.join(temporary_name);
        let file =
            OpenOptions::new().write(true).create_new(true).mode(0o600).open(&temporary).map_err(fail)?;
        let atomic = AtomicFile { destination: destination.to_owned(), directory, temporary, file };
        // The umask may have taken bits away; the mode is exactly 0600 either way.
        atomic.file.set_permissions(std::fs::Permissions::from_mode(0o600)).map_err(fail)?;
        Ok(atomic)
    }

    /// Writes `bytes`, syncs them, and renames the file over its destination.
    pub fn commit(mut self, bytes: &[u8]) -> anyhow::Result<()> {
        let destination = self.destination.clone();
        let fail = |e: std::io::Error| cannot_write(&destination, &e.to_string());
        (&self.file).write_all(bytes).map_err(fail)?;
        self.file.sync_all().map_err(fail)?;
        std::fs::rename(&self.temporary, &self.destination).map_err(fail)?;
        self.temporary = PathBuf::new();
        // The rename is durable once the directory is synced; it has happened already,
        // so a failure to sync is not worth failing the command for.
        let _ = File::open(&self.directory).and_then(|d| d.sync_all());
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.temporary.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

fn cannot_write(path: &Path, why: &str) -> anyhow::Error {
    Failure::new(Kind::Other, format!("cannot write {}: {why}", path.display()))
        .with_hint("check that the directory exists and is writable; the file was not changed")
        .into()
}
