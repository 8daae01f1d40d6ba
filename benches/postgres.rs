//! `vault run -c app -- true` (two env secrets), whole process, on a SQLite file and on
//! a PostgreSQL server on the same machine over a Unix socket, started by the bench as
//! the tests start theirs (`support::PgServer`). The target: under 10 ms over bare
//! `true` on the server; the README's "Team vault on PostgreSQL" section has the
//! hyperfine figures. Needs PostgreSQL's server binaries (Debian's `postgresql`).

use std::process::Stdio;

use criterion::{Criterion, criterion_group, criterion_main};

/// The tests' sandbox and test server (see `unlock_open.rs`).
#[path = "../tests/cli/support.rs"]
#[allow(dead_code)]
mod support;

use support::TestEnv;

fn fill(env: &TestEnv) {
    env.ok(&["create", "app", "--env", "DATABASE_URL=postgres://app@db/app", "--env", "API_KEY=sk-12345678"]);
}

fn run(env: &TestEnv) {
    let status =
        env.std_cmd().args(["run", "-c", "app", "--", "true"]).stdout(Stdio::null()).status().unwrap();
    assert!(status.success());
}

fn bench(c: &mut Criterion) {
    let file = TestEnv::on_file();
    fill(&file);
    let server = TestEnv::on_postgres().expect("no PostgreSQL server could be started for the bench");
    fill(&server);

    let mut group = c.benchmark_group("vault run, 2 env secrets");
    group.bench_function("bare true", |b| {
        b.iter(|| assert!(file.sandboxed("true").status().unwrap().success()))
    });
    group.bench_function("SQLite file", |b| b.iter(|| run(&file)));
    group.bench_function("PostgreSQL, Unix socket", |b| b.iter(|| run(&server)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
