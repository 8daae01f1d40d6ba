//! Unlocking as a user meets it: identity files encrypted with the real `age -p`, the
//! passphrase prompt on a real pseudo-terminal (it names the vault, gives three tries,
//! takes Ctrl-D as "no passphrase given"), checks that need no key before any unlock,
//! locked and owner-only messages that fit the vault's mode, and vaults known by their
//! id: a moved vault keeps its pin, another vault put at a known path is refused.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout};
use std::time::{Duration, Instant};

use crate::support::{PASSPHRASE, TestEnv, public_key, require_tool, side_file, vault_binary};

const AGE_PASSPHRASE: &str = "identity file passphrase";

/// A program on a pseudo-terminal of its own (util-linux `script`), typed at like a
/// person: wait for a prompt, wait until the program turned echo off, type a line.
struct Screen {
    child: Child,
    out: ChildStdout,
    seen: Vec<u8>,
    /// Where the next [`Self::wait_for`] starts looking.
    mark: usize,
    /// The program whose terminal echo [`Self::type_line`] waits on.
    program: PathBuf,
}

impl Screen {
    /// `program ARGS` on a terminal, in `env`'s sandbox with no way to unlock beyond
    /// `vars`. None where `script` is missing (outside CI).
    fn start(env: &TestEnv, program: &Path, args: &[&str], vars: &[(&str, &str)]) -> Option<Screen> {
        let line = std::iter::once(program.to_str().unwrap())
            .chain(args.iter().copied())
            .map(|word| shlex::try_quote(word).unwrap().into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        let mut cmd = env.sandboxed(require_tool("script")?);
        cmd.args(["-qfec", &line, "/dev/null"]).envs(vars.iter().copied());
        cmd.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let out = child.stdout.take().unwrap();
        Some(Screen { child, out, seen: Vec::new(), mark: 0, program: program.to_path_buf() })
    }

    /// Vault itself on a terminal.
    fn vault(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> Option<Screen> {
        Self::start(env, &vault_binary(), args, vars)
    }

    /// Reads the screen until `text` shows after what was waited for before.
    fn wait_for(&mut self, text: &str) {
        loop {
            if let Some(at) = find(&self.seen[self.mark..], text.as_bytes()) {
                self.mark += at + text.len();
                return;
            }
            let mut buf = [0u8; 4096];
            let n = self.out.read(&mut buf).unwrap();
            assert_ne!(n, 0, "the screen ended without {text:?}: {}", String::from_utf8_lossy(&self.seen));
            self.seen.extend_from_slice(&buf[..n]);
        }
    }

    /// Types `text` once the program reads without echo (a passphrase prompt), so
    /// that nothing typed meets the terminal before the program set it up.
    fn type_line(&mut self, text: &str) {
        self.wait_until_echo_is_off();
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(text.as_bytes()).unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
    }

    /// Presses Ctrl-D at the prompt.
    fn ctrl_d(&mut self) {
        self.wait_until_echo_is_off();
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(b"\x04").unwrap();
        stdin.flush().unwrap();
    }

    fn wait_until_echo_is_off(&self) {
        use nix::sys::termios::{LocalFlags, tcgetattr};
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let tty = descendant_running(self.child.id(), &self.program)
                .and_then(|pid| std::fs::read_link(format!("/proc/{pid}/fd/0")).ok());
            let echo = tty
                .and_then(|tty| std::fs::OpenOptions::new().read(true).write(true).open(tty).ok())
                .and_then(|file| tcgetattr(&file).ok())
                .map(|termios| termios.local_flags.contains(LocalFlags::ECHO));
            if echo == Some(false) {
                return;
            }
            assert!(Instant::now() < deadline, "the terminal never went no-echo: {}", self.screen());
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.seen).into_owned()
    }

    /// Waits for the program to end: its exit status and everything the screen showed.
    fn finish(mut self) -> (i32, String) {
        drop(self.child.stdin.take());
        self.out.read_to_end(&mut self.seen).unwrap();
        let status = self.child.wait().unwrap();
        (status.code().unwrap_or(-1), self.screen())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// The pid of a process below `root` whose executable is `program`.
fn descendant_running(root: u32, program: &Path) -> Option<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .ok()?
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let ppid = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()?;
            Some((pid, ppid))
        })
        .collect();
    let program = std::fs::canonicalize(program).ok()?;
    let mut below = vec![root];
    let mut at = 0;
    while at < below.len() {
        let parent = below[at];
        below.extend(parents.iter().filter(|(_, ppid)| *ppid == parent).map(|(pid, _)| *pid));
        at += 1;
    }
    below
        .into_iter()
        .skip(1)
        .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).ok() == Some(program.clone()))
}

