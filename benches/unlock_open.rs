//! vault's own work before `vault run` starts a command: resolve the collection, read
//! it, unlock the vault with an identity file and open every sealed value. Process
//! start-up is left out; the README times whole processes with hyperfine.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use vault::keyring::{KeySources, Keyring};
use vault::model::CollectionRef;
use vault::store::Store;

/// The tests' sandbox, so that the bench's vault commands see nothing of the machine's
/// home, config or temp dirs either. The bench uses only part of it.
#[path = "../tests/cli/support.rs"]
#[allow(dead_code)]
mod support;

use support::TestEnv;

/// A vault holding `bench`: 50 env secrets and `files` file secrets of 2 KiB, made by
/// the built binary so the bench reads exactly what users' vaults hold.
fn vault_with(files: usize) -> TestEnv {
    let env = TestEnv::new();
    let mut args: Vec<String> = vec!["create".into(), "bench".into()];
    for i in 0..50 {
        args.extend(["--env".into(), format!("KEY_{i}=value-{i}-{}", "x".repeat(40))]);
    }
    for i in 0..files {
        let path = env.path(&format!("file{i}"));
        std::fs::write(&path, vec![b'a' + i as u8; 2048]).unwrap();
        args.extend(["--file".into(), format!("certs/file{i}.pem=@{}", path.display())]);
    }
    env.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    env
}

fn resolve_unlock_open(vault: &Path, identity: &Path) -> usize {
    let store = Store::open_file(vault).unwrap();
    let reference = CollectionRef::parse("bench", "default").unwrap();
    let snapshot = store.read().unwrap();
    let sealed = snapshot.sealed(&reference).unwrap();
    let sources = KeySources { vault, identity_file: Some(identity), agent: None };
    let keyring = Keyring::unlock(&snapshot.keys().unwrap(), &sources).unwrap().keyring;
    keyring.open(&sealed).unwrap().len()
}

fn bench(c: &mut Criterion) {
    for (name, files) in [("resolve+unlock+open 50 env", 0), ("resolve+unlock+open 50 env + 5 files", 5)] {
        let env = vault_with(files);
        assert_eq!(resolve_unlock_open(&env.vault, &env.identity), 50 + files);
        c.bench_function(name, |b| b.iter(|| resolve_unlock_open(&env.vault, &env.identity)));
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
