//! `vault export`: hostile values make the round trip byte-identical through vault's own
//! dotenv reader, python-dotenv, real shells and JSON; what a format cannot carry is
//! refused without printing anything.

use serde_json::json;

use crate::support::{TestEnv, contains, pairs, require_tool};

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
    ("BACKTICK_AND_QUOTE", "it's `touch CANARY`"),
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
    let out = env
        .sandboxed("python3")
        .args(["-c", script])
        .arg(env.path("app.env"))
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

/// The shells to evaluate exports in: bash and sh, and dash, zsh and busybox where
/// installed (required under CI: see [`require_tool`]).
fn shells() -> Vec<Vec<&'static str>> {
    let mut shells = vec![vec!["bash"], vec!["sh"]];
    for optional in [vec!["dash"], vec!["zsh"], vec!["busybox", "sh"]] {
        if require_tool(optional[0]).is_some() {
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
        let out = env.sandboxed(shell[0]).args(&shell[1..]).args(["-c", &script]).output().unwrap();
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
fn dotenv_export_names_every_value_it_cannot_carry_and_prints_nothing() {
    let env = TestEnv::new();
    let all: Vec<(&str, &str)> = [("FIRST", "fine")].into_iter().chain(NOT_DOTENV.iter().copied()).collect();
    collection(&env, "app", &all);
    let out = env.run(&["export", "app"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty(), "partial output");
    assert!(
        stderr.starts_with("error: cannot export as dotenv: CRLF (its value holds a carriage return"),
        "{stderr}"
    );
    for (key, value) in NOT_DOTENV {
        assert!(stderr.contains(&format!("{key} (its value ")), "{key} not named: {stderr}");
        assert!(!contains(&out.stderr, value.as_bytes()), "{key}: the value leaked into stderr");
    }
    assert!(!stderr.contains("FIRST"), "{stderr}");
    assert!(stderr.contains("hint: use --format shell or --format json"), "{stderr}");
    assert!(stderr.contains("BACKTICK_AND_QUOTE (its value holds a backtick"), "{stderr}");
    // Nothing was revealed, so nothing was recorded.
    assert!(!String::from_utf8_lossy(&env.ok(&["audit"])).contains("export"));
}

/// Sources `file` in `shell` with `set -a` (as `. ./.env` in a script would), in the
/// sandbox's working directory, and prints the variables `keys` NUL-terminated.
fn source_in(env: &TestEnv, shell: &str, file: &str, keys: &[&str]) -> Vec<u8> {
    let print: String = keys.iter().map(|k| format!(" \"${k}\"")).collect();
    let out = env
        .sandboxed(shell)
        .args(["-c", &format!("set -a; . ./{file}; printf '%s\\0'{print}")])
        .output()
        .unwrap_or_else(|e| panic!("{shell} must be installed to source the dotenv export: {e}"));
    assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn dotenv_export_is_safe_to_source_in_a_posix_shell() {
    let env = TestEnv::new();
    let canaries = [
        ("SUBSTITUTION", "$(touch CANARY) and \"quoted\""),
        ("BACKTICK", "`touch CANARY2`"),
        ("QUOTE", "it's \"quoted\" \\\\ and more"),
        ("BOTH", "$(touch CANARY3) `touch CANARY4`"),
    ];
    let all: Vec<(&str, &str)> = HOSTILE.iter().chain(&canaries).copied().collect();
    collection(&env, "app", &all);
    env.ok(&["export", "app", "--output", "app.env"]);
    for shell in ["dash", "bash", "sh"] {
        let shown = source_in(&env, shell, "app.env", &["SUBSTITUTION", "BACKTICK", "BOTH"]);
        for canary in ["CANARY", "CANARY2", "CANARY3", "CANARY4"] {
            assert!(!env.path(canary).exists(), "{shell} ran a command substitution ({canary})");
        }
        // Single-quoted values read back exactly in the shell too.
        let expected = [canaries[0].1, "\0", canaries[1].1, "\0", canaries[3].1, "\0"].concat();
        assert_eq!(String::from_utf8_lossy(&shown), expected, "{shell}");
    }
    // A value no quoting makes both readable and safe is refused, not written unsafely.
    collection(
        &env,
        "unsafe",
        &[("RISKY", "it's `touch CANARY5`"), ("ALL", "it's $(touch CANARY6) `touch CANARY7`")],
    );
    let err = env.fails_silently(2, &["export", "unsafe"]);
    assert!(err.contains("RISKY (its value holds a backtick"), "{err}");
    assert!(err.contains("ALL (its value holds '$'"), "{err}");
    assert!(err.contains("--format shell"), "{err}");
    assert!(["CANARY5", "CANARY6", "CANARY7"].iter().all(|c| !env.path(c).exists()));
}

#[test]
fn docker_export_writes_raw_values_and_names_every_value_with_a_line_break() {
    let env = TestEnv::new();
    let values: Vec<(&str, &str)> = HOSTILE.iter().filter(|(_, v)| !v.contains('\n')).copied().collect();
    collection(&env, "app", &values);
    let expected: String = values.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
    assert_eq!(String::from_utf8(env.ok(&["export", "app", "--format", "docker"])).unwrap(), expected);

    collection(&env, "multi", &[("A", "ok"), ("PEM", "line 1\nline 2"), ("CR", "x\r")]);
    let err = env.fails_silently(2, &["export", "multi", "--format", "docker"]);
    assert!(err.contains("cannot export as docker: PEM (its value holds a line break"), "{err}");
    assert!(err.contains("; CR (its value holds a line break"), "{err}");
    assert!(err.contains("hint: use --format json"), "{err}");
    assert!(!err.contains("line 1"), "{err}");
}

#[test]
fn output_creates_the_file_0600_whatever_the_umask_and_replaces_it_atomically() {
    let env = TestEnv::new();
    collection(&env, "app", &[("A", "1"), ("B", "two words")]);
    let out = env.std_cmd_with_umask("000").args(["export", "app", "--output", "app.env"]).output().unwrap();
    assert!(out.status.success() && out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(env.path("app.env")).unwrap(), "A=1\nB='two words'\n");
    assert_eq!(crate::support::mode(&env.path("app.env")), 0o600);

    // An existing file is replaced by a new one, never rewritten in place: a hard link
    // to the old one keeps the old content, and a symlink is replaced, not followed.
    std::fs::write(env.path("old.env"), "OLD=1\n").unwrap();
    std::fs::set_permissions(env.path("old.env"), std::os::unix::fs::PermissionsExt::from_mode(0o644))
        .unwrap();
    std::fs::hard_link(env.path("old.env"), env.path("link.env")).unwrap();
    std::os::unix::fs::symlink(env.path("target.txt"), env.path("sym.env")).unwrap();
    std::fs::write(env.path("target.txt"), "TARGET\n").unwrap();
    for format in ["dotenv", "shell", "docker", "json"] {
        for name in ["old.env", "sym.env"] {
            env.ok(&["export", "app", "--format", format, "--output", name]);
            assert_eq!(
                std::fs::read(env.path(name)).unwrap(),
                env.ok(&["export", "app", "--format", format])
            );
            assert_eq!(crate::support::mode(&env.path(name)), 0o600, "{name}");
            assert!(!std::fs::symlink_metadata(env.path(name)).unwrap().is_symlink(), "{name}");
        }
    }
    assert_eq!(std::fs::read_to_string(env.path("link.env")).unwrap(), "OLD=1\n");
    assert_eq!(std::fs::read_to_string(env.path("target.txt")).unwrap(), "TARGET\n");
    assert_no_leftovers(&env);
}

/// No temporary file of `--output` is left in the test's directory.
fn assert_no_leftovers(env: &TestEnv) {
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".vault-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn a_refused_export_leaves_no_file_and_keeps_an_existing_one() {
    let env = TestEnv::new();
    collection(&env, "app", &[("A", "1"), ("CRLF", "x\r\ny")]);
    env.fails(2, &["export", "app", "--output", "new.env"]);
    assert!(!env.path("new.env").exists(), "a refused export left a file");
    std::fs::write(env.path("kept.env"), "KEPT=1\n").unwrap();
    env.fails(2, &["export", "app", "--output", "kept.env"]);
    assert_eq!(std::fs::read_to_string(env.path("kept.env")).unwrap(), "KEPT=1\n");
    // A file that cannot be written fails before anything is revealed or recorded.
    env.fails(1, &["export", "app", "--format", "shell", "--output", "missing-dir/app.sh"]);
    env.fails(1, &["get", "app", "A", "--output", "missing-dir/a"]);
    assert_no_leftovers(&env);
}

#[test]
fn get_output_writes_one_values_exact_bytes_to_a_0600_file() {
    let env = TestEnv::new();
    let bytes: Vec<u8> = (0..=255).collect();
    std::fs::write(env.path("key.bin"), &bytes).unwrap();
    env.ok(&["create", "app", "--file", &format!("tls/key.bin=@{}", env.path("key.bin").display())]);
    let out = env.run(&["get", "app", "tls/key.bin", "--output", "copy.bin"]);
    assert!(out.status.success() && out.stdout.is_empty());
    assert_eq!(std::fs::read(env.path("copy.bin")).unwrap(), bytes);
    assert_eq!(crate::support::mode(&env.path("copy.bin")), 0o600);
    // `--output -` is stdout; --output needs a location.
    assert_eq!(env.ok(&["get", "app", "tls/key.bin", "--output", "-"]), bytes);
    env.fails(2, &["get", "app", "--output", "all.txt"]);
    assert_no_leftovers(&env);
}

#[test]
fn a_value_that_is_not_plain_text_goes_to_a_terminal_only_when_asked() {
    let env = TestEnv::new();
    std::fs::write(env.path("bin"), b"\x00\xff binary").unwrap();
    std::fs::write(env.path("esc"), b"red \x1b[31m text\n").unwrap();
    std::fs::write(env.path("text"), "plain text\twith tabs\r\nand lines\n").unwrap();
    let file = |name: &str| format!("{name}=@{}", env.path(name).display());
    env.ok(&["create", "app", "--file", &file("bin"), "--file", &file("esc"), "--file", &file("text")]);
    for location in ["bin", "esc"] {
        let out = env.on_a_terminal(&format!("get app {location}"), true);
        let shown = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{location}: {shown}");
        assert!(shown.contains(&format!("the value of '{location}' is not plain text")), "{shown}");
        assert!(shown.contains("--output FILE") && shown.contains("--output -"), "{shown}");
        assert!(!contains(&out.stdout, b"binary") && !contains(&out.stdout, b"\x1b[31m"), "{shown}");
        // Forced, it is written as is.
        let forced = env.on_a_terminal(&format!("get app {location} --output -"), true);
        assert_eq!(forced.status.code(), Some(0));
        assert!(contains(&forced.stdout, &std::fs::read(env.path(location)).unwrap()[1..5]));
        // Piped, it always is.
        assert_eq!(env.ok(&["get", "app", location]), std::fs::read(env.path(location)).unwrap());
    }
    let out = env.on_a_terminal("get app text", true);
    assert_eq!(out.status.code(), Some(0));
    assert!(contains(&out.stdout, b"plain text\twith tabs"), "{}", String::from_utf8_lossy(&out.stdout));
    // Only the shown values were recorded as revealed: the refusals were not.
    let audit = String::from_utf8_lossy(&env.ok(&["audit"])).into_owned();
    assert_eq!(audit.matches("revealed").count(), 5, "{audit}");
}

#[test]
fn env_formats_skip_file_secrets_with_a_note_and_json_keeps_them() {
    let env = TestEnv::new();
    std::fs::write(env.path("cert.pem"), "CERT-BYTES").unwrap();
    let file = format!("tls/cert.pem=@{}", env.path("cert.pem").display());
    env.ok(&["create", "app", "--env", "A=1", "--file", &file]);
    for (format, exported) in [("dotenv", &b"A=1\n"[..]), ("shell", b"export A=1\n")] {
        let out = env.run(&["export", "app", "--format", format]);
        assert!(out.status.success());
        // The env secret alone: nothing of the file secret.
        assert_eq!(String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(exported), "{format}");
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
