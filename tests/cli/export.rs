//! `vault export`: hostile values make the round trip byte-identical through vault's own
//! dotenv reader, python-dotenv, real shells and JSON; what a format cannot carry is
//! refused without printing anything.

use std::process::Command;

use serde_json::json;

use crate::support::{TestEnv, contains, pairs};

/// Values every format carries, each chosen to break a naive quoter.
const HOSTILE: &[(&str, &str)] = &[
    ("BOTH_QUOTES", "it's \"quoted\""),
    ("DOLLARS", "$HOME and $1 and ${unterminated"),
    ("BACKTICKS", "`whoami` $(id)"),
    ("BACKSLASHES", "C:\\path\\to\\file \\n \\t"),
    ("DOUBLE_BACKSLASH", "a\\\\b and it's"),
    ("NEWLINES", "line 1\nline 2\n\nline 4\n"),
    ("QUOTED_NEWLINES", "say \"hi\"\nit's me"),
    ("HASH", "pass#word # not a comment"),
    ("EQUALS", "a=b==c="),
    ("SPACES", "  padded  "),
    ("TAB", "\tx\t"),
    ("UNICODE", "héllo wörld ✓ 🔑 \u{a0}\u{2028}"),
    ("EMPTY", ""),
    ("PLAIN", "dGVzdA==/+x:@,%.-_"),
    ("SEMICOLON", "a; rm -rf / & echo | cat > x"),
    ("GLOB", "* ? [a] {b,c} ~ !x ^y"),
];

/// Values dotenv cannot carry for both parsers; shell and JSON still do.
const NOT_DOTENV: &[(&str, &str)] = &[
    ("CRLF", "line 1\r\nline 2\r\n"),
    ("INTERPOLATED", "x${HOME}y"),
    ("TRAILING_BACKSLASH", "C:\\dir\\"),
    ("DOLLAR_AND_QUOTE", "it's $5"),
];

/// A collection holding `values` exactly, created through `--from-json`.
fn collection(env: &TestEnv, id: &str, values: &[(&str, &str)]) {
    let secrets: Vec<_> =
        values.iter().map(|(k, v)| json!({"type": "env", "location": k, "value": v})).collect();
    let path = env.path(&format!("{id}.json"));
    std::fs::write(&path, json!({ "secrets": secrets }).to_string()).unwrap();
    env.ok(&["create", id, "--from-json", path.to_str().unwrap()]);
}

#[test]
fn dotenv_export_reads_back_through_vaults_own_dotenv_import() {
    let env = TestEnv::new();
    collection(&env, "app", HOSTILE);
    let exported = env.ok(&["export", "app"]);
    std::fs::write(env.path("app.env"), &exported).unwrap();
    env.ok(&["create", "copy", "--from-dotenv", env.path("app.env").to_str().unwrap()]);
    assert_eq!(env.text_values("copy"), pairs(HOSTILE));
    // The default format is dotenv, and --format dotenv says so.
    assert_eq!(env.ok(&["export", "app", "--format", "dotenv"]), exported);
}

#[test]
fn dotenv_export_reads_back_through_python_dotenv() {
    let env = TestEnv::new();
    collection(&env, "app", HOSTILE);
    std::fs::write(env.path("app.env"), env.ok(&["export", "app"])).unwrap();
    let script = "import json, sys\n\
                  from dotenv import dotenv_values\n\
                  print(json.dumps(list(dotenv_values(sys.argv[1]).items())))";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(env.path("app.env"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .expect("python3 must be installed to check the dotenv output against python-dotenv");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "python-dotenv could not read the export (if it is missing: python3 -m pip install python-dotenv, as .ci/run does): {stderr}"
    );
    assert!(stderr.is_empty(), "python-dotenv warned: {stderr}");
    let read: Vec<(String, String)> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(read, pairs(HOSTILE));
}

/// The shells to evaluate exports in: bash and sh always, others when installed.
fn shells() -> Vec<Vec<&'static str>> {
    let mut shells = vec![vec!["bash"], vec!["sh"]];
    for optional in [vec!["dash"], vec!["zsh"], vec!["busybox", "sh"]] {
        if Command::new("which").arg(optional[0]).output().is_ok_and(|o| o.status.success()) {
            shells.push(optional);
        }
    }
    shells
}

