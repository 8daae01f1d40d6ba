//! `--generate KEY` for `create` and `update`: lengths and character sets hold, values
//! differ, nothing is printed unless `--show`, and history records the change.

use crate::support::{TestEnv, contains};

fn value(env: &TestEnv, id: &str, key: &str) -> String {
    String::from_utf8(env.ok(&["get", id, key])).unwrap()
}

/// Which characters a value of one character set may hold.
type Allowed = &'static dyn Fn(char) -> bool;

#[test]
fn generated_values_have_the_length_and_characters_asked_for() {
    let env = TestEnv::new();
    env.ok(&[
        "create",
        "gen",
        "--generate",
        "DEFAULT",
        "--charset",
        "hex",
        "--length",
        "40",
        "--generate",
        "HEX",
        "--kind",
        "password",
        "--charset",
        "symbols",
        "--length",
        "64",
        "--generate",
        "SYMBOLS",
        "--charset",
        "base64",
        "--length",
        "44",
        "--generate",
        "BASE64",
    ]);
    let cases: [(&str, usize, Allowed); 4] = [
        ("DEFAULT", 32, &|c| c.is_ascii_alphanumeric()),
        ("HEX", 40, &|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
        ("SYMBOLS", 64, &|c| c.is_ascii_graphic() && !"\"'`\\".contains(c)),
        ("BASE64", 44, &|c| c.is_ascii_alphanumeric() || c == '+' || c == '/'),
    ];
    for (key, length, allowed) in cases {
        let generated = value(&env, "gen", key);
        assert_eq!(generated.len(), length, "{key}");
        assert!(generated.chars().all(allowed), "{key}: {generated}");
    }
    let kinds: Vec<String> = env.json(&["get", "gen"])["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, ["generic", "generic", "password", "password"]);
    env.fails(2, &["create", "short", "--length", "7", "--generate", "X"]);
    env.fails(2, &["create", "bad", "--generate", "1X"]);
}

#[test]
fn nothing_is_printed_unless_asked_and_values_differ() {
    let env = TestEnv::new();
    let out = env.run(&["create", "one", "--generate", "TOKEN"]);
    assert!(out.status.success());
    let token = value(&env, "one", "TOKEN");
    for stream in [&out.stdout, &out.stderr] {
        assert!(!contains(stream, token.as_bytes()), "printed: {}", String::from_utf8_lossy(stream));
    }
    assert!(String::from_utf8_lossy(&out.stdout).contains("secrets:     1"));

    let shown = env.ok(&["create", "two", "--generate", "TOKEN", "--generate", "OTHER", "--show"]);
    let expected = format!("{}\n{}\n", value(&env, "two", "TOKEN"), value(&env, "two", "OTHER"));
    assert_eq!(String::from_utf8(shown).unwrap(), expected);
    let json = env.json(&["create", "three", "--generate", "TOKEN", "--show"]);
    assert_eq!(json["TOKEN"].as_str().unwrap(), value(&env, "three", "TOKEN"));
    let values =
        [token, value(&env, "two", "TOKEN"), value(&env, "two", "OTHER"), value(&env, "three", "TOKEN")];
    for (at, a) in values.iter().enumerate() {
        assert!(values[at + 1..].iter().all(|b| a != b), "two generations gave the same value");
    }
    env.fails(2, &["create", "four", "--env", "A=b", "--show"]);
}

#[test]
fn update_generates_a_new_value_that_history_records() {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "KEEP=kept", "--generate", "API_KEY"]);
    let first = value(&env, "app", "API_KEY");
    let out = env.run(&["update", "app", "--generate", "API_KEY", "--charset", "hex"]);
    assert!(out.status.success() && !contains(&out.stdout, first.as_bytes()));
    let second = value(&env, "app", "API_KEY");
    assert_ne!(first, second);
    assert!(!contains(&out.stdout, second.as_bytes()) && !contains(&out.stderr, second.as_bytes()));
    assert_eq!(value(&env, "app", "KEEP"), "kept");
    let history = env.json(&["history", "app"]);
    assert_eq!(history[0]["current"], true);
    assert_eq!(history[0]["changes"]["changed"], serde_json::json!(["API_KEY"]));
    assert_eq!(String::from_utf8(env.ok(&["get", "app", "API_KEY", "--version", "1"])).unwrap(), first);
}
