//! Every validation rule and exit code of the spec: a clear message, the right status,
//! nothing written, and never a value in the message.

use crate::support::TestEnv;

fn env_with_app() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "KEEP=kept-value"]);
    env
}

#[test]
fn ids_and_workspaces_are_checked() {
    let env = env_with_app();
    let long = "x".repeat(256);
    for bad in ["a b", "a/b/c", "..\u{1b}[2J", "", &long, "caf\u{e9}"] {
        let err = env.fails(2, &["create", bad, "--env", "A=1"]);
        assert!(!err.contains('\u{1b}'), "raw control characters echoed: {err:?}");
    }
    env.ok(&["create", &"x".repeat(255), "--env", "A=1"]);
    for bad in ["a/b", "", &long, "a\u{7}"] {
        env.fails(2, &["workspace", "create", bad]);
    }
    env.fails(2, &["-w", "bad ws", "list"]);
}

#[test]
fn env_locations_are_checked() {
    let env = env_with_app();
    let long = format!("{}=v", "A".repeat(256));
    for bad in ["1A=v", "A B=v", "A-B=v", "=v", &long, "A\u{1b}=v"] {
        env.fails(2, &["create", "new", "--env", bad]);
        env.fails(2, &["update", "app", "--env", bad]);
    }
    let ok = format!("{}=v", "A".repeat(255));
    env.ok(&["create", "new", "--env", &ok]);
}

#[test]
fn env_values_must_be_utf8_without_nul() {
    let env = env_with_app();
    for bad in [&b"nul\0byte-secret"[..], &[0xff, 0xfe, b's'][..]] {
        let mut cmd = env.cmd();
        cmd.args(["create", "new", "--env", "K"]).write_stdin(bad.to_vec());
        let err = env.fails_with(2, &mut cmd);
        assert!(!err.contains("byte-secret"), "{err}");
    }
}

#[test]
fn file_locations_are_checked() {
    let env = env_with_app();
    std::fs::write(env.path("v"), "file-secret-value").unwrap();
    let source = format!("@{}", env.path("v").display());
    let long = "f".repeat(256);
    for bad in ["../x", "a/../../b", "/etc/x", "a//b", ".", "a\\b", "a/", &long] {
        let arg = format!("{bad}={source}");
        let err = env.fails(2, &["create", "new", "--file", &arg]);
        assert!(!err.contains("file-secret-value"), "{err}");
    }
    env.fails(2, &["create", "new", "--file", "noat=path"]);
    env.fails(2, &["create", "new", "--file", &format!("x=@{}", env.path("missing").display())]);
}

#[test]
fn value_sizes_are_limited() {
    let env = env_with_app();
    let write = |name: &str, len: usize| {
        std::fs::write(env.path(name), vec![b'a'; len]).unwrap();
        format!("@{}", env.path(name).display())
    };
    let (file_max, file_over) = (write("fmax", 1 << 20), write("fover", (1 << 20) + 1));
    env.ok(&["create", "big", "--file", &format!("f={file_max}")]);
    env.fails(2, &["create", "big2", "--file", &format!("f={file_over}")]);
    let env_max = format!("E={}", "v".repeat(64 * 1024));
    let env_over = format!("E={}", "v".repeat(64 * 1024 + 1));
    env.ok(&["create", "e", "--env", &env_max]);
    env.fails(2, &["create", "e2", "--env", &env_over]);
    assert_eq!(env.ok(&["get", "big", "f"]).len(), 1 << 20);
    assert_eq!(env.ok(&["get", "e", "E"]).len(), 64 * 1024);
}

