//! `vault scan` on a repository-sized tree, whole process: 10,000 files (about 40 MB
//! of source-like text in 100 directories) searched for the 1,000 values of ten
//! collections, a few of them planted. The README's "Speed" section has the figure.
//! `cargo bench --bench scan` takes about a minute.

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

/// The tests' sandbox (see `benches/scale.rs`).
#[path = "../tests/cli/support.rs"]
#[allow(dead_code)]
mod support;

use support::TestEnv;

const COLLECTIONS: usize = 10;
const VALUES_PER_COLLECTION: usize = 100;
const DIRECTORIES: usize = 100;
const FILES_PER_DIRECTORY: usize = 100;

/// Value `n` of collection `c`: 40 bytes that appear nowhere by chance.
fn value(c: usize, n: usize) -> String {
    format!("sk_{c:02}_{n:03}_{:032x}", (c * 1000 + n) as u128 * 0x9e37_79b9_7f4a_7c15)
}

/// A vault with ten collections of 100 values and a project file naming them all.
fn vault(env: &TestEnv) {
    let mut names = Vec::new();
    for c in 0..COLLECTIONS {
        let dotenv = env.path(&format!("c{c}.env"));
        let text: String = (0..VALUES_PER_COLLECTION).map(|n| format!("KEY_{n}={}\n", value(c, n))).collect();
        std::fs::write(&dotenv, text).unwrap();
        env.ok(&["create", &format!("c{c}"), "--from-dotenv", dotenv.to_str().unwrap()]);
        names.push(format!("\"c{c}\""));
    }
    std::fs::write(env.path(".vault.toml"), format!("collections = [{}]\n", names.join(", "))).unwrap();
}

/// 10,000 files of about 4 KB of code-like lines; every 1,000th holds a stored value.
fn tree(root: &Path) {
    let line = "    let result = compute(input, &config).map_err(|e| Error::new(e, \"context\"))?;\n";
    for d in 0..DIRECTORIES {
        let dir = root.join(format!("module_{d}"));
        std::fs::create_dir_all(&dir).unwrap();
        for f in 0..FILES_PER_DIRECTORY {
            let mut text = line.repeat(50);
            if (d * FILES_PER_DIRECTORY + f).is_multiple_of(1000) {
                text.push_str(&format!("const TOKEN: &str = \"{}\";\n", value(d % COLLECTIONS, f)));
            }
            std::fs::write(dir.join(format!("file_{f}.rs")), text).unwrap();
        }
    }
}

fn scan_repository(c: &mut Criterion) {
    let sandbox = TestEnv::new();
    vault(&sandbox);
    tree(&sandbox.path("repo"));
    let mut group = c.benchmark_group("scan");
    group.sample_size(10).warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(15));
    group.bench_function("10000 files, 1000 values", |b| {
        b.iter(|| {
            let out = sandbox.run(&["scan", "repo"]);
            assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
            assert_eq!(out.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count(), 10);
        })
    });
    group.finish();
}

criterion_group!(benches, scan_repository);
criterion_main!(benches);
