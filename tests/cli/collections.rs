//! The reference example and the everyday collection commands.

use serde_json::json;

use crate::support::{TestEnv, contains};

const LICENSE: &str = "super secret\nlicense information\nhere";

fn reference_collection(env: &TestEnv) {
    std::fs::write(env.path("license.txt"), LICENSE).unwrap();
    let license = format!("PROVIDER_LICENSE_FILE=@{}", env.path("license.txt").display());
    env.ok(&[
        "create",
        "my-secrets-collection",
        "--name",
        "My Secrets Collection",
        "--description",
        "Sensitive secrets for my application",
        "--kind",
        "key",
        "--env",
        "PROVIDER_API_KEY=super_secret_value",
        "--kind",
        "generic",
        "--file",
        &license,
    ]);
}

fn secrets_of(value: &serde_json::Value) -> serde_json::Value {
    value["secrets"].clone()
}

#[test]
fn reference_example_end_to_end() {
    let env = TestEnv::new();
    reference_collection(&env);

    // Listed: summary only, no value anywhere.
    let listed = env.json(&["list"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let item = &listed[0];
    assert_eq!(item["id"], "my-secrets-collection");
    assert_eq!(item["workspace"], "default");
    assert_eq!(item["name"], "My Secrets Collection");
    assert_eq!(item["description"], "Sensitive secrets for my application");
    assert_eq!(item["secrets_count"], 2);
    assert!(item["created_at"].as_str().unwrap().ends_with('Z'));
    let table = env.ok(&["list"]);
    assert!(contains(&table, b"my-secrets-collection"), "{}", String::from_utf8_lossy(&table));
    for out in [listed.to_string().into_bytes(), table] {
        assert!(!contains(&out, b"super_secret_value") && !contains(&out, b"license information"));
    }

    // Shown masked without any key.
    let masked = env.locked_cmd().args(["get", "my-secrets-collection", "--json"]).output().unwrap();
    assert!(masked.status.success());
    let masked: serde_json::Value = serde_json::from_slice(&masked.stdout).unwrap();
    assert_eq!(
        secrets_of(&masked),
        json!([
            {"type": "env", "location": "PROVIDER_API_KEY", "kind": "key"},
            {"type": "file", "location": "PROVIDER_LICENSE_FILE", "kind": "generic"}
        ])
    );
    let masked_table = env.locked_cmd().args(["get", "my-secrets-collection"]).output().unwrap();
    assert!(masked_table.status.success());
    assert!(!contains(&masked_table.stdout, b"super_secret_value"));
    assert!(contains(&masked_table.stdout, b"PROVIDER_LICENSE_FILE"));

    // Revealed as exact JSON.
    let revealed = env.json(&["get", "my-secrets-collection", "--reveal"]);
    assert_eq!(
        secrets_of(&revealed),
        json!([
            {"type": "env", "location": "PROVIDER_API_KEY", "kind": "key", "value": "super_secret_value"},
            {"type": "file", "location": "PROVIDER_LICENSE_FILE", "kind": "generic", "value": LICENSE}
        ])
    );
    let keys: Vec<_> = revealed.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        ["id", "workspace", "name", "description", "created_at", "updated_at", "secrets_count", "secrets"]
    );

    // Merged: a new secret is added, an existing one replaced in place.
    let merged =
        env.json(&["update", "my-secrets-collection", "--env", "REGION=eu", "--env", "PROVIDER_API_KEY=v2"]);
    assert_eq!(merged["secrets_count"], 3);
    let shown = env.json(&["get", "my-secrets-collection", "--reveal"]);
    let locations: Vec<_> =
        shown["secrets"].as_array().unwrap().iter().map(|s| s["location"].clone()).collect();
    assert_eq!(locations, [json!("PROVIDER_API_KEY"), json!("PROVIDER_LICENSE_FILE"), json!("REGION")]);
    assert_eq!(shown["secrets"][0]["value"], "v2");
    assert_eq!(shown["secrets"][0]["kind"], "generic");

    // Unset.
    env.ok(&["update", "my-secrets-collection", "--unset", "REGION"]);
    assert_eq!(env.json(&["get", "my-secrets-collection"])["secrets_count"], 2);

    // Replaced: the sources become the whole list.
    env.ok(&["update", "my-secrets-collection", "--replace", "--env", "ONLY=1"]);
    let replaced = env.json(&["get", "my-secrets-collection", "--reveal"]);
    assert_eq!(
        secrets_of(&replaced),
        json!([{"type": "env", "location": "ONLY", "kind": "generic", "value": "1"}])
    );

    // Renamed without a key.
    let renamed = env
        .locked_cmd()
        .args([
            "update",
            "my-secrets-collection",
            "--name",
            "Renamed",
            "--description",
            "new words",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(renamed.status.success(), "{}", String::from_utf8_lossy(&renamed.stderr));
    let renamed: serde_json::Value = serde_json::from_slice(&renamed.stdout).unwrap();
    assert_eq!(
        (renamed["name"].as_str(), renamed["description"].as_str()),
        (Some("Renamed"), Some("new words"))
    );
    assert_eq!(env.json(&["get", "my-secrets-collection", "--reveal"])["secrets"][0]["value"], "1");

    // Deleted, without a key.
    let deleted = env.locked_cmd().args(["delete", "my-secrets-collection", "--yes"]).output().unwrap();
    assert!(deleted.status.success());
    assert_eq!(env.json(&["list"]), json!([]));
    env.fails(3, &["get", "my-secrets-collection"]);
}

#[test]
fn every_byte_value_survives_a_file_secret() {
    let env = TestEnv::new();
    let bytes: Vec<u8> = (0..=255).collect();
    std::fs::write(env.path("all.bin"), &bytes).unwrap();
    env.ok(&["create", "bin", "--file", &format!("certs/all.bin=@{}", env.path("all.bin").display())]);

    assert_eq!(env.ok(&["get", "bin", "certs/all.bin"]), bytes);
    let shown = env.json(&["get", "bin", "--reveal"]);
    let secret = &shown["secrets"][0];
    assert_eq!(secret["encoding"], "base64");
    use base64::Engine;
    let decoded =
        base64::engine::general_purpose::STANDARD.decode(secret["value"].as_str().unwrap()).unwrap();
    assert_eq!(decoded, bytes);

    // The JSON form reads back through --from-json to the same bytes.
    std::fs::write(env.path("bin.json"), shown.to_string()).unwrap();
    env.ok(&["create", "copy", "--from-json", env.path("bin.json").to_str().unwrap()]);
    assert_eq!(env.ok(&["get", "copy", "certs/all.bin"]), bytes);
}

#[test]
fn get_location_prints_exact_bytes_and_nothing_else() {
    let env = TestEnv::new();
    std::fs::write(env.path("crlf"), b"line\r\n\n").unwrap();
    env.ok(&[
        "create",
        "app",
        "--env",
        "EMPTY=",
        "--env",
        "PW=p a s s ",
        "--file",
        &format!("f=@{}", env.path("crlf").display()),
    ]);
    assert_eq!(env.ok(&["get", "app", "EMPTY"]), b"");
    assert_eq!(env.ok(&["get", "app", "PW"]), b"p a s s ");
    assert_eq!(env.ok(&["get", "app", "f"]), b"line\r\n\n");
    env.fails(3, &["get", "app", "MISSING"]);
}

#[test]
fn values_are_never_in_the_clear_in_the_vault_file_or_wal() {
    let env = TestEnv::bare();
    let mut init = env.locked_cmd();
    init.env("VAULT_PASSPHRASE", "correct-horse-battery-staple").args(["init", "--work-factor", "2"]);
    assert!(init.output().unwrap().status.success());
    // Holding a connection open keeps the -wal from being checkpointed away.
    let reader = env.sqlite();
    reader.query_row("SELECT count(*) FROM vault", [], |row| row.get::<_, i64>(0)).unwrap();
    let value = "PLAINTEXT-MARKER-0123456789";
    std::fs::write(env.path("cert.pem"), format!("-----BEGIN {value}-----")).unwrap();
    let mut create = env.locked_cmd();
    create.env("VAULT_PASSPHRASE", "correct-horse-battery-staple").args([
        "create",
        "app",
        "--env",
        &format!("TOKEN={value}"),
        "--file",
        &format!("cert.pem=@{}", env.path("cert.pem").display()),
    ]);
    assert!(create.output().unwrap().status.success());
    let wal = std::fs::read(crate::support::wal_path(&env.vault)).unwrap();
    assert!(!wal.is_empty(), "the test must see the -wal");
    let bytes = env.vault_bytes();
    assert!(contains(&bytes, b"TOKEN"), "metadata is in the clear");
    assert!(!contains(&bytes, value.as_bytes()));
    assert!(!contains(&bytes, b"correct-horse-battery-staple"));
    assert!(!contains(&bytes, b"AGE-SECRET-KEY"));
    drop(reader);
}

#[test]
fn allow_existing_and_allow_missing_make_scripts_idempotent() {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "A=1"]);
    let again = env.json(&["create", "app", "--env", "A=2", "--allow-existing"]);
    assert_eq!(again["secrets_count"], 1);
    assert_eq!(env.ok(&["get", "app", "A"]), b"1");
    env.fails(4, &["create", "app", "--env", "A=2"]);
    env.ok(&["delete", "app", "--yes", "--allow-missing"]);
    env.ok(&["delete", "app", "--yes", "--allow-missing"]);
    env.fails(3, &["delete", "app", "--yes"]);
}

#[test]
fn delete_without_a_terminal_needs_yes() {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "A=1"]);
    let err = env.fails(2, &["delete", "app"]);
    assert!(err.contains("--yes"), "{err}");
}

