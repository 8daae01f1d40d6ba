//! `vault run -c bench55 -- true` (50 env and 5 file secrets), whole process, in
//! passphrase mode after `vault unlock` (the key from the agent) against identity-file
//! mode, in the same run. The target: within 1.5 ms of identity-file mode, and a peak
//! RSS under 20 MiB, which the README's "Speed" section measures with `/usr/bin/time -v`
//! next to its hyperfine recipe.

use std::process::Stdio;

use criterion::{Criterion, criterion_group, criterion_main};

/// The tests' sandbox (see `unlock_open.rs`).
#[path = "../tests/cli/support.rs"]
#[allow(dead_code)]
mod support;

use support::{TestEnv, vault_binary};

/// `bench55` in `env`: 50 env secrets of about 50 bytes and 5 file secrets of 2 KiB.
fn fill(env: &TestEnv) {
    let mut args: Vec<String> = vec!["create".into(), "bench55".into()];
    for i in 0..50 {
        args.extend(["--env".into(), format!("KEY_{i}=value-{i}-abcdefghijklmnopqrstuvwxyz0123456789")]);
    }
    for i in 0..5 {
        let path = env.path(&format!("file{i}"));
        std::fs::write(&path, vec![b'a' + i as u8; 2048]).unwrap();
        args.extend(["--file".into(), format!("certs/file{i}.pem=@{}", path.display())]);
    }
    env.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
}

/// Stops the agent when the bench ends, however it ends.
struct Unlocked(TestEnv);

impl Drop for Unlocked {
    fn drop(&mut self) {
        let _ = self.0.locked_cmd().args(["lock", "--all"]).output();
    }
}

/// One `vault run`; `through_agent` runs with no passphrase (the agent's key) or with the
/// identity file.
fn run(env: &TestEnv, through_agent: bool) {
    let mut cmd = if through_agent { env.sandboxed(vault_binary()) } else { env.std_cmd() };
    let status = cmd.args(["run", "-c", "bench55", "--", "true"]).stdout(Stdio::null()).status().unwrap();
    assert!(status.success());
}

fn bench(c: &mut Criterion) {
    let identity = TestEnv::new();
    fill(&identity);
    let passphrase = Unlocked(TestEnv::with_passphrase());
    fill(&passphrase.0);
    passphrase.0.ok(&["unlock", "--for", "1h"]);

    let mut group = c.benchmark_group("vault run 50 env + 5 files");
    group.bench_function("identity file", |b| b.iter(|| run(&identity, false)));
    group.bench_function("passphrase, after vault unlock", |b| b.iter(|| run(&passphrase.0, true)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