#[test]
fn shell_export_is_restored_exactly_by_eval_in_real_shells() {
    let env = TestEnv::new();
    let all: Vec<(&str, &str)> = HOSTILE.iter().chain(NOT_DOTENV).copied().collect();
    collection(&env, "app", &all);
    let exported = env.ok(&["export", "app", "--format", "shell"]);
    assert!(exported.starts_with(b"export BOTH_QUOTES="), "{}", String::from_utf8_lossy(&exported));
    std::fs::write(env.path("app.sh"), &exported).unwrap();
    // Print every variable NUL-terminated, so trailing newlines survive.
    let print: String = all.iter().map(|(k, _)| format!(" \"${k}\"")).collect();
    let script = format!("eval \"$(cat app.sh)\" && printf '%s\\0'{print}");
    let expected: Vec<u8> = all.iter().flat_map(|(_, v)| [v.as_bytes(), b"\0"].concat()).collect();
    for shell in shells() {
        let out = Command::new(shell[0])
            .args(&shell[1..])
            .args(["-c", &script])
            .current_dir(env.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&expected),
            "{shell:?} did not restore the values"
        );
    }
}

#[test]
fn json_export_is_the_revealed_collection_and_reads_back() {
    let env = TestEnv::new();
    let all: Vec<(&str, &str)> = HOSTILE.iter().chain(NOT_DOTENV).copied().collect();
    collection(&env, "app", &all);
    let exported: serde_json::Value =
        serde_json::from_slice(&env.ok(&["export", "app", "--format", "json"])).unwrap();
    assert_eq!(exported, env.json(&["get", "app", "--reveal"]));
    assert_eq!(env.ok(&["export", "app", "--json"]), env.ok(&["export", "app", "--format", "json"]));
    std::fs::write(env.path("export.json"), exported.to_string()).unwrap();
    env.ok(&["create", "copy", "--from-json", env.path("export.json").to_str().unwrap()]);
    assert_eq!(env.text_values("copy"), pairs(&all));
}

#[test]
fn dotenv_export_refuses_a_value_it_cannot_carry_and_prints_nothing() {
    let env = TestEnv::new();
    for (key, value) in NOT_DOTENV {
        let id = key.to_lowercase().replace('_', "-");
        collection(&env, &id, &[("FIRST", "fine"), (key, value)]);
        let out = env.run(&["export", &id]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{key}: {stderr}");
        assert!(out.stdout.is_empty(), "{key}: partial output");
        assert!(stderr.contains(&format!("cannot export {key} as dotenv")), "{stderr}");
        assert!(stderr.contains("--format shell"), "{stderr}");
        assert!(!contains(&out.stderr, value.as_bytes()), "{key}: the value leaked into stderr");
    }
}

#[test]
fn env_formats_skip_file_secrets_with_a_note_and_json_keeps_them() {
    let env = TestEnv::new();
    std::fs::write(env.path("cert.pem"), "CERT-BYTES").unwrap();
    let file = format!("tls/cert.pem=@{}", env.path("cert.pem").display());
    env.ok(&["create", "app", "--env", "A=1", "--file", &file]);
    for format in ["dotenv", "shell"] {
        let out = env.run(&["export", "app", "--format", format]);
        assert!(out.status.success());
        assert!(!contains(&out.stdout, b"CERT-BYTES") && !contains(&out.stdout, b"tls/cert.pem"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("1 file secret(s) not exported (tls/cert.pem)"), "{stderr}");
        let quiet = env.run(&["export", "app", "--format", format, "--quiet"]);
        assert!(quiet.status.success() && quiet.stderr.is_empty());
        assert_eq!(quiet.stdout, out.stdout);
    }
    let json = env.json(&["export", "app"]);
    assert_eq!(json["secrets"][1]["value"], "CERT-BYTES");
}

#[test]
fn export_needs_a_key_and_an_existing_collection_and_one_format() {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "A=1"]);
    env.fails_with(5, env.locked_cmd().args(["export", "app"]));
    env.fails(3, &["export", "missing"]);
    env.fails(2, &["export", "app", "--format", "yaml"]);
    env.fails(2, &["export", "app", "--format", "shell", "--json"]);
}