#[test]
fn list_filters_by_search_kind_time_and_limit() {
    let env = TestEnv::new();
    env.ok(&["create", "alpha", "--description", "Payment GATEWAY keys", "--kind", "token", "--env", "T=1"]);
    env.ok(&["create", "beta", "--name", "Beta Gateway", "--env", "P=1"]);
    env.ok(&["create", "gamma", "--env", "G=1"]);
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["list"];
        all.extend_from_slice(args);
        env.json(&all).as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(ids(&[]), ["alpha", "beta", "gamma"]);
    assert_eq!(ids(&["--search", "gateway"]), ["alpha", "beta"]);
    assert_eq!(ids(&["--search", "GAMMA"]), ["gamma"]);
    assert_eq!(ids(&["--kind", "token"]), ["alpha"]);
    assert_eq!(ids(&["--limit", "2"]), ["alpha", "beta"]);
    assert!(ids(&["--created-before", "2000-01-01"]).is_empty());
    assert_eq!(ids(&["--created-before", "2999-01-01T00:00:00Z"]).len(), 3);
    env.fails(2, &["list", "--created-before", "soon"]);
    env.fails(2, &["list", "--kind", "nonsense"]);
}

#[test]
fn workspaces_keep_collections_apart() {
    let env = TestEnv::new();
    env.fails(3, &["-w", "prod", "create", "app", "--env", "A=1"]);
    env.ok(&["workspace", "create", "prod"]);
    env.fails(4, &["workspace", "create", "prod"]);
    env.ok(&["-w", "prod", "create", "app", "--env", "A=prod"]);
    env.ok(&["create", "app", "--env", "A=dev"]);
    assert_eq!(env.ok(&["get", "prod/app", "A"]), b"prod");
    assert_eq!(env.ok(&["get", "app", "A"]), b"dev");
    let mut by_env = env.cmd();
    by_env.env("VAULT_WORKSPACE", "prod").args(["get", "app", "A"]);
    assert_eq!(by_env.output().unwrap().stdout, b"prod");
    let listed = env.json(&["workspace", "list"]);
    assert_eq!(listed[0]["name"], "default");
    assert_eq!(listed[1]["name"], "prod");
    assert_eq!(listed[1]["collections"], 1);

    let err = env.fails(2, &["workspace", "delete", "prod"]);
    assert!(err.contains("--yes"), "{err}");
    env.fails(2, &["workspace", "delete", "default", "--yes"]);
    env.fails(3, &["workspace", "delete", "nope"]);
    env.ok(&["workspace", "delete", "prod", "--yes"]);
    env.fails(3, &["get", "prod/app"]);
    assert_eq!(env.ok(&["get", "app", "A"]), b"dev");
}

