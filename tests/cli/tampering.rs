//! An attacker who can write the vault file but holds no key: every edit of sealed
//! values or of what they are bound to is an integrity failure (exit 6) that reveals
//! and changes nothing; edits of the key material fail closed (exit 5); files that are
//! not vaults, or are vaults of a newer or altered schema, are refused before any write.
//! `vault run` maps each of these failures to 125, before anything starts.

use crate::support::{PASSPHRASE, TestEnv};

/// Each collection holds one env and one file secret whose values are unique to it, so
/// a value that leaks or is moved can be told apart.
fn create_collection(env: &TestEnv, reference: &str) {
    let file = env.path(&format!("{}.pem", reference.replace('/', "-")));
    std::fs::write(&file, format!("file-value-of-{reference}")).unwrap();
    env.ok(&[
        "create",
        reference,
        "--env",
        &format!("TOKEN={}", env_value(reference)),
        "--file",
        &format!("tls/cert.pem=@{}", file.display()),
    ]);
}

fn env_value(reference: &str) -> String {
    format!("env-value-of-{reference}")
}

/// Every way to read or build on `reference`'s values fails with exit 6, prints nothing
/// on stdout, never names a value of any collection, and leaves the vault as it was.
fn assert_tampered(env: &TestEnv, reference: &str, location: &str, all: &[&str]) {
    for args in [
        &["get", reference, "--reveal"][..],
        &["get", reference, "--reveal", "--json"],
        &["get", reference, location],
        &["update", reference, "--env", "INJECTED=1"],
    ] {
        let stderr = env.fails_silently(6, args);
        for other in all {
            assert!(!stderr.contains(&env_value(other)), "{args:?} leaked a value: {stderr}");
            assert!(!stderr.contains("file-value-of"), "{args:?} leaked a value: {stderr}");
        }
        assert!(stderr.contains("hint: "), "{args:?} gave no hint: {stderr}");
    }
    let stderr = env.fails_silently(125, &["run", "-c", reference, "--", "true"]);
    assert!(!stderr.contains("value-of"), "run leaked a value: {stderr}");
}

#[test]
fn a_kept_version_put_back_as_the_current_one_fails_authentication() {
    let env = TestEnv::new();
    create_collection(&env, "default/app");
    env.ok(&["update", "default/app", "--env", "TOKEN=the-rotated-token"]);
    // Version 1, its blob, number and clear rows all moved back into place, as a file
    // writer without keys could: it was sealed as kept, not as current.
    env.tamper(
        "UPDATE collections SET version = 1, sealed = (SELECT sealed FROM versions WHERE version = 1);
         DELETE FROM secrets;
         INSERT INTO secrets (collection_id, position, location, type, kind, size)
             SELECT collection_id, position, location, type, kind, size FROM version_secrets WHERE version = 1;
         DELETE FROM version_secrets WHERE version = 1;
         DELETE FROM versions WHERE version = 2;
         UPDATE versions SET sealed = NULL WHERE version = 1;",
    );
    assert_tampered(&env, "default/app", "TOKEN", &["default/app"]);
}

/// A vault with `default/app` and `default/db`, both untouched so far.
fn vault_with_two_collections() -> TestEnv {
    let env = TestEnv::new();
    create_collection(&env, "default/app");
    create_collection(&env, "default/db");
    env
}

#[test]
fn swapped_sealed_blobs_fail_authentication() {
    let env = vault_with_two_collections();
    let (app, db) = (env.sealed_blob("default/app"), env.sealed_blob("default/db"));
    env.set_sealed_blob("default/app", &db);
    env.set_sealed_blob("default/db", &app);
    for reference in ["default/app", "default/db"] {
        assert_tampered(&env, reference, "TOKEN", &["default/app", "default/db"]);
    }
}

#[test]
fn a_blob_copied_into_another_workspace_fails_authentication() {
    let env = TestEnv::new();
    env.ok(&["workspace", "create", "staging"]);
    // Same collection ID, same locations, same version: only the workspace differs.
    create_collection(&env, "default/app");
    create_collection(&env, "staging/app");
    env.set_sealed_blob("staging/app", &env.sealed_blob("default/app"));
    assert_tampered(&env, "staging/app", "TOKEN", &["default/app", "staging/app"]);
    assert_eq!(env.ok(&["get", "default/app", "TOKEN"]), env_value("default/app").as_bytes());
}

