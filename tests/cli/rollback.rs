//! A file writer without keys puts back an older state of the same vault: one
//! collection's sealed version from a backup, or the whole backup file. Everything put
//! back is genuine, so only what this machine has already seen can tell: exit 6 naming
//! what went back (125 for `vault run`, which fails before its command), until the user
//! accepts the state with `vault audit --accept-state`. Also: another vault swapped in
//! at a pinned path, and pins of many vaults written at once.

use std::path::{Path, PathBuf};

use crate::support::{TestEnv, side_file};

const OLD: &str = "leaked-api-key";
const ROTATED: &str = "rotated-api-key";

/// A vault whose `app` holds the rotated key, and a backup taken while it held the
/// leaked one; this machine has seen the rotated version.
fn rotated_with_backup() -> (TestEnv, PathBuf) {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", &format!("API_KEY={OLD}")]);
    env.ok(&["create", "db", "--env", "PASSWORD=db-secret"]);
    let backup = env.path("backup.db");
    copy_vault(&env.vault, &backup);
    env.ok(&["update", "app", "--env", &format!("API_KEY={ROTATED}")]);
    assert_eq!(env.ok(&["get", "app", "API_KEY"]), ROTATED.as_bytes());
    (env, backup)
}

/// Copies a vault file with everything committed in it (its `-wal` checkpointed first).
fn copy_vault(from: &Path, to: &Path) {
    rusqlite::Connection::open(from).unwrap().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    std::fs::copy(from, to).unwrap();
}

/// Puts back the older sealed blob, version and metadata rows of `app`, copied with SQL
/// from `backup`; the audit log is left as it is.
fn put_back_app_rows(env: &TestEnv, backup: &Path) {
    env.tamper(&format!(
        "ATTACH '{}' AS old;
         UPDATE collections SET version = (SELECT version FROM old.collections WHERE cid = 'app'),
                                sealed = (SELECT sealed FROM old.collections WHERE cid = 'app'),
                                updated_at = (SELECT updated_at FROM old.collections WHERE cid = 'app')
             WHERE cid = 'app';
         DELETE FROM secrets WHERE collection_id = (SELECT id FROM collections WHERE cid = 'app');
         INSERT INTO secrets SELECT * FROM old.secrets
             WHERE collection_id = (SELECT id FROM old.collections WHERE cid = 'app');
         DELETE FROM version_secrets WHERE collection_id = (SELECT id FROM collections WHERE cid = 'app');
         DELETE FROM versions WHERE collection_id = (SELECT id FROM collections WHERE cid = 'app');
         INSERT INTO versions SELECT * FROM old.versions
             WHERE collection_id = (SELECT id FROM old.collections WHERE cid = 'app');",
        backup.display()
    ));
}

/// Every way to hand out `app`'s values is refused, naming `what`, and says how to accept.
fn refused(env: &TestEnv, what: &str) {
    for args in [&["get", "app", "--reveal"][..], &["get", "app", "API_KEY"], &["export", "app"]] {
        let stderr = env.fails_silently(6, args);
        assert!(stderr.contains(what), "{args:?}: {stderr}");
        assert!(stderr.contains("vault audit --accept-state"), "{args:?}: {stderr}");
        assert!(!stderr.contains(OLD), "{args:?} leaked a value: {stderr}");
    }
    let stderr = env.fails_silently(125, &["run", "-c", "app", "--", "sh", "-c", "echo \"$API_KEY\""]);
    assert!(stderr.contains(what), "run: {stderr}");
    let stderr = env.fails(6, &["audit", "--verify"]);
    assert!(stderr.contains("went back") || stderr.contains("older version"), "{stderr}");
    // Nor can a change be built on the state put back.
    env.fails(6, &["update", "app", "--env", "MORE=1"]);
}

/// After a deliberate restore, accepting the state lets the vault be used as it is.
fn accepted(env: &TestEnv) {
    env.ok(&["audit", "--accept-state"]);
    assert_eq!(env.ok(&["get", "app", "API_KEY"]), OLD.as_bytes());
    env.ok(&["run", "-c", "app", "--", "true"]);
    // The log still records the newer version until the next change writes one past it.
    env.ok(&["update", "app", "--env", &format!("API_KEY={ROTATED}")]);
    env.ok(&["audit", "--verify"]);
}

