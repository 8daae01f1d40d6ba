//! History: every value change keeps the replaced version; `history` says what changed
//! without values; `get --version` and `rollback` read and restore old versions byte
//! for byte; `history_keep` prunes; `delete` removes every version; a version's blob
//! cannot be swapped with another's.

use serde_json::{Value, json};

use crate::support::{TestEnv, contains};

/// `app` at version 3: A changed and C added in version 2, B removed in version 3.
fn three_versions(env: &TestEnv) {
    env.ok(&["create", "app", "--env", "A=alpha-secret-1", "--env", "B=beta-secret"]);
    env.ok(&["update", "app", "--env", "A=alpha-secret-2", "--env", "C=gamma-secret"]);
    env.ok(&["update", "app", "--unset", "B"]);
}

const VALUES: &[&str] = &["alpha-secret-1", "alpha-secret-2", "beta-secret", "gamma-secret"];

fn changes(history: &Value, index: usize) -> Value {
    history[index]["changes"].clone()
}

#[test]
fn history_lists_what_each_version_changed_without_values() {
    let env = TestEnv::new();
    three_versions(&env);
    let history = env.json(&["history", "app"]);
    let versions: Vec<_> =
        history.as_array().unwrap().iter().map(|v| v["version"].as_u64().unwrap()).collect();
    assert_eq!(versions, [3, 2, 1]);
    assert_eq!(history[0]["current"], true);
    assert_eq!(history[1]["current"], false);
    assert_eq!(changes(&history, 0), json!({"added": [], "removed": ["B"], "changed": []}));
    assert_eq!(changes(&history, 1), json!({"added": ["C"], "removed": [], "changed": ["A"]}));
    assert_eq!(changes(&history, 2), json!({"added": ["A", "B"], "removed": [], "changed": []}));
    assert_eq!(history[2]["secrets_count"], 2);

    let table = env.ok(&["history", "app"]);
    let text = String::from_utf8_lossy(&table);
    assert!(text.contains("3 (current)") && text.contains("added C; changed A"), "{text}");
    for value in VALUES {
        assert!(!contains(&table, value.as_bytes()), "history shows {value}");
        assert!(!history.to_string().contains(value), "history --json shows {value}");
        assert!(!contains(&env.vault_bytes(), value.as_bytes()), "{value} is in the vault file in the clear");
    }
}

#[test]
fn renames_and_unchanged_values_make_no_version() {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "A=same-value"]);
    env.ok(&["update", "app", "--name", "Renamed", "--description", "no key needed"]);
    env.ok(&["update", "app", "--env", "A=same-value"]);
    let history = env.json(&["history", "app"]);
    assert_eq!(history.as_array().unwrap().len(), 1, "{history}");
    assert_eq!(env.json(&["get", "app"])["name"], "Renamed");
}

#[test]
fn get_version_reads_an_older_version() {
    let env = TestEnv::new();
    three_versions(&env);
    assert_eq!(env.ok(&["get", "app", "A", "--version", "1"]), b"alpha-secret-1");
    assert_eq!(env.ok(&["get", "app", "B", "--version", "1"]), b"beta-secret");
    assert_eq!(env.ok(&["get", "app", "A", "--version", "3"]), b"alpha-secret-2");
    let masked = env.json(&["get", "app", "--version", "2"]);
    assert_eq!(masked["secrets_count"], 3);
    assert!(!masked.to_string().contains("alpha-secret"), "{masked}");
    let revealed = env.json(&["get", "app", "--version", "2", "--reveal"]);
    let values: Vec<_> = revealed["secrets"].as_array().unwrap().iter().map(|s| s["value"].clone()).collect();
    assert_eq!(values, [json!("alpha-secret-2"), json!("beta-secret"), json!("gamma-secret")]);

    let stderr = env.fails(3, &["get", "app", "A", "--version", "9"]);
    assert!(stderr.contains("version 9") && stderr.contains("see 'vault history default/app'"), "{stderr}");
    let stderr = env.fails(3, &["get", "app", "B", "--version", "3"]);
    assert!(stderr.contains("location 'B' not found"), "{stderr}");
}

#[test]
fn rollback_restores_exact_bytes_as_a_new_version() {
    let env = TestEnv::new();
    let original: Vec<u8> = (0..=255).collect();
    std::fs::write(env.path("blob.bin"), &original).unwrap();
    std::fs::write(env.path("other.bin"), b"\xff\x00replaced").unwrap();
    env.ok(&["create", "app", "--env", "TOKEN=token-v1", "--kind", "key", "--file", "tls/blob=@blob.bin"]);
    env.ok(&["update", "app", "--file", "tls/blob=@other.bin", "--env", "TOKEN=token-v2"]);
    let before_rollback = env.json(&["get", "app", "--reveal"]);

    let summary = env.json(&["rollback", "app", "1"]);
    assert_eq!(summary["secrets_count"], 2);
    assert_eq!(env.ok(&["get", "app", "tls/blob"]), original);
    assert_eq!(env.ok(&["get", "app", "TOKEN"]), b"token-v1");
    let restored = env.json(&["get", "app", "--reveal"]);
    let first = env.json(&["get", "app", "--reveal", "--version", "1"]);
    assert_eq!(restored["secrets"], first["secrets"], "kinds, types and values all come back");

    let history = env.json(&["history", "app"]);
    assert_eq!(history[0]["version"], 3);
    // The rollback is a change like any other, so it can be undone in turn.
    env.ok(&["rollback", "app", "2"]);
    assert_eq!(env.json(&["get", "app", "--reveal"])["secrets"], before_rollback["secrets"]);

    let stderr = env.fails(3, &["rollback", "app", "7"]);
    assert!(stderr.contains("see 'vault history default/app'"), "{stderr}");
}