#[test]
fn a_blob_copied_from_another_vault_fails_authentication() {
    let env = TestEnv::new();
    let other = TestEnv::bare();
    // Same owner identity, workspace, collection ID and locations: only the vault differs.
    std::fs::copy(&env.identity, &other.identity).unwrap();
    other.ok(&["init", "--identity-file", other.identity.to_str().unwrap()]);
    create_collection(&env, "default/app");
    create_collection(&other, "default/app");
    env.set_sealed_blob("default/app", &other.sealed_blob("default/app"));
    assert_tampered(&env, "default/app", "TOKEN", &["default/app"]);
}

#[test]
fn an_altered_blob_fails_authentication() {
    let env = vault_with_two_collections();
    let original = env.sealed_blob("default/app");
    let len = original.len();
    let flip = |index: usize| {
        let mut blob = original.clone();
        blob[index] ^= 0x01;
        blob
    };
    let appended = [&original[..], b"\0extra"].concat();
    let altered: Vec<(&str, Vec<u8>)> = vec![
        ("a bit flipped in the nonce", flip(0)),
        ("a bit flipped in the ciphertext", flip(len / 2)),
        ("a bit flipped in the tag", flip(len - 1)),
        ("truncated by one byte", original[..len - 1].to_vec()),
        ("truncated to half", original[..len / 2].to_vec()),
        ("truncated inside the nonce", original[..10].to_vec()),
        ("bytes appended", appended),
        ("empty", Vec::new()),
    ];
    for (what, blob) in altered {
        eprintln!("blob {what}");
        env.set_sealed_blob("default/app", &blob);
        assert_tampered(&env, "default/app", "TOKEN", &["default/app", "default/db"]);
    }
    env.set_sealed_blob("default/app", &original);
    assert_eq!(env.ok(&["get", "app", "TOKEN"]), env_value("default/app").as_bytes());
}

#[test]
fn metadata_that_differs_from_the_sealed_list_is_refused() {
    let edits = [
        ("a location renamed", "UPDATE secrets SET location = 'OTHER' WHERE location = 'TOKEN'", "OTHER"),
        ("a type changed", "UPDATE secrets SET type = 'file' WHERE location = 'TOKEN'", "TOKEN"),
        ("a kind changed", "UPDATE secrets SET kind = 'password' WHERE location = 'TOKEN'", "TOKEN"),
        ("a size changed", "UPDATE secrets SET size = size + 1 WHERE location = 'TOKEN'", "TOKEN"),
        ("the order changed", "UPDATE secrets SET position = 1 - position", "TOKEN"),
        ("a row removed", "DELETE FROM secrets WHERE location = 'tls/cert.pem'", "TOKEN"),
        (
            "a row added",
            "INSERT INTO secrets (collection_id, position, location, type, kind, size)
             SELECT collection_id, 2, 'LD_PRELOAD', 'env', 'generic', 4 FROM secrets WHERE location = 'TOKEN'",
            "LD_PRELOAD",
        ),
    ];
    for (what, sql, location) in edits {
        eprintln!("metadata with {what}");
        let env = TestEnv::new();
        create_collection(&env, "default/app");
        env.tamper(sql);
        assert_tampered(&env, "default/app", location, &["default/app"]);
    }
}

#[test]
fn a_changed_version_column_fails_authentication() {
    let env = vault_with_two_collections();
    env.ok(&["update", "app", "--env", "MORE=1"]);
    for version in [1, 3, 0, -1] {
        env.tamper(&format!("UPDATE collections SET version = {version} WHERE cid = 'app'"));
        assert_tampered(&env, "default/app", "TOKEN", &["default/app", "default/db"]);
    }
}

#[test]
fn a_raised_scrypt_work_factor_is_an_integrity_failure_before_any_work() {
    let env = TestEnv::with_passphrase();
    create_collection(&env, "default/app");
    let sealed: Vec<u8> =
        env.sqlite().query_row("SELECT sealed_identity FROM vault", [], |row| row.get(0)).unwrap();
    for work_factor in ["30", "63"] {
        let edited = with_scrypt_work_factor(&sealed, work_factor);
        env.sqlite().execute("UPDATE vault SET sealed_identity = ?1", [&edited]).unwrap();
        for args in [&["get", "app", "TOKEN"][..], &["create", "new", "--env", "A=1"]] {
            let stderr = env.fails_silently(6, args);
            assert!(stderr.contains("work factor"), "{stderr}");
        }
        // Refused before any passphrase is asked for: with none to give, still exit 6.
        let stderr = env.fails_with(6, env.locked_cmd().args(["get", "app", "TOKEN"]));
        assert!(stderr.contains(&format!("work factor {work_factor}")), "{stderr}");
    }
}

