//! Faults the vault must survive: many writers at once, a process killed mid-write,
//! a careless umask, shared-writable files, and a vault it cannot write.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::time::Duration;

use crate::support::{KillWindow, TestEnv, integrity_check, mode, side_file};

const WRITERS: usize = 8;
const ROUNDS: usize = 3;

/// Starts one vault process per argument list, all at once, and waits for them all.
fn run_concurrently(env: &TestEnv, commands: &[Vec<String>]) -> Vec<Output> {
    let children: Vec<Child> = commands
        .iter()
        .map(|args| env.std_cmd().args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap())
        .collect();
    children.into_iter().map(|child| child.wait_with_output().unwrap()).collect()
}

fn assert_all_succeeded(commands: &[Vec<String>], outputs: &[Output]) {
    for (args, out) in commands.iter().zip(outputs) {
        assert!(out.status.success(), "vault {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// Every collection of the default workspace with its revealed secrets, as
/// (location, value) pairs in order.
fn contents(env: &TestEnv) -> BTreeMap<String, Vec<(String, String)>> {
    let listed = env.json(&["list"]);
    listed
        .as_array()
        .unwrap()
        .iter()
        .map(|summary| {
            let id = summary["id"].as_str().unwrap().to_owned();
            let shown = env.json(&["get", &id, "--reveal"]);
            let secrets = shown["secrets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (s["location"].as_str().unwrap().to_owned(), s["value"].as_str().unwrap().to_owned())
                })
                .collect();
            (id, secrets)
        })
        .collect()
}

#[test]
fn concurrent_creates_all_land() {
    let env = TestEnv::new();
    for round in 0..ROUNDS {
        let commands: Vec<Vec<String>> = (0..WRITERS)
            .map(|i| {
                vec!["create".into(), format!("c{round}-{i}"), "--env".into(), format!("K=v{round}-{i}")]
            })
            .collect();
        assert_all_succeeded(&commands, &run_concurrently(&env, &commands));
        let stored = contents(&env);
        assert_eq!(stored.len(), WRITERS * (round + 1));
        for i in 0..WRITERS {
            assert_eq!(stored[&format!("c{round}-{i}")], [("K".to_owned(), format!("v{round}-{i}"))]);
        }
    }
}

#[test]
fn concurrent_updates_of_one_collection_lose_nothing() {
    let env = TestEnv::new();
    for round in 0..ROUNDS {
        let id = format!("app{round}");
        env.ok(&["create", &id, "--env", "BASE=base"]);
        let commands: Vec<Vec<String>> = (0..WRITERS)
            .map(|i| vec!["update".into(), id.clone(), "--env".into(), format!("K{i}=v{i}")])
            .collect();
        assert_all_succeeded(&commands, &run_concurrently(&env, &commands));
        let mut stored = contents(&env).remove(&id).unwrap();
        stored.sort();
        let mut expected: Vec<_> = (0..WRITERS).map(|i| (format!("K{i}"), format!("v{i}"))).collect();
        expected.push(("BASE".into(), "base".into()));
        expected.sort();
        assert_eq!(stored, expected, "round {round}");
    }
}

#[test]
fn runs_reveals_and_updates_at_once_all_succeed_and_are_all_audited() {
    // `vault run` holds the file exclusively while it reads; the others must queue.
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "BASE=base"]);
    let commands: Vec<Vec<String>> = (0..WRITERS)
        .flat_map(|i| {
            [
                vec!["run".into(), "-c".into(), "app".into(), "--".into(), "true".into()],
                vec!["get".into(), "app".into(), "BASE".into()],
                vec!["update".into(), "app".into(), "--env".into(), format!("K{i}=v{i}")],
            ]
        })
        .collect();
    assert_all_succeeded(&commands, &run_concurrently(&env, &commands));
    // init and create, then one record per command above.
    assert_eq!(env.json(&["audit", "--verify"])["records"], 2 + 3 * WRITERS as u64);
    assert_eq!(contents(&env)["app"].len(), WRITERS + 1);
}