#[test]
fn update_of_only_name_and_description_needs_no_key_and_keeps_values() {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "A=1"]);
    let out = env.locked_cmd().args(["update", "app", "--name", "App"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(env.json(&["get", "app"])["name"], "App");
    assert_eq!(env.ok(&["get", "app", "A"]), b"1");
    env.fails(2, &["update", "app"]);
}

#[test]
fn an_identity_file_that_opens_nothing_falls_back_to_the_passphrase() {
    let env = TestEnv::with_passphrase();
    env.ok(&["create", "app", "--env", "TOKEN=t0ken"]);
    let other = TestEnv::new();
    // The unlock order goes on to VAULT_PASSPHRASE when the identity file is no reader.
    let mut cmd = env.cmd();
    cmd.env("VAULT_IDENTITY_FILE", &other.identity).args(["get", "app", "TOKEN"]);
    assert_eq!(cmd.output().unwrap().stdout, b"t0ken");
    // Both failing: the error names both.
    let mut cmd = env.cmd();
    cmd.env("VAULT_IDENTITY_FILE", &other.identity).env("VAULT_PASSPHRASE", "wrong");
    let stderr = env.fails_with(5, cmd.args(["get", "app", "TOKEN"]));
    assert!(
        stderr.contains("identity file") && stderr.contains("passphrase in VAULT_PASSPHRASE does not open"),
        "{stderr}"
    );
    // With no passphrase to go on to, the identity file's own error stands.
    let mut cmd = env.locked_cmd();
    let stderr =
        env.fails_with(5, cmd.env("VAULT_IDENTITY_FILE", &other.identity).args(["get", "app", "TOKEN"]));
    assert!(stderr.contains("does not open this vault"), "{stderr}");
}