/// `age -p` (with `-a`, armored) of `plain` into `encrypted`, the passphrase typed on a
/// terminal as age insists. None where `age` or `script` is missing (outside CI).
fn age_encrypt(env: &TestEnv, plain: &Path, encrypted: &Path, armor: bool) -> Option<()> {
    let age = require_tool("age")?;
    let mut args = vec!["-p"];
    if armor {
        args.push("-a");
    }
    args.extend(["-o", encrypted.to_str().unwrap(), plain.to_str().unwrap()]);
    let mut screen = Screen::start(env, &age, &args, &[])?;
    screen.wait_for("passphrase");
    screen.type_line(AGE_PASSPHRASE);
    screen.wait_for("onfirm");
    screen.type_line(AGE_PASSPHRASE);
    let (code, shown) = screen.finish();
    assert_eq!(code, 0, "age -p failed: {shown}");
    Some(())
}

/// `vault init` of a new identity file at `file`, encrypted with [`AGE_PASSPHRASE`] at a
/// low work factor (every later unlock pays it).
fn init_encrypted(env: &TestEnv, file: &Path) -> assert_cmd::Command {
    let mut init = env.locked_cmd();
    init.env("VAULT_IDENTITY_PASSPHRASE", AGE_PASSPHRASE).args(["init", "--identity-file"]).arg(file).args([
        "--encrypt-identity",
        "--work-factor",
        "2",
    ]);
    init
}

/// A vault whose identity file is also kept encrypted by the real `age -p`, binary and
/// armored: returns the two encrypted files.
fn vault_with_age_encrypted_identity() -> Option<(TestEnv, [PathBuf; 2])> {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "API_KEY=k3y"]);
    let binary = env.path("identity.age");
    let armored = env.path("identity.age.asc");
    age_encrypt(&env, &env.identity, &binary, false)?;
    age_encrypt(&env, &env.identity, &armored, true)?;
    assert!(std::fs::read(&binary).unwrap().starts_with(b"age-encryption.org/v1"));
    assert!(std::fs::read(&armored).unwrap().starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----"));
    Some((env, [binary, armored]))
}

#[test]
fn identity_files_encrypted_by_age_p_unlock_with_their_passphrase_from_the_variable() {
    let Some((env, files)) = vault_with_age_encrypted_identity() else { return };
    let with = |file: &Path, passphrase: &str| {
        let mut cmd = env.locked_cmd();
        cmd.env("VAULT_IDENTITY_FILE", file).env("VAULT_IDENTITY_PASSPHRASE", passphrase);
        cmd
    };
    for file in &files {
        let out = with(file, AGE_PASSPHRASE).args(["get", "app", "API_KEY"]).output().unwrap();
        assert_eq!(out.stdout, b"k3y", "{}: {}", file.display(), String::from_utf8_lossy(&out.stderr));
        // No variable and no terminal: exit 5, saying how to give it.
        let mut cmd = env.locked_cmd();
        let stderr = env.fails_with(5, cmd.env("VAULT_IDENTITY_FILE", file).args(["get", "app", "API_KEY"]));
        assert!(
            stderr.contains("needs its passphrase") && stderr.contains("VAULT_IDENTITY_PASSPHRASE"),
            "{stderr}"
        );
    }
    // Each unlock runs age's scrypt at its default cost: the rest on one file only.
    // The passphrase never reaches vault run's command.
    let out = with(&files[0], AGE_PASSPHRASE).args(["run", "-c", "app", "--", "env"]).output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && shown.contains("API_KEY=k3y"), "{shown}");
    assert!(!shown.contains(AGE_PASSPHRASE) && !shown.contains("VAULT_IDENTITY_PASSPHRASE"), "{shown}");
    // A wrong passphrase is exit 5 naming the file and the variable.
    let stderr = env.fails_with(5, with(&files[1], "wrong").args(["get", "app", "--reveal"]));
    assert!(stderr.contains(&files[1].display().to_string()), "{stderr}");
    assert!(stderr.contains("passphrase in VAULT_IDENTITY_PASSPHRASE does not open"), "{stderr}");
}