/// Starts `vault ARGS` unlocking with an identity file that is a FIFO, and returns it
/// once vault has opened the FIFO: vault reads the keys before its identity file, so it
/// then holds the keys as they were and waits for the identity, before its write
/// transaction. [`feed_identity`] lets it go on.
fn writer_paused_after_reading_the_keys(env: &TestEnv, args: &[&str]) -> (Child, std::fs::File) {
    use std::os::unix::fs::OpenOptionsExt;
    let fifo = env.path("identity.fifo");
    let _ = std::fs::remove_file(&fifo);
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let mut child = env
        .std_cmd()
        .env("VAULT_IDENTITY_FILE", &fifo)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Opening a FIFO for writing without blocking succeeds once its reader has it open.
    let mut open = std::fs::OpenOptions::new();
    open.write(true).custom_flags(nix::fcntl::OFlag::O_NONBLOCK.bits());
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(pipe) = open.open(&fifo) {
            return (child, pipe);
        }
        if child.try_wait().unwrap().is_some() {
            let out = child.wait_with_output().unwrap();
            panic!(
                "vault {args:?} ended before reading its identity: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(std::time::Instant::now() < deadline, "vault {args:?} never opened its identity file");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Writes `identity` to the writer [`writer_paused_after_reading_the_keys`] returned,
/// and waits for it to end.
fn feed_identity(identity: &Path, (child, mut pipe): (Child, std::fs::File)) -> Output {
    std::io::Write::write_all(&mut pipe, &std::fs::read(identity).unwrap()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

#[test]
fn writes_unlocked_before_a_rotate_key_are_refused_not_sealed_under_the_replaced_key() {
    let mut env = TestEnv::new();
    env.ok(&["create", "app", "--env", "BASE=base"]);

    // The pause itself changes nothing: with no rotation in between, the writes land.
    for args in [&["create", "control", "--env", "K=v"][..], &["update", "app", "--env", "CONTROL=1"]] {
        let out = feed_identity(&env.identity, writer_paused_after_reading_the_keys(&env, args));
        assert!(out.status.success(), "vault {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let landed = contents(&env);

    for (round, args) in [&["create", "raced", "--env", "K=v"][..], &["update", "app", "--env", "RACED=1"]]
        .into_iter()
        .enumerate()
    {
        let paused = writer_paused_after_reading_the_keys(&env, args);
        // rotate-key commits a new data key while the writer holds the old one.
        let rotated = env.path(&format!("rotated-{round}.txt"));
        env.ok(&["rotate-key", "--identity-file", rotated.to_str().unwrap()]);
        let old = std::mem::replace(&mut env.identity, rotated);
        let before = env.snapshot();
        let out = feed_identity(&old, paused);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "vault {args:?}: {stderr}");
        assert!(
            stderr.contains("keys changed while this command ran")
                && stderr.contains("run the command again"),
            "vault {args:?}: {stderr}"
        );
        // Nothing was sealed: the vault is as rotate-key left it, every value opening
        // under the new key.
        assert_eq!(env.snapshot(), before, "vault {args:?} changed the vault");
        assert_eq!(contents(&env), landed, "vault {args:?}");
    }
}

/// The secrets a step writes: 1 to 3 of them, every value naming the step, so a
/// collection holding values of two steps, or fewer secrets than its step wrote, shows.
fn secrets_of_step(step: usize) -> Vec<(String, String)> {
    (0..=step % 3).map(|i| (format!("K{i}"), format!("step{step}-value{i}"))).collect()
}

#[test]
fn a_command_killed_at_any_moment_applies_fully_or_not_at_all() {
    const STEPS: usize = 60;
    let env = TestEnv::new();
    let started = std::time::Instant::now();
    env.ok(&["create", "untouched", "--env", "K=v"]);
    let mut window = KillWindow::new(started.elapsed());
    let mut model = contents(&env);
    for step in 0..STEPS {
        let id = format!("c{}", window.random.below(4));
        let secrets = secrets_of_step(step);
        let sources = secrets.iter().flat_map(|(k, v)| ["--env".to_owned(), format!("{k}={v}")]);
        let mut after = model.clone();
        let args: Vec<String> = match (model.contains_key(&id), window.random.below(3)) {
            (false, _) => {
                after.insert(id.clone(), secrets.clone());
                ["create".into(), id.clone()].into_iter().chain(sources).collect()
            }
            (true, 0) => {
                after.remove(&id);
                vec!["delete".into(), id.clone(), "--yes".into()]
            }
            (true, _) => {
                after.insert(id.clone(), secrets.clone());
                ["update".into(), id.clone(), "--replace".into()].into_iter().chain(sources).collect()
            }
        };

        let mut cmd = env.std_cmd();
        cmd.args(&args);
        let killed = window.kill(cmd);

        let stored = contents(&env);
        assert_eq!(integrity_check(&env), "ok", "after vault {args:?}");
        // Every step changes what it touches, so the two outcomes differ.
        assert!(stored == model || stored == after, "vault {args:?} (killed: {killed}) left {stored:?}");
        window.record(killed, stored == after);
        model = stored;
    }
    window.assert_both_sides();
}

#[test]
fn files_and_directories_stay_private_under_umask_000() {
    let bare = TestEnv::bare();
    let env =
        TestEnv { vault: bare.path("deep/er/vault.db"), identity: bare.path("keys/nested/id.txt"), ..bare };
    let init =
        env.std_cmd_with_umask("000").args(["init", "--identity-file"]).arg(&env.identity).output().unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    for file in [&env.vault, &env.identity, &side_file(&env.vault, "-lock")] {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    for dir in ["deep", "deep/er", "keys", "keys/nested"] {
        assert_eq!(mode(&env.path(dir)), 0o700, "{dir}");
    }

    // The -wal and -shm files exist while a vault process has the vault open: a create
    // waiting for its value on stdin holds it open.
    let mut child = env
        .std_cmd_with_umask("000")
        .args(["create", "app", "--env", "TOKEN"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let (wal, shm) = (side_file(&env.vault, "-wal"), side_file(&env.vault, "-shm"));
    wait_until(|| wal.exists() && shm.exists());
    assert_eq!((mode(&wal), mode(&shm)), (0o600, 0o600));
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"value").unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(env.ok(&["get", "app", "TOKEN"]), b"value");
}

/// Waits for `condition`, polling; fails after a generous bound so that a hang is a
/// failure, not a stuck test run.
fn wait_until(condition: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !condition() {
        assert!(std::time::Instant::now() < deadline, "gave up waiting");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn shared_writable_vault_and_identity_files_are_refused_with_the_fix() {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "TOKEN=secret-value"]);
    for (file, args) in [(&env.vault, &["list"][..]), (&env.identity, &["get", "app", "--reveal"])] {
        for shared in [0o620, 0o602, 0o666] {
            set_mode(file, shared);
            let stderr = env.fails(1, args);
            let fix = format!("chmod 600 {}", file.display());
            assert!(stderr.contains("writable by other users") && stderr.contains(&fix), "{stderr}");
            assert!(!stderr.contains("secret-value"), "{stderr}");
        }
        set_mode(file, 0o600);
    }
    let other = TestEnv::bare();
    std::fs::copy(&env.identity, &other.identity).unwrap();
    set_mode(&other.identity, 0o666);
    let stderr = other.fails(1, &["init", "--identity-file", other.identity.to_str().unwrap()]);
    assert!(stderr.contains("chmod 600"), "{stderr}");
}

#[test]
fn modes_are_checked_on_regular_files_and_loose_ones_are_warned_about() {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "TOKEN=secret-value"]);
    // A device is not a vault, whatever its mode: no advice to chmod it.
    let stderr = env.fails(1, &["--vault", "/dev/null", "list"]);
    assert!(stderr.contains("is not a vault file") && !stderr.contains("chmod"), "{stderr}");
    let mut cmd = env.cmd();
    cmd.env("VAULT_IDENTITY_FILE", "/dev/null").args(["get", "app", "TOKEN"]);
    assert!(!env.fails_with(5, &mut cmd).contains("chmod"));
    // An identity file others can read works, with ssh's warning.
    set_mode(&env.identity, 0o644);
    let out = env.run(&["get", "app", "TOKEN"]);
    assert_eq!(out.stdout, b"secret-value");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let fix = format!("chmod 600 {}", env.identity.display());
    assert!(stderr.contains("readable by other users") && stderr.contains(&fix), "{stderr}");
    set_mode(&env.identity, 0o600);
    // So does a vault whose directory others can write, unless it is sticky like /tmp.
    let dir = env.vault.parent().unwrap();
    set_mode(dir, 0o777);
    let out = env.run(&["list"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("chmod 700 {}", dir.display())), "{stderr}");
    set_mode(dir, 0o1777);
    assert!(env.run(&["list"]).stderr.is_empty());
    set_mode(dir, 0o700);
    assert!(env.run(&["get", "app", "TOKEN"]).stderr.is_empty());
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_vault_that_cannot_be_written_fails_clearly_and_unchanged() {
    for (what, read_only_directory, read_only_mode) in
        [("a read-only vault file", false, 0o400), ("a read-only directory", true, 0o500)]
    {
        let env = TestEnv::new();
        env.ok(&["create", "app", "--env", "TOKEN=secret-value"]);
        let target = if read_only_directory { env.vault.parent().unwrap() } else { env.vault.as_path() };
        set_mode(target, read_only_mode);
        // As root, file modes bind only on a user without root's power.
        let Some(mut unprivileged) = env.unprivileged_cmd() else { return };
        unprivileged.args(["create", "new", "--env", "A=1"]);
        let stderr = env.fails_with(1, &mut unprivileged);
        assert!(stderr.contains("cannot be written") && stderr.contains("hint: "), "{what}: {stderr}");
        assert!(!stderr.contains("Error code"), "{what}: SQLite's raw words: {stderr}");
    }
}
