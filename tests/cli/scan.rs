//! `vault scan`: stored values planted in files and in git's index are found and
//! reported by file, line and location, never by value; a clean tree exits 0;
//! `.gitignore` is respected when asked.

use std::path::Path;

use crate::support::{TestEnv, contains, require_tool};

const TOKEN: &str = "tok_live_5e9b1c2d7a";
const CERT: &str = "-----BEGIN CERT-----\nMIIB-line-two\n-----END CERT-----";
/// The stored file ends with a line end; copies of it need not.
const CERT_FILE: &str = "-----BEGIN CERT-----\nMIIB-line-two\n-----END CERT-----\n";

/// A vault whose `app` holds TOKEN, a multi-line CERT and a short value, and a project
/// file naming it, in the sandbox's working directory.
fn project() -> TestEnv {
    let env = TestEnv::new();
    let cert = env.path("cert.pem");
    std::fs::write(&cert, CERT_FILE).unwrap();
    env.ok(&[
        "create",
        "app",
        "--env",
        &format!("TOKEN={TOKEN}"),
        "--env",
        "DEBUG=1",
        "--file",
        &format!("CERT=@{}", cert.display()),
    ]);
    std::fs::write(env.path(".vault.toml"), "collections = [\"app\"]\n").unwrap();
    env
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `vault scan ARGS`: the status, and stdout; asserts no value is in either stream.
fn scan(env: &TestEnv, args: &[&str]) -> (i32, String, String) {
    let out = env.cmd().arg("scan").args(args).output().unwrap();
    for stream in [&out.stdout, &out.stderr] {
        for value in [TOKEN, CERT, "MIIB-line-two"] {
            assert!(
                !contains(stream, value.as_bytes()),
                "a value was printed: {}",
                String::from_utf8_lossy(stream)
            );
        }
    }
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (out.status.code().unwrap(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn planted_values_are_reported_by_file_line_and_location_never_by_value() {
    let env = project();
    let tree = env.path("tree");
    write(&tree, "README.md", "nothing here\n");
    write(&tree, "src/config.py", "import os\n\nTOKEN = \"tok_live_5e9b1c2d7a\"\n");
    write(&tree, "certs/copy.pem", &format!("header\n{CERT}"));
    write(&tree, ".hidden/leak", &format!("x{TOKEN}x {TOKEN}"));
    let (code, stdout, stderr) = scan(&env, &["tree"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stdout,
        "tree/.hidden/leak:1: stored value of TOKEN in default/app\n\
         tree/.hidden/leak:1: stored value of TOKEN in default/app\n\
         tree/certs/copy.pem:2: stored value of CERT in default/app\n\
         tree/src/config.py:3: stored value of TOKEN in default/app\n"
    );
    assert!(
        stderr.contains("not looking for 1 value(s) shorter than 6 bytes: default/app DEBUG"),
        "{stderr}"
    );
    assert!(stderr.contains("in 3 of 4 file(s)"), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&scan(&env, &["--json", "tree/src"]).1).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{"path": "tree/src/config.py", "line": 3, "secrets": [{"collection": "default/app", "location": "TOKEN"}]}])
    );

    // A clean tree exits 0; so does one whose only match is shorter than the minimum.
    let clean = env.path("clean");
    write(&clean, "a.txt", "DEBUG=1\n");
    write(&clean, "b/c.txt", "tok_live_5e9b1c2d7\n");
    let (code, stdout, stderr) = scan(&env, &["clean"]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(stderr.contains("no stored values found in 2 file(s)"), "{stderr}");
    // Which is why the minimum is there: "1" is everywhere.
    let (code, stdout, _) = scan(&env, &["--min-length", "1", "clean"]);
    let expected = "clean/a.txt:1: stored value of DEBUG in default/app\nclean/b/c.txt:1: stored value of DEBUG in default/app\n";
    assert_eq!((code, stdout.as_str()), (1, expected));
}

#[test]
fn gitignore_is_respected_when_asked() {
    let env = project();
    let tree = env.path("tree");
    write(&tree, ".gitignore", "*.env\nbuild/\n");
    write(&tree, "local.env", &format!("TOKEN={TOKEN}\n"));
    write(&tree, "build/out.txt", TOKEN);
    write(&tree, "src/ok.txt", "fine\n");
    let (code, stdout, _) = scan(&env, &["tree"]);
    assert_eq!(code, 1);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    let (code, stdout, stderr) = scan(&env, &["--gitignore", "tree"]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(stderr.contains("in 2 file(s)"), "{stderr}");
}

#[test]
fn staged_changes_are_scanned_as_staged() {
    let Some(git) = require_tool("git") else { return };
    let env = project();
    let repo = env.path("repo");
    std::fs::create_dir(&repo).unwrap();
    let git_in = |args: &[&str]| {
        let out = env.sandboxed(&git).args(args).current_dir(&repo).output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git_in(&["init", "-q"]);
    write(&repo, "app/settings.ini", &format!("[api]\ntoken = {TOKEN}\n"));
    write(&repo, "notes.txt", "fine\n");
    write(&repo, "unstaged.txt", TOKEN);
    git_in(&["add", "app/settings.ini", "notes.txt"]);
    // The working tree no longer holds it, but the index does: the commit would.
    write(&repo, "app/settings.ini", "[api]\ntoken = from-the-vault\n");
    let scan_in = |args: &[&str]| {
        let mut cmd = env.cmd();
        let out = cmd.arg("scan").args(args).current_dir(&repo).output().unwrap();
        assert!(!contains(&out.stdout, TOKEN.as_bytes()) && !contains(&out.stderr, TOKEN.as_bytes()));
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stdout, stderr) = scan_in(&["--staged", "-c", "app"]);
    assert_eq!(
        (code, stdout.as_str()),
        (1, "app/settings.ini:2: stored value of TOKEN in default/app\n"),
        "{stderr}"
    );
    assert!(stderr.contains("in 1 of 2 staged file(s)"), "{stderr}");
    git_in(&["add", "app/settings.ini"]);
    let (code, stdout, stderr) = scan_in(&["--staged", "-c", "app"]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(stderr.contains("no stored values found in 2 staged file(s)"), "{stderr}");
    // Outside a repository it says so.
    let (code, _, stderr) = scan(&env, &["--staged"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("git diff --cached failed"), "{stderr}");
}

#[test]
fn scan_needs_collections_to_look_for() {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", &format!("TOKEN={TOKEN}")]);
    write(&env.path("t"), "x", TOKEN);
    let stderr = env.fails(2, &["scan", "t"]);
    assert!(stderr.contains("no collection to look for"), "{stderr}");
    let (code, stdout, _) = scan(&env, &["--all", "t"]);
    assert_eq!((code, stdout.as_str()), (1, "t/x:1: stored value of TOKEN in default/app\n"));
}

#[test]
fn git_gets_no_passphrase_and_no_value_in_its_argv_or_environment() {
    let Some(git) = require_tool("git") else { return };
    let env = TestEnv::with_passphrase();
    env.ok(&["create", "app", "--env", &format!("TOKEN={TOKEN}")]);
    let repo = env.path("repo");
    std::fs::create_dir(&repo).unwrap();
    let run_git = |args: &[&str]| {
        assert!(env.sandboxed(&git).args(args).current_dir(&repo).status().unwrap().success())
    };
    run_git(&["init", "-q"]);
    write(&repo, "leak.txt", TOKEN);
    run_git(&["add", "leak.txt"]);
    // A `git` first on PATH that records what it was given, then runs the real one.
    let bin = env.path("bin");
    let log = env.path("git-log");
    write(
        &bin,
        "git",
        &format!(
            "#!/bin/sh\n{{ printf '%s\\n' \"$@\"; env; }} >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            git.display()
        ),
    );
    std::fs::set_permissions(bin.join("git"), std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let out = env
        .cmd()
        .args(["scan", "--staged", "-c", "app"])
        .current_dir(&repo)
        .env("PATH", path)
        .env("VAULT_IDENTITY_PASSPHRASE", "identity-passphrase-canary")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let seen = std::fs::read_to_string(&log).unwrap();
    assert!(!seen.contains("identity-passphrase-canary"), "{seen}");
    assert!(seen.contains("cat-file") && seen.contains("--cached"), "both git commands ran: {seen}");
    assert!(!seen.contains(crate::support::PASSPHRASE) && !seen.contains("VAULT_PASSPHRASE"), "{seen}");
    assert!(!seen.contains(TOKEN), "{seen}");
}

#[test]
fn a_file_name_that_is_not_utf8_is_reported_in_json_without_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let env = project();
    let tree = env.path("tree");
    std::fs::create_dir(&tree).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"conf-\xff.env");
    std::fs::write(tree.join(name), format!("TOKEN={TOKEN}\n")).unwrap();
    let (code, stdout, stderr) = scan(&env, &["--json", tree.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    let rows: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(rows[0]["line"], 1, "{rows}");
    assert!(rows[0]["path"].as_str().unwrap().contains("conf-"), "{rows}");
}

#[test]
fn staged_changes_are_scanned_in_the_middle_of_a_merge_conflict() {
    let Some(git) = require_tool("git") else { return };
    let env = project();
    let repo = env.path("repo");
    std::fs::create_dir(&repo).unwrap();
    let run_git = |args: &[&str]| {
        env.sandboxed(&git)
            .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main"])
            .args(args)
            .current_dir(&repo)
            .output()
            .unwrap()
    };
    run_git(&["init", "-q"]);
    write(&repo, "both.txt", "base\n");
    run_git(&["add", "both.txt"]);
    run_git(&["commit", "-qm", "base"]);
    run_git(&["checkout", "-qb", "other"]);
    write(&repo, "both.txt", "other\n");
    run_git(&["commit", "-qam", "other"]);
    run_git(&["checkout", "-q", "main"]);
    write(&repo, "both.txt", "main\n");
    run_git(&["commit", "-qam", "main"]);
    assert!(!run_git(&["merge", "-q", "other"]).status.success(), "the merge conflicts");
    write(&repo, "leak.txt", &format!("TOKEN={TOKEN}\n"));
    run_git(&["add", "leak.txt"]);
    let out = env.cmd().args(["scan", "--staged"]).current_dir(&repo).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "leak.txt:1: stored value of TOKEN in default/app\n");
}
