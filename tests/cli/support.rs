//! The one sandbox every test and the bench start vault in: a temp dir holding the
//! vault, an identity file, HOME, the XDG dirs, TMPDIR, a private XDG_RUNTIME_DIR and
//! the working directory, and commands whose environment holds nothing inherited but
//! PATH. A `.vault.toml`, config or run directory of the machine running the tests
//! therefore never changes an outcome, and nothing is written outside the temp dir.
//! Helper programs that start vault (`sh`, `script`, `setpriv`, `bash`) get the same
//! environment through [`TestEnv::sandboxed`] and [`TestEnv::unlocked`].

use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use assert_cmd::Command;
use tempfile::TempDir;

pub struct TestEnv {
    pub dir: TempDir,
    pub vault: PathBuf,
    pub identity: PathBuf,
    /// Set for a vault in passphrase mode: commands unlock with it instead of the
    /// identity file.
    pub passphrase: Option<String>,
}

/// The passphrase of [`TestEnv::with_passphrase`] vaults.
pub const PASSPHRASE: &str = "correct horse battery staple";

impl TestEnv {
    /// An environment with an initialised vault unlocked by an identity file.
    pub fn new() -> Self {
        let env = Self::bare();
        env.ok(&["init", "--identity-file", env.identity.to_str().unwrap()]);
        env
    }

    /// An environment with an initialised vault in passphrase mode, at the lowest
    /// scrypt work factor so that every unlock is quick.
    pub fn with_passphrase() -> Self {
        let env = TestEnv { passphrase: Some(PASSPHRASE.into()), ..Self::bare() };
        env.ok(&["init", "--work-factor", "1"]);
        env
    }

    /// An environment with an identity-file vault on the shared PostgreSQL test server,
    /// in a schema of its own; None where no server can start (outside CI).
    pub fn on_postgres() -> Option<Self> {
        let server = pg_server()?;
        let env = TestEnv { vault: PathBuf::from(server.fresh_location("postgres")), ..Self::bare() };
        env.ok(&["init", "--identity-file", env.identity.to_str().unwrap()]);
        Some(env)
    }

    /// An environment with an identity-file vault in a SQLite file, whatever
    /// `VAULT_TEST_BACKEND` says: for tests that move vaults between the backends.
    pub fn on_file() -> Self {
        let mut env = Self::bare();
        env.vault = env.path("data/vault.db");
        env.ok(&["init", "--identity-file", env.identity.to_str().unwrap()]);
        env
    }

    /// The schema of a vault on PostgreSQL.
    pub fn schema(&self) -> String {
        let location = self.vault.to_str().unwrap();
        location.rsplit_once("schema=").unwrap().1.split('&').next().unwrap().to_owned()
    }

    /// `vault` as [`Self::cmd`], on the vault at `location` instead.
    pub fn cmd_at(&self, location: &str) -> Command {
        let mut cmd = self.cmd();
        cmd.env("VAULT_PATH", location);
        cmd
    }