/// The age passphrase file `sealed` with its scrypt stanza's log2 work factor replaced.
fn with_scrypt_work_factor(sealed: &[u8], work_factor: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(sealed);
    let stanza_start = text.find("-> scrypt ").expect("an age scrypt stanza");
    let stanza_end = stanza_start + text[stanza_start..].find('\n').unwrap();
    let stanza = &text[stanza_start..stanza_end];
    let (salt, old) = stanza.rsplit_once(' ').unwrap();
    assert!(old.parse::<u8>().is_ok(), "unexpected stanza {stanza}");
    let mut edited = sealed[..stanza_start].to_vec();
    edited.extend_from_slice(format!("{salt} {work_factor}").as_bytes());
    edited.extend_from_slice(&sealed[stanza_end..]);
    edited
}

#[test]
fn a_wrong_passphrase_is_locked_and_writes_nothing() {
    let env = TestEnv::with_passphrase();
    create_collection(&env, "default/app");
    for wrong in ["wrong", &format!("{PASSPHRASE} ")] {
        for args in [&["get", "app", "--reveal"][..], &["create", "new", "--env", "A=1"]] {
            let mut cmd = env.locked_cmd();
            cmd.env("VAULT_PASSPHRASE", wrong).args(args);
            let stderr = env.fails_with(5, &mut cmd);
            assert!(stderr.contains("passphrase") && stderr.contains("hint: "), "{stderr}");
        }
    }
}

#[test]
fn identity_files_that_do_not_open_the_vault_are_locked_with_a_hint() {
    let env = TestEnv::new();
    create_collection(&env, "default/app");
    let another = age::x25519::Identity::generate();
    let plugin = "AGE-PLUGIN-YUBIKEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ";
    let identities = [
        ("another identity", secrecy::ExposeSecret::expose_secret(&another.to_string()).to_owned()),
        ("an empty file", String::new()),
        ("only comments", "# created: today\n\n".to_owned()),
        ("garbage", "not an identity at all\n".to_owned()),
        ("a plugin identity", format!("{plugin}\n")),
    ];
    for (what, content) in identities {
        eprintln!("identity file with {what}");
        let path = env.path("wrong-identity.txt");
        std::fs::write(&path, content).unwrap();
        for args in
            [&["get", "app", "--reveal"][..], &["get", "app", "TOKEN"], &["create", "new", "--env", "A=1"]]
        {
            let mut cmd = env.locked_cmd();
            cmd.env("VAULT_IDENTITY_FILE", &path).args(args);
            let stderr = env.fails_with(5, &mut cmd);
            assert!(stderr.contains("hint: "), "{what}: {stderr}");
        }
    }
}

#[test]
fn plugin_recipients_and_identities_are_refused_at_init() {
    let env = TestEnv::bare();
    let plugin_recipient = "age1yubikey1qwt50d05nh5vutpdzmlg5wn80xq5negm4uj9ghv0snvdd3yysf5yw3rhl3t";
    let stderr = env.fails(2, &["init", "--identity-file", "id.txt", "--recipient", plugin_recipient]);
    assert!(stderr.contains("plugin"), "{stderr}");
    assert!(!env.path("id.txt").exists(), "a refused init left an identity file");

    std::fs::write(&env.identity, "AGE-PLUGIN-YUBIKEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n").unwrap();
    let stderr = env.fails(5, &["init", "--identity-file", env.identity.to_str().unwrap()]);
    assert!(stderr.contains("plugin") && stderr.contains("hint: "), "{stderr}");
}

