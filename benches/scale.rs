//! How vault's cost grows with the size of a collection, whole process: the built
//! binary updating one secret of a 10,000, 40,000 and 80,000-secret collection,
//! importing an 80,000-entry `.env` file, and `vault run` with 10,000 env secrets. Each
//! must grow linearly (update at 80k about twice 40k, four times 10k); the README's
//! "Speed" section has the figures before and after the quadratic paths were removed.
//! `cargo bench --bench scale` takes a few minutes.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use tempfile::TempDir;

/// A vault in a temp dir, and `vault` sealed off in it: nothing inherited but PATH;
/// home, config, data, runtime and temp dirs and the working directory all inside.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let sandbox = Sandbox { dir: tempfile::tempdir().unwrap() };
        let identity = sandbox.path("identity.txt");
        sandbox.ok(&["init", "--identity-file", identity.to_str().unwrap()]);
        sandbox
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn ok(&self, args: &[&str]) {
        let root = self.dir.path();
        let runtime = self.path("runtime");
        std::fs::create_dir_all(&runtime).unwrap();
        std::fs::set_permissions(&runtime, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_vault"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", root)
            .env("XDG_CONFIG_HOME", root.join("config"))
            .env("XDG_DATA_HOME", root.join("data"))
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("TMPDIR", root)
            .env("VAULT_PATH", root.join("vault.db"))
            .env("VAULT_IDENTITY_FILE", root.join("identity.txt"))
            .current_dir(root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert!(out.status.success(), "vault {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// A `.env` file of `entries` secrets of about 50 bytes each.
    fn dotenv(&self, entries: usize) -> PathBuf {
        let path = self.path(&format!("{entries}.env"));
        let text: String = (0..entries)
            .map(|i| format!("KEY_{i}=value-{i}-abcdefghijklmnopqrstuvwxyz0123456789\n"))
            .collect();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Creates collection `id` from a `.env` file of `entries` secrets.
    fn collection(&self, id: &str, entries: usize) {
        let dotenv = self.dotenv(entries);
        self.ok(&["create", id, "--from-dotenv", path_str(&dotenv)]);
    }
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A few samples each: one update of 80,000 secrets takes about a second.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10))
}

fn update_one_secret(c: &mut Criterion) {
    let mut group = c.benchmark_group("update one secret");
    for size in [10_000, 40_000, 80_000] {
        let sandbox = Sandbox::new();
        sandbox.collection("big", size);
        // A new value each time, so every update makes a new version.
        let round = Cell::new(0);
        group.bench_function(format!("{size} secrets"), |b| {
            b.iter(|| {
                round.set(round.get() + 1);
                sandbox.ok(&["update", "big", "--env", &format!("KEY_{}=changed-{}", size / 2, round.get())]);
            })
        });
    }
    group.finish();
}

fn import_dotenv(c: &mut Criterion) {
    let sandbox = Sandbox::new();
    let dotenv = sandbox.dotenv(80_000);
    let round = Cell::new(0);
    c.bench_function("create --from-dotenv 80000 entries", |b| {
        b.iter(|| {
            round.set(round.get() + 1);
            sandbox.ok(&["create", &format!("import{}", round.get()), "--from-dotenv", path_str(&dotenv)]);
        })
    });
}

fn run_with_env_secrets(c: &mut Criterion) {
    let sandbox = Sandbox::new();
    sandbox.collection("env", 10_000);
    c.bench_function("run with 10000 env secrets", |b| {
        b.iter(|| sandbox.ok(&["run", "-c", "env", "--", "true"]))
    });
}

criterion_group! {
    name = benches;
    config = config();
    targets = update_one_secret, import_dotenv, run_with_env_secrets
}
criterion_main!(benches);
