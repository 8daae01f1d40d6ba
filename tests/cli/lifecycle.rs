//! The key lifecycle: `passwd`, `rotate-key` and `recipients`. Each changes who can
//! open the vault, so each test checks both sides: the new key opens every value, the
//! old one opens nothing; and a change killed at any moment leaves a vault that opens
//! with exactly one of the two.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::support::{KillWindow, PASSPHRASE, TestEnv, integrity_check, owner_of, public_key};

/// A fresh identity file (and its public key) made by `vault init` in a scratch vault.
pub fn new_identity(env: &TestEnv, name: &str) -> (PathBuf, String) {
    let path = env.path(name);
    let scratch = env.path(&format!("{name}.scratch.db"));
    let mut init = env.locked_cmd();
    init.env("VAULT_PATH", &scratch).args(["init", "--identity-file"]).arg(&path).assert().success();
    let key = public_key(&path);
    (path, key)
}

/// `vault` in `env`, unlocking with `identity` instead of the environment's own key.
fn as_identity(env: &TestEnv, identity: &Path) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.env_remove("VAULT_PASSPHRASE").env("VAULT_IDENTITY_FILE", identity);
    cmd
}

/// Every value of every workspace, as `get --reveal --json` shows them to `vault`.
fn values(vault: &dyn Fn() -> assert_cmd::Command) -> Vec<serde_json::Value> {
    let json = |args: &[&str]| -> serde_json::Value {
        let out = vault().args(args).arg("--json").output().unwrap();
        assert!(out.status.success(), "vault {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let mut shown = Vec::new();
    for ws in json(&["workspace", "list"]).as_array().unwrap() {
        let ws = ws["name"].as_str().unwrap();
        for c in json(&["list", "-w", ws]).as_array().unwrap() {
            shown.push(json(&["get", &format!("{ws}/{}", c["id"].as_str().unwrap()), "--reveal"]));
        }
    }
    assert!(!shown.is_empty());
    shown
}

/// Two workspaces, env and binary file secrets: what every re-seal must carry over.
fn fill(env: &TestEnv) {
    std::fs::write(env.path("blob.bin"), (0..=255u8).collect::<Vec<_>>()).unwrap();
    env.ok(&["create", "app", "--env", "API_KEY=first-value", "--file", "tls/blob.bin=@blob.bin"]);
    env.ok(&["update", "app", "--env", "TOKEN=second-value"]);
    env.ok(&["workspace", "create", "prod"]);
    env.ok(&["create", "prod/db", "--env", "DB_PASSWORD=p@ss word"]);
}

#[test]
fn rotate_key_with_an_identity_file_moves_every_value_to_the_new_identity() {
    let mut env = TestEnv::new();
    fill(&env);
    let before = values(&|| env.cmd());
    let (old, new) = (env.identity.clone(), env.path("new-identity.txt"));

    env.ok(&["rotate-key", "--identity-file", new.to_str().unwrap()]);
    assert_eq!(crate::support::mode(&new), 0o600);
    assert_eq!(owner_of(&env), public_key(&new));
    assert_eq!(values(&|| as_identity(&env, &new)), before);

    env.identity = new;
    // The old identity file is told apart from a stranger's: rotated, and which key the
    // new file holds.
    let stderr = env.fails_with(5, as_identity(&env, &old).args(["get", "app", "API_KEY"]));
    assert!(stderr.contains("the key was rotated with 'vault rotate-key'"), "{stderr}");
    assert!(
        stderr.contains(&public_key(&env.identity)) && stderr.contains("VAULT_IDENTITY_FILE"),
        "{stderr}"
    );
    assert!(!stderr.contains("given to 'vault init'"), "{stderr}");
    // The pin moved with the owner: the new identity keeps working with no warning.
    let out = env.run(&["get", "prod/db", "DB_PASSWORD"]);
    assert_eq!((out.stdout.as_slice(), out.stderr.as_slice()), (&b"p@ss word"[..], &b""[..]));
}

#[test]
fn rotate_key_refuses_what_it_cannot_do_and_changes_nothing() {
    let env = TestEnv::new();
    fill(&env);
    let stderr = env.fails(2, &["rotate-key"]);
    assert!(stderr.contains("--identity-file PATH"), "{stderr}");
    let taken = env.identity.to_str().unwrap();
    let stderr = env.fails(4, &["rotate-key", "--identity-file", taken]);
    assert!(stderr.contains("never overwrites"), "{stderr}");
    let mut locked = env.locked_cmd();
    let new = env.path("new.txt");
    env.fails_with(5, locked.args(["rotate-key", "--identity-file", new.to_str().unwrap()]));
    assert!(!new.exists(), "a failed rotate-key left its identity file");

    let env = TestEnv::with_passphrase();
    env.fails(2, &["rotate-key", "--identity-file", new.to_str().unwrap()]);
    env.fails_with(5, env.cmd().env("VAULT_PASSPHRASE", "wrong").arg("rotate-key"));
}

#[test]
fn rotate_key_with_a_passphrase_keeps_the_passphrase_and_drops_the_old_identity() {
    let env = TestEnv::with_passphrase();
    fill(&env);
    let before = values(&|| env.cmd());
    let old_owner = owner_of(&env);
    let old_identity: Vec<u8> =
        env.sqlite().query_row("SELECT sealed_identity FROM vault", [], |r| r.get(0)).unwrap();

    env.ok(&["rotate-key"]);
    assert_ne!(owner_of(&env), old_owner);
    assert_eq!(values(&|| env.cmd()), before);
    let sealed: Vec<u8> =
        env.sqlite().query_row("SELECT sealed_identity FROM vault", [], |r| r.get(0)).unwrap();
    assert!(crate::support::contains(&sealed, b"-> scrypt "), "work factor header lost");

    // Put the old identity back where the passphrase opens it: it opens nothing now.
    env.sqlite().execute("UPDATE vault SET sealed_identity = ?1", [old_identity]).unwrap();
    let out = env.run(&["get", "app", "API_KEY"]);
    assert_eq!(out.status.code(), Some(5), "{}", String::from_utf8_lossy(&out.stderr));
}

/// An owner's vault shared with a teammate who has a home and identity file of its own.
fn shared() -> (TestEnv, TestEnv) {
    let owner = TestEnv::new();
    fill(&owner);
    let teammate = TestEnv::bare();
    let (path, key) = new_identity(&teammate, "teammate.txt");
    std::fs::rename(path, &teammate.identity).unwrap();
    owner.ok(&["recipients", "add", &key]);
    // The teammate vouches for the owner's key once; this machine pins it.
    let mut first = as_teammate(&owner, &teammate);
    first.env("VAULT_OWNER", public_key(&owner.identity)).args(["get", "app", "API_KEY"]).assert().success();
    (owner, teammate)
}

/// `vault` as the teammate: its identity, its home (and so its pins), the owner's vault.
fn as_teammate(owner: &TestEnv, teammate: &TestEnv) -> assert_cmd::Command {
    let mut cmd = teammate.cmd();
    cmd.env("VAULT_PATH", &owner.vault);
    cmd
}

#[test]
fn recipients_add_lets_a_second_identity_read_and_remove_locks_it_out() {
    let owner = TestEnv::new();
    fill(&owner);
    let before = values(&|| owner.cmd());
    let (second, key) = new_identity(&owner, "second.txt");
    owner.fails_with(5, as_identity(&owner, &second).args(["get", "app", "API_KEY"]));

    owner.ok(&["recipients", "add", &key]);
    let listed = owner.locked_cmd().args(["recipients", "list", "--json"]).output().unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let roles: Vec<(&str, &str)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["recipient"].as_str().unwrap(), r["role"].as_str().unwrap()))
        .collect();
    assert_eq!(roles, [(public_key(&owner.identity).as_str(), "owner"), (key.as_str(), "reader")]);
    assert_eq!(values(&|| as_identity(&owner, &second)), before);

    owner.ok(&["recipients", "remove", &key]);
    owner.fails_with(5, as_identity(&owner, &second).args(["get", "app", "API_KEY"]));
    assert_eq!(values(&|| owner.cmd()), before);
    assert_eq!(owner.json(&["recipients", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn recipients_add_keeps_the_data_key_so_a_writer_in_flight_still_commits() {
    use std::io::{BufRead, Write};
    let env = TestEnv::with_passphrase();
    env.ok(&["create", "app", "--env", "A=1"]);
    // The writer reads the keys, then waits at the passphrase prompt…
    let Some(mut on_terminal) = env.on_terminal(&["update", "app", "--env", "A=2"]) else { return };
    let mut writer = on_terminal.spawn().unwrap();
    let mut screen = std::io::BufReader::new(writer.stdout.take().unwrap());
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen).contains("passphrase") {
        assert_ne!(screen.read_until(b':', &mut seen).unwrap(), 0, "no prompt: {seen:?}");
    }
    // …while another process adds a reader, which wraps the same data key anew…
    let (_, reader) = new_identity(&env, "reader");
    let wrapped = || -> Vec<u8> {
        env.sqlite().query_row("SELECT wrapped_data_key FROM vault", [], |row| row.get(0)).unwrap()
    };
    let before = wrapped();
    env.ok(&["recipients", "add", &reader]);
    assert_ne!(wrapped(), before, "the race did not happen: the wrapping is unchanged");
    // …and then it commits, sealed under the key that is still current.
    writeln!(writer.stdin.take().unwrap(), "{}", crate::support::PASSPHRASE).unwrap();
    let mut rest = Vec::new();
    std::io::Read::read_to_end(&mut screen, &mut rest).unwrap();
    assert!(writer.wait().unwrap().success(), "{}", String::from_utf8_lossy(&rest));
    assert_eq!(env.ok(&["get", "app", "A"]), b"2");
}

#[test]
fn recipients_add_and_remove_refuse_what_they_cannot_do_and_change_nothing() {
    let (owner, teammate) = shared();
    let teammate_key = public_key(&teammate.identity);
    let (_, other) = new_identity(&owner, "other.txt");

    let stderr = owner.fails(4, &["recipients", "add", &teammate_key]);
    assert!(stderr.contains("already read"), "{stderr}");
    let stderr = owner.fails(2, &["recipients", "add", "age1yubikey1qwertyuiop"]);
    assert!(stderr.contains("plugin"), "{stderr}");
    owner.fails(2, &["recipients", "add", "ssh-ed25519 AAAA"]);
    let stderr = owner.fails(2, &["recipients", "remove", &public_key(&owner.identity)]);
    assert!(stderr.contains("rotate-key"), "{stderr}");
    owner.fails(3, &["recipients", "remove", &other]);

    // A reader can read but cannot vouch for a key: adding or removing is the owner's.
    for args in [["recipients", "add", &other], ["recipients", "remove", &teammate_key]] {
        let stderr = owner.fails_with(5, as_teammate(&owner, &teammate).args(args));
        assert!(stderr.contains("only the vault's owner can"), "{stderr}");
        assert!(stderr.contains(&public_key(&owner.identity)), "{stderr}");
    }
}

#[test]
fn after_rotate_key_readers_follow_the_owner_key_the_old_one_handed_over_to() {
    let (mut owner, teammate) = shared();
    let before = values(&|| owner.cmd());
    as_teammate(&owner, &teammate).args(["get", "app", "API_KEY"]).assert().success();

    let new = owner.path("rotated.txt");
    owner.ok(&["rotate-key", "--identity-file", new.to_str().unwrap()]);
    owner.identity = new;

    // The teammate pinned the old owner key, which vouched for the new data key to it:
    // the pin moves, with a note, and nothing needs to be told out of band.
    let out = as_teammate(&owner, &teammate).args(["get", "app", "API_KEY"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.contains("handed it over"), "{stderr}");
    assert_eq!(values(&|| as_teammate(&owner, &teammate)), before);

    // Two rotations the teammate missed need VAULT_OWNER: only the owner just replaced
    // vouches for the current key, and the teammate never pinned that one.
    let (second, third) = (owner.path("second.txt"), owner.path("third.txt"));
    owner.ok(&["rotate-key", "--identity-file", second.to_str().unwrap()]);
    owner.identity = second;
    owner.ok(&["rotate-key", "--identity-file", third.to_str().unwrap()]);
    owner.identity = third;
    let stderr = owner.fails_with(6, as_teammate(&owner, &teammate).args(["get", "app", "API_KEY"]));
    let new_key = public_key(&owner.identity);
    assert!(stderr.contains(&format!("VAULT_OWNER={new_key}")), "{stderr}");
    as_teammate(&owner, &teammate)
        .env("VAULT_OWNER", &new_key)
        .args(["get", "app", "API_KEY"])
        .assert()
        .success();
}

#[test]
fn passwd_changes_the_passphrase_and_nothing_else() {
    let env = TestEnv::with_passphrase();
    fill(&env);
    let before = values(&|| env.cmd());
    let owner = owner_of(&env);
    env.cmd().env("VAULT_NEW_PASSPHRASE", "new passphrase").arg("passwd").assert().success();

    let stderr = env.fails(5, &["get", "app", "API_KEY"]);
    assert!(stderr.contains("passphrase in VAULT_PASSPHRASE does not open vault"), "{stderr}");
    let with_new = || {
        let mut cmd = env.cmd();
        cmd.env("VAULT_PASSPHRASE", "new passphrase");
        cmd
    };
    assert_eq!(values(&with_new), before);
    assert_eq!(owner_of(&env), owner, "passwd replaced the identity");
    // The work factor of init (1) is kept unless another is asked for.
    let header: Vec<u8> =
        env.sqlite().query_row("SELECT sealed_identity FROM vault", [], |r| r.get(0)).unwrap();
    assert!(crate::support::contains(&header, b"-> scrypt ") && header.windows(3).any(|w| w == b" 1\n"));
    assert!(!crate::support::contains(&env.vault_bytes(), b"new passphrase"));
}

#[test]
fn passwd_refuses_what_it_cannot_do_and_changes_nothing() {
    let env = TestEnv::with_passphrase();
    fill(&env);
    let stderr = env.fails(2, &["passwd"]);
    assert!(stderr.contains("VAULT_NEW_PASSPHRASE"), "{stderr}");
    env.fails_with(
        5,
        env.cmd().env("VAULT_PASSPHRASE", "wrong").env("VAULT_NEW_PASSPHRASE", "x").arg("passwd"),
    );
    env.fails_with(2, env.cmd().env("VAULT_NEW_PASSPHRASE", "").arg("passwd"));

    let env = TestEnv::new();
    let stderr = env.fails_with(2, env.cmd().env("VAULT_NEW_PASSPHRASE", "x").arg("passwd"));
    assert!(stderr.contains("identity file") && stderr.contains("rotate-key"), "{stderr}");
}

/// How many collections the crash tests re-seal.
const COLLECTIONS: usize = 2_000;
/// How many times each crash test kills vault.
const KILLS: usize = 20;

/// The value of collection `i`'s one secret, `K{i}`; lengths vary.
fn value_of(i: usize) -> String {
    format!("value-{i}-{}", "x".repeat(i % 37))
}

/// Fills the vault with [`COLLECTIONS`] collections through vault's own library: the
/// code `vault create` runs (seal, then insert), in one transaction that takes well
/// under a second, where 2,000 `vault create` processes take about 15 s of a debug build
/// on two cores.
fn fill_many(env: &TestEnv) {
    use vault::model::{Kind, Secret, SecretType, Summary};
    let location = vault::store::Location::parse(&env.vault).unwrap();
    let mut store = vault::store::Store::open(&location).unwrap();
    let keys = store.read().unwrap().keys().unwrap();
    let sources =
        vault::keyring::KeySources { vault: &env.vault, identity_file: Some(&env.identity), agent: None };
    let keyring = vault::keyring::Keyring::unlock(&keys, &sources).unwrap().keyring;
    store
        .write(|tx| {
            for i in 0..COLLECTIONS {
                let secrets = vec![Secret::new(
                    SecretType::Env,
                    format!("K{i}"),
                    Kind::Generic,
                    value_of(i).into_bytes(),
                )?];
                let summary = Summary {
                    workspace: "default".into(),
                    id: format!("c{i}"),
                    name: format!("c{i}"),
                    description: String::new(),
                    created_at: 0,
                    updated_at: 0,
                    secrets: secrets.iter().map(Secret::meta).collect(),
                };
                tx.insert_collection(&summary, &keyring.seal(&summary, 1, &secrets)?)?;
            }
            Ok(())
        })
        .unwrap();
}

/// Whether `identity` unlocks the vault: exit 0 or exit 5, nothing else.
fn opens_with(env: &TestEnv, identity: &Path) -> bool {
    let out = as_identity(env, identity).args(["get", "c0", "K0"]).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 5)), "{}", String::from_utf8_lossy(&out.stderr));
    out.status.success()
}

/// Asserts that all [`COLLECTIONS`] values open, in one `vault run` that loads them all.
fn assert_every_value_intact(env: &TestEnv, identity: &Path) {
    let mut cmd = as_identity(env, identity);
    cmd.arg("run");
    for i in 0..COLLECTIONS {
        cmd.args(["-c", &format!("c{i}")]);
    }
    let out = cmd.args(["--", "env"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let seen: BTreeMap<&str, &str> =
        std::str::from_utf8(&out.stdout).unwrap().lines().filter_map(|l| l.split_once('=')).collect();
    for i in 0..COLLECTIONS {
        assert_eq!(seen.get(format!("K{i}").as_str()), Some(&value_of(i).as_str()), "collection c{i}");
    }
}

/// Changes the vault's key [`KILLS`] + 1 times, from `keys(0)` to `keys(1)` and so on,
/// with `change(from, to)`; the first change runs whole and sets the [`KillWindow`],
/// the others are SIGKILLed at a random moment in it. After each, exactly one of the
/// two keys must open the vault (`opens`), SQLite must find the file sound, and
/// `intact` must find every value under the key that opens; and some kills must have
/// landed before a commit, some runs got past it.
fn kill_repeatedly<K: std::fmt::Debug>(
    env: &TestEnv,
    keys: impl Fn(usize) -> K,
    change: impl Fn(&K, &K) -> std::process::Command,
    opens: impl Fn(&K) -> bool,
    intact: impl Fn(&K),
) {
    let started = Instant::now();
    let out = change(&keys(0), &keys(1)).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut window = KillWindow::new(started.elapsed());
    let mut current = keys(1);
    intact(&current);
    for step in 2..KILLS + 2 {
        let next = keys(step);
        let killed = window.kill(change(&current, &next));
        assert_eq!(integrity_check(env), "ok", "step {step}");
        let (old_opens, new_opens) = (opens(&current), opens(&next));
        assert!(
            old_opens != new_opens,
            "step {step}: {current:?} opens: {old_opens}, {next:?} opens: {new_opens}"
        );
        window.record(killed, new_opens);
        if new_opens {
            current = next;
        }
        intact(&current);
    }
    window.assert_both_sides();
}

#[test]
fn rotate_key_killed_at_any_moment_leaves_the_old_key_or_the_new_one() {
    let env = TestEnv::new();
    fill_many(&env);
    kill_repeatedly(
        &env,
        |step| if step == 0 { env.identity.clone() } else { env.path(&format!("rotated-{step}.txt")) },
        |from, to| {
            let mut cmd = env.std_cmd();
            cmd.env("VAULT_IDENTITY_FILE", from).arg("rotate-key").arg("--identity-file").arg(to);
            cmd
        },
        // A killed rotation may leave its new identity file behind, unused.
        |identity| identity.exists() && opens_with(&env, identity),
        |identity| assert_every_value_intact(&env, identity),
    );
}

#[test]
fn passwd_killed_at_any_moment_leaves_the_old_passphrase_or_the_new_one() {
    let env = TestEnv::with_passphrase();
    fill(&env);
    let before = values(&|| env.cmd());
    let with = |passphrase: &str| {
        let mut cmd = env.cmd();
        cmd.env("VAULT_PASSPHRASE", passphrase);
        cmd
    };
    kill_repeatedly(
        &env,
        |step| if step == 0 { PASSPHRASE.to_owned() } else { format!("passphrase {step}") },
        |from, to| {
            let mut cmd = env.std_cmd();
            cmd.env("VAULT_PASSPHRASE", from).env("VAULT_NEW_PASSPHRASE", to).arg("passwd");
            cmd
        },
        |passphrase| {
            let out = with(passphrase).args(["get", "app", "API_KEY"]).output().unwrap();
            assert!(matches!(out.status.code(), Some(0 | 5)), "{}", String::from_utf8_lossy(&out.stderr));
            out.status.success()
        },
        |passphrase| assert_eq!(values(&|| with(passphrase)), before),
    );
}

#[test]
fn key_changes_re_seal_every_kept_version_and_are_audited() {
    let env = TestEnv::with_passphrase();
    fill(&env);
    let (_, reader) = new_identity(&env, "reader.txt");
    env.ok(&["recipients", "add", &reader]);
    env.ok(&["recipients", "remove", &reader]);
    env.ok(&["rotate-key"]);
    env.cmd().env("VAULT_NEW_PASSPHRASE", "another passphrase").arg("passwd").assert().success();

    // Version 1 of `app` was sealed under the first data key; two new ones later it
    // still opens, with its own values.
    let mut cmd = env.cmd();
    let out =
        cmd.env("VAULT_PASSPHRASE", "another passphrase").args(["get", "app", "API_KEY", "--version", "1"]);
    assert_eq!(out.output().unwrap().stdout, b"first-value");

    let audit = env.json(&["audit"]);
    let commands: Vec<&str> =
        audit.as_array().unwrap().iter().map(|r| r["command"].as_str().unwrap()).collect();
    let key_commands: Vec<&str> = commands
        .iter()
        .copied()
        .filter(|c| c.starts_with("recipients") || c.ends_with("-key") || *c == "passwd")
        .collect();
    assert_eq!(key_commands, ["recipients add", "recipients remove", "rotate-key", "passwd"]);
    env.ok(&["audit", "--verify"]);
}

#[test]
fn a_reader_carries_the_label_it_was_added_with() {
    let owner = TestEnv::new();
    let (_, alice) = new_identity(&owner, "alice.txt");
    let (_, bob) = new_identity(&owner, "bob.txt");
    owner.ok(&["recipients", "add", &alice, "--label", "alice (laptop)"]);
    owner.ok(&["recipients", "add", &bob]);
    let listed = owner.json(&["recipients", "list"]);
    let labels: Vec<_> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["recipient"].as_str().unwrap(), r["label"].clone()))
        .collect();
    assert_eq!(labels[1], (alice.as_str(), serde_json::json!("alice (laptop)")));
    assert_eq!(labels[2], (bob.as_str(), serde_json::Value::Null));
    let table = String::from_utf8(owner.ok(&["recipients", "list"])).unwrap();
    let line = table.lines().find(|line| line.contains(&alice)).unwrap();
    assert!(line.contains("alice (laptop)"), "{table}");
    // A label is checked like a name, before anything is unlocked or written.
    let (_, carol) = new_identity(&owner, "carol.txt");
    let stderr = owner.fails(2, &["recipients", "add", &carol, "--label", "a\nb"]);
    assert!(stderr.contains("--label"), "{stderr}");
    assert_eq!(owner.json(&["recipients", "list"]).as_array().unwrap().len(), 3);
}

#[test]
fn ssh_keys_are_refused_with_how_to_convert_them() {
    let env = TestEnv::new();
    let stderr = env.fails(
        2,
        &[
            "recipients",
            "add",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHXmg5b0v8Vpqdo9nB9mBQdrCyl3B5u4aC0fK2Kq8Vb0 me@host",
        ],
    );
    assert!(stderr.contains("ssh-to-age -i ~/.ssh/id_ed25519.pub"), "{stderr}");
    std::fs::write(
        env.path("id_ed25519"),
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
    )
    .unwrap();
    std::fs::set_permissions(env.path("id_ed25519"), std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .unwrap();
    env.ok(&["create", "app", "--env", "A=1"]);
    let stderr = env.fails_with(5, as_identity(&env, &env.path("id_ed25519")).args(["get", "app", "A"]));
    assert!(
        stderr.contains("is an ssh private key") && stderr.contains("ssh-to-age -private-key"),
        "{stderr}"
    );
    assert!(!stderr.contains("b3BlbnNz"), "the key is never shown: {stderr}");
}