#[test]
fn one_collection_put_back_from_a_backup_is_refused_until_accepted() {
    let (env, backup) = rotated_with_backup();
    put_back_app_rows(&env, &backup);
    refused(&env, "collection 'default/app' went back to version 1");
    // The other collection is untouched and still served.
    assert_eq!(env.ok(&["get", "db", "PASSWORD"]), b"db-secret");

    // A machine that never saw version 2 is served the old key (nothing to compare
    // with), but the audit log still says version 2 was written.
    let fresh =
        env.cmd().env("XDG_DATA_HOME", env.path("fresh-machine")).args(["audit", "--verify"]).output();
    let fresh = fresh.unwrap();
    assert_eq!(fresh.status.code(), Some(6), "{}", String::from_utf8_lossy(&fresh.stderr));
    assert!(String::from_utf8_lossy(&fresh.stderr).contains("'default/app' is at version 1"));
    accepted(&env);
}

#[test]
fn the_whole_file_put_back_from_a_backup_is_refused_until_accepted() {
    let (env, backup) = rotated_with_backup();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(side_file(&env.vault, suffix));
    }
    std::fs::copy(&backup, &env.vault).unwrap();
    refused(&env, "the audit log is shorter than seen");
    accepted(&env);
}

/// Puts a copy of the whole vault file back in place.
fn put_back(env: &TestEnv, copy: &Path) {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(side_file(&env.vault, suffix));
    }
    std::fs::copy(copy, &env.vault).unwrap();
}

/// Another member's machine on the same vault: the same identity, its own data
/// directory, so its own seen state.
struct Machine<'a> {
    env: &'a TestEnv,
    data: PathBuf,
}

impl<'a> Machine<'a> {
    fn new(env: &'a TestEnv, name: &str) -> Self {
        Machine { env, data: env.path(name) }
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        self.env.cmd().env("XDG_DATA_HOME", &self.data).args(args).output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> Vec<u8> {
        let out = self.run(args);
        assert!(out.status.success(), "vault {args:?} on {}: {}", self.data.display(), stderr(&out));
        out.stdout
    }

    /// Exit `code`, nothing on stdout; returns stderr.
    fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(code), "vault {args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "vault {args:?} printed: {}", String::from_utf8_lossy(&out.stdout));
        stderr(&out)
    }
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_collection_deleted_and_created_again_on_another_machine_is_no_rollback() {
    // Machine A is `env`; B has seen `app` at version 3 and `w/x` at version 2.
    let (a, _) = rotated_with_backup();
    a.ok(&["update", "app", "--env", "MORE=1"]);
    a.ok(&["workspace", "create", "w"]);
    a.ok(&["-w", "w", "create", "x", "--env", "A=1"]);
    a.ok(&["-w", "w", "update", "x", "--env", "A=2"]);
    let b = Machine::new(&a, "machine-b");
    assert_eq!(b.ok(&["get", "app", "API_KEY"]), ROTATED.as_bytes());
    assert_eq!(b.ok(&["get", "w/x", "A"]), b"2");

    // B reads the collection itself first.
    a.ok(&["workspace", "delete", "w", "--yes"]);
    a.ok(&["workspace", "create", "w"]);
    a.ok(&["-w", "w", "create", "x", "--env", "A=fresh"]);
    assert_eq!(b.ok(&["get", "w/x", "A"]), b"fresh");

    // B first reads something else, past the delete, then the collection.
    a.ok(&["delete", "app", "--yes"]);
    a.ok(&["create", "app", "--env", "API_KEY=recreated"]);
    assert_eq!(b.ok(&["get", "db", "PASSWORD"]), b"db-secret");
    assert_eq!(b.ok(&["get", "app", "API_KEY"]), b"recreated");

    // B first changes something else, past the delete, then reads the collection.
    a.ok(&["update", "app", "--env", "API_KEY=recreated-2"]);
    assert_eq!(b.ok(&["get", "app", "API_KEY"]), b"recreated-2");
    a.ok(&["delete", "app", "--yes"]);
    a.ok(&["create", "app", "--env", "API_KEY=recreated"]);
    b.ok(&["update", "db", "--env", "MORE=1"]);
    assert_eq!(b.ok(&["get", "app", "API_KEY"]), b"recreated");
    assert!(String::from_utf8(b.ok(&["export", "app"])).unwrap().contains("recreated"));
    b.ok(&["run", "-c", "app", "--", "true"]);
    b.ok(&["audit", "--verify"]);

    // The recreated collection is watched again from its new versions on: put back
    // from a copy of its version 1, it is refused on B.
    let backup = a.path("recreated-v1.db");
    copy_vault(&a.vault, &backup);
    a.ok(&["update", "app", "--env", "API_KEY=recreated-2"]);
    assert_eq!(b.ok(&["get", "app", "API_KEY"]), b"recreated-2");
    put_back(&a, &backup);
    let stderr = b.fails(6, &["get", "app", "API_KEY"]);
    assert!(stderr.contains("the audit log is shorter than seen"), "{stderr}");
}

#[test]
fn a_collection_put_back_while_another_machine_changed_others_is_refused() {
    // B has seen `app` at version 2; A changes another collection; someone puts back
    // `app`'s version 1 rows: the log grew past what B saw, but holds no delete of `app`.
    let (a, backup) = rotated_with_backup();
    let b = Machine::new(&a, "machine-b");
    assert_eq!(b.ok(&["get", "app", "API_KEY"]), ROTATED.as_bytes());
    a.ok(&["update", "db", "--env", "MORE=1"]);
    a.ok(&["delete", "db", "--yes"]);
    put_back_app_rows(&a, &backup);
    let stderr = b.fails(6, &["get", "app", "API_KEY"]);
    assert!(stderr.contains("collection 'default/app' went back to version 1"), "{stderr}");
    assert!(!stderr.contains(OLD), "{stderr}");
}

#[test]
fn a_collection_deleted_and_created_again_here_is_no_rollback() {
    let (env, _) = rotated_with_backup();
    env.ok(&["delete", "app", "--yes"]);
    env.ok(&["create", "app", "--env", "API_KEY=new"]);
    assert_eq!(env.ok(&["get", "app", "API_KEY"]), b"new");
    env.ok(&["workspace", "create", "w"]);
    env.ok(&["-w", "w", "create", "x", "--env", "A=1"]);
    env.ok(&["-w", "w", "update", "x", "--env", "A=2"]);
    env.ok(&["workspace", "delete", "w", "--yes"]);
    env.ok(&["workspace", "create", "w"]);
    env.ok(&["-w", "w", "create", "x", "--env", "A=3"]);
    assert_eq!(env.ok(&["get", "w/x", "A"]), b"3");
}

#[test]
fn another_vault_of_the_same_owner_swapped_in_is_refused_naming_both() {
    // One identity for several vaults, as README's "once per machine" setup has it.
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "API_KEY=prod-key"]);
    let staging = env.path("staging.db");
    let staging_arg = staging.to_str().unwrap();
    env.ok(&["--vault", staging_arg, "init", "--identity-file", env.identity.to_str().unwrap()]);
    env.ok(&["--vault", staging_arg, "create", "app", "--env", "API_KEY=staging-key"]);
    let id = |path: &Path| -> String {
        rusqlite::Connection::open(path)
            .unwrap()
            .query_row("SELECT vault_id FROM vault", [], |r| r.get(0))
            .unwrap()
    };
    let (prod_id, staging_id) = (id(&env.vault), id(&staging));

    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(side_file(&env.vault, suffix));
    }
    copy_vault(&staging, &env.vault);
    let stderr = env.fails_silently(6, &["get", "app", "API_KEY"]);
    assert!(stderr.contains(&prod_id) && stderr.contains(&staging_id), "{stderr}");
    assert!(stderr.contains("audit --accept-state"), "{stderr}");
    env.fails_silently(125, &["run", "-c", "app", "--", "true"]);

    env.ok(&["audit", "--accept-state"]);
    assert_eq!(env.ok(&["get", "app", "API_KEY"]), b"staging-key");
}