#[test]
fn identity_files_encrypted_by_age_p_unlock_with_their_passphrase_typed_on_a_terminal() {
    let Some((env, files)) = vault_with_age_encrypted_identity() else { return };
    let get = |file: &Path| -> Option<Screen> {
        Screen::vault(&env, &["-i", file.to_str().unwrap(), "get", "app", "API_KEY"], &[])
    };
    for file in &files {
        let Some(mut screen) = get(file) else { return };
        screen.wait_for(&format!("passphrase for identity file {}", file.display()));
        screen.type_line(AGE_PASSPHRASE);
        let (code, shown) = screen.finish();
        assert_eq!(code, 0, "{shown}");
        assert!(shown.ends_with("k3y"), "{shown}");
        assert!(!shown.contains(AGE_PASSPHRASE), "the passphrase was echoed: {shown}");
    }
    // Three wrong ones: exit 5 (on one file: each try runs age's scrypt).
    let Some(mut screen) = get(&files[0]) else { return };
    for _ in 0..3 {
        screen.wait_for("passphrase for identity file");
        screen.type_line("wrong");
    }
    let (code, shown) = screen.finish();
    assert_eq!(code, 5, "{shown}");
    assert!(shown.contains("does not open identity file"), "{shown}");
    assert!(!shown.contains("k3y"), "{shown}");
}

#[test]
fn init_encrypt_identity_writes_a_file_age_and_vault_open_with_its_passphrase() {
    let env = TestEnv::bare();
    let file = env.path("encrypted.age");
    let out = init_encrypted(&env, &file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(crate::support::mode(&file), 0o600);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("-----BEGIN AGE ENCRYPTED FILE-----") && !text.contains("AGE-SECRET-KEY"),
        "{text}"
    );
    let with = |passphrase: &str| {
        let mut cmd = env.locked_cmd();
        cmd.env("VAULT_IDENTITY_FILE", &file).env("VAULT_IDENTITY_PASSPHRASE", passphrase);
        cmd
    };
    with(AGE_PASSPHRASE).args(["create", "app", "--env", "A=1"]).assert().success();
    assert_eq!(with(AGE_PASSPHRASE).args(["get", "app", "A"]).output().unwrap().stdout, b"1");
    env.fails_with(5, with("wrong").args(["get", "app", "A"]));
    // Without a passphrase nothing is created.
    let mut init = env.locked_cmd();
    let other = env.path("other.age");
    init.env("VAULT_PATH", env.path("other.db")).args([
        "init",
        "--identity-file",
        other.to_str().unwrap(),
        "--encrypt-identity",
    ]);
    assert_eq!(init.output().unwrap().status.code(), Some(2));
    assert!(!other.exists());

    // The real age decrypts it, with the passphrase typed on its terminal.
    let Some(age) = require_tool("age") else { return };
    let Some(mut screen) = Screen::start(&env, &age, &["-d", file.to_str().unwrap()], &[]) else { return };
    screen.wait_for("passphrase");
    screen.type_line(AGE_PASSPHRASE);
    let (code, shown) = screen.finish();
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("AGE-SECRET-KEY-1"), "{shown}");
}

#[test]
fn checks_that_need_no_key_give_their_codes_with_no_terminal_and_no_passphrase() {
    for env in [TestEnv::new(), TestEnv::with_passphrase()] {
        env.ok(&["create", "app", "--env", "A=1"]);
        let stderr = env.fails_with(4, env.locked_cmd().args(["create", "app", "--env", "B=2"]));
        assert!(stderr.contains("already exists"), "{stderr}");
        let stderr =
            env.fails_with(3, env.locked_cmd().args(["update", "app", "--env", "B=2", "--unset", "NOPE"]));
        assert!(stderr.contains("location 'NOPE' not found"), "{stderr}");
        let stderr = env
            .fails_with(125, env.locked_cmd().args(["run", "-c", "app", "--require", "NOPE", "--", "true"]));
        assert!(stderr.contains("required secrets missing: NOPE is not in app"), "{stderr}");
        // A file secret does not satisfy --require, and a later collection decides.
        std::fs::write(env.path("f"), "x").unwrap();
        env.ok(&["create", "files", "--file", &format!("A=@{}", env.path("f").display())]);
        env.fails_with(
            125,
            env.locked_cmd().args(["run", "-c", "app", "-c", "files", "--require", "A", "--", "true"]),
        );
        env.ok(&["run", "-c", "files", "-c", "app", "--require", "A", "--", "true"]);
    }
}

