//! The sandbox itself (`support::TestEnv`): every way the tests start vault puts it in
//! the test's temp dir, file-secret runs included, so nothing of the machine running
//! the tests changes an outcome and nothing is left outside the temp dir; and no test
//! starts a process any other way.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{TestEnv, vault_binary};

/// Variables the sandbox points into the temp dir.
const SANDBOX_PATHS: &[&str] = &[
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
    "XDG_CACHE_HOME",
    "TMPDIR",
    "XDG_RUNTIME_DIR",
    "VAULT_PATH",
];

/// `vault run` of a collection with a file secret, whose child prints its working
/// directory and then its environment, NUL-separated.
const PROBE: &[&str] = &["run", "-c", "app", "--", "sh", "-c", "printf '%s\\0' \"$(pwd -P)\"; env -0"];

/// Asserts that the probe ran in the sandbox: its working directory, every path the
/// sandbox sets and its run dir inside `env`'s temp dir, and nothing else inherited.
fn assert_inside(env: &TestEnv, how: &str, out: Output) {
    assert!(out.status.success(), "{how}: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut fields = text.split('\0').filter(|f| !f.is_empty());
    let cwd = fields.next().unwrap();
    let vars: BTreeMap<&str, &str> = fields.map(|f| f.split_once('=').unwrap()).collect();
    let root = std::fs::canonicalize(env.dir.path()).unwrap();
    let inside = |path: &str| Path::new(path).starts_with(&root);
    assert!(inside(cwd), "{how}: working directory {cwd}");
    for name in SANDBOX_PATHS {
        let value = vars.get(name).unwrap_or_else(|| panic!("{how}: {name} is not set"));
        assert!(inside(value), "{how}: {name}={value} is outside {}", root.display());
    }
    // The run directory of this file-secret run was in the sandbox's runtime dir.
    let run_dir = PathBuf::from(vars["VAULT_SECRETS_DIR"]);
    assert_eq!(run_dir.parent(), Some(env.runtime_dir().as_path()), "{how}: run dir {}", run_dir.display());
    assert!(!run_dir.exists(), "{how}: the run dir was left behind");
    // Nothing else was inherited: PATH, the sandbox, the unlock variable, what vault
    // run adds (the file secret) and what sh sets for itself.
    let expected =
        ["PATH", "VAULT_IDENTITY_FILE", "VAULT_SECRETS_DIR", "CERT", "PWD", "OLDPWD", "SHLVL", "_"];
    for name in vars.keys() {
        assert!(SANDBOX_PATHS.contains(name) || expected.contains(name), "{how}: {name} was inherited");
    }
}

#[test]
fn every_way_the_tests_start_vault_is_inside_the_temp_dir() {
    let env = TestEnv::new();
    std::fs::write(env.path("cert.pem"), "CERT-BYTES").unwrap();
    env.ok(&["create", "app", "--file", &format!("CERT=@{}", env.path("cert.pem").display())]);

    assert_inside(&env, "cmd", env.cmd().args(PROBE).output().unwrap());
    assert_inside(&env, "std_cmd", env.std_cmd().args(PROBE).output().unwrap());
    assert_inside(&env, "std_cmd_with_umask", env.std_cmd_with_umask("022").args(PROBE).output().unwrap());
    let mut through_sh = env.unlocked("sh");
    through_sh.args(["-c", "exec \"$0\" \"$@\""]).arg(vault_binary()).args(PROBE);
    assert_inside(&env, "unlocked(sh)", through_sh.output().unwrap());
    if let Some(mut unprivileged) = env.unprivileged_cmd() {
        assert_inside(&env, "unprivileged_cmd", unprivileged.args(PROBE).output().unwrap());
    }
    for dir in [env.tmp_dir(), env.runtime_dir()] {
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "{} is not empty", dir.display());
    }
}

#[test]
fn no_project_file_above_the_sandbox_can_change_an_outcome() {
    // vault looks for `.vault.toml` in its working directory and every parent: one
    // above the temp dirs would choose what every test's `vault run` reveals.
    let env = TestEnv::bare();
    for dir in env.dir.path().ancestors() {
        let file = dir.join(".vault.toml");
        assert!(!file.exists(), "{} changes what the tests see; remove it", file.display());
    }
}

#[test]
fn tests_start_processes_only_through_the_sandbox() {
    // Spelled in two parts so that this file does not match itself.
    let needles = [concat!("Command", "::new("), concat!("env", "_clear("), concat!("cargo", "_bin")];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for dir in ["tests/cli", "benches"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|ext| ext != "rs") || path.ends_with("support.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (number, line) in text.lines().enumerate() {
                if needles.iter().any(|needle| line.contains(needle)) {
                    found.push(format!("{}:{}: {}", path.display(), number + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "start processes through TestEnv (sandboxed, unlocked, std_cmd, cmd), not directly:\n{}",
        found.join("\n")
    );
}