#[test]
fn history_keep_from_the_user_config_prunes_older_versions() {
    let env = TestEnv::new();
    let config = env.path("config/vault");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "history_keep = 2\n").unwrap();
    env.ok(&["create", "app", "--env", "N=0"]);
    for n in 1..=5 {
        env.ok(&["update", "app", "--env", &format!("N={n}")]);
    }
    let history = env.json(&["history", "app"]);
    let versions: Vec<_> =
        history.as_array().unwrap().iter().map(|v| v["version"].as_u64().unwrap()).collect();
    assert_eq!(versions, [6, 5, 4]);
    env.fails(3, &["get", "app", "N", "--version", "3"]);
    assert_eq!(env.ok(&["get", "app", "N", "--version", "4"]), b"3");
    let kept: i64 =
        env.sqlite().query_row("SELECT count(*) FROM version_secrets", [], |row| row.get(0)).unwrap();
    assert_eq!(kept, 2, "pruned versions leave no rows behind");

    std::fs::write(config.join("config.toml"), "history_keep = -3\n").unwrap();
    let stderr = env.fails(2, &["update", "app", "--env", "N=6"]);
    assert!(stderr.contains("config.toml line 1") && stderr.contains("history_keep"), "{stderr}");
}

#[test]
fn delete_removes_every_version() {
    let env = TestEnv::new();
    three_versions(&env);
    env.ok(&["create", "other", "--env", "X=kept"]);
    env.ok(&["delete", "app", "--yes"]);
    let db = env.sqlite();
    let count = |sql: &str| -> i64 { db.query_row(sql, [], |row| row.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM versions"), 1, "only other's current version is left");
    assert_eq!(count("SELECT count(*) FROM version_secrets"), 0);
    drop(db);
    for value in VALUES {
        assert!(!contains(&env.vault_bytes(), value.as_bytes()));
    }
    env.ok(&["create", "app", "--env", "A=fresh"]);
    assert_eq!(env.json(&["history", "app"]).as_array().unwrap().len(), 1, "no old version comes back");
}

#[test]
fn a_version_blob_swapped_with_another_is_an_integrity_failure() {
    let env = TestEnv::new();
    three_versions(&env);
    env.tamper(
        "UPDATE versions SET sealed = (SELECT sealed FROM versions WHERE version = 2) WHERE version = 1;",
    );
    let stderr = env.fails_silently(6, &["get", "app", "A", "--version", "1"]);
    assert!(!stderr.contains("alpha-secret"), "{stderr}");
    env.fails(6, &["rollback", "app", "1"]);

    // The current blob, planted as an older version, fails too: its AD names version 3.
    let current = env.sealed_blob("default/app");
    env.sqlite().execute("UPDATE versions SET sealed = ?1 WHERE version = 2", [current]).unwrap();
    env.fails_silently(6, &["get", "app", "--reveal", "--version", "2"]);
}

#[test]
fn times_are_taken_at_the_commit_so_history_and_the_audit_log_never_go_backwards() {
    let env = TestEnv::with_passphrase();
    env.ok(&["create", "app", "--env", "A=first"]);
    // One update sits at the passphrase prompt…
    let Some(mut slow) = env.at_terminal(&["update", "app", "--env", "A=slow"], false) else { return };
    slow.wait_for("passphrase");
    // …past a whole second (times are in whole seconds), while another commits.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    env.ok(&["update", "app", "--env", "A=quick"]);
    slow.type_line(crate::support::PASSPHRASE);
    let (code, shown) = slow.finish();
    assert_eq!(code, Some(0), "{shown}");
    // The race happened: the quick one is version 2, the slow one committed after it.
    assert_eq!(env.ok(&["get", "app", "A", "--version", "2"]), b"quick");
    assert_eq!(env.ok(&["get", "app", "A"]), b"slow");

    let time = |v: &Value, field: &str| v[field].as_str().unwrap().to_owned();
    let mut history: Vec<Value> = env.json(&["history", "app"]).as_array().unwrap().clone();
    history.reverse();
    let created: Vec<String> = history.iter().map(|v| time(v, "created_at")).collect();
    assert!(created.is_sorted(), "versions 1, 2, 3 were created at {created:?}");
    let summary = env.json(&["get", "app"]);
    assert_eq!(time(&summary, "updated_at"), created[2], "updated_at is the newest version's time");
    let mut audit: Vec<(u64, String)> = env
        .json(&["audit"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["seq"].as_u64().unwrap(), time(r, "time")))
        .collect();
    audit.sort();
    assert!(audit.is_sorted_by(|a, b| a.1 <= b.1), "the audit log goes back in time: {audit:?}");
}

#[test]
fn get_version_says_which_version_it_shows() {
    let env = TestEnv::new();
    three_versions(&env);
    let old = String::from_utf8(env.ok(&["get", "app", "--version", "2"])).unwrap();
    assert!(
        old.contains("version:     2 (an older version; 'vault history default/app' lists them)"),
        "{old}"
    );
    let current = String::from_utf8(env.ok(&["get", "app"])).unwrap();
    assert!(current.lines().any(|line| line == "version:     3"), "{current}");
    assert_eq!(env.json(&["get", "app", "--version", "2"])["version"], 2);
    assert_eq!(env.json(&["get", "app", "--version", "1", "--reveal"])["version"], 1);
    assert_eq!(env.json(&["get", "app"])["version"], 3);
}
