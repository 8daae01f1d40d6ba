//! The vault file committed by the first release is upgraded through every migration
//! on first open; every value in it reads back exactly, and history and the audit log
//! work on it afterwards: later migrations are tested from it.

use crate::support::TestEnv;

/// A copy of the committed fixture vault of `schema`, with its owner's identity file.
fn fixture(schema: u32) -> TestEnv {
    let env = TestEnv::bare();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/schema{schema}"));
    std::fs::create_dir_all(env.vault.parent().unwrap()).unwrap();
    std::fs::copy(fixture.join("vault.db"), &env.vault).unwrap();
    std::fs::copy(fixture.join("identity.txt"), &env.identity).unwrap();
    env
}

#[test]
fn the_schema_1_fixture_opens_with_every_value_intact() {
    let env = fixture(1);
    assert_eq!(env.ok(&["get", "app", "API_KEY"]), b"fixture-api-key");
    assert_eq!(env.ok(&["get", "app", "tls/blob.bin"]), b"\x00\x01\xfe\xffbinary");
    assert_eq!(env.ok(&["get", "prod/db", "DB_PASSWORD"]), b"p@ss word");
    let app = env.json(&["get", "app"]);
    assert_eq!((app["name"].as_str(), app["secrets"][0]["kind"].as_str()), (Some("App"), Some("key")));
    env.ok(&["update", "app", "--env", "NEW=1"]);
    assert_eq!(env.ok(&["get", "app", "NEW"]), b"1");
    let version: i64 = env.sqlite().query_row("PRAGMA user_version", [], |row| row.get(0)).unwrap();
    assert_eq!(version, 6, "upgraded to the current schema");
}

#[test]
fn history_and_the_audit_log_work_on_the_upgraded_fixture() {
    let env = fixture(1);
    let history = env.json(&["history", "app"]);
    assert_eq!(history[0]["version"], 1);
    assert_eq!(history[0]["changes"], serde_json::Value::Null, "changes before schema 3 are unknown");
    assert_eq!(env.json(&["audit", "--verify"])["records"], 0);

    env.ok(&["update", "app", "--env", "API_KEY=rotated"]);
    env.ok(&["update", "prod/db", "--unset", "DB_PASSWORD"]);
    assert_eq!(env.ok(&["get", "app", "API_KEY", "--version", "1"]), b"fixture-api-key");
    assert_eq!(env.ok(&["get", "app", "tls/blob.bin", "--version", "1"]), b"\x00\x01\xfe\xffbinary");
    assert_eq!(env.ok(&["get", "prod/db", "DB_PASSWORD", "--version", "1"]), b"p@ss word");
    let history = env.json(&["history", "app"]);
    assert_eq!(history[0]["changes"]["changed"], serde_json::json!(["API_KEY"]));

    env.ok(&["rollback", "app", "1"]);
    assert_eq!(env.ok(&["get", "app", "API_KEY"]), b"fixture-api-key");
    let records = env.json(&["audit"]);
    let commands: Vec<_> =
        records.as_array().unwrap().iter().map(|r| r["command"].as_str().unwrap()).collect();
    assert_eq!(commands, ["update", "update", "get", "get", "get", "rollback", "get"]);
    assert_eq!(env.json(&["audit", "--verify"])["records"], 7);
}

/// The values the schema-3 and schema-4 fixtures were made with: four reveals.
fn assert_fixture_values(env: &TestEnv) {
    assert_eq!(env.ok(&["get", "app", "API_KEY"]), b"second-key");
    assert_eq!(env.ok(&["get", "app", "API_KEY", "--version", "1"]), b"first-key");
    assert_eq!(env.ok(&["get", "app", "tls/blob.bin"]), b"\x00\x01\xfe\xffbinary");
    assert_eq!(env.ok(&["get", "prod/db", "DB_PASSWORD"]), b"p@ss word");
}

