//! Many vault processes at once, as the threat guide promises: writers queue on the
//! write lock (`<vault>-lock`) and none fails, no update is lost, and readers keep
//! reading while they do.

use std::process::{Child, Output, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use nix::fcntl::{Flock, FlockArg};

use crate::support::{TestEnv, integrity_check, mode, side_file};

const WRITERS: usize = 128;
const WRITES: usize = 100;
const READERS: usize = 8;

/// What failed, for the assertion message: the arguments and stderr of each failure.
type Failures = Mutex<Vec<String>>;

fn record_failure(failures: &Failures, args: &[String], out: &Output) {
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        failures.lock().unwrap().push(format!("vault {args:?} exited {:?}: {stderr}", out.status.code()));
    }
}

#[test]
fn many_writers_and_readers_at_once_all_succeed_and_lose_nothing() {
    let env = TestEnv::new();
    env.ok(&["create", "shared", "--env", "BASE=base"]);
    let failures = Failures::default();
    let writing = AtomicBool::new(true);
    let reveals = AtomicU64::new(0);
    let vault = |args: &[String]| env.std_cmd().args(args).stdin(Stdio::null()).output().unwrap();
    std::thread::scope(|scope| {
        let writers: Vec<_> = (0..WRITERS)
            .map(|writer| {
                let (failures, vault) = (&failures, &vault);
                scope.spawn(move || {
                    // Each writer sets its own location of the one shared collection,
                    // so a lost update shows as a location missing or behind.
                    for write in 1..=WRITES {
                        let args =
                            ["update", "shared", "--env", &format!("W{writer}=v{write}")].map(String::from);
                        record_failure(failures, &args, &vault(&args));
                    }
                })
            })
            .collect();
        for reader in 0..READERS {
            let (failures, vault, writing, reveals) = (&failures, &vault, &writing, &reveals);
            scope.spawn(move || {
                let reveal = ["get", "shared", "--reveal"].map(String::from);
                let list = ["list"].map(String::from);
                let mut round = reader;
                while writing.load(Ordering::Relaxed) {
                    let args: &[String] = if round % 2 == 0 { &reveal } else { &list };
                    let out = vault(args);
                    record_failure(failures, args, &out);
                    if out.status.success() && args == reveal {
                        reveals.fetch_add(1, Ordering::Relaxed);
                    }
                    round += 1;
                }
            });
        }
        for writer in writers {
            writer.join().unwrap();
        }
        writing.store(false, Ordering::Relaxed);
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} commands failed, the first: {:#?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert!(reveals.load(Ordering::Relaxed) > 0, "the readers never read");

    // Every write made a version of its own, and the last one of each writer is there.
    let audited = env.json(&["audit", "--verify"])["records"].as_u64().unwrap();
    let updates = (WRITERS * WRITES) as u64;
    assert_eq!(
        audited,
        2 + updates + reveals.load(Ordering::Relaxed),
        "init, create, every update and reveal"
    );
    let history = env.json(&["history", "shared"]);
    let current = history.as_array().unwrap().iter().find(|v| v["current"] == true).unwrap();
    assert_eq!(current["version"].as_u64(), Some(1 + updates));
    let shown = env.json(&["get", "shared", "--reveal"]);
    let secrets = shown["secrets"].as_array().unwrap();
    assert_eq!(secrets.len(), WRITERS + 1);
    for writer in 0..WRITERS {
        let location = format!("W{writer}");
        let secret = secrets.iter().find(|s| s["location"] == location.as_str());
        assert_eq!(secret.map(|s| &s["value"]), Some(&serde_json::json!(format!("v{WRITES}"))), "{location}");
    }
    assert_eq!(integrity_check(&env), "ok");
}

/// Holds the vault's write lock from the test, as a writing vault process would.
fn hold_write_lock(env: &TestEnv) -> Flock<std::fs::File> {
    let file = std::fs::File::open(side_file(&env.vault, "-lock")).unwrap();
    Flock::lock(file, FlockArg::LockExclusiveNonblock).map_err(|(_, errno)| errno).unwrap()
}

fn spawn(env: &TestEnv, args: &[&str]) -> Child {
    env.std_cmd().args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
}

#[test]
fn writers_wait_for_the_write_lock_and_readers_do_not() {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "TOKEN=one"]);
    assert_eq!(mode(&side_file(&env.vault, "-lock")), 0o600);
    let lock = hold_write_lock(&env);
    let mut update = spawn(&env, &["update", "app", "--env", "TOKEN=two"]);
    let mut reveal = spawn(&env, &["get", "app", "--reveal"]);
    // Reading needs no lock: these finish while the writers wait. (A reveal of one
    // value would wait too: it appends an audit record.)
    assert_eq!(env.json(&["get", "app"])["secrets"][0]["location"], "TOKEN");
    env.ok(&["list"]);
    env.ok(&["audit", "--verify"]);
    assert!(update.try_wait().unwrap().is_none(), "update did not wait for the write lock");
    assert!(
        reveal.try_wait().unwrap().is_none(),
        "the reveal's audit record did not wait for the write lock"
    );
    drop(lock);
    for child in [update, reveal] {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(env.ok(&["get", "app", "TOKEN"]), b"two");
}

#[test]
fn a_lock_file_others_could_open_is_refused_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let lock = side_file(&env.vault, "-lock");
    for shared in [0o640, 0o604, 0o666] {
        std::fs::set_permissions(&lock, std::fs::Permissions::from_mode(shared)).unwrap();
        let stderr = env.fails(1, &["create", "app", "--env", "TOKEN=secret-value"]);
        let fix = format!("chmod 600 {}", lock.display());
        assert!(stderr.contains("other users") && stderr.contains(&fix), "{stderr}");
        assert!(!stderr.contains("secret-value"), "{stderr}");
    }
    std::fs::set_permissions(&lock, std::fs::Permissions::from_mode(0o600)).unwrap();
    env.ok(&["create", "app", "--env", "TOKEN=secret-value"]);
}