#[test]
fn a_value_too_large_is_refused_with_its_real_size() {
    let env = env_with_app();
    std::fs::write(env.path("large"), vec![b'a'; 3_000_000]).unwrap();
    let from_file = format!("f=@{}", env.path("large").display());
    let stderr = env.fails(2, &["create", "big", "--file", &from_file]);
    assert!(stderr.contains("is 3000000 bytes; file values are limited to 1 MiB"), "{stderr}");
    for (args, expected) in [
        (["create", "big", "--file", "f=@-"], "is 2000000 bytes; file values"),
        (["create", "big", "--env", "E"], "is 2000000 bytes; env values are limited to 64 KiB"),
    ] {
        let stderr = env.fails_with(2, env.cmd().args(args).write_stdin(vec![b'a'; 2_000_000]));
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    let stderr =
        env.fails_with(2, env.cmd().args(["create", "big", "--env", "E"]).write_stdin(vec![b'a'; 70_000]));
    assert!(stderr.contains("is 70000 bytes; env values"), "{stderr}");
    // A value exactly at the limit, and its line end dropped, is kept.
    let mut at_limit = vec![b'a'; 64 * 1024];
    at_limit.push(b'\n');
    env.cmd().args(["create", "fits", "--env", "E"]).write_stdin(at_limit).assert().success();
    env.fails(3, &["get", "big"]);
}

#[test]
fn a_location_is_given_once_per_command() {
    let env = env_with_app();
    std::fs::write(env.path("v"), "x").unwrap();
    let file = format!("A=@{}", env.path("v").display());
    env.fails(2, &["create", "new", "--env", "A=1", "--env", "A=2"]);
    env.fails(2, &["create", "new", "--env", "A=1", "--file", &file]);
    env.fails(2, &["update", "app", "--env", "KEEP=1", "--unset", "KEEP"]);
    std::fs::write(
        env.path("dup.json"),
        r#"[{"type":"env","location":"A","value":"1"},{"type":"env","location":"A","value":"2"}]"#,
    )
    .unwrap();
    env.fails(2, &["create", "new", "--from-json", env.path("dup.json").to_str().unwrap()]);
    // Inside one dotenv file, a repeated key keeps its last value.
    std::fs::write(env.path(".env"), "A=1\nA=2\n").unwrap();
    env.ok(&["create", "dotenv", "--from-dotenv", env.path(".env").to_str().unwrap()]);
    assert_eq!(env.ok(&["get", "dotenv", "A"]), b"2");
    // Across types inside a collection: a file secret replaces the env one of that name.
    env.ok(&["update", "app", "--file", &format!("KEEP=@{}", env.path("v").display())]);
    let shown = env.json(&["get", "app"]);
    assert_eq!(shown["secrets"][0]["type"], "file");
    assert_eq!(shown["secrets_count"], 1);
}

#[test]
fn names_and_descriptions_are_checked() {
    let env = env_with_app();
    env.fails(2, &["create", "new", "--name", "", "--env", "A=1"]);
    env.fails(2, &["create", "new", "--name", "bell\u{7}", "--env", "A=1"]);
    env.fails(2, &["update", "app", "--description", &"d".repeat(4097)]);
    env.ok(&["update", "app", "--description", &"d".repeat(4096)]);
}

#[test]
fn malformed_inputs_name_the_file_and_line() {
    let env = env_with_app();
    std::fs::write(
        env.path("bad.json"),
        "[\n  {\"type\": \"env\",\n  \"location\": \"A\" \"value\": \"json-secret\"}\n]",
    )
    .unwrap();
    let err = env.fails(2, &["create", "new", "--from-json", env.path("bad.json").to_str().unwrap()]);
    assert!(err.contains("bad.json line 3"), "{err}");
    assert!(!err.contains("json-secret"), "{err}");
    std::fs::write(env.path("shape.json"), r#"[{"type":"env","location":"A","value":12345}]"#).unwrap();
    let err = env.fails(2, &["create", "new", "--from-json", env.path("shape.json").to_str().unwrap()]);
    assert!(!err.contains("12345"), "{err}");
    std::fs::write(env.path("bad.env"), "GOOD=1\nOTHER=2\nBAD LINE dotenv-secret\n").unwrap();
    let err = env.fails(2, &["create", "new", "--from-dotenv", env.path("bad.env").to_str().unwrap()]);
    assert!(err.contains("bad.env line 3"), "{err}");
    assert!(!err.contains("dotenv-secret"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let env = env_with_app();
    env.fails(2, &["create"]);
    env.fails(2, &["frobnicate"]);
    env.fails(2, &["get", "app", "KEEP", "--reveal"]);
    env.fails(2, &["update", "app", "--replace", "--unset", "KEEP"]);
    env.fails(2, &["init", "--work-factor", "23"]);
    env.fails(2, &["create", "new", "--env", "A=1", "--kind", "nonsense"]);
    env.fails(2, &["create", "new", "--from-env", "NOT_SET_ANYWHERE"]);
}

#[test]
fn not_found_is_exit_3() {
    let env = env_with_app();
    let missing = TestEnv::bare();
    let err = missing.fails(3, &["list"]);
    assert!(err.contains("vault init"), "{err}");
    let err = env.fails(3, &["get", "nope"]);
    assert!(
        err.contains("collection 'nope' not found in workspace 'default'") && err.contains("vault list"),
        "{err}"
    );
    env.fails(3, &["-w", "nope", "list"]);
    env.fails(3, &["get", "nope/app"]);
    env.fails(3, &["get", "app", "NOPE"]);
    env.fails(3, &["update", "app", "--unset", "NOPE"]);
    env.fails(3, &["update", "nope", "--env", "A=1"]);
    env.fails(3, &["delete", "nope", "--yes"]);
}

#[test]
fn already_exists_is_exit_4() {
    let env = env_with_app();
    env.fails(4, &["init", "--identity-file", env.identity.to_str().unwrap()]);
    env.fails(4, &["create", "app", "--env", "A=1"]);
    env.fails(4, &["workspace", "create", "default"]);
}

#[test]
fn values_from_stdin_and_the_environment() {
    let env = env_with_app();
    let out = env
        .cmd()
        .args(["create", "piped", "--env", "TOKEN", "--from-env", "FROM_ENV"])
        .env("FROM_ENV", "env-value")
        .write_stdin("stdin-value\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(env.ok(&["get", "piped", "TOKEN"]), b"stdin-value");
    assert_eq!(env.ok(&["get", "piped", "FROM_ENV"]), b"env-value");
    let mut two = env.cmd();
    two.args(["create", "two", "--env", "A", "--env", "B"]).write_stdin("x");
    env.fails_with(2, &mut two);
}

#[test]
fn from_json_accepts_the_reference_shapes() {
    let env = env_with_app();
    let whole = r#"{"collection_id": "ignored", "name": "From JSON", "description": "d",
        "secrets": [{"secret_type": "env", "location": "A", "value": "1"},
                    {"type": "file", "location": "b/c", "kind": "key", "value": "AAEC", "encoding": "base64"}]}"#;
    std::fs::write(env.path("whole.json"), whole).unwrap();
    let created = env.json(&["create", "j", "--from-json", env.path("whole.json").to_str().unwrap()]);
    assert_eq!((created["id"].as_str(), created["name"].as_str()), (Some("j"), Some("From JSON")));
    assert_eq!(env.ok(&["get", "j", "b/c"]), [0, 1, 2]);
    let mut piped = env.cmd();
    piped
        .args(["update", "j", "--kind", "token", "--from-json", "-"])
        .write_stdin(r#"[{"type":"env","location":"C","value":"3"}]"#);
    assert!(piped.output().unwrap().status.success());
    let shown = env.json(&["get", "j"]);
    assert_eq!(shown["secrets"][2]["kind"], "token");
    assert_eq!(shown["secrets"][1]["kind"], "key");
}
