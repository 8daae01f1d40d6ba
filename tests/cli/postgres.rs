//! A team vault on PostgreSQL: a real server started by the tests (see
//! `support::PgServer`), the same end-to-end encryption, moving whole vaults between
//! files and the server, rollback detection, member roles, TLS, libpq's ways of
//! giving a password (`~/.pgpass`, `PGPASSWORD`, the URL) and its `PG*` variables.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;

use assert_cmd::Command;

use crate::support::{PASSWORD_GROUP, TLS_GROUP, TestEnv, contains, pg_server, public_key};

/// The roles recipe of the README, for `schema`, with role names of its own.
fn roles_recipe(schema: &str) -> String {
    include_str!("../../docs/postgres-roles.sql")
        .replace("SCHEMA vault", &format!("SCHEMA {schema}"))
        .replace("vault.", &format!("{schema}."))
        .replace("vault_runner", &format!("{schema}_runner"))
        .replace("vault_editor", &format!("{schema}_editor"))
}

/// A login role `name` in `group` (`runner` or `editor`) of the vault in `env`, and
/// the vault's location as that role.
fn member(env: &TestEnv, name: &str, group: &str) -> String {
    let server = pg_server().unwrap();
    let schema = env.schema();
    let role = format!("{schema}_{name}");
    server.psql(&format!("CREATE ROLE {role} LOGIN IN ROLE {schema}_{group}"));
    server.location(&role, &schema)
}

#[test]
fn init_creates_a_vault_per_schema_and_refuses_a_second_in_the_same_one() {
    let Some(env) = TestEnv::on_postgres() else { return };
    env.ok(&["create", "app", "--env", "A=1"]);
    let stderr = env.fails(4, &["init", "--identity-file", env.identity.to_str().unwrap()]);
    assert!(stderr.contains("already exists"), "{stderr}");
    // A second vault in the same database, in a schema of its own.
    let other = TestEnv::on_postgres().unwrap();
    other.ok(&["create", "app", "--env", "A=2"]);
    assert_eq!(env.text_values("app"), [("A".to_owned(), "1".to_owned())]);
    assert_eq!(other.text_values("app"), [("A".to_owned(), "2".to_owned())]);
    // The location is shown without what the URL does not need, and never a password.
    let with_password = env.vault.to_str().unwrap().replace("postgres@", "postgres:hunter2@");
    let out = env.cmd_at(&with_password).args(["list", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let init =
        env.cmd_at(&with_password).args(["init", "--identity-file"]).arg(&env.identity).output().unwrap();
    let stderr = String::from_utf8_lossy(&init.stderr);
    assert_eq!(init.status.code(), Some(4), "{stderr}");
    assert!(!stderr.contains("hunter2") && stderr.contains("schema="), "{stderr}");
    // A refused init makes no identity file.
    let fresh = env.path("fresh-identity.txt");
    let out = env.cmd().args(["init", "--identity-file"]).arg(&fresh).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(!fresh.exists());
}

/// A PostgreSQL location is taken wherever a location is: `--vault`, `VAULT_PATH`
/// (every other test) and the user config's `vault`.
#[test]
fn the_flag_and_the_user_config_take_a_postgresql_location() {
    let Some(env) = TestEnv::on_postgres() else { return };
    env.ok(&["create", "app", "--env", "A=1"]);
    let location = env.vault.to_str().unwrap();
    let by_flag = env.cmd().env_remove("VAULT_PATH").args(["--vault", location, "get", "app", "A"]).output();
    let by_flag = by_flag.unwrap();
    assert_eq!(by_flag.stdout, b"1", "{}", String::from_utf8_lossy(&by_flag.stderr));
    let config = env.path("config/vault");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), format!("vault = {:?}\n", location)).unwrap();
    let by_config = env.cmd().env_remove("VAULT_PATH").args(["get", "app", "A"]).output().unwrap();
    assert_eq!(by_config.stdout, b"1", "{}", String::from_utf8_lossy(&by_config.stderr));
}

#[test]
fn a_schema_newer_than_this_build_is_refused_untouched() {
    let Some(env) = TestEnv::on_postgres() else { return };
    let server = pg_server().unwrap();
    server.psql(&format!("UPDATE {}.vault_schema SET version = 99", env.schema()));
    let stderr = env.fails(1, &["list"]);
    assert!(stderr.contains("schema version 99"), "{stderr}");
    assert_eq!(server.psql(&format!("SELECT version FROM {}.vault_schema", env.schema())).trim(), "99");
}