#[test]
fn checks_that_need_no_key_never_prompt() {
    let env = TestEnv::with_passphrase();
    env.ok(&["create", "app", "--env", "A=1"]);
    for (args, code) in [
        (&["create", "app", "--env", "B=2"][..], 4),
        (&["update", "app", "--env", "B=2", "--unset", "NOPE"], 3),
        (&["run", "-c", "app", "--require", "NOPE", "--", "true"], 125),
    ] {
        let Some(screen) = Screen::vault(&env, args, &[]) else { return };
        let (status, shown) = screen.finish();
        assert_eq!(status, code, "{args:?}: {shown}");
        assert!(!shown.contains("passphrase for"), "{args:?} prompted: {shown}");
    }
}

#[test]
fn the_prompt_names_the_vault_and_gives_three_tries() {
    let env = TestEnv::with_passphrase();
    env.ok(&["create", "app", "--env", "A=v4lue"]);
    let prompt = format!("passphrase for vault {}: ", env.vault.display());
    let Some(mut screen) = Screen::vault(&env, &["get", "app", "A"], &[]) else { return };
    for wrong in ["wrong", "also wrong"] {
        screen.wait_for(&prompt);
        screen.type_line(wrong);
        screen.wait_for("wrong passphrase; try again");
    }
    screen.wait_for(&prompt);
    screen.type_line(PASSPHRASE);
    let (code, shown) = screen.finish();
    assert_eq!(code, 0, "{shown}");
    assert!(shown.ends_with("v4lue"), "{shown}");

    // Three wrong ones: exit 5, and no word of VAULT_PASSPHRASE, which is not set.
    let Some(mut screen) = Screen::vault(&env, &["get", "app", "A"], &[]) else { return };
    for _ in 0..3 {
        screen.wait_for(&prompt);
        screen.type_line("wrong");
    }
    let (code, shown) = screen.finish();
    assert_eq!(code, 5, "{shown}");
    assert!(
        shown.contains(&format!("the passphrase does not open vault {}", env.vault.display())),
        "{shown}"
    );
    assert!(!shown.contains("VAULT_PASSPHRASE"), "{shown}");
    assert_eq!(shown.matches(&prompt).count(), 3, "{shown}");

    // A wrong VAULT_PASSPHRASE is named, since it is set.
    let stderr =
        env.fails_with(5, env.locked_cmd().env("VAULT_PASSPHRASE", "wrong").args(["get", "app", "A"]));
    assert!(stderr.contains("passphrase in VAULT_PASSPHRASE does not open vault"), "{stderr}");
}

#[test]
fn ctrl_d_at_the_prompt_is_no_passphrase_given_on_its_own_line() {
    let env = TestEnv::with_passphrase();
    env.ok(&["create", "app", "--env", "A=1"]);
    let Some(mut screen) = Screen::vault(&env, &["get", "app", "A"], &[]) else { return };
    screen.wait_for("passphrase for vault");
    screen.ctrl_d();
    let (code, shown) = screen.finish();
    assert_eq!(code, 5, "{shown}");
    let line = shown.lines().find(|line| line.contains("no passphrase given")).unwrap_or_default();
    assert_eq!(line.trim_end_matches('\r'), "error: no passphrase given", "{shown:?}");
    assert!(!shown.contains("try again"), "{shown}");
}

#[test]
fn an_empty_new_passphrase_typed_at_init_is_a_usage_error() {
    let env = TestEnv::bare();
    let Some(mut screen) = Screen::vault(&env, &["init", "--work-factor", "2"], &[]) else { return };
    screen.wait_for("new passphrase for");
    screen.type_line("");
    screen.wait_for("repeat the passphrase");
    screen.type_line("");
    let (code, shown) = screen.finish();
    assert_eq!(code, 2, "{shown}");
    assert!(shown.contains("the passphrase is empty"), "{shown}");
    assert!(!env.vault.exists(), "no vault was made");
}

