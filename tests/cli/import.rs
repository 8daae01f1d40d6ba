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
    assert!(checked >= 6, "fixtures missing: only {checked} checked");
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
