//! What is staged for the next commit: the index's blobs of the files that differ from
//! `HEAD` (added, copied, modified, renamed, type-changed), as a pre-commit hook must
//! see them, not the working tree. `git` is run as a child process: its argv holds
//! only options and pathspecs, its environment is vault's minus every passphrase
//! variable ([`crate::keyring::PASSPHRASE_VARS`]), and it runs before anything is unlocked. Git's own
//! variables stay, so a hook run with a temporary index (`git commit -a`) reads that
//! one.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::Context as _;

use crate::error::{Failure, Kind};

/// Each staged file's path (relative to the repository's top) and staged contents.
pub fn staged_files(pathspecs: &[PathBuf]) -> anyhow::Result<Vec<(PathBuf, Vec<u8>)>> {
    // `--raw` names each file's staged blob by its full object name, so `cat-file`
    // reads it by that name and no path has to survive a newline-separated protocol.
    // Deleted files have no blob, nor do unmerged ones (a commit waits for them to be
    // resolved and staged, which gives them one).
    let mut diff = git();
    diff.args(["diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--diff-filter=du", "--"])
        .args(pathspecs);
    let listed = diff.output().context("cannot run git")?;
    if !listed.status.success() {
        return Err(Failure::new(
            Kind::Other,
            format!("git diff --cached failed: {}", String::from_utf8_lossy(&listed.stderr).trim()),
        )
        .with_hint("run vault scan --staged inside a git repository")
        .into());
    }
    let entries = parse_raw(&listed.stdout)?;
    if entries.is_empty() {
        return Ok(Vec::new());
    }

    let mut cat = git()
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("cannot run git cat-file")?;
    // Cannot fail: both were set to Stdio::piped() above, and nothing took them yet.
    let mut input = cat.stdin.take().expect("stdin is piped");
    let output = BufReader::new(cat.stdout.take().expect("stdout is piped"));
    let names: Vec<String> = entries.iter().map(|(object, _)| format!("{object}\n")).collect();
    let files = std::thread::scope(|scope| -> anyhow::Result<Vec<(PathBuf, Vec<u8>)>> {
        // Written from a thread: git writes contents while it still reads names, and
        // either side waiting for the other with a full pipe would never end.
        scope.spawn(move || {
            for name in names {
                if input.write_all(name.as_bytes()).is_err() {
                    break;
                }
            }
        });
        // Moved in, so that an early return closes it before `wait`: git, blocked on a
        // full pipe, then ends instead of waiting for a reader that is gone.
        let mut output = output;
        let mut files = Vec::with_capacity(entries.len());
        for (_, path) in &entries {
            let mut header = String::new();
            output.read_line(&mut header).context("git cat-file ended early")?;
            let size: usize = match header.trim_end().split(' ').collect::<Vec<_>>().as_slice() {
                [_, "blob", size] => size.parse().context("git cat-file: bad size")?,
                _ => anyhow::bail!("git cat-file: unexpected answer for {}", path.display()),
            };
            let mut contents = vec![0; size + 1];
            output.read_exact(&mut contents).context("git cat-file ended early")?;
            contents.pop();
            files.push((path.clone(), contents));
        }
        Ok(files)
    });
    let status = cat.wait().context("lost track of git cat-file")?;
    let files = files?;
    if !status.success() {
        anyhow::bail!("git cat-file failed ({status})");
    }
    Ok(files)
}

/// `git` with vault's environment minus the passphrases.
fn git() -> Command {
    let mut command = Command::new("git");
    for var in crate::keyring::PASSPHRASE_VARS {
        command.env_remove(var);
    }
    command.stdin(Stdio::null());
    command
}

/// `:old-mode new-mode old-object new-object status NUL path NUL` records, as
/// `git diff --raw -z` writes them: the staged blob and path of each regular file or
/// symbolic link (a submodule's commit is not in this repository).
fn parse_raw(raw: &[u8]) -> anyhow::Result<Vec<(String, PathBuf)>> {
    use std::os::unix::ffi::OsStrExt;
    let mut fields = raw.split(|&b| b == 0).filter(|f| !f.is_empty());
    let mut entries = Vec::new();
    while let Some(record) = fields.next() {
        let path = fields.next().context("git diff --raw: a record without a path")?;
        let record = std::str::from_utf8(record).context("git diff --raw: unexpected record")?;
        let parts: Vec<&str> = record.trim_start_matches(':').split(' ').collect();
        let [_, new_mode, _, new_object, _] = parts.as_slice() else {
            anyhow::bail!("git diff --raw: unexpected record '{record}'");
        };
        if *new_mode != "160000" {
            entries.push((new_object.to_string(), PathBuf::from(std::ffi::OsStr::from_bytes(path))));
        }
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_records_give_staged_blobs_and_skip_submodules() {
        let raw = b":000000 100644 0000 aaaa A\0new\nline.txt\0:100644 100644 bbbb cccc M\0src/x.rs\0:000000 160000 0000 dddd A\0sub\0";
        let entries = parse_raw(raw).unwrap();
        assert_eq!(
            entries,
            [
                ("aaaa".to_owned(), PathBuf::from("new\nline.txt")),
                ("cccc".to_owned(), PathBuf::from("src/x.rs"))
            ]
        );
    }
}