#[test]
fn the_locked_message_fits_the_vaults_mode() {
    // An identity-file vault on a terminal: pass the identity file; no prompt would help.
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "A=1"]);
    let Some(screen) = Screen::vault(&env, &["get", "app", "A"], &[]) else { return };
    let (code, shown) = screen.finish();
    assert_eq!(code, 5, "{shown}");
    assert!(shown.contains("pass -i FILE, or set VAULT_IDENTITY_FILE"), "{shown}");
    assert!(!shown.contains("terminal") && !shown.contains("VAULT_PASSPHRASE"), "{shown}");
    // A passphrase vault without a terminal: set the variable or use a terminal.
    let env = TestEnv::with_passphrase();
    env.ok(&["create", "app", "--env", "A=1"]);
    let stderr = env.fails_with(5, env.locked_cmd().args(["get", "app", "A"]));
    assert!(stderr.contains("needs its passphrase, and there is no terminal"), "{stderr}");
    assert!(stderr.contains("set VAULT_PASSPHRASE, or run from a terminal"), "{stderr}");
}

#[test]
fn a_reader_running_an_owner_command_is_told_only_the_owner_can() {
    let owner = TestEnv::with_passphrase();
    owner.ok(&["create", "app", "--env", "A=1"]);
    let reader = TestEnv::new();
    owner.ok(&["recipients", "add", &public_key(&reader.identity)]);
    let identity = reader.identity.to_str().unwrap();
    let mut cmd = owner.locked_cmd();
    cmd.env("VAULT_IDENTITY_FILE", identity).args([
        "recipients",
        "add",
        &public_key(&TestEnv::new().identity),
    ]);
    let stderr = owner.fails_with(5, &mut cmd);
    assert!(stderr.contains("only the vault's owner can add readers"), "{stderr}");
    // On a terminal too, instead of a prompt for a passphrase the reader does not have.
    for args in [&["passwd"][..], &["rotate-key"], &["recipients", "remove", &public_key(&reader.identity)]] {
        let mut line = vec!["-i", identity];
        line.extend(args);
        let Some(screen) = Screen::vault(&owner, &line, &[]) else { return };
        let (code, shown) = screen.finish();
        assert_eq!(code, 5, "{args:?}: {shown}");
        assert!(shown.contains("only the vault's owner can") && !shown.contains("passphrase for"), "{shown}");
    }
    // The owner, with the passphrase, still can.
    owner.ok(&["recipients", "remove", &public_key(&reader.identity)]);
}

/// Copies a vault file with everything committed in it, then removes the original.
fn move_vault(from: &Path, to: &Path) {
    rusqlite::Connection::open(from).unwrap().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(side_file(from, suffix));
    }
}