#[test]
fn the_schema_3_fixture_opens_for_its_owner_and_its_teammate() {
    let env = fixture(3);
    assert_fixture_values(&env);
    // Six records from its making, plus the four reveals above.
    assert_eq!(env.json(&["audit", "--verify"])["records"], 10);

    let teammate =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema3/teammate.txt");
    std::fs::copy(&teammate, env.path("teammate.txt")).unwrap();
    let owner = crate::support::public_key(&env.identity);
    let mut cmd = env.cmd();
    cmd.env("XDG_DATA_HOME", env.path("teammate-data"))
        .env("VAULT_IDENTITY_FILE", env.path("teammate.txt"))
        .env("VAULT_OWNER", owner)
        .args(["get", "prod/db", "DB_PASSWORD"]);
    assert_eq!(cmd.output().unwrap().stdout, b"p@ss word");
}

#[test]
fn the_schema_3_fixtures_kept_versions_roll_back_and_survive_a_rotate_key() {
    // Its blobs predate the current/kept binding: they open through the legacy
    // associated data, and rotate-key re-seals them in the current format.
    let env = fixture(3);
    env.ok(&["rollback", "app", "1"]);
    assert_eq!(env.ok(&["get", "app", "API_KEY"]), b"first-key");
    env.ok(&["rotate-key", "--identity-file", env.path("rotated.txt").to_str().unwrap()]);
    let as_rotated = || {
        let mut cmd = env.cmd();
        cmd.env("VAULT_IDENTITY_FILE", env.path("rotated.txt"));
        cmd
    };
    for (version, value) in [("1", "first-key"), ("2", "second-key"), ("3", "first-key")] {
        let out = as_rotated().args(["get", "app", "API_KEY", "--version", version]).output().unwrap();
        assert_eq!(
            out.stdout,
            value.as_bytes(),
            "version {version}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_schema_4_fixture_opens_and_its_teammate_follows_the_handover() {
    let env = fixture(4);
    assert_fixture_values(&env);
    assert_eq!(env.json(&["audit", "--verify"])["records"], 11);

    // The teammate's machine pinned the first owner; the handover moves its pin.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema4");
    std::fs::copy(dir.join("teammate.txt"), env.path("teammate.txt")).unwrap();
    let first_owner = std::fs::read_to_string(dir.join("first-owner.pub")).unwrap();
    let pins = env.path("teammate-data/vault/known-owners");
    std::fs::create_dir_all(pins.parent().unwrap()).unwrap();
    let vault = std::fs::canonicalize(&env.vault).unwrap();
    std::fs::write(&pins, format!("{} {}\n", first_owner.trim(), vault.display())).unwrap();
    let mut cmd = env.cmd();
    cmd.env("XDG_DATA_HOME", env.path("teammate-data"))
        .env("VAULT_IDENTITY_FILE", env.path("teammate.txt"))
        .args(["get", "prod/db", "DB_PASSWORD"]);
    let out = cmd.output().unwrap();
    assert_eq!(out.stdout, b"p@ss word", "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!std::fs::read_to_string(&pins).unwrap().contains(first_owner.trim()));
}

#[test]
fn the_schema_5_fixture_upgrades_to_readers_with_labels() {
    let env = fixture(5);
    assert_eq!(env.json(&["audit", "--verify"])["records"], 6);
    assert_eq!(env.ok(&["get", "app", "API_KEY"]), b"second-key");
    assert_eq!(env.ok(&["get", "app", "API_KEY", "--version", "1"]), b"first-key");
    assert_eq!(env.ok(&["get", "prod/db", "DB_PASSWORD"]), b"p@ss word");
    let readers = env.json(&["recipients", "list"]);
    let labels: Vec<_> = readers.as_array().unwrap().iter().map(|r| r["label"].clone()).collect();
    assert_eq!(labels, [serde_json::Value::Null, serde_json::Value::Null], "{readers}");
    let teammate =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema5/teammate.txt");
    let mut cmd = env.cmd();
    cmd.env("VAULT_IDENTITY_FILE", teammate)
        .env("VAULT_OWNER", crate::support::public_key(&env.identity))
        .args(["get", "prod/db", "DB_PASSWORD"]);
    let out = cmd.output().unwrap();
    assert_eq!(out.stdout, b"p@ss word", "{}", String::from_utf8_lossy(&out.stderr));
}
