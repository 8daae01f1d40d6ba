//! `--from-dotenv` on `.env` files from the wild (tests/fixtures/dotenv): every entry
//! arrives with the value the file means, and a broken file is refused naming its line.

use std::path::{Path, PathBuf};

use crate::support::{TestEnv, contains};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dotenv")
}

#[test]
fn dotenv_files_from_the_wild_import_to_their_expected_values() {
    let env = TestEnv::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let Some(stem) = name.strip_suffix(".env") else { continue };
        if stem.starts_with("broken-") {
            continue;
        }
        let expected: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&std::fs::read(fixtures().join(format!("{stem}.expected.json"))).unwrap())
                .unwrap();
        env.ok(&["create", stem, "--from-dotenv", path.to_str().unwrap()]);
        let shown = env.json(&["get", stem, "--reveal"]);
        let got: serde_json::Map<String, serde_json::Value> = shown["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["location"].as_str().unwrap().to_owned(), s["value"].clone()))
            .collect();
        assert_eq!(
            got.iter().collect::<Vec<_>>(),
            expected.iter().collect::<Vec<_>>(),
            "{name} imported differently"
        );
        checked += 1;
    }
    assert!(checked >= 5, "fixtures missing: only {checked} checked");
    // The CRLF fixture must still hold CRLF line ends, or it tests nothing.
    assert!(contains(&std::fs::read(fixtures().join("crlf.env")).unwrap(), b"\r\n"));
}

#[test]
fn a_broken_dotenv_file_is_refused_naming_its_line_and_no_value() {
    let env = TestEnv::new();
    for (name, line, value) in [
        ("broken-no-equals.env", 4, "IS BROKEN"),
        ("broken-unterminated.env", 2, "never closed"),
        ("broken-unquoted-space.env", 3, "hunter2"),
    ] {
        let path = fixtures().join(name);
        let err = env.fails(2, &["create", "app", "--from-dotenv", path.to_str().unwrap()]);
        assert!(err.contains(&format!("{name} line {line}: invalid dotenv syntax")), "{err}");
        assert!(err.contains("hint: quote a value"), "{err}");
        assert!(!err.contains(value), "{name}: the line's content leaked: {err}");
    }
}

#[test]
fn dollar_substitution_is_refused_naming_the_entry_never_filled_from_the_environment() {
    let env = TestEnv::new();
    let path = fixtures().join("broken-substitution.env");
    let err = env.fails(2, &["create", "app", "--from-dotenv", path.to_str().unwrap()]);
    assert!(err.contains("entry URL uses $-substitution"), "{err}");
    assert!(!err.contains("db.internal"), "{err}");

    // `${VAULT_PASSPHRASE}` would otherwise copy vault's own passphrase into the vault,
    // and a bare `$$` would silently vanish.
    for line in ["LEAK=${VAULT_PASSPHRASE}\n", "PASSWORD=pa$$word\n", "GREETING=\"hi ${USER}\"\n"] {
        std::fs::write(env.path("x.env"), line).unwrap();
        let mut cmd = env.cmd();
        cmd.env("VAULT_PASSPHRASE", "hunter2").env("USER", "alice");
        let err = env.fails_with(2, cmd.args(["create", "app", "--from-dotenv", "x.env"]));
        assert!(err.contains("uses $-substitution") && !err.contains("hunter2"), "{line}: {err}");
    }

    // Single quotes and `\$` keep every `$` as written.
    std::fs::write(env.path("ok.env"), "A='pa$$word ${HOME} \\$'\nB=\"costs \\$5\"\n").unwrap();
    env.ok(&["create", "app", "--from-dotenv", "ok.env"]);
    assert_eq!(env.ok(&["get", "app", "A"]), b"pa$$word ${HOME} \\$");
    assert_eq!(env.ok(&["get", "app", "B"]), b"costs $5");
}