fn vault_id(path: &Path) -> String {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("SELECT vault_id FROM vault", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_moved_vault_still_opens_for_a_reader_without_vault_owner() {
    let owner = TestEnv::new();
    let teammate = TestEnv::new();
    owner.ok(&["create", "app", "--env", "A=shared"]);
    owner.ok(&["recipients", "add", &public_key(&teammate.identity)]);
    let read_at = |vault: &Path, owner_key: Option<String>| {
        let mut cmd = teammate.cmd();
        cmd.env("VAULT_PATH", vault);
        if let Some(key) = owner_key {
            cmd.env("VAULT_OWNER", key);
        }
        cmd.args(["get", "app", "A"]).output().unwrap()
    };
    let out = read_at(&owner.vault, Some(public_key(&owner.identity)));
    assert_eq!(out.stdout, b"shared", "{}", String::from_utf8_lossy(&out.stderr));
    // Moved, as a CI checkout at another path would have it: the pin is the vault id's.
    let moved = owner.path("elsewhere/moved.db");
    move_vault(&owner.vault, &moved);
    let out = read_at(&moved, None);
    assert_eq!(out.stdout, b"shared", "{}", String::from_utf8_lossy(&out.stderr));
    // A vault this machine never pinned still needs VAULT_OWNER.
    let stranger = TestEnv::new();
    stranger.ok(&["create", "app", "--env", "A=other"]);
    stranger.ok(&["recipients", "add", &public_key(&teammate.identity)]);
    let out = read_at(&stranger.vault, None);
    assert_eq!(out.status.code(), Some(5), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn another_passphrase_vault_with_the_same_passphrase_swapped_in_is_refused_naming_both() {
    let env = TestEnv::with_passphrase();
    env.ok(&["create", "app", "--env", "API_KEY=prod-key"]);
    let staging = env.path("staging.db");
    env.ok(&["--vault", staging.to_str().unwrap(), "init", "--work-factor", "1"]);
    env.ok(&["--vault", staging.to_str().unwrap(), "create", "app", "--env", "API_KEY=staging-key"]);
    let (prod_id, staging_id) = (vault_id(&env.vault), vault_id(&staging));
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(side_file(&env.vault, suffix));
    }
    move_vault(&staging, &env.vault);
    let stderr = env.fails_silently(6, &["get", "app", "API_KEY"]);
    assert!(stderr.contains(&prod_id) && stderr.contains(&staging_id), "{stderr}");
    assert!(stderr.contains("audit --accept-state"), "{stderr}");
    env.fails_silently(125, &["run", "-c", "app", "--", "true"]);
    // Refused before any passphrase is asked.
    let Some(screen) = Screen::vault(&env, &["get", "app", "API_KEY"], &[]) else { return };
    let (code, shown) = screen.finish();
    assert_eq!(code, 6, "{shown}");
    assert!(!shown.contains("passphrase for"), "{shown}");

    env.ok(&["audit", "--accept-state"]);
    assert_eq!(env.ok(&["get", "app", "API_KEY"]), b"staging-key");
}

#[test]
fn a_copied_vault_opens_at_both_paths_and_a_new_path_is_simply_recorded() {
    for env in [TestEnv::new(), TestEnv::with_passphrase()] {
        env.ok(&["create", "app", "--env", "A=1"]);
        let copy = env.path("copy.db");
        rusqlite::Connection::open(&env.vault)
            .unwrap()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
        std::fs::copy(&env.vault, &copy).unwrap();
        assert_eq!(
            env.cmd().env("VAULT_PATH", &copy).args(["get", "app", "A"]).output().unwrap().stdout,
            b"1"
        );
        assert_eq!(env.ok(&["get", "app", "A"]), b"1");
        let locations = std::fs::read_to_string(env.path("xdg-data/vault/seen/locations")).unwrap();
        let id = vault_id(&env.vault);
        for path in [&env.vault, &copy] {
            let line = format!("{id} {}\n", std::fs::canonicalize(path).unwrap().display());
            assert!(locations.contains(&line), "{locations}");
        }
    }
}

#[test]
fn rotate_key_can_encrypt_the_new_identity_file_and_warns_when_it_does_not() {
    let env = TestEnv::bare();
    let file = env.path("id.age");
    let with_file = |file: &Path| {
        let mut cmd = env.locked_cmd();
        cmd.env("VAULT_IDENTITY_FILE", file).env("VAULT_IDENTITY_PASSPHRASE", AGE_PASSPHRASE);
        cmd
    };
    init_encrypted(&env, &file).assert().success();
    with_file(&file).args(["create", "app", "--env", "A=1"]).assert().success();
    let rotated = env.path("rotated.age");
    let out = with_file(&file)
        .args(["rotate-key", "--identity-file", rotated.to_str().unwrap(), "--encrypt-identity"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(&rotated).unwrap().starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    assert_eq!(with_file(&rotated).args(["get", "app", "A"]).output().unwrap().stdout, b"1");
    // Without the flag the new file is plain, and vault says so.
    let plain = env.path("plain.txt");
    let out = with_file(&rotated)
        .args(["rotate-key", "--identity-file", plain.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.contains("was encrypted with a passphrase, the new"), "{stderr}");
    assert!(std::fs::read_to_string(&plain).unwrap().contains("AGE-SECRET-KEY-1"));
}

#[test]
fn recipients_list_never_asks_for_an_encrypted_identity_files_passphrase() {
    let env = TestEnv::bare();
    let file = env.path("id.age");
    init_encrypted(&env, &file).assert().success();
    let Some(screen) = Screen::vault(&env, &["-i", file.to_str().unwrap(), "recipients", "list"], &[]) else {
        return;
    };
    let (code, shown) = screen.finish();
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("owner") && !shown.contains("passphrase for"), "{shown}");
}
