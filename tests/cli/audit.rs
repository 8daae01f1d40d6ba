//! The audit log: every successful command that writes or reveals values leaves one
//! record, never a value; `audit --verify` finds a record edited, removed or moved.

use serde_json::Value;

use crate::support::{TestEnv, contains};

const VALUES: &[&str] = &["first-secret-value", "second-secret-value", "file-secret-body"];

/// A vault whose log holds every kind of record.
fn busy_vault() -> TestEnv {
    let env = TestEnv::new();
    std::fs::write(env.path("f.txt"), VALUES[2]).unwrap();
    env.ok(&["create", "app", "--env", &format!("TOKEN={}", VALUES[0]), "--file", "conf/f=@f.txt"]);
    env.ok(&["update", "app", "--env", &format!("TOKEN={}", VALUES[1])]);
    env.ok(&["get", "app", "--reveal"]);
    env.ok(&["get", "app", "TOKEN"]);
    env.ok(&["get", "app", "TOKEN", "--version", "1"]);
    env.ok(&["export", "app"]);
    env.ok(&["run", "-c", "app", "--", "true"]);
    env.ok(&["rollback", "app", "1"]);
    env.ok(&["workspace", "create", "team"]);
    env.ok(&["workspace", "delete", "team"]);
    env.ok(&["delete", "app", "--yes"]);
    env
}

fn records(env: &TestEnv) -> Vec<Value> {
    env.json(&["audit"]).as_array().unwrap().clone()
}

#[test]
fn every_write_and_reveal_is_recorded_without_a_value() {
    let env = busy_vault();
    let log = records(&env);
    let commands: Vec<&str> = log.iter().map(|r| r["command"].as_str().unwrap()).collect();
    assert_eq!(
        commands,
        [
            "init",
            "create",
            "update",
            "get",
            "get",
            "get",
            "export",
            "run",
            "rollback",
            "workspace create",
            "workspace delete",
            "delete"
        ]
    );
    let seqs: Vec<u64> = log.iter().map(|r| r["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, (1..=12).collect::<Vec<_>>());
    assert_eq!(log[2]["locations"], serde_json::json!(["TOKEN"]));
    assert_eq!((log[2]["workspace"].as_str(), log[2]["collection"].as_str()), (Some("default"), Some("app")));
    assert_eq!(log[5]["outcome"], "revealed version 1");
    assert_eq!(log[8]["outcome"], "version 3, a copy of version 1");

    let json = env.ok(&["audit", "--json"]);
    let table = env.ok(&["audit"]);
    for value in VALUES {
        assert!(!contains(&json, value.as_bytes()), "audit --json holds {value}");
        assert!(!contains(&table, value.as_bytes()), "audit holds {value}");
    }
    let last_two = env.json(&["audit", "--limit", "2"]);
    let seqs: Vec<_> = last_two.as_array().unwrap().iter().map(|r| r["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, [11, 12]);
}

#[test]
fn reading_and_failing_commands_leave_no_record() {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "A=1"]);
    env.ok(&["list"]);
    env.ok(&["get", "app"]);
    env.ok(&["history", "app"]);
    env.ok(&["update", "app", "--name", "renamed"]);
    // fails() also checks the vault file is byte-for-byte unchanged.
    env.fails(3, &["get", "app", "MISSING"]);
    env.fails(3, &["get", "app", "--reveal", "--version", "5"]);
    env.fails(125, &["run", "-c", "app", "--require", "B", "--", "true"]);
    assert_eq!(records(&env).len(), 2, "init and create only");
}

#[test]
fn a_clean_log_verifies() {
    let env = busy_vault();
    assert_eq!(env.json(&["audit", "--verify"])["records"], 12);
    let out = env.run(&["audit", "--verify"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("12 records"));
}

#[test]
fn an_edited_removed_or_reordered_record_fails_verification() {
    let tamperings = [
        ("an edited outcome", "UPDATE audit SET outcome = 'nothing happened' WHERE seq = 4"),
        ("an edited time", "UPDATE audit SET at = at + 1 WHERE seq = 7"),
        ("a record removed", "DELETE FROM audit WHERE seq = 5"),
        ("the newest record removed", "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)"),
        ("every record removed", "DELETE FROM audit"),
        (
            "two records swapped",
            "UPDATE audit SET seq = -1 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4;
             UPDATE audit SET seq = 4 WHERE seq = -1;",
        ),
        ("a record renumbered", "UPDATE audit SET seq = 100 WHERE seq = 6"),
    ];
    for (what, sql) in tamperings {
        let env = busy_vault();
        env.tamper(sql);
        let stderr = env.fails(6, &["audit", "--verify"]);
        assert!(stderr.contains("audit log") && stderr.contains("hint: "), "{what}: {stderr}");
    }
}

#[test]
fn a_record_planted_past_the_end_stops_writes_with_exit_6() {
    let env = TestEnv::new();
    env.tamper(
        "INSERT INTO audit (seq, at, command, locations, outcome, hash) VALUES (2, 0, 'forged', '[]', 'ok', x'00')",
    );
    let stderr = env.fails(6, &["create", "app", "--env", "A=planted-check"]);
    assert!(stderr.contains("vault audit --verify") && !stderr.contains("planted-check"), "{stderr}");
    env.fails(6, &["audit", "--verify"]);
}