    /// An environment without a vault.
    pub fn bare() -> Self {
        let dir = tempfile::tempdir().unwrap();
        // VAULT_TEST_BACKEND=postgres: a schema of its own on the shared test server.
        let vault = match pg_backend() {
            true => PathBuf::from(
                pg_server()
                    .expect("no PostgreSQL server for VAULT_TEST_BACKEND=postgres")
                    .fresh_location("postgres"),
            ),
            false => dir.path().join("data/vault.db"),
        };
        let identity = dir.path().join("identity.txt");
        let env = TestEnv { dir, vault, identity, passphrase: None };
        // Private as a login's runtime dir is, so that vault accepts it for run dirs.
        for private in [env.tmp_dir(), env.runtime_dir()] {
            std::fs::create_dir(&private).unwrap();
            std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        env
    }

    /// The sandbox's `TMPDIR`.
    pub fn tmp_dir(&self) -> PathBuf {
        self.path("sandbox-tmp")
    }

    /// The sandbox's `XDG_RUNTIME_DIR`, mode 0700: where `vault run` puts run dirs.
    pub fn runtime_dir(&self) -> PathBuf {
        self.path("sandbox-runtime")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `vault` in the sealed-off environment, unlocked by the identity file (or the
    /// passphrase, for a vault in passphrase mode).
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// `vault` with no way to unlock.
    pub fn locked_cmd(&self) -> Command {
        Command::from_std(self.sandboxed(vault_binary()))
    }

    /// As [`Self::cmd`], as a plain process to spawn and signal.
    pub fn std_cmd(&self) -> std::process::Command {
        self.unlocked(vault_binary())
    }

    /// As [`Self::std_cmd`], started under `umask` (through `sh`, which then `exec`s
    /// vault).
    pub fn std_cmd_with_umask(&self, umask: &str) -> std::process::Command {
        let mut sh = self.unlocked("sh");
        sh.args(["-c", &format!("umask {umask} && exec \"$0\" \"$@\"")]).arg(vault_binary());
        sh
    }

    /// As [`Self::cmd`], as a user without the power to ignore file modes. When the
    /// tests run as root, vault runs as `nobody` through `setpriv`, and the whole
    /// environment is handed to `nobody` first. None when that is not possible (root
    /// without `setpriv`, outside CI: see [`require_tool`]).
    pub fn unprivileged_cmd(&self) -> Option<Command> {
        if !nix::unistd::geteuid().is_root() {
            return Some(self.cmd());
        }
        let setpriv = require_tool("setpriv")?;
        chown_tree(self.dir.path(), NOBODY);
        let mut cmd = self.unlocked(setpriv);
        let id = NOBODY.to_string();
        cmd.args(["--reuid", &id, "--regid", &id, "--clear-groups", "--"]).arg(vault_binary());
        Some(Command::from_std(cmd))
    }

    /// `program` in the sandbox, with the vault's way to unlock: for vault itself and
    /// for helper programs that start vault.
    pub fn unlocked(&self, program: impl AsRef<OsStr>) -> std::process::Command {
        self.unlocking(self.sandboxed(program))
    }

    /// `vault ARGS` on a terminal of its own (through `script`), with no passphrase
    /// in its environment, so it asks on the terminal: its stdin and stdout are pipes
    /// to that terminal. None where `script` is missing (outside CI).
    pub fn on_terminal(&self, args: &[&str]) -> Option<std::process::Command> {
        let line = std::iter::once(vault_binary().to_str().unwrap().to_owned())
            .chain(args.iter().map(|arg| shlex::try_quote(arg).unwrap().into_owned()))
            .collect::<Vec<_>>()
            .join(" ");
        let mut cmd = self.sandboxed(require_tool("script")?);
        cmd.args(["-qfec", &line, "/dev/null"]);
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped());
        Some(cmd)
    }

    fn unlocking(&self, mut cmd: std::process::Command) -> std::process::Command {
        match &self.passphrase {
            Some(passphrase) => cmd.env("VAULT_PASSPHRASE", passphrase),
            None => cmd.env("VAULT_IDENTITY_FILE", &self.identity),
        };
        cmd
    }

    /// `program` in the sandbox, with no way to unlock: nothing inherited but PATH;
    /// HOME, the XDG dirs, TMPDIR, XDG_RUNTIME_DIR and the working directory inside
    /// the temp dir; VAULT_PATH naming the environment's vault.
    pub fn sandboxed(&self, program: impl AsRef<OsStr>) -> std::process::Command {
        let mut cmd = std::process::Command::new(program);
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("xdg-data"))
            .env("XDG_STATE_HOME", self.path("xdg-state"))
            .env("XDG_CACHE_HOME", self.path("xdg-cache"))
            .env("TMPDIR", self.tmp_dir())
            .env("XDG_RUNTIME_DIR", self.runtime_dir())
            .env("VAULT_PATH", &self.vault)
            .current_dir(self.dir.path());
        cmd
    }

    /// Runs vault with `args` and returns its output, whatever the status.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    /// Runs vault, asserts exit 0, returns stdout.
    pub fn ok(&self, args: &[&str]) -> Vec<u8> {
        let out = self.run(args);
        assert!(out.status.success(), "vault {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    }

    /// Runs vault, asserts exit 0, parses stdout as JSON.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut args = args.to_vec();
        args.push("--json");
        serde_json::from_slice(&self.ok(&args)).unwrap()
    }

    /// The values of a collection's secrets (all text), in order, as `get --reveal
    /// --json` shows them.
    pub fn text_values(&self, id: &str) -> Vec<(String, String)> {
        self.json(&["get", id, "--reveal"])["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["location"].as_str().unwrap().to_owned(), s["value"].as_str().unwrap().to_owned()))
            .collect()
    }

    /// Runs `vault ARGS` (a shell word list) on a pseudo-terminal (util-linux `script`,
    /// which `-e` makes exit with vault's status), unlocked; stdout holds what the
    /// terminal showed, stderr included.
    pub fn on_a_terminal(&self, args: &str, no_color: bool) -> Output {
        let script = require_tool("script").expect("util-linux `script` runs vault on a pseudo-terminal");
        let mut cmd = self.unlocked(script);
        cmd.args(["-qec", &format!("{} {args}", vault_binary().display()), "/dev/null"])
            .env("TERM", "xterm-256color")
            .stdin(Stdio::null());
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        cmd.output().unwrap()
    }

    /// Asserts that vault exits with `code`, changes nothing, and never prints `secrets`.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        self.fails_with(code, self.cmd().args(args))
    }

    /// As [`Self::fails`], for a prepared command.
    pub fn fails_with(&self, code: i32, cmd: &mut Command) -> String {
        let out = self.fails_output(code, cmd);
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// As [`Self::fails_with`], and also asserts that nothing at all went to stdout.
    pub fn fails_silently(&self, code: i32, args: &[&str]) -> String {
        let out = self.fails_output(code, self.cmd().args(args));
        assert!(out.stdout.is_empty(), "vault {args:?} printed: {:?}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    fn fails_output(&self, code: i32, cmd: &mut Command) -> Output {
        let before = self.snapshot();
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
        assert!(stderr.starts_with("error: "), "stderr: {stderr}");
        assert_eq!(self.snapshot(), before, "a failed command changed the vault");
        out
    }

    /// Everything the vault holds, values included, plus the file's bytes: equal
    /// snapshots mean nothing changed. Values are revealed from a copy of the file,
    /// since a reveal appends to the audit log of the vault it reads. The bytes are
    /// taken after a checkpoint: a reveal leaves its record in the `-wal`, and whichever
    /// vault process closes next (even a failing one) moves it into the file, which
    /// changes the file's bytes but not its content.
    pub fn snapshot(&self) -> String {
        if !self.vault.exists() {
            return "no vault".into();
        }
        // A file that is not a vault has nothing to checkpoint, and is left as it is.
        let _ = self.sqlite().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
        let mut text = format!("{:?}", std::fs::read(&self.vault).unwrap());
        let copy = self.path("snapshot/vault.db");
        std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
        for suffix in ["", "-wal"] {
            let _ = std::fs::remove_file(side_file(&copy, suffix));
            if side_file(&self.vault, suffix).exists() {
                std::fs::copy(side_file(&self.vault, suffix), side_file(&copy, suffix)).unwrap();
            }
        }
        // Owner pins and seen state for the copy go beside it, not into the
        // environment's own, and start afresh: the copy gains reveal records the vault
        // does not have, so what one snapshot saw would look rolled back to the next.
        let pins = self.path("snapshot/xdg-data");
        let _ = std::fs::remove_dir_all(&pins);
        let vault = |args: &[&str]| {
            self.cmd().env("VAULT_PATH", &copy).env("XDG_DATA_HOME", &pins).args(args).output().unwrap()
        };
        let workspaces = vault(&["workspace", "list", "--json"]);
        text.push_str(&String::from_utf8_lossy(&workspaces.stdout));
        let parsed: serde_json::Value = serde_json::from_slice(&workspaces.stdout).unwrap_or_default();
        for ws in parsed.as_array().into_iter().flatten() {
            let ws = ws["name"].as_str().unwrap();
            let list = vault(&["list", "--json", "-w", ws]);
            text.push_str(&String::from_utf8_lossy(&list.stdout));
            let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap_or_default();
            for c in list.as_array().into_iter().flatten() {
                let id = format!("{ws}/{}", c["id"].as_str().unwrap());
                let shown = vault(&["get", &id, "--reveal", "--json"]);
                text.push_str(&String::from_utf8_lossy(&shown.stdout));
                text.push_str(&String::from_utf8_lossy(&shown.stderr));
            }
        }
        text
    }

    /// The bytes of the vault file and its `-wal`, for grepping.
    pub fn vault_bytes(&self) -> Vec<u8> {
        let mut bytes = std::fs::read(&self.vault).unwrap();
        bytes.extend(std::fs::read(wal_path(&self.vault)).unwrap_or_default());
        bytes
    }

    /// Opens the vault file directly, as an attacker with write access would.
    pub fn sqlite(&self) -> rusqlite::Connection {
        // Not a file to create: a test about the file has no place in the PostgreSQL run.
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE;
        rusqlite::Connection::open_with_flags(&self.vault, flags).unwrap()
    }

    /// Runs SQL on the vault file as an attacker would, and closes the connection so
    /// that the change is checkpointed into the file before vault runs again.
    pub fn tamper(&self, sql: &str) {
        self.sqlite().execute_batch(sql).unwrap();
    }

    /// The sealed values of collection `WS/ID`, as stored.
    pub fn sealed_blob(&self, reference: &str) -> Vec<u8> {
        let (workspace, id) = reference.split_once('/').unwrap();
        self.sqlite()
            .query_row(
                "SELECT c.sealed FROM collections c JOIN workspaces w ON w.id = c.workspace_id
                 WHERE w.name = ?1 AND c.cid = ?2",
                [workspace, id],
                |row| row.get(0),
            )
            .unwrap()
    }

    /// Overwrites the sealed values of collection `WS/ID`, as an attacker would.
    pub fn set_sealed_blob(&self, reference: &str, blob: &[u8]) {
        let (workspace, id) = reference.split_once('/').unwrap();
        let changed = self
            .sqlite()
            .execute(
                "UPDATE collections SET sealed = ?3
                 WHERE cid = ?2 AND workspace_id = (SELECT id FROM workspaces WHERE name = ?1)",
                rusqlite::params![workspace, id, blob],
            )
            .unwrap();
        assert_eq!(changed, 1, "no collection {reference}");
    }
}

/// A small deterministic generator, seeded from `VAULT_TEST_SEED` or else the clock,
/// and printed, so a failing run can be replayed with the seed it printed.
pub struct Random(u64);

impl Random {
    pub fn from_clock() -> Self {
        let seed = std::env::var("VAULT_TEST_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
        });
        eprintln!("random seed: {seed} (replay with VAULT_TEST_SEED={seed})");
        Random(seed | 1)
    }

    pub fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}

/// Starts `cmd`, SIGKILLs it after `delay` unless it has ended by then, and returns its
/// output and whether it was killed. A command that ended on its own must have exited 0.
pub fn kill_after(mut cmd: std::process::Command, delay: std::time::Duration) -> (Output, bool) {
    use std::os::unix::process::ExitStatusExt;
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    std::thread::sleep(delay);
    if child.try_wait().unwrap().is_none() {
        child.kill().unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let killed = out.status.signal() == Some(nix::sys::signal::Signal::SIGKILL as i32);
    assert!(
        killed || out.status.success(),
        "vault {cmd:?} failed on its own: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out, killed)
}

/// Random SIGKILL moments for a command run again and again, homing in on its commit
/// wherever that falls on this machine: a kill that lands before the commit widens
/// the window, one that lands after it (or after the end) narrows it, so kills land on
/// both sides at about equal rates however fast or loaded the machine is, and
/// [`Self::assert_both_sides`] proves it.
pub struct KillWindow {
    /// The generator the kill moments come from, for the test's other choices too, so
    /// that one printed seed replays the whole run.
    pub random: Random,
    span_us: u64,
    /// Kills that landed while the command ran, before it committed.
    pub before_commit: usize,
    /// Kills that landed after the commit, before the process ended.
    pub after_commit: usize,
    /// Commands that ended on their own before their kill was due.
    pub completed: usize,
}

impl KillWindow {
    /// A window starting at 1.5 times `whole_run`, one uninterrupted run's duration.
    pub fn new(whole_run: std::time::Duration) -> Self {
        let span_us = (whole_run.as_micros() as u64 * 3 / 2).max(1);
        KillWindow { random: Random::from_clock(), span_us, before_commit: 0, after_commit: 0, completed: 0 }
    }

    /// Starts `cmd` and kills it at a random moment in the window (see [`kill_after`]);
    /// returns whether it was killed.
    pub fn kill(&mut self, cmd: std::process::Command) -> bool {
        let delay = std::time::Duration::from_micros(self.random.below(self.span_us));
        kill_after(cmd, delay).1
    }

    /// Records what the last [`Self::kill`] did: whether it killed the command and
    /// whether the command's change had committed.
    pub fn record(&mut self, killed: bool, committed: bool) {
        assert!(killed || committed, "the command exited 0 without its change");
        match (killed, committed) {
            (true, false) => self.before_commit += 1,
            (true, true) => self.after_commit += 1,
            _ => self.completed += 1,
        }
        self.span_us = if committed { self.span_us * 4 / 5 } else { self.span_us * 5 / 4 }.max(1);
    }

    /// Asserts that some kills landed before the commit and some runs got past it:
    /// otherwise the loop tested nothing (every kill too early or too late).
    pub fn assert_both_sides(&self) {
        let summary = format!(
            "{} killed before the commit, {} killed after it, {} completed (window ended at {} µs)",
            self.before_commit, self.after_commit, self.completed, self.span_us
        );
        eprintln!("{summary}");
        assert!(self.before_commit > 0, "no kill landed before a commit: {summary}");
        assert!(self.after_commit + self.completed > 0, "no run got past its commit: {summary}");
    }
}

/// SQLite's own check of the vault file's structure.
/// SQLite's own check of the vault file's pages. On the PostgreSQL backend there is no
/// file: the server keeps its pages, and the tests that call this check the values.
pub fn integrity_check(env: &TestEnv) -> String {
    if pg_backend() {
        return "ok".into();
    }
    env.sqlite().query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap()
}

pub fn wal_path(vault: &Path) -> PathBuf {
    side_file(vault, "-wal")
}

/// The SQLite file beside the vault whose name ends in `suffix` (`-wal`, `-shm`).
pub fn side_file(vault: &Path, suffix: &str) -> PathBuf {
    let mut path = vault.as_os_str().to_owned();
    path.push(suffix);
    PathBuf::from(path)
}

/// The built `vault` binary (set by cargo for tests and benches alike).
pub fn vault_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_vault"))
}

/// The path of `tool` on PATH. A test that needs a tool calls this first: when it is
/// missing, the test fails under CI (`CI` set, as CI services do, and `.ci/run`
/// installs every tool the tests use) and is skipped with a message elsewhere.
pub fn require_tool(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path).map(|dir| dir.join(tool)).find(|candidate| {
        std::fs::metadata(candidate)
            .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
    });
    if found.is_none() {
        skip_unless_ci(&format!("`{tool}` is not installed"));
    }
    found
}

/// Says why a test is skipped, or fails it under CI (`CI` set, as CI services do),
/// where `.ci/run` provides everything the tests need.
pub fn skip_unless_ci(why: &str) {
    let ci = std::env::var("CI").is_ok_and(|value| !["", "0", "false"].contains(&value.as_str()));
    assert!(!ci, "{why}, and CI runs every test: install it (.ci/run does)");
    eprintln!("skipped: {why} (under CI=true this fails)");
}

/// The uid and gid of `nobody`, which unprivileged runs use when the tests run as root.
const NOBODY: u32 = 65534;

fn chown_tree(path: &Path, id: u32) {
    chown_tree_to(path, id, id);
}

/// A file's permission bits.
pub fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

/// The public key in an identity file made by vault or age-keygen.
pub fn public_key(identity: &Path) -> String {
    let text = std::fs::read_to_string(identity).unwrap();
    text.lines().find_map(|l| l.strip_prefix("# public key: ")).unwrap().to_owned()
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The owner key a vault records, as `recipients list` shows it.
pub fn owner_of(env: &TestEnv) -> String {
    let listed = env.json(&["recipients", "list"]);
    let owner = listed.as_array().unwrap().iter().find(|r| r["role"] == "owner").unwrap();
    owner["recipient"].as_str().unwrap().to_owned()
}

/// Owned `(location, value)` pairs, to compare with [`TestEnv::text_values`].
pub fn pairs(values: &[(&str, &str)]) -> Vec<(String, String)> {
    values.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// vault on a pseudo-terminal, driven as a person would: wait for what it shows, then
/// type. See [`TestEnv::at_terminal`].
pub struct AtTerminal {
    child: std::process::Child,
    /// What the terminal shows, in chunks, from a thread that reads it.
    screen: std::sync::mpsc::Receiver<Vec<u8>>,
    stdin: Option<std::process::ChildStdin>,
    shown: Vec<u8>,
}

/// How long a test waits for vault to show a prompt before failing (not a timing
/// assertion: a bound that turns a hang into a failure that says what was shown).
const PROMPT_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

impl TestEnv {
    /// `vault ARGS` started on a pty (via `script`) that a test types into; `None`
    /// (the test skips) without `script`. `unlock`: with the environment's identity file
    /// or passphrase in its environment.
    pub fn at_terminal(&self, args: &[&str], unlock: bool) -> Option<AtTerminal> {
        let mut cmd = self.on_terminal(args)?;
        if unlock {
            cmd = self.unlocking(cmd);
        }
        let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let (send, screen) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(read @ 1..) = std::io::Read::read(&mut stdout, &mut chunk) {
                if send.send(chunk[..read].to_vec()).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        Some(AtTerminal { child, screen, stdin, shown: Vec::new() })
    }
}

impl AtTerminal {
    /// Reads what the terminal shows until `text` has appeared since the last wait.
    pub fn wait_for(&mut self, text: &str) {
        let deadline = std::time::Instant::now() + PROMPT_WAIT;
        let found = |shown: &[u8]| shown.windows(text.len()).position(|w| w == text.as_bytes());
        while found(&self.shown).is_none() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.screen.recv_timeout(left) {
                Ok(chunk) => self.shown.extend(chunk),
                Err(_) => {
                    let _ = self.child.kill();
                    panic!(
                        "vault never showed {text:?}; it showed: {}",
                        String::from_utf8_lossy(&self.shown)
                    );
                }
            }
        }
        // What came after the match in the same read stays, for the next wait.
        let end = found(&self.shown).map_or(0, |at| at + text.len());
        self.shown.drain(..end);
    }

    /// Types `line` and Enter.
    pub fn type_line(&mut self, line: &str) {
        use std::io::Write;
        let stdin = self.stdin.as_mut().expect("typed after the end");
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    /// Ends the input and waits: the exit code and the rest of what was shown.
    pub fn finish(mut self) -> (Option<i32>, String) {
        drop(self.stdin.take());
        let status = self.child.wait().unwrap();
        self.shown.extend(self.screen.iter().flatten());
        (status.code(), String::from_utf8_lossy(&self.shown).into_owned())
    }
}

/// A PostgreSQL server the tests share: started once per test process with `initdb`
/// and `pg_ctl` in a temp dir it owns, listening on a Unix socket there and on
/// 127.0.0.1 (with TLS, under a CA made here with openssl), stopped when the test
/// process ends. It runs as the `postgres` user when the tests run as root (initdb
/// refuses root). None when no server can be started outside CI; under CI=true that
/// fails instead (see [`require_tool`]).
pub struct PgServer {
    pub root: PathBuf,
    pub socket_dir: PathBuf,
    pub port: u16,
    /// The CA that signed the server's certificate (for `localhost` only).
    pub ca: PathBuf,
    /// Another CA, which signed nothing the server shows.
    pub other_ca: PathBuf,
    bin: PathBuf,
    run_as: Option<(u32, u32)>,
}

/// The group role whose members the test server asks for a password.
pub const PASSWORD_GROUP: &str = "needs_password";
/// The group role whose members the test server refuses over TCP without TLS.
pub const TLS_GROUP: &str = "needs_tls";

static PG: std::sync::OnceLock<Option<PgServer>> = std::sync::OnceLock::new();
static SCHEMAS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// The shared server, started on first use.
pub fn pg_server() -> Option<&'static PgServer> {
    PG.get_or_init(PgServer::start).as_ref()
}

/// Whether the CLI suite runs against PostgreSQL (`VAULT_TEST_BACKEND=postgres`).
pub fn pg_backend() -> bool {
    std::env::var("VAULT_TEST_BACKEND").is_ok_and(|backend| backend == "postgres")
}

impl PgServer {
    fn start() -> Option<PgServer> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()
            .and_then(|dirs| {
                dirs.filter_map(|d| Some(d.ok()?.path().join("bin")))
                    .filter(|b| b.join("initdb").is_file())
                    .max()
            })
            .or_else(|| require_tool("initdb").and_then(|initdb| initdb.parent().map(Path::to_path_buf)))?;
        require_tool("openssl")?;
        let run_as = nix::unistd::geteuid().is_root().then(|| {
            let user = nix::unistd::User::from_name("postgres")
                .ok()
                .flatten()
                .or_else(|| nix::unistd::User::from_uid(NOBODY.into()).ok().flatten())
                .unwrap();
            (user.uid.as_raw(), user.gid.as_raw())
        });
        let root = tempfile::Builder::new().prefix("vault-pg-").tempdir().unwrap().keep();
        let socket_dir = root.join("socket");
        std::fs::create_dir(&socket_dir).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let server = PgServer {
            ca: root.join("ca.pem"),
            other_ca: root.join("other-ca.pem"),
            root,
            socket_dir,
            port,
            bin,
            run_as,
        };
        server.make_certificates();
        if let Some((uid, gid)) = run_as {
            chown_tree_to(&server.root, uid, gid);
        }
        let data = server.root.join("data");
        server.run(
            &server.bin.join("initdb"),
            &["-D", data.to_str().unwrap(), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"],
        );
        server.require_password_and_tls_of_groups(&data);
        let options = format!(
            "-k {} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c ssl=on -c ssl_cert_file={} -c ssl_key_file={} -c max_connections=100",
            server.socket_dir.display(),
            server.root.join("server.pem").display(),
            server.root.join("server.key").display(),
        );
        let log = server.root.join("log");
        server.run(
            &server.bin.join("pg_ctl"),
            &["-D", data.to_str().unwrap(), "-l", log.to_str().unwrap(), "-o", &options, "-w", "start"],
        );
        server.stop_when_done();
        server.psql(&format!("CREATE ROLE {PASSWORD_GROUP} NOLOGIN; CREATE ROLE {TLS_GROUP} NOLOGIN"));
        Some(server)
    }

    /// pg_hba.conf rules ahead of initdb's `trust` for everyone else: members of
    /// [`PASSWORD_GROUP`] log in with a scram-sha-256 password, on the socket and over
    /// TCP; members of [`TLS_GROUP`] are turned away over TCP without TLS.
    fn require_password_and_tls_of_groups(&self, data: &Path) {
        let hba = data.join("pg_hba.conf");
        let trust = std::fs::read_to_string(&hba).unwrap();
        let rules = format!(
            "local all +{PASSWORD_GROUP} scram-sha-256\n\
             host all +{PASSWORD_GROUP} 127.0.0.1/32 scram-sha-256\n\
             host all +{PASSWORD_GROUP} ::1/128 scram-sha-256\n\
             hostnossl all +{TLS_GROUP} 127.0.0.1/32 reject\n\
             hostnossl all +{TLS_GROUP} ::1/128 reject\n"
        );
        std::fs::write(&hba, rules + &trust).unwrap();
    }

    /// `program` as the server's user.
    fn command(&self, program: &Path) -> std::process::Command {
        match self.run_as {
            Some((uid, gid)) => {
                let mut cmd = std::process::Command::new("setpriv");
                cmd.args(["--reuid", &uid.to_string(), "--regid", &gid.to_string(), "--clear-groups", "--"])
                    .arg(program);
                cmd
            }
            None => std::process::Command::new(program),
        }
    }

    fn run(&self, program: &Path, args: &[&str]) -> Output {
        let out = self.command(program).args(args).current_dir(&self.root).output().unwrap();
        assert!(
            out.status.success(),
            "{} {args:?}: {}{}",
            program.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// A CA, a certificate for `localhost` it signs, and an unrelated CA.
    fn make_certificates(&self) {
        let openssl = |args: &[&str]| {
            let out =
                std::process::Command::new("openssl").args(args).current_dir(&self.root).output().unwrap();
            assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        };
        for ca in ["ca", "other-ca"] {
            openssl(&[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                &format!("{ca}.key"),
                "-out",
                &format!("{ca}.pem"),
                "-days",
                "2",
                "-subj",
                &format!("/CN=vault test {ca}"),
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign",
            ]);
        }
        openssl(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
        ]);
        std::fs::write(
            self.root.join("ext.cnf"),
            "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n",
        )
        .unwrap();
        openssl(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "ext.cnf",
        ]);
        std::fs::set_permissions(self.root.join("server.key"), std::fs::Permissions::from_mode(0o600))
            .unwrap();
    }

    /// A watcher, as the server's user, that stops the server and removes its dir
    /// once this test process has ended.
    fn stop_when_done(&self) {
        let script = format!(
            "while [ -d /proc/{pid} ]; do sleep 0.5; done; '{pg_ctl}' -D '{root}/data' -m immediate stop >/dev/null 2>&1; rm -rf '{root}'",
            pid = std::process::id(),
            pg_ctl = self.bin.join("pg_ctl").display(),
            root = self.root.display()
        );
        let mut cmd = self.command(Path::new("/bin/sh"));
        // In the background of a shell that ends at once: the watcher outlives this
        // process and nothing is left unwaited for.
        cmd.args(["-c", &format!("({script}) &")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        assert!(cmd.status().unwrap().success());
    }

    /// A location on this server over its Unix socket, as `user`, in a schema no other
    /// test uses.
    pub fn fresh_location(&self, user: &str) -> String {
        self.location(user, &self.fresh_schema())
    }

    /// A schema name no other test uses.
    pub fn fresh_schema(&self) -> String {
        let n = SCHEMAS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        format!("t{}_{n}", std::process::id())
    }

    /// A location on this server over its Unix socket.
    pub fn location(&self, user: &str, schema: &str) -> String {
        format!(
            "postgres://{user}@/postgres?host={}&port={}&schema={schema}",
            self.socket_dir.display(),
            self.port
        )
    }

    /// Runs `sql` through psql as the superuser; its output, failing the test on error.
    pub fn psql(&self, sql: &str) -> String {
        let out = self.psql_as("postgres", sql);
        assert!(out.status.success(), "psql: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `sql` through psql as `user`, whatever the outcome.
    pub fn psql_as(&self, user: &str, sql: &str) -> Output {
        self.psql_command(user, sql).output().unwrap()
    }

    /// `sql` through psql as the superuser, started and left running.
    pub fn psql_in_background(&self, sql: &str) -> std::process::Child {
        self.psql_command("postgres", sql).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap()
    }

    fn psql_command(&self, user: &str, sql: &str) -> std::process::Command {
        let mut cmd = std::process::Command::new(self.bin.join("psql"));
        cmd.args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h"])
            .arg(&self.socket_dir)
            .args(["-p", &self.port.to_string(), "-U", user, "-d", "postgres", "-c", sql])
            .env_remove("PGPASSWORD");
        cmd
    }

    /// `pg_dump` (or `pg_restore`-able plain SQL) of one schema, as the superuser.
    /// It prints bytea columns in hex.
    pub fn dump(&self, schema: &str) -> Vec<u8> {
        self.dump_with(schema, "")
    }

    /// [`Self::dump`] without the `\restrict` key that newer pg_dumps make anew for
    /// every dump, so that two dumps of a schema nothing wrote to in between are equal
    /// (rows come in the order they are stored, so a committed write shows even when it
    /// put back the same values).
    pub fn contents(&self, schema: &str) -> String {
        let dump = String::from_utf8(self.dump(schema)).unwrap();
        let kept = dump
            .lines()
            .filter(|line| !line.starts_with("\\restrict ") && !line.starts_with("\\unrestrict "));
        kept.collect::<Vec<_>>().join("\n")
    }

    /// [`Self::dump`] with bytea columns printed in PostgreSQL's escape format: every
    /// printable ASCII byte as itself, so text stored in a blob reads as that text.
    pub fn dump_bytea_as_text(&self, schema: &str) -> Vec<u8> {
        self.dump_with(schema, "-c bytea_output=escape")
    }

    /// [`Self::dump`] with `PGOPTIONS` (server settings for its session) set to `options`.
    fn dump_with(&self, schema: &str, options: &str) -> Vec<u8> {
        let out = std::process::Command::new(self.bin.join("pg_dump"))
            .env("PGOPTIONS", options)
            .args(["-h"])
            .arg(&self.socket_dir)
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-n",
                schema,
                "--clean",
                "--if-exists",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "pg_dump: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    }

    /// Feeds a plain SQL dump back through psql.
    pub fn restore(&self, dump: &[u8]) {
        use std::io::Write as _;
        let mut child = std::process::Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h"])
            .arg(&self.socket_dir)
            .args(["-p", &self.port.to_string(), "-U", "postgres", "-d", "postgres"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(dump).unwrap();
        assert!(child.wait().unwrap().success(), "psql restore failed");
    }
}

fn chown_tree_to(path: &Path, uid: u32, gid: u32) {
    std::os::unix::fs::lchown(path, Some(uid), Some(gid)).unwrap();
    if path.is_dir() && !path.is_symlink() {
        for entry in std::fs::read_dir(path).unwrap() {
            chown_tree_to(&entry.unwrap().path(), uid, gid);
        }
    }
}