#[test]
fn a_vault_moves_to_the_server_and_back_byte_for_byte() {
    let env = TestEnv::on_file();
    let Some(server) = pg_server() else { return };
    env.ok(&["create", "app", "--env", "A=1", "--env", "B=two"]);
    env.ok(&["update", "app", "--env", "A=2"]);
    env.ok(&["update", "app", "--unset", "B"]);
    env.ok(&["workspace", "create", "ops"]);
    env.ok(&["create", "ops/db", "--env", "URL=postgres://x"]);
    // A reader with a home of its own, who vouches for the owner key once: its machine
    // pins that key and the vault id.
    let reader = TestEnv::new();
    env.ok(&["recipients", "add", &public_key(&reader.identity), "--label", "reader"]);
    let owner = public_key(&env.identity);
    let read =
        |location: &str| reader.cmd_at(location).args(["get", "app", "--reveal", "--json"]).output().unwrap();
    let mut vouched = reader.cmd_at(env.vault.to_str().unwrap());
    let pinned =
        vouched.env("VAULT_OWNER", &owner).args(["get", "app", "--reveal", "--json"]).output().unwrap();
    assert!(pinned.status.success(), "{}", String::from_utf8_lossy(&pinned.stderr));
    let pins = reader.path("xdg-data/vault/known-owners");
    let pin = std::fs::read_to_string(&pins).unwrap();
    assert!(pin.contains(&owner), "{pin}");
    env.ok(&["get", "app", "--reveal"]);
    let location = server.fresh_location("postgres");
    env.ok(&["copy", "--to", &location]);
    let back = env.path("back.db");
    let out = env.cmd_at(&location).args(["copy", "--to"]).arg(&back).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // Every stored row is the same, sealed blobs and the audit chain included.
    let dump = |path: &std::path::Path| {
        let db = rusqlite::Connection::open(path).unwrap();
        let mut rows = Vec::new();
        for (table, order) in [
            ("vault", "1"),
            ("recipients", "recipient"),
            ("workspaces", "name"),
            ("collections", "cid"),
            ("secrets", "collection_id, position"),
            ("versions", "collection_id, version"),
            ("version_secrets", "collection_id, version, position"),
            ("audit", "seq"),
        ] {
            let mut stmt = db.prepare(&format!("SELECT * FROM {table} ORDER BY {order}")).unwrap();
            let columns = stmt.column_count();
            let mut query = stmt.query([]).unwrap();
            while let Some(row) = query.next().unwrap() {
                let values: Vec<rusqlite::types::Value> = (0..columns).map(|i| row.get(i).unwrap()).collect();
                rows.push(format!("{table}: {values:?}"));
            }
        }
        rows
    };
    assert_eq!(dump(&env.vault), dump(&back));
    // The copies open with the same identity: the pinned owner key and vault id match.
    let vault_back = back.to_str().unwrap();
    for location in [location.as_str(), vault_back] {
        let out = env.cmd_at(location).args(["get", "app", "--reveal", "--json"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && !stderr.contains("warning"), "{location}: {stderr}");
        let verify = env.cmd_at(location).args(["audit", "--verify"]).output().unwrap();
        assert!(verify.status.success(), "{location}: {}", String::from_utf8_lossy(&verify.stderr));
        let history = env.cmd_at(location).args(["history", "app", "--json"]).output().unwrap();
        assert_eq!(history.stdout, env.ok(&["history", "app", "--json"]));
        // The reader's pin matches the copy as it is: no owner to vouch for, no note.
        let out = read(location);
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{location}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout, pinned.stdout, "{location}");
        assert_eq!(std::fs::read_to_string(&pins).unwrap(), pin, "{location}: the reader's pins changed");
    }
    // Only into an empty location.
    let again = env.cmd_at(&location).args(["copy", "--to"]).arg(&back).output().unwrap();
    assert_eq!(again.status.code(), Some(4));
    let onto = env.cmd().args(["copy", "--to", &location]).output().unwrap();
    assert_eq!(onto.status.code(), Some(4));
}

#[test]
fn a_restored_older_dump_is_refused_until_accepted() {
    let Some(env) = TestEnv::on_postgres() else { return };
    let server = pg_server().unwrap();
    env.ok(&["create", "app", "--env", "TOKEN=old"]);
    env.ok(&["get", "app", "--reveal"]);
    let dump = server.dump(&env.schema());
    env.ok(&["update", "app", "--env", "TOKEN=new"]);
    env.ok(&["get", "app", "--reveal"]);
    server.restore(&dump);
    let stderr = env.fails(6, &["get", "app", "--reveal"]);
    assert!(stderr.contains("older state") && stderr.contains("vault audit --accept-state"), "{stderr}");
    // `vault run` fails before its command starts: 125, with the same words.
    let stderr = env.fails(125, &["run", "-c", "app", "--", "true"]);
    assert!(stderr.contains("older state"), "{stderr}");
    env.ok(&["audit", "--accept-state"]);
    assert_eq!(env.text_values("app"), [("TOKEN".to_owned(), "old".to_owned())]);

    // A dump that drops only reveal records (the same values and versions) is an older
    // state too: every read on a server records the chain it saw.
    let dump = server.dump(&env.schema());
    env.ok(&["run", "-c", "app", "--", "true"]);
    env.ok(&["get", "app", "--reveal"]);
    server.restore(&dump);
    let stderr = env.fails(6, &["get", "app", "--reveal"]);
    assert!(stderr.contains("the audit log is shorter than seen"), "{stderr}");
}

