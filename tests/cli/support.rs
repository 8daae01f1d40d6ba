//! A sealed-off test environment: a temp dir holding the vault, an identity file, HOME
//! and config dirs, and a `vault` command whose environment holds nothing inherited
//! but PATH.

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

    /// An environment without a vault.
    pub fn bare() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("data/vault.db");
        let identity = dir.path().join("identity.txt");
        TestEnv { dir, vault, identity, passphrase: None }
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
        Command::from_std(self.sealed_off(std::process::Command::new(vault_binary())))
    }

    /// As [`Self::cmd`], as a plain process to spawn and signal.
    pub fn std_cmd(&self) -> std::process::Command {
        self.unlocking(self.sealed_off(std::process::Command::new(vault_binary())))
    }

    /// As [`Self::std_cmd`], started under `umask` (through `sh`, which then `exec`s
    /// vault).
    pub fn std_cmd_with_umask(&self, umask: &str) -> std::process::Command {
        let mut sh = std::process::Command::new("sh");
        sh.args(["-c", &format!("umask {umask} && exec \"$0\" \"$@\"")]).arg(vault_binary());
        self.unlocking(self.sealed_off(sh))
    }

    /// As [`Self::cmd`], as a user without the power to ignore file modes. When the
    /// tests run as root, vault runs as `nobody` through `setpriv`, and the whole
    /// environment is handed to `nobody` first. None when that is not possible.
    pub fn unprivileged_cmd(&self) -> Option<Command> {
        if !nix::unistd::geteuid().is_root() {
            return Some(self.cmd());
        }
        let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].into_iter().find(|p| Path::new(p).exists())?;
        chown_tree(self.dir.path(), NOBODY);
        let mut cmd = std::process::Command::new(setpriv);
        let id = NOBODY.to_string();
        cmd.args(["--reuid", &id, "--regid", &id, "--clear-groups", "--"]).arg(vault_binary());
        Some(Command::from_std(self.unlocking(self.sealed_off(cmd))))
    }

    fn unlocking(&self, mut cmd: std::process::Command) -> std::process::Command {
        match &self.passphrase {
            Some(passphrase) => cmd.env("VAULT_PASSPHRASE", passphrase),
            None => cmd.env("VAULT_IDENTITY_FILE", &self.identity),
        };
        cmd
    }

    /// Nothing inherited but PATH; home, config and data inside the temp dir.
    fn sealed_off(&self, mut cmd: std::process::Command) -> std::process::Command {
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("xdg-data"))
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
        rusqlite::Connection::open(&self.vault).unwrap()
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

/// SQLite's own check of the vault file's structure.
pub fn integrity_check(env: &TestEnv) -> String {
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

/// The built `vault` binary.
pub fn vault_binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("vault")
}

/// The uid and gid of `nobody`, which unprivileged runs use when the tests run as root.
const NOBODY: u32 = 65534;

fn chown_tree(path: &Path, id: u32) {
    std::os::unix::fs::lchown(path, Some(id), Some(id)).unwrap();
    if path.is_dir() && !path.is_symlink() {
        for entry in std::fs::read_dir(path).unwrap() {
            chown_tree(&entry.unwrap().path(), id);
        }
    }
}

/// A file's permission bits.
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
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