#[test]
fn a_file_that_is_not_a_vault_is_refused_untouched() {
    let env = TestEnv::new();
    let other_app = env.path("other-app.db");
    let conn = rusqlite::Connection::open(&other_app).unwrap();
    conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello');").unwrap();
    drop(conn);
    let other_app = std::fs::read(other_app).unwrap();
    let not_vaults: [(&str, Vec<u8>); 4] = [
        ("random bytes", (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect()),
        ("text", b"PASSWORD=hunter2\n".to_vec()),
        ("a header that only looks like SQLite", [&b"SQLite format 3\0"[..], &[0xff; 100]].concat()),
        ("the database of another application", other_app),
    ];
    for (what, bytes) in not_vaults {
        eprintln!("vault file replaced by {what}");
        std::fs::write(&env.vault, &bytes).unwrap();
        for args in [&["list"][..], &["get", "app", "--reveal"], &["create", "new", "--env", "A=1"]] {
            let stderr = env.fails(1, args);
            let expected = format!("'{}' is not a vault file", env.vault.display());
            assert!(stderr.contains(&expected) && stderr.contains("hint: "), "{what}: {stderr}");
            assert!(!stderr.contains("failed to configure"), "{what}: {stderr}");
        }
        assert_eq!(std::fs::read(&env.vault).unwrap(), bytes, "{what} was written to");
    }
}

#[test]
fn a_schema_version_that_does_not_match_is_refused_untouched() {
    let stamps = [
        ("a newer schema", "PRAGMA user_version = 99;", "schema version 99"),
        ("no schema stamp on current tables", "PRAGMA user_version = 0;", "is not a vault file"),
        ("a negative schema stamp", "PRAGMA user_version = -1;", "is not a vault file"),
    ];
    for (what, sql, expected) in stamps {
        let env = TestEnv::new();
        create_collection(&env, "default/app");
        env.tamper(sql);
        let bytes = std::fs::read(&env.vault).unwrap();
        for args in [&["list"][..], &["get", "app", "TOKEN"], &["create", "new", "--env", "A=1"]] {
            let stderr = env.fails(1, args);
            assert!(stderr.contains(expected) && stderr.contains("hint: "), "{what}: {stderr}");
            assert!(!stderr.contains("CREATE TABLE"), "{what}: the migration's SQL was dumped: {stderr}");
        }
        assert_eq!(std::fs::read(&env.vault).unwrap(), bytes, "{what}");
    }
}

#[test]
fn added_triggers_and_views_are_refused_before_any_write() {
    let additions = [
        "CREATE TRIGGER leak AFTER INSERT ON collections BEGIN DELETE FROM secrets; END;",
        "CREATE VIEW seen AS SELECT * FROM collections;",
    ];
    for sql in additions {
        let env = TestEnv::new();
        create_collection(&env, "default/app");
        env.tamper(sql);
        let bytes = std::fs::read(&env.vault).unwrap();
        for args in [&["list"][..], &["create", "new", "--env", "A=1"], &["delete", "app", "--yes"]] {
            let stderr = env.fails(6, args);
            assert!(stderr.contains("triggers or views"), "{stderr}");
        }
        assert_eq!(std::fs::read(&env.vault).unwrap(), bytes);
    }
}

#[test]
fn metadata_vault_did_not_write_is_an_integrity_failure_naming_the_collection() {
    // A file writer edits bytes, so the schema's CHECKs do not bind them.
    let of_app = "collection_id = (SELECT id FROM collections WHERE cid = 'app')";
    let edits = [
        format!("UPDATE secrets SET kind = 'weird' WHERE location = 'TOKEN' AND {of_app}"),
        format!(
            "PRAGMA ignore_check_constraints = ON; UPDATE secrets SET type = 'socket' WHERE location = 'TOKEN' AND {of_app}"
        ),
        format!("UPDATE secrets SET location = 'NOT A NAME' WHERE location = 'TOKEN' AND {of_app}"),
        format!("UPDATE secrets SET location = '../../etc/passwd' WHERE type = 'file' AND {of_app}"),
        format!("UPDATE secrets SET size = -1 WHERE location = 'TOKEN' AND {of_app}"),
    ];
    for edit in &edits {
        let env = TestEnv::new();
        create_collection(&env, "default/app");
        create_collection(&env, "default/db");
        env.tamper(edit);
        for args in [&["get", "app"][..], &["get", "app", "--reveal"], &["export", "app"]] {
            let stderr = env.fails_silently(6, args);
            assert!(stderr.contains("collection default/app is damaged"), "{edit}: {args:?}: {stderr}");
        }
        let stderr = env.fails_silently(125, &["run", "-c", "app", "--", "true"]);
        assert!(stderr.contains("collection default/app is damaged"), "{edit}: {stderr}");
        // The listing names the damaged collection, still shows the other, and fails.
        let out = env.run(&["list", "--json"]);
        assert_eq!(out.status.code(), Some(6), "{edit}");
        let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let ids: Vec<_> = listed.as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["db"], "{edit}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("default/app is damaged"), "{edit}");
        // The healthy collection still opens.
        assert_eq!(env.ok(&["get", "db", "TOKEN"]), env_value("default/db").as_bytes());
    }
}

#[test]
fn a_stored_collection_id_that_breaks_the_rules_is_named_and_the_rest_listed() {
    let env = TestEnv::new();
    create_collection(&env, "default/app");
    create_collection(&env, "default/db");
    env.tamper("UPDATE collections SET cid = 'bad/id' WHERE cid = 'app'");
    let out = env.run(&["list", "--json"]);
    assert_eq!(out.status.code(), Some(6));
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("collection default/bad/id is damaged"));
}
