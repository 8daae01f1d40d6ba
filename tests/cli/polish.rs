//! Behaving well in pipelines and terminals: a reader that goes away early is not an
//! error, `NO_COLOR` turns colour off, `--quiet` silences messages, `--version` answers.

use std::io::Read;
use std::process::Stdio;

use crate::support::{TestEnv, require_tool};

/// Runs vault with stdout piped, reads only the first line, closes the pipe, and returns
/// the exit status and stderr: what `vault … | head -1` sees.
fn first_line_then_close(env: &TestEnv, args: &[&str]) -> (Option<i32>, String) {
    let mut child = env.std_cmd().args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    while stdout.read(&mut byte).unwrap() == 1 && byte[0] != b'\n' {}
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let env = TestEnv::new();
    // Each output below is far larger than a pipe's buffer, so vault is still writing
    // when the reader goes away.
    let description = "d".repeat(4000);
    for i in 0..40 {
        env.ok(&[
            "create",
            &format!("app-{i:02}"),
            "--description",
            &description,
            "--name",
            &"n".repeat(250),
        ]);
    }
    let big = "v".repeat(60 * 1024);
    let json = serde_json::json!({"secrets": (0..4)
        .map(|i| serde_json::json!({"type": "env", "location": format!("K{i}"), "value": big}))
        .collect::<Vec<_>>()});
    std::fs::write(env.path("big.json"), json.to_string()).unwrap();
    env.ok(&["create", "big", "--from-json", env.path("big.json").to_str().unwrap()]);

    for args in [
        &["list"][..],
        &["list", "--json"],
        &["get", "big", "--reveal"],
        &["get", "big", "--reveal", "--json"],
        &["get", "big", "K0"],
        &["export", "big"],
        &["export", "big", "--format", "shell"],
        &["completions", "bash"],
    ] {
        let (code, stderr) = first_line_then_close(&env, args);
        assert_eq!(code, Some(0), "vault {args:?} | head -1: {stderr}");
        assert!(stderr.is_empty(), "vault {args:?} | head -1 printed: {stderr}");
    }
}

/// `vault ARGS` on a pseudo-terminal: asserts that vault exited with `code`, and
/// returns what the terminal showed.
fn on_a_terminal(env: &TestEnv, args: &str, no_color: bool, code: i32) -> String {
    let out = env.on_a_terminal(args, no_color);
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(code), "vault {args} on a terminal showed: {shown}");
    shown
}

#[test]
fn no_color_turns_off_colour_on_a_terminal() {
    if require_tool("script").is_none() {
        return;
    }
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "A=1"]);
    // Usage errors and help are coloured on a terminal; tables never are.
    assert!(on_a_terminal(&env, "list --bogus", false, 2).contains("\x1b["), "the probe sees colour");
    for (args, code, expected) in [
        ("list --bogus", 2, "unexpected argument '…' found"),
        ("--help", 0, "Usage: vault"),
        ("list", 0, "│ app ┆ app  ┆ 1 "),
        ("get app --reveal", 0, "│ env  ┆ A        ┆ generic ┆ 1    ┆ 1     │"),
    ] {
        let shown = on_a_terminal(&env, args, true, code);
        assert!(shown.contains(expected), "{args}: {expected:?} not shown: {shown}");
        assert!(!shown.contains("\x1b["), "{args}: colour despite NO_COLOR: {shown}");
    }
}

#[test]
fn quiet_silences_messages_but_not_data_or_errors() {
    let env = TestEnv::bare();
    let identity = env.identity.to_str().unwrap();
    let out = env.run(&["--quiet", "init", "--identity-file", identity]);
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = env.run(&["list", "--quiet"]);
    assert!(out.status.success() && out.stderr.is_empty() && out.stdout.is_empty());
    assert!(!env.run(&["list"]).stderr.is_empty(), "without --quiet, an empty list says so");
    env.ok(&["create", "app", "--env", "A=1", "-q"]);
    let out = env.run(&["-q", "get", "app", "A"]);
    assert_eq!((out.stdout, out.stderr), (b"1".to_vec(), Vec::new()));
    let err = env.fails(3, &["-q", "get", "missing"]);
    assert!(err.contains("not found"), "errors still show: {err}");
}

#[test]
fn version_prints_the_package_version() {
    let env = TestEnv::bare();
    let out = env.run(&["--version"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("vault {}\n", env!("CARGO_PKG_VERSION")));
}

/// What `vault ARGS` shows on a terminal `columns` wide, with its line ends as typed.
fn at_width(env: &TestEnv, columns: u32, args: &[&str]) -> String {
    let vault = std::iter::once(crate::support::vault_binary().display().to_string())
        .chain(args.iter().map(|arg| (*arg).to_owned()))
        .collect::<Vec<_>>()
        .join(" ");
    let line = format!("stty cols {columns} rows 50; {vault}");
    let out = env.unlocked("script").args(["-qfec", &line, "/dev/null"]).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n")
}

/// The words of a table's cells, without its borders.
fn words(table: &str) -> Vec<String> {
    table
        .split(|c: char| c.is_whitespace() || "│┆─┬┼┴┌┐└┘╞╪╡═├┤".contains(c))
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn tables_on_a_narrow_terminal_wrap_or_cut_at_word_boundaries_never_mid_word() {
    if require_tool("script").is_none() {
        return;
    }
    let env = TestEnv::new();
    env.ok(&[
        "create",
        "payments-gateway-production",
        "--name",
        "Payments gateway for the production cluster",
        "--env",
        "STRIPE_SECRET_KEY_FOR_PRODUCTION=x",
        "--env",
        "B=2",
    ]);
    env.ok(&["update", "payments-gateway-production", "--env", "ANOTHER_RATHER_LONG_VARIABLE_NAME=y"]);
    for args in [
        &["list"][..],
        &["get", "payments-gateway-production"],
        &["history", "payments-gateway-production"],
        &["recipients", "list"],
        &["workspace", "list"],
        &["audit"],
    ] {
        // Piped, nothing is wrapped: these are the words a cell may show, whole or cut.
        let whole = words(&String::from_utf8(env.ok(args)).unwrap());
        let shown = at_width(&env, 40, args);
        // The table's lines, not the summary above it (a terminal wraps plain lines).
        for line in shown.lines().filter(|line| line.starts_with(['┌', '│', '╞', '└'])) {
            assert!(line.chars().count() <= 40, "{args:?}: a line is wider than 40 columns:\n{shown}");
        }
        for word in words(&shown) {
            let cut = word.strip_suffix('…');
            let fits = match cut {
                Some(prefix) => whole.iter().any(|w| w.starts_with(prefix) && w.len() > prefix.len()),
                None => whole.contains(&word),
            };
            assert!(fits, "{args:?}: '{word}' is a piece of a word:\n{shown}");
        }
    }
    // Wide enough, nothing is cut.
    let wide = at_width(&env, 200, &["list"]);
    assert!(wide.contains("payments-gateway-production") && !wide.contains('…'), "{wide}");
}