#[test]
fn a_runner_reads_and_records_but_cannot_change_and_an_editor_cannot_change_keys() {
    let Some(env) = TestEnv::on_postgres() else { return };
    let server = pg_server().unwrap();
    let schema = env.schema();
    env.ok(&["create", "app", "--env", "A=1"]);
    server.psql(&roles_recipe(&schema));
    let runner = member(&env, "ci", "runner");
    let editor = member(&env, "dev", "editor");
    let refused = |location: &str, args: &[&str], privilege: &str| {
        let out = env.cmd_at(location).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        let lacks = format!("lacks the {privilege} privilege");
        assert!(stderr.contains(&lacks) && stderr.contains("nothing was changed"), "{args:?}: {stderr}");
    };

    // The runner's run reads the value and records the reveal: the vault changes.
    let before = server.contents(&schema);
    let out =
        env.cmd_at(&runner).args(["run", "-c", "app", "--", "sh", "-c", "test \"$A\" = 1"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let recorded = server.contents(&schema);
    assert_ne!(before, recorded, "the runner's reveal was not recorded");
    // What it may not do changes nothing at all, row for row.
    for (args, privilege) in [
        (&["create", "other", "--env", "B=2"][..], "INSERT"),
        (&["update", "app", "--env", "A=9"], "UPDATE"),
        (&["delete", "app", "--yes"], "DELETE"),
        (&["workspace", "create", "ops"], "INSERT"),
    ] {
        refused(&runner, args, privilege);
        assert!(server.contents(&schema) == recorded, "{args:?} by the runner changed the vault");
    }
    assert_eq!(env.text_values("app"), [("A".to_owned(), "1".to_owned())]);

    // The editor changes collections but not the keys, and a refused key change also
    // changes nothing.
    let out = env.cmd_at(&editor).args(["update", "app", "--env", "A=2"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let updated = server.contents(&schema);
    assert_ne!(updated, recorded, "the editor's update changed nothing");
    let new_identity = env.path("new-identity.txt");
    refused(&editor, &["rotate-key", "--identity-file", new_identity.to_str().unwrap()], "UPDATE");
    assert!(server.contents(&schema) == updated, "rotate-key by the editor changed the vault");
    env.ok(&["audit", "--verify"]);
}

#[test]
fn the_database_superuser_sees_no_value() {
    let Some(env) = TestEnv::on_postgres() else { return };
    let server = pg_server().unwrap();
    let schema = env.schema();
    let canary = "canary-7f3a9c1e-value";
    env.ok(&["create", "app", "--env", &format!("SECRET={canary}")]);
    env.ok(&["update", "app", "--env", "OTHER=x"]);
    // Plain pg_dump prints bytea in hex: the value is looked for there as text and as
    // hex, and as text in a second dump that prints bytea as text.
    let hex: String = canary.bytes().map(|b| format!("{b:02x}")).collect();
    let found = || {
        let (dump, as_text) = (server.dump(&schema), server.dump_bytea_as_text(&schema));
        assert!(contains(&dump, b"SECRET") && contains(&as_text, b"SECRET"), "the dumps hold the vault");
        [
            contains(&dump, canary.as_bytes()) || contains(&dump, hex.as_bytes()),
            contains(&as_text, canary.as_bytes()),
        ]
    };
    assert_eq!(found(), [false, false], "the value is in the server's dump (hex dump, text dump)");
    // Both searches find the value once a blob in this schema holds it in the clear.
    server.psql(&format!(
        "CREATE TABLE {schema}.clear_blob (sealed bytea); \
         INSERT INTO {schema}.clear_blob VALUES (convert_to('{canary}', 'UTF8'))"
    ));
    assert_eq!(found(), [true, true], "a value stored in the clear is not found (hex dump, text dump)");
}

#[test]
fn tampering_on_the_server_is_detected() {
    let Some(env) = TestEnv::on_postgres() else { return };
    let server = pg_server().unwrap();
    let schema = env.schema();
    env.ok(&["create", "a", "--env", "A=1"]);
    env.ok(&["create", "b", "--env", "B=2"]);
    env.ok(&["update", "a", "--env", "A=3"]);
    let cases = [
        (
            "swapped blobs",
            format!(
                "UPDATE {schema}.collections SET sealed = (SELECT sealed FROM {schema}.collections WHERE cid = 'b') WHERE cid = 'a'"
            ),
            &["get", "a", "--reveal"][..],
        ),
        (
            "edited metadata",
            format!("UPDATE {schema}.secrets SET size = size + 1"),
            &["get", "a", "--reveal"][..],
        ),
        (
            "a kept version as the current one",
            format!(
                "UPDATE {schema}.collections SET sealed = (SELECT sealed FROM {schema}.versions WHERE sealed IS NOT NULL LIMIT 1) WHERE cid = 'a'"
            ),
            &["get", "a", "--reveal"][..],
        ),
        (
            "a truncated audit log",
            format!("DELETE FROM {schema}.audit WHERE seq = (SELECT max(seq) FROM {schema}.audit)"),
            &["audit", "--verify"][..],
        ),
        (
            "an edited audit record",
            format!("UPDATE {schema}.audit SET outcome = 'nothing' WHERE seq = 2"),
            &["audit", "--verify"][..],
        ),
        // The server can change the tables themselves: a NULL where vault never writes
        // one, or a column of another type, is refused as tampering, not a crash.
        (
            "a NULL name",
            format!(
                "ALTER TABLE {schema}.collections ALTER COLUMN name DROP NOT NULL; UPDATE {schema}.collections SET name = NULL"
            ),
            &["list"][..],
        ),
        (
            "a column of another type",
            format!("ALTER TABLE {schema}.vault ALTER COLUMN audit_count TYPE text"),
            &["get", "a", "--reveal"][..],
        ),
    ];
    for (what, sql, args) in cases {
        let dump = server.dump(&schema);
        server.psql(&sql);
        let out = env.run(args);
        assert_eq!(out.status.code(), Some(6), "{what}: {}", String::from_utf8_lossy(&out.stderr));
        server.restore(&dump);
    }
}

/// rustls' refusal of a certificate that does not carry the host name asked for.
const WRONG_NAME: &str = "certificate not valid for name \"127.0.0.1\"";
/// rustls' refusal of a certificate no root certificate given vouches for.
const UNKNOWN_ISSUER: &str = "invalid peer certificate: UnknownIssuer";

#[test]
fn tls_verify_full_connects_to_the_right_host_only() {
    let Some(env) = TestEnv::on_postgres() else { return };
    let server = pg_server().unwrap();
    let schema = env.schema();
    let over_tls = |host: &str, ca: &std::path::Path| {
        format!(
            "postgres://postgres@{host}:{}/postgres?schema={schema}&sslmode=verify-full&sslrootcert={}",
            server.port,
            ca.display()
        )
    };
    let out = env.cmd_at(&over_tls("localhost", &server.ca)).args(["list"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // A name the certificate does not carry, and a CA that signed nothing of it: each
    // refused for its own reason, in rustls' words.
    for (location, cause) in [
        (over_tls("127.0.0.1", &server.ca), WRONG_NAME),
        (over_tls("localhost", &server.other_ca), UNKNOWN_ISSUER),
    ] {
        let out = env.cmd_at(&location).args(["list"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{location}: {stderr}");
        assert!(stderr.contains(cause), "{location}: {stderr}");
    }
    // TCP to another machine without TLS is refused before connecting.
    let plain = format!("postgres://postgres@db.example:5432/postgres?schema={schema}&sslmode=disable");
    let out = env.cmd_at(&plain).args(["list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

/// `out`, the update of `app` from `A=1` that a test cut off, exited 1 saying `why`
/// and that nothing was changed; and nothing was: the value and the chain are intact.
fn assert_changed_nothing(env: &TestEnv, out: &std::process::Output, why: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(why) && stderr.contains("nothing was changed"), "{stderr}");
    assert_eq!(env.text_values("app"), [("A".to_owned(), "1".to_owned())]);
    env.ok(&["audit", "--verify"]);
}

/// Waits until `rows` (a `FROM …` clause on the server) counts one row, while `writer`,
/// if any, is still running: the moment a test cuts a connection at.
fn wait_for_one(rows: &str, mut writer: Option<&mut std::process::Child>, what: &str) {
    let server = pg_server().unwrap();
    let mut tries = 0;
    while server.psql(&format!("SELECT count(*) {rows}")).trim() != "1" {
        tries += 1;
        assert!(tries < 600, "timed out waiting for {what}");
        if let Some(writer) = writer.as_mut() {
            assert!(writer.try_wait().unwrap().is_none(), "vault's write ended before {what}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Another member's write holding a vault's lock (a transaction that sleeps holding
/// it), from the moment it is held until dropped.
struct HeldLock {
    psql: std::process::Child,
    /// Ends the holder's transaction on the server.
    end: String,
}

impl HeldLock {
    fn new(schema: &str) -> HeldLock {
        let server = pg_server().unwrap();
        let psql = server.psql_in_background(&format!(
            "BEGIN; SELECT 1 FROM {schema}.vault FOR UPDATE; SELECT pg_sleep(3600); COMMIT;"
        ));
        let holder = format!(
            "FROM pg_stat_activity WHERE query LIKE '%{schema}.vault FOR UPDATE; SELECT pg_sleep%' AND pid <> pg_backend_pid()"
        );
        wait_for_one(
            &format!("{holder} AND wait_event = 'PgSleep'"),
            None,
            "the lock holder taking the lock",
        );
        HeldLock { psql, end: format!("SELECT pg_terminate_backend(pid) {holder}") }
    }
}

impl Drop for HeldLock {
    fn drop(&mut self) {
        pg_server().unwrap().psql(&self.end);
        let _ = self.psql.kill();
        let _ = self.psql.wait();
    }
}

#[test]
fn a_connection_lost_in_the_middle_of_a_write_changes_nothing() {
    let Some(env) = TestEnv::on_postgres() else { return };
    let server = pg_server().unwrap();
    let schema = env.schema();
    env.ok(&["create", "app", "--env", "A=1"]);
    // Another member holds the vault's write lock, so vault's write waits inside its
    // transaction (as long as it takes here), where the server then drops its connection.
    let holder = HeldLock::new(&schema);
    let mut writer = env.std_cmd();
    writer.env("VAULT_PATH", format!("{}&options=-c%20lock_timeout%3D0", env.vault.display()));
    writer.args(["update", "app", "--env", "A=2"]).stderr(std::process::Stdio::piped());
    let mut writer = writer.spawn().unwrap();
    // This test's writer only: other tests share the server, with vault connections
    // of their own waiting on their own vaults' locks.
    let blocked = format!(
        "FROM pg_stat_activity a WHERE a.application_name = 'vault' AND EXISTS (
             SELECT 1 FROM pg_stat_activity h
             WHERE h.query LIKE '%{schema}.vault FOR UPDATE%' AND h.pid = ANY(pg_blocking_pids(a.pid)))"
    );
    wait_for_one(&blocked, Some(&mut writer), "vault's write waiting for the lock");
    server.psql(&format!("SELECT pg_terminate_backend(a.pid) {blocked}"));
    let out = writer.wait_with_output().unwrap();
    drop(holder);
    assert_changed_nothing(&env, &out, "lost the connection");
}

/// A connection lost during the `COMMIT` itself: vault asks the server again, on a new
/// connection, whether its audit record is in the chain, and says that nothing was
/// changed. A deferred trigger (the server can add one) holds the commit long enough
/// to cut it.
#[test]
fn a_connection_lost_while_committing_is_checked_and_said_to_change_nothing() {
    let Some(env) = TestEnv::on_postgres() else { return };
    let server = pg_server().unwrap();
    let schema = env.schema();
    env.ok(&["create", "app", "--env", "A=1"]);
    server.psql(&format!(
        "CREATE FUNCTION {schema}.stall() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN PERFORM pg_sleep(3600); RETURN NULL; END $$;
         CREATE CONSTRAINT TRIGGER stall AFTER INSERT ON {schema}.audit
             DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {schema}.stall();"
    ));
    let mut writer = env.std_cmd();
    writer.args(["update", "app", "--env", "A=2"]).stderr(std::process::Stdio::piped());
    let mut writer = writer.spawn().unwrap();
    // This test's vault connection, asleep in its deferred trigger: in its COMMIT.
    let committing = format!(
        "FROM pg_stat_activity WHERE application_name = 'vault' AND query = 'COMMIT' AND wait_event = 'PgSleep'
         AND datname = current_database() AND pid IN (SELECT pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{schema}')"
    );
    wait_for_one(&committing, Some(&mut writer), "vault's write reaching its commit");
    server.psql(&format!("SELECT pg_terminate_backend(pid) {committing}"));
    let out = writer.wait_with_output().unwrap();
    server.psql(&format!("DROP TRIGGER stall ON {schema}.audit; DROP FUNCTION {schema}.stall()"));
    assert_changed_nothing(&env, &out, "while committing; nothing was changed");
}

/// 16 processes × 100 updates of one collection, through two database roles, against
/// one server vault: every update lands (the version counts them all, and each
/// process's last value is there), none fails, and the audit chain verifies.
#[test]
fn sixteen_writers_through_two_roles_lose_nothing() {
    let Some(env) = TestEnv::on_postgres() else { return };
    let server = pg_server().unwrap();
    env.ok(&["create", "app", "--env", "START=1"]);
    server.psql(&roles_recipe(&env.schema()));
    let roles = [member(&env, "alice", "editor"), member(&env, "bob", "editor")];
    let (processes, writes) = (16, 100);
    let children: Vec<_> = (0..processes)
        .map(|p| {
            let mut sh = env.unlocked("sh");
            sh.env("VAULT_PATH", &roles[p % 2]).args([
                "-c",
                &format!("for i in $(seq 1 {writes}); do \"$0\" -q update app --env P{p}=$i >/dev/null || exit 1; done"),
            ]);
            sh.arg(crate::support::vault_binary()).stderr(std::process::Stdio::piped());
            sh.spawn().unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        // Each role's eight processes made all their writes: both roles wrote.
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let history = env.json(&["history", "app"]);
    assert_eq!(history[0]["version"], 1 + processes * writes, "updates were lost");
    let mut expected = vec![("START".to_owned(), "1".to_owned())];
    expected.extend((0..processes).map(|p| (format!("P{p}"), writes.to_string())));
    let mut values = env.text_values("app");
    values.sort();
    expected.sort();
    assert_eq!(values, expected);
    // init, create, every update, and the reveal that read the values back.
    let verified = env.json(&["audit", "--verify"]);
    assert_eq!(verified["records"], 3 + processes * writes);
}

/// A superuser login role of its own in `group`, so that it reaches the vault in `env`
/// (made by `postgres`): what these tests look at is only how it logs in. Its name and
/// the password it has (a string found nowhere else).
fn login_role(env: &TestEnv, tag: &str, group: &str) -> (String, String) {
    let role = format!("{}_{tag}", env.schema());
    let password = format!("pw{}Qz7", role.replace('_', "x"));
    pg_server()
        .unwrap()
        .psql(&format!("CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{password}' IN ROLE {group}"));
    (role, password)
}

/// A role the server asks for a password: its name, the vault of `env` over the Unix
/// socket as that role (no password in the location), and its password.
fn password_member(env: &TestEnv) -> (String, String, String) {
    let (role, password) = login_role(env, "pw", PASSWORD_GROUP);
    let location = pg_server().unwrap().location(&role, &env.schema());
    (role, location, password)
}

/// Runs `cmd`, asserting it succeeded; what it printed, stdout then stderr.
fn succeeds(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    let printed = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{printed}");
    printed
}

/// Writes `text` to `path` (and its directory) with file mode `mode`.
fn write_with_mode(path: &Path, text: &str, mode: u32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A `.pgpass` line for the test server's port and database, as `user`.
fn pgpass_line(host: &str, user: &str, password: &str) -> String {
    format!("{host}:{}:postgres:{user}:{password}\n", pg_server().unwrap().port)
}

/// `~/.pgpass` gives the password when only its owner can read it; one others can read
/// is refused, naming the file and the fix, and `PGPASSFILE` names another file to use
/// instead. No password shows in any output.
#[test]
fn pgpass_gives_the_password_only_when_private() {
    let Some(env) = TestEnv::on_postgres() else { return };
    let (role, location, password) = password_member(&env);
    // Without a password the server turns the role away, and vault says where one goes.
    let stderr = env.fails_with(1, env.cmd_at(&location).arg("list"));
    assert!(stderr.contains("asks for a password") && stderr.contains("~/.pgpass"), "{stderr}");

    let pgpass = env.path(".pgpass");
    write_with_mode(&pgpass, &pgpass_line("localhost", &role, &password), 0o600);
    succeeds(env.cmd_at(&location).arg("list"));

    // Refused, also when an empty PGPASSFILE leaves ~/.pgpass the file to read.
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    for pgpassfile in [None, Some("")] {
        let mut cmd = env.cmd_at(&location);
        cmd.args(["list", "--json"]).envs(pgpassfile.map(|file| ("PGPASSFILE", file)));
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&pgpass.display().to_string()) && stderr.contains("chmod 600"), "{stderr}");
        assert!(!contains(&out.stdout, password.as_bytes()) && !stderr.contains(&password), "{stderr}");
    }

    // PGPASSFILE is read in its place: the readable ~/.pgpass is not even looked at.
    let elsewhere = env.path("secrets/pgpass");
    write_with_mode(&elsewhere, &pgpass_line("*", &role, &password), 0o600);
    succeeds(env.cmd_at(&location).arg("list").env("PGPASSFILE", &elsewhere));
}

/// As libpq does, a `.pgpass` line for a Unix-socket connection may name the host
/// `localhost` or the socket directory itself; a line for another host is not used.
#[test]
fn pgpass_matches_a_socket_connection_as_localhost_or_its_directory() {
    let Some(env) = TestEnv::on_postgres() else { return };
    let server = pg_server().unwrap();
    let (role, location, password) = password_member(&env);
    let pgpass = env.path(".pgpass");
    for host in ["localhost", server.socket_dir.to_str().unwrap()] {
        write_with_mode(&pgpass, &pgpass_line(host, &role, &password), 0o600);
        succeeds(env.cmd_at(&location).arg("list"));
    }
    write_with_mode(&pgpass, &pgpass_line("db.example", &role, &password), 0o600);
    let stderr = env.fails_with(1, env.cmd_at(&location).arg("list"));
    assert!(stderr.contains("password"), "{stderr}");
}

/// `PGPASSWORD` and a password in the URL log in (the URL's first); the password never
/// shows in messages, `--json`, the audit log or `status`, over the socket or TCP, nor
/// is it stored on the server or in HOME. A wrong password is a clear exit 1 that does
/// not repeat it.
#[test]
fn pgpassword_and_a_password_in_the_url_log_in_and_are_never_shown() {
    let Some(env) = TestEnv::on_postgres() else { return };
    let (role, location, password) = password_member(&env);
    let with_password =
        |password: &str| location.replace(&format!("{role}@"), &format!("{role}:{password}@"));
    succeeds(env.cmd_at(&location).arg("list").env("PGPASSWORD", &password));

    let tcp = format!(
        "postgres://{role}:{password}@127.0.0.1:{}/postgres?schema={}&sslmode=require",
        pg_server().unwrap().port,
        env.schema()
    );
    let mut printed = String::new();
    for (n, url) in [with_password(&password), tcp].iter().enumerate() {
        let app = format!("app{n}");
        for args in [
            &["create", &app, "--env", "A=1"][..],
            &["update", &app, "--env", "A=2"],
            &["get", &app, "--reveal", "--json"],
            &["list", "--json"],
            &["history", &app, "--json"],
            &["audit"],
            &["audit", "--json"],
            &["audit", "--verify"],
            &["status"],
            &["status", "--json"],
        ] {
            printed += &succeeds(env.cmd_at(url).args(args).env("PGPASSWORD", "not-the-password"));
        }
    }
    assert!(printed.contains("app1") && !printed.contains(&password), "{printed}");
    assert!(!contains(&pg_server().unwrap().dump(&env.schema()), password.as_bytes()));
    // Nor in what vault keeps in HOME (pins, seen state).
    let grep = env.sandboxed("grep").arg("-rlF").arg(&password).arg(env.dir.path()).output();
    assert_eq!(grep.unwrap().status.code(), Some(1), "a file under HOME holds the password");

    let wrong = "Wr0ngPassw0rdXy";
    let in_url = env.cmd_at(&with_password(wrong));
    let mut in_env = env.cmd_at(&location);
    in_env.env("PGPASSWORD", wrong);
    for mut cmd in [in_url, in_env] {
        let stderr = env.fails_with(1, cmd.args(["get", "app", "--reveal"]));
        assert!(stderr.contains("password authentication failed") && stderr.contains(&role), "{stderr}");
        assert!(!stderr.contains(wrong) && !stderr.contains(&password), "{stderr}");
    }
}

/// `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE` (and `PGSSLMODE`, `PGSSLROOTCERT`) fill in
/// what a location leaves out: one vault, reached by each spelling, made by the first.
#[test]
fn pg_variables_fill_in_what_the_location_leaves_out() {
    let env = TestEnv::bare();
    let Some(server) = pg_server() else { return };
    let schema = server.fresh_schema();
    let (socket, port, ca) =
        (server.socket_dir.to_str().unwrap(), server.port.to_string(), server.ca.to_str().unwrap());
    // A user whose name is no database's, so that the database must come from PGDATABASE.
    let user = format!("{schema}_user");
    server.psql(&format!("CREATE ROLE {user} LOGIN SUPERUSER"));
    let all = [("PGHOST", socket), ("PGPORT", &port), ("PGUSER", &user), ("PGDATABASE", "postgres")];
    let spellings = [
        (format!("postgres:///?schema={schema}"), all.to_vec()),
        (format!("postgres://postgres@/postgres?schema={schema}"), all[..2].to_vec()),
        (format!("postgresql:///postgres?schema={schema}&host={socket}"), all[1..3].to_vec()),
        (
            format!("postgres:///?schema={schema}"),
            vec![
                ("PGHOST", "localhost"),
                ("PGPORT", &port),
                ("PGUSER", "postgres"),
                ("PGSSLMODE", "verify-full"),
                ("PGSSLROOTCERT", ca),
            ],
        ),
    ];
    let at = |location: &str, vars: &[(&str, &str)]| {
        let mut cmd = env.cmd_at(location);
        cmd.envs(vars.iter().copied());
        cmd
    };
    let (first, vars) = &spellings[0];
    succeeds(at(first, vars).args(["init", "--identity-file"]).arg(&env.identity));
    for (n, (location, vars)) in spellings.iter().enumerate() {
        succeeds(at(location, vars).args(["create", &format!("app{n}"), "--env", &format!("N={n}")]));
        let shown = at(location, vars).args(["get", "app0", "--reveal", "--json"]).output().unwrap();
        let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
        assert_eq!(shown["secrets"][0]["value"], "0", "{location}: {shown}");
    }
    let names = server.psql(&format!("SELECT string_agg(cid, ',' ORDER BY cid) FROM {schema}.collections"));
    assert_eq!(names.trim(), "app0,app1,app2,app3");
}

/// Whether vault reaches the vault at `location` (with `~/.postgresql/root.crt` of
/// `env` holding `root_cert`, or absent): Ok, or the refusal's message.
fn reaches(env: &TestEnv, location: &str, root_cert: Option<&Path>) -> Result<(), String> {
    let home_root = env.path(".postgresql/root.crt");
    let _ = std::fs::remove_file(&home_root);
    if let Some(ca) = root_cert {
        write_with_mode(&home_root, &std::fs::read_to_string(ca).unwrap(), 0o644);
    }
    let out = env.cmd_at(location).arg("list").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    match out.status.code() {
        Some(0) => Ok(()),
        Some(1) => Err(stderr),
        other => panic!("{location}: exit {other:?}: {stderr}"),
    }
}

/// libpq's `sslmode`s over TCP to this machine: `disable` sends no TLS; `require`
/// encrypts without checking the certificate unless a root certificate file exists,
/// when it checks the chain; `verify-ca` checks the chain but not the name. The role
/// is one the server refuses without TLS, so each success went over TLS.
#[test]
fn tls_require_and_verify_ca_check_what_libpq_checks() {
    let Some(env) = TestEnv::on_postgres() else { return };
    let server = pg_server().unwrap();
    let (role, _) = login_role(&env, "tls", TLS_GROUP);
    let tcp = |user: &str, host: &str, query: &str| {
        format!("postgres://{user}@{host}:{}/postgres?schema={}&{query}", server.port, env.schema())
    };
    let (ca, other) = (server.ca.display(), server.other_ca.display());
    assert_eq!(reaches(&env, &tcp("postgres", "127.0.0.1", "sslmode=disable"), None), Ok(()));
    let cases = [
        ("127.0.0.1", "sslmode=disable".to_owned(), None, Some("no encryption")),
        ("127.0.0.1", "sslmode=require".to_owned(), None, None),
        ("localhost", "sslmode=require".to_owned(), None, None),
        ("127.0.0.1", "sslmode=require".to_owned(), Some(&server.ca), None),
        ("127.0.0.1", "sslmode=require".to_owned(), Some(&server.other_ca), Some(UNKNOWN_ISSUER)),
        ("127.0.0.1", format!("sslmode=verify-ca&sslrootcert={ca}"), None, None),
        ("127.0.0.1", format!("sslmode=verify-ca&sslrootcert={other}"), None, Some(UNKNOWN_ISSUER)),
        ("127.0.0.1", "sslmode=verify-ca".to_owned(), Some(&server.ca), None),
        ("127.0.0.1", "sslmode=verify-ca".to_owned(), None, Some("no CA certificate")),
    ];
    for (host, query, root_cert, refusal) in cases {
        let location = tcp(&role, host, &query);
        match (reaches(&env, &location, root_cert.map(|p| p.as_path())), refusal) {
            (Ok(()), None) => {}
            (Err(stderr), Some(words)) => {
                assert!(stderr.contains(words), "{location} {root_cert:?}: {stderr}")
            }
            (outcome, _) => panic!("{location} with root.crt {root_cert:?}: {outcome:?}"),
        }
    }
}

/// A vault at PostgreSQL schema version 1 (before recipient labels) is migrated to 2
/// by the next commands (eight at once: one migrates, the others find it done), with
/// its data, and its readers can then be listed and labelled.
#[test]
fn a_schema_1_vault_is_migrated_by_the_next_command() {
    let Some(env) = TestEnv::on_postgres() else { return };
    let server = pg_server().unwrap();
    let schema = env.schema();
    let version = || server.psql(&format!("SELECT version FROM {schema}.vault_schema")).trim().to_owned();
    let reader = public_key(&TestEnv::new().identity);
    env.ok(&["create", "app", "--env", "A=1"]);
    env.ok(&["recipients", "add", &reader]);
    assert_eq!(version(), "2");
    // What 0002_recipient_labels.sql did, undone.
    server.psql(&format!(
        "ALTER TABLE {schema}.recipients DROP COLUMN label; UPDATE {schema}.vault_schema SET version = 1"
    ));

    let listings: Vec<_> = (0..8)
        .map(|_| {
            let mut cmd = env.std_cmd();
            cmd.args(["recipients", "list", "--json"]).stdout(Stdio::piped()).stderr(Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    let mut outputs: Vec<_> = listings.into_iter().map(|child| child.wait_with_output().unwrap()).collect();
    for out in &outputs {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(version(), "2");
    let readers: serde_json::Value = serde_json::from_slice(&outputs.pop().unwrap().stdout).unwrap();
    let keys: Vec<_> = readers.as_array().unwrap().iter().map(|r| r["recipient"].as_str().unwrap()).collect();
    assert!(keys.contains(&reader.as_str()) && keys.len() == 2, "{readers}");
    assert_eq!(env.text_values("app"), [("A".to_owned(), "1".to_owned())]);
    env.ok(&["audit", "--verify"]);
    let other = public_key(&TestEnv::new().identity);
    env.ok(&["recipients", "add", &other, "--label", "bob"]);
    let labels = server.psql(&format!("SELECT label FROM {schema}.recipients WHERE label IS NOT NULL"));
    assert_eq!(labels.trim(), "bob");
}

/// A write that waits past the lock timeout for another member's write exits 1, says
/// so, and changes nothing. The location's own `options` shorten the timeout (they
/// come after vault's, so they win).
#[test]
fn a_write_kept_waiting_past_the_lock_timeout_gives_up_and_changes_nothing() {
    let Some(env) = TestEnv::on_postgres() else { return };
    env.ok(&["create", "app", "--env", "A=1"]);
    let holder = HeldLock::new(&env.schema());
    let impatient = format!("{}&options=-c%20lock_timeout%3D1s", env.vault.display());
    let out = env.cmd_at(&impatient).args(["update", "app", "--env", "A=2"]).output().unwrap();
    drop(holder);
    assert_changed_nothing(&env, &out, "lock timeout");
}

/// A member whose role may not change the tables, first to open a vault an older
/// version made, is told that the owner must upgrade it, and the tables stay as they
/// were; the owner's next command upgrades them.
#[test]
fn a_schema_upgrade_a_member_cannot_make_is_left_to_the_owner() {
    let Some(env) = TestEnv::on_postgres() else { return };
    let server = pg_server().unwrap();
    let schema = env.schema();
    env.ok(&["create", "app", "--env", "A=1"]);
    server.psql(&roles_recipe(&schema));
    let editor = member(&env, "eve", "editor");
    server.psql(&format!(
        "ALTER TABLE {schema}.recipients DROP COLUMN label; UPDATE {schema}.vault_schema SET version = 1"
    ));
    let out = env.cmd_at(&editor).args(["list"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("only their owner") && stderr.contains("nothing was changed"), "{stderr}");
    assert_eq!(server.psql(&format!("SELECT version FROM {schema}.vault_schema")).trim(), "1");
    env.ok(&["list"]);
    assert_eq!(server.psql(&format!("SELECT version FROM {schema}.vault_schema")).trim(), "2");
    let out = env.cmd_at(&editor).args(["list"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