#[test]
fn thirty_vaults_first_used_at_once_are_all_pinned() {
    let env = TestEnv::new();
    let elsewhere = env.path("other-machine");
    let vaults: Vec<PathBuf> = (0..30).map(|i| env.path(&format!("vaults/v{i}.db"))).collect();
    for vault in &vaults {
        // Made on another machine: this one has pinned none of them.
        let mut cmd = env.cmd();
        cmd.env("XDG_DATA_HOME", &elsewhere).env("VAULT_PATH", vault);
        let out = cmd.args(["init", "--identity-file", env.identity.to_str().unwrap()]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let children: Vec<_> = vaults
        .iter()
        .map(|vault| {
            let mut cmd = env.std_cmd();
            cmd.env("VAULT_PATH", vault).args(["create", "app", "--env", "A=1"]);
            cmd.spawn().unwrap()
        })
        .collect();
    for child in children {
        assert!(child.wait_with_output().unwrap().status.success());
    }
    let pins = std::fs::read_to_string(env.path("xdg-data/vault/known-owners")).unwrap();
    for vault in &vaults {
        let vault = std::fs::canonicalize(vault).unwrap();
        let line = format!(" {}\n", vault.display());
        assert!(pins.contains(&line), "{} not pinned:\n{pins}", vault.display());
    }
    let leftovers: Vec<_> = std::fs::read_dir(env.path("xdg-data/vault"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
