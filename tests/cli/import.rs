//! `--from-dotenv` on `.env` files from the wild (tests/fixtures/dotenv): every entry
//! arrives with the value the file means, and a broken file is refused naming its line.

use std::path::{Path, PathBuf};

use crate::support::{TestEnv, contains, pairs};

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
    for (name, problem, value) in [
        ("broken-no-equals.env", "line 4 is not KEY=VALUE", "IS BROKEN"),
        (
            "broken-unterminated.env",
            "line 2: entry B has an opening quote with no closing one",
            "never closed",
        ),
    ] {
        let path = fixtures().join(name);
        let err = env.fails(2, &["create", "app", "--from-dotenv", path.to_str().unwrap()]);
        assert!(err.contains(&format!("{name} {problem}")), "{err}");
        assert!(!err.contains(value), "{name}: the line's content leaked: {err}");
    }
}

/// The error `vault create app --from-dotenv x.env` gives for `text`.
fn refusal(env: &TestEnv, text: &str) -> String {
    std::fs::write(env.path("x.env"), text).unwrap();
    env.fails(2, &["create", "app", "--from-dotenv", "x.env"])
}

/// The values vault imports from `text`, in order.
fn imported(env: &TestEnv, text: &str) -> Vec<(String, String)> {
    std::fs::write(env.path("x.env"), text).unwrap();
    env.ok(&["create", "imported", "--from-dotenv", "x.env"]);
    let values = env.text_values("imported");
    env.ok(&["delete", "imported", "--yes"]);
    values
}

#[test]
fn an_escape_outside_quotes_is_refused_since_only_dotenvy_decodes_it() {
    let env = TestEnv::new();
    let err = refusal(&env, "OK=1\nA=first\\nsecond\nWIN=C:\\Users\\me\n");
    assert!(err.contains("x.env line 2: entry A has a backslash outside quotes"), "{err}");
    assert!(err.contains("x.env line 3: entry WIN has a backslash outside quotes"), "{err}");
    assert!(err.contains("hint: put the value in single quotes"), "{err}");
    assert!(!err.contains("first") && !err.contains("Users"), "{err}");
    // In single quotes every parser keeps the backslash.
    assert_eq!(imported(&env, "A='one\\ntwo'\n"), pairs(&[("A", "one\\ntwo")]));
}

#[test]
fn a_lone_carriage_return_is_refused_so_an_old_mac_file_never_becomes_one_value() {
    let env = TestEnv::new();
    let err = refusal(&env, "A=1\rB=secret-two\rC=3\r");
    assert!(err.contains("x.env line 1: entry A holds a carriage return that does not end a line"), "{err}");
    assert!(err.contains("hint: save the file with LF or CRLF line ends"), "{err}");
    assert!(!err.contains("secret-two"), "{err}");
    // In a comment it would hide every entry after it from dotenvy.
    let err = refusal(&env, "# settings\rA=1\r");
    assert!(err.contains("x.env line 1 holds a carriage return"), "{err}");
    let err = refusal(&env, "A='x\ry'\n");
    assert!(err.contains("line 1: entry A holds a carriage return"), "{err}");
    // CRLF line ends are fine, also inside a quoted value, which every parser but
    // dotenvy reads with LF.
    assert_eq!(imported(&env, "A=1\r\nB=\"x\r\ny\"\r\n"), pairs(&[("A", "1"), ("B", "x\ny")]));
}

#[test]
fn quoted_and_unquoted_pieces_glued_together_are_refused() {
    let env = TestEnv::new();
    let err = refusal(&env, "baz=\"foo\"#bar\nkey=va\"LU\"e\nsq='a'b\nJSON={\"foo\": \"bar\"}\n");
    for (line, key, what) in [
        (1, "baz", "has text right after its closing quote"),
        (2, "key", "has a quote inside an unquoted value"),
        (3, "sq", "has text right after its closing quote"),
        (4, "JSON", "has a quote inside an unquoted value"),
    ] {
        assert!(err.contains(&format!("x.env line {line}: entry {key} {what}")), "{err}");
    }
    assert!(!err.contains("foo") && !err.contains("LU"), "{err}");
    // A comment after a space is a comment to every parser.
    assert_eq!(imported(&env, "baz=\"foo\" #bar\n"), pairs(&[("baz", "foo")]));
}

