//! How vault's cost grows with the size of a collection, whole process: the built
//! binary updating one secret of a 10,000, 40,000 and 80,000-secret collection,
//! importing an 80,000-entry `.env` file, and `vault run` with 10,000 env secrets. Each
//! must grow linearly (update at 80k about twice 40k, four times 10k); the README's
//! "Speed" section has the figures before and after the quadratic paths were removed.
//! `cargo bench --bench scale` takes a few minutes.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

/// The tests' sandbox: nothing inherited but PATH; home, config, data, runtime and temp
/// dirs and the working directory all inside a temp dir. The bench uses only part of it.
#[path = "../tests/cli/support.rs"]
#[allow(dead_code)]
mod support;

use support::TestEnv;

/// A `.env` file of `entries` secrets of about 50 bytes each.
fn dotenv(env: &TestEnv, entries: usize) -> PathBuf {
    let path = env.path(&format!("{entries}.env"));
    let text: String =
        (0..entries).map(|i| format!("KEY_{i}=value-{i}-abcdefghijklmnopqrstuvwxyz0123456789\n")).collect();
    std::fs::write(&path, text).unwrap();
    path
}

/// A vault holding collection `id` made from a `.env` file of `entries` secrets.
fn vault_with_collection(id: &str, entries: usize) -> TestEnv {
    let env = TestEnv::new();
    let file = dotenv(&env, entries);
    env.ok(&["create", id, "--from-dotenv", path_str(&file)]);
    env
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
        let sandbox = vault_with_collection("big", size);
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
    let sandbox = TestEnv::new();
    let dotenv = dotenv(&sandbox, 80_000);
    let round = Cell::new(0);
    c.bench_function("create --from-dotenv 80000 entries", |b| {
        b.iter(|| {
            round.set(round.get() + 1);
            sandbox.ok(&["create", &format!("import{}", round.get()), "--from-dotenv", path_str(&dotenv)]);
        })
    });
}

fn run_with_env_secrets(c: &mut Criterion) {
    let sandbox = vault_with_collection("env", 10_000);
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
