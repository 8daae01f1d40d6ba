//! Declared requirements (`.vault.toml` `require`): `vault check` and `vault run` name
//! every missing one from metadata alone, with no key, passphrase or terminal.

use crate::support::TestEnv;

const PROJECT: &str = r#"collections = ["app", "prod/db"]
require = ["TOKEN", "DB_URL", { name = "TLS_CERT", description = "the API's certificate" }, "tls/ca.pem"]
"#;

/// A passphrase vault with `app` (TOKEN) and `prod/db` (a file secret tls/ca.pem) and
/// the project file above.
fn project() -> TestEnv {
    let env = TestEnv::with_passphrase();
    env.ok(&["create", "app", "--env", "TOKEN=t0ken-value"]);
    env.ok(&["workspace", "create", "prod"]);
    let ca = env.path("ca.pem");
    std::fs::write(&ca, "ca").unwrap();
    env.ok(&["create", "prod/db", "--file", &format!("tls/ca.pem=@{}", ca.display())]);
    std::fs::write(env.path(".vault.toml"), PROJECT).unwrap();
    env
}

const MISSING: &str = "DB_URL, TLS_CERT (the API's certificate) are not in any of app, prod/db";

#[test]
fn check_names_every_missing_requirement_without_unlocking() {
    let env = project();
    let out = env.locked_cmd().arg("check").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert_eq!(stderr.lines().next().unwrap(), format!("error: {MISSING}"));
    let table = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> = table.lines().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(rows[1], ["TOKEN", "ok", "app"]);
    assert_eq!(rows[2], ["DB_URL", "missing"]);
    assert_eq!(rows[4], ["tls/ca.pem", "ok", "prod/db"]);

    let json = env.locked_cmd().args(["check", "--json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["requirements"][2]["description"], "the API's certificate");
    assert_eq!(json["requirements"][2]["found_in"], serde_json::json!([]));

    // A file secret named like a variable meets a declared requirement too.
    let cert = env.path("cert.pem");
    std::fs::write(&cert, "cert").unwrap();
    env.ok(&[
        "update",
        "app",
        "--env",
        "DB_URL=postgres://x",
        "--file",
        &format!("TLS_CERT=@{}", cert.display()),
    ]);
    let out = env.locked_cmd().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn run_names_every_missing_requirement_without_unlocking() {
    let env = project();
    let marker = env.path("ran");
    let out = env.locked_cmd().args(["run", "--", "touch"]).arg(&marker).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(125), "{stderr}");
    let first = stderr.lines().next().unwrap();
    assert!(
        first.starts_with("error: ") && first.ends_with(&format!("required secrets missing: {MISSING}")),
        "{stderr}"
    );
    assert!(!stderr.contains("VAULT_PASSPHRASE"), "a missing requirement comes before the unlock: {stderr}");
    assert!(!marker.exists());
    // --require adds to the declared ones and names env secrets only.
    let out = env.locked_cmd().args(["run", "--require", "EXTRA", "--", "true"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("TLS_CERT (the API's certificate), EXTRA are"));

    env.ok(&["update", "app", "--env", "DB_URL=postgres://x", "--env", "TLS_CERT=pem"]);
    env.ok(&["run", "--", "touch", marker.to_str().unwrap()]);
    assert!(marker.exists());
}

#[test]
fn bad_requirements_are_usage_errors_naming_the_file() {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "A=b"]);
    std::fs::write(env.path(".vault.toml"), "collections = [\"app\"]\nrequire = [\"../up\"]\n").unwrap();
    let stderr = env.fails(2, &["check"]);
    assert!(stderr.contains(".vault.toml: require: invalid file location"), "{stderr}");
    std::fs::write(env.path(".vault.toml"), "collections = [\"app\"]\nrequire = [{ description = \"x\" }]\n")
        .unwrap();
    let stderr = env.fails(2, &["check"]);
    assert!(stderr.contains(".vault.toml line 2"), "{stderr}");
    std::fs::write(env.path(".vault.toml"), "require = [\"A\"]\n").unwrap();
    let stderr = env.fails(2, &["check"]);
    assert!(stderr.contains("no collection to check"), "{stderr}");
    env.ok(&["check", "-c", "app"]);
    std::fs::remove_file(env.path(".vault.toml")).unwrap();
    let stderr = env.fails(2, &["check"]);
    assert!(stderr.contains("no .vault.toml"), "{stderr}");
}