#[test]
fn what_every_parser_reads_alike_is_accepted() {
    let env = TestEnv::new();
    let cases: &[(&str, &[(&str, &str)])] = &[
        // A byte-order mark, as Windows editors write one.
        ("\u{FEFF}FIRST=1\nSECOND=2\n", &[("FIRST", "1"), ("SECOND", "2")]),
        // Whitespace after a bare value, also on a last line without a newline.
        ("A=x  \nB=y\t\nC=z ", &[("A", "x"), ("B", "y"), ("C", "z")]),
        // Whitespace around `=`.
        ("A = x\nB\t=\ty\nC= 'z'\n", &[("A", "x"), ("B", "y"), ("C", "z")]),
        // Inner spaces in a bare value.
        ("GREETING=hello world\nPAD=   a  b   \n", &[("GREETING", "hello world"), ("PAD", "a  b")]),
        // A ` #` comment after a bare value; a `#` without a space is text.
        (
            "A=value # a comment\nB=hello world # comment\nURL=http://x/#frag\n",
            &[("A", "value"), ("B", "hello world"), ("URL", "http://x/#frag")],
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(imported(&env, text), pairs(expected), "{text:?}");
        // python-dotenv reads the same (but keeps a byte-order mark in the first key).
        if !text.starts_with('\u{FEFF}') {
            let python: Vec<(String, serde_json::Value)> =
                pairs(expected).into_iter().map(|(k, v)| (k, v.into())).collect();
            assert_eq!(python_dotenv_reads(&env, &env.path("x.env")), python, "{text:?}");
        }
    }
}

#[test]
fn every_refused_entry_of_a_file_is_named_at_once_with_its_line_and_no_value() {
    let env = TestEnv::new();
    let text = "GOOD=1\nESC=secret\\none\n# fine\nGLUED=\"secret\"two\nBAD LINE\nSUB=$HOME/secret\nMAC=a\rsecret\nNEVER=\"secret-open\n";
    let err = refusal(&env, text);
    let expected = [
        "x.env line 2: entry ESC has a backslash",
        "x.env line 4: entry GLUED has text right after its closing quote",
        "x.env line 5 is not KEY=VALUE",
        "x.env line 6: entry SUB uses $-substitution",
        "x.env line 7: entry MAC holds a carriage return",
        "x.env line 8: entry NEVER has an opening quote with no closing one",
    ];
    let mut last = 0;
    for problem in expected {
        let at = err.find(problem).unwrap_or_else(|| panic!("{problem:?} missing: {err}"));
        assert!(at >= last, "not in file order: {err}");
        last = at;
    }
    assert_eq!(err.lines().count(), 2, "one error line and one hint line: {err}");
    assert!(!err.contains("secret"), "a value leaked: {err}");
    assert!(!err.contains("GOOD"), "{err}");
}

#[test]
fn a_dollar_no_name_follows_is_refused_for_what_it_is() {
    let env = TestEnv::new();
    let err = refusal(&env, "A=\"bar $ \"\nB=\"a $\"\nC=5$\n");
    for (line, key) in [(1, "A"), (2, "B"), (3, "C")] {
        assert!(
            err.contains(&format!("x.env line {line}: entry {key} has a '$' that no variable name follows, which dotenvy alone drops")),
            "{err}"
        );
    }
    assert!(!err.contains("quote a value") && !err.contains("never closed"), "{err}");
    assert!(err.contains("hint: put the value in single quotes"), "{err}");
    assert_eq!(imported(&env, "A='bar $ '\nB='a $'\n"), pairs(&[("A", "bar $ "), ("B", "a $")]));
}

#[test]
fn dollar_substitution_is_refused_naming_the_entry_never_filled_from_the_environment() {
    let env = TestEnv::new();
    let path = fixtures().join("broken-substitution.env");
    let err = env.fails(2, &["create", "app", "--from-dotenv", path.to_str().unwrap()]);
    assert!(err.contains("line 4: entry URL uses $-substitution"), "{err}");
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

/// What python-dotenv reads from `path`, in order.
fn python_dotenv_reads(env: &TestEnv, path: &Path) -> Vec<(String, serde_json::Value)> {
    let script = "import json, sys\n\
                  from dotenv import dotenv_values\n\
                  print(json.dumps(list(dotenv_values(sys.argv[1]).items())))";
    let out = env
        .sandboxed("python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .expect("python3 must be installed to check the fixtures against python-dotenv");
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "python-dotenv failed on {} (if it is missing: python3 -m pip install python-dotenv): {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn each_parser_familys_own_conventions_import_with_the_values_that_parser_reads() {
    let env = TestEnv::new();
    for family in ["node", "python-dotenv", "godotenv"] {
        let path = fixtures().join(format!("{family}.env"));
        let expected: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(
            &std::fs::read(fixtures().join(format!("{family}.expected.json"))).unwrap(),
        )
        .unwrap();
        env.ok(&["create", family, "--from-dotenv", path.to_str().unwrap()]);
        let got: Vec<(String, serde_json::Value)> = env.json(&["get", family, "--reveal"])["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["location"].as_str().unwrap().to_owned(), s["value"].clone()))
            .collect();
        assert_eq!(got, expected.clone().into_iter().collect::<Vec<_>>(), "{family}");
        // python-dotenv itself reads its own and godotenv's files so (it keeps a
        // byte-order mark, so node's file was checked against node's dotenv instead).
        if family != "node" {
            assert_eq!(python_dotenv_reads(&env, &path), got, "python-dotenv reads {family}.env otherwise");
        }
    }
    assert!(std::fs::read(fixtures().join("node.env")).unwrap().starts_with("\u{FEFF}".as_bytes()));
    assert!(contains(&std::fs::read(fixtures().join("godotenv.env")).unwrap(), b"\r\n"));
}

#[test]
fn flat_json_objects_import_as_env_secrets_and_other_values_are_named() {
    let env = TestEnv::new();
    // As `doppler secrets download` writes it.
    std::fs::write(env.path("flat.json"), r#"{"API_KEY": "sk_123", "DB_URL": "postgres://x", "EMPTY": ""}"#)
        .unwrap();
    env.ok(&["create", "app", "--kind", "token", "--from-json", "flat.json"]);
    let shown = env.json(&["get", "app", "--reveal"]);
    let secrets: Vec<_> = shown["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["type"].as_str().unwrap(),
                s["location"].as_str().unwrap(),
                s["kind"].as_str().unwrap(),
                s["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        secrets,
        [
            ("env", "API_KEY", "token", "sk_123"),
            ("env", "DB_URL", "token", "postgres://x"),
            ("env", "EMPTY", "token", "")
        ]
    );

    std::fs::write(
        env.path("bad.json"),
        r#"{"PORT": 5432, "OK": "x", "DEBUG": true, "NESTED": {"A": "secret"}}"#,
    )
    .unwrap();
    let err = env.fails(2, &["create", "bad", "--from-json", "bad.json"]);
    assert!(err.contains("bad.json: PORT, DEBUG, NESTED"), "{err}");
    assert!(err.contains("string"), "{err}");
    assert!(!err.contains("5432") && !err.contains("secret"), "{err}");

    std::fs::write(env.path("name.json"), r#"{"not-a-name": "x"}"#).unwrap();
    let err = env.fails(2, &["create", "bad", "--from-json", "name.json"]);
    assert!(err.contains("invalid env location 'not-a-name'"), "{err}");
    // A collection object is still read as one, never as a flat object.
    std::fs::write(
        env.path("coll.json"),
        r#"{"name": "N", "secrets": [{"type": "env", "location": "A", "value": "1"}]}"#,
    )
    .unwrap();
    env.ok(&["create", "coll", "--from-json", "coll.json"]);
    assert_eq!(env.json(&["get", "coll"])["name"], "N");
}
