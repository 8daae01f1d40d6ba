//! The regular files under the paths `vault scan` is given, in a stable order, without
//! following symbolic links and never inside `.git`. With `gitignore`, what git would
//! ignore is skipped (`.gitignore` files, `.git/info/exclude`, the global excludes),
//! inside a repository or not; without it, every file is read, hidden ones included.

use std::path::{Path, PathBuf};

/// A file or directory that could not be read, and why.
pub struct Unreadable {
    pub path: PathBuf,
    pub error: String,
}

/// Calls `visit` with each file's path and contents; returns what could not be read.
pub fn each_file(paths: &[PathBuf], gitignore: bool, mut visit: impl FnMut(&Path, &[u8])) -> Vec<Unreadable> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    let mut builder = ignore::WalkBuilder::new(&paths[0]);
    for path in &paths[1..] {
        builder.add(path);
    }
    builder
        .standard_filters(false)
        .git_ignore(gitignore)
        .git_exclude(gitignore)
        .git_global(gitignore)
        .parents(gitignore)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .sort_by_file_name(|a, b| a.cmp(b));
    let mut unreadable = Vec::new();
    for entry in builder.build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = match &error {
                    ignore::Error::WithPath { path, .. } => path.clone(),
                    _ => PathBuf::new(),
                };
                unreadable.push(Unreadable { path, error: error.to_string() });
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        match std::fs::read(entry.path()) {
            Ok(bytes) => visit(entry.path(), &bytes),
            Err(error) => {
                unreadable.push(Unreadable { path: entry.path().to_owned(), error: error.to_string() })
            }
        }
    }
    unreadable
}
