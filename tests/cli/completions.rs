//! The committed `completions/` must be what `vault completions SHELL` prints for this
//! version, so packagers can install them without building the binary.

use std::path::Path;

use crate::support::TestEnv;

/// Each shell clap_complete knows and the file its script is committed as.
const SCRIPTS: &[(&str, &str)] = &[
    ("bash", "vault.bash"),
    ("zsh", "_vault"),
    ("fish", "vault.fish"),
    ("powershell", "_vault.ps1"),
    ("elvish", "vault.elv"),
];

/// The same one-line command the README gives.
const REGENERATE: &str = "for s in bash:vault.bash zsh:_vault fish:vault.fish powershell:_vault.ps1 elvish:vault.elv; \
                          do cargo run -q -- completions \"${s%%:*}\" > \"completions/${s#*:}\"; done";

#[test]
fn committed_completions_match_the_generator() {
    let env = TestEnv::bare();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let mut stale = Vec::new();
    for (shell, file) in SCRIPTS {
        let generated = env.ok(&["completions", shell]);
        let committed = std::fs::read(dir.join(file)).unwrap_or_default();
        if generated != committed {
            stale.push(*file);
        }
    }
    assert!(stale.is_empty(), "completions/ is stale ({}); regenerate with:\n{REGENERATE}", stale.join(", "));
}

#[test]
fn the_bash_completion_script_parses() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/vault.bash");
    let out = TestEnv::bare().sandboxed("bash").arg("-n").arg(script).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// What vault answers when `shell`'s registered completer asks it to complete the last
/// of `words` (as typed so far; the program name first).
fn candidates(cmd: &mut assert_cmd::Command, shell: &str, words: &[&str]) -> Vec<String> {
    let index = (words.len() - 1).to_string();
    cmd.env("VAULT_COMPLETE", shell)
        .env("_CLAP_IFS", "\n")
        .env("_CLAP_COMPLETE_INDEX", &index)
        .env("_CLAP_COMPLETE_COMP_TYPE", "9")
        .env("_CLAP_COMPLETE_SPACE", "true")
        .arg("--")
        .args(words);
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{shell} {words:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        // fish and zsh add a description after a tab or a colon.
        .map(|line| line.split(['\t', ':']).next().unwrap().to_owned())
        .filter(|value| !value.starts_with('-'))
        .collect()
}

#[test]
fn dynamic_completion_offers_ids_workspaces_and_locations_without_unlocking() {
    // Passphrase mode and no passphrase anywhere: completion must work locked.
    let env = TestEnv::with_passphrase();
    env.ok(&["create", "app", "--env", "API_KEY=value-never-shown", "--file", "tls/key.pem=@-"]);
    env.ok(&["workspace", "create", "prod"]);
    env.ok(&["create", "prod/db", "--env", "DB_PASSWORD=also-never-shown"]);
    let audit_before = env.json(&["audit"]).as_array().unwrap().len();
    for shell in ["bash", "zsh", "fish"] {
        let complete = |words: &[&str]| candidates(&mut env.locked_cmd(), shell, words);
        assert_eq!(complete(&["vault", "get", ""]), ["app", "prod/db"], "{shell}");
        assert_eq!(complete(&["vault", "-w", "prod", "export", ""]), ["db", "default/app"], "{shell}");
        assert_eq!(complete(&["vault", "run", "-c", ""]), ["app", "prod/db"], "{shell}");
        assert_eq!(complete(&["vault", "list", "-w", ""]), ["default", "prod"], "{shell}");
        assert_eq!(complete(&["vault", "workspace", "delete", ""]), ["default", "prod"], "{shell}");
        assert_eq!(complete(&["vault", "get", "app", ""]), ["API_KEY", "tls/key.pem"], "{shell}");
        assert_eq!(complete(&["vault", "update", "prod/db", "--unset", ""]), ["DB_PASSWORD"], "{shell}");
        // Settings count as for any command: VAULT_WORKSPACE here.
        let mut cmd = env.locked_cmd();
        cmd.env("VAULT_WORKSPACE", "prod");
        assert_eq!(candidates(&mut cmd, shell, &["vault", "get", ""]), ["db", "default/app"], "{shell}");
        // No vault: nothing to offer, and no error in the way of the shell.
        let mut cmd = env.locked_cmd();
        cmd.env("VAULT_PATH", env.path("none.db"));
        assert!(candidates(&mut cmd, shell, &["vault", "get", ""]).is_empty());
    }
    assert_eq!(env.json(&["audit"]).as_array().unwrap().len(), audit_before, "completion revealed nothing");
}

#[test]
fn the_registered_bash_completion_completes_ids_and_locations() {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "API_KEY=1", "--env", "DB_URL=2"]);
    let script = r#"
        source <(VAULT_COMPLETE=bash "$VAULT_BIN")
        COMP_WORDS=(vault get ""); COMP_CWORD=2; _clap_complete_vault vault "" get
        printf 'ids:%s\n' "${COMPREPLY[@]}"
        COMP_WORDS=(vault get app ""); COMP_CWORD=3; _clap_complete_vault vault "" app
        printf 'locations:%s\n' "${COMPREPLY[@]}"
    "#;
    let out = env
        .unlocked("bash")
        .env("VAULT_BIN", crate::support::vault_binary())
        .args(["-c", script])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(shown.lines().any(|line| line == "ids:app"), "{shown}");
    for location in ["API_KEY", "DB_URL"] {
        assert!(shown.lines().any(|line| line == format!("locations:{location}")), "{shown}");
    }
}

#[test]
fn the_registration_scripts_parse_in_their_shells() {
    let env = TestEnv::bare();
    for (shell, check) in [("bash", ["-n"]), ("zsh", ["-n"])] {
        if crate::support::require_tool(shell).is_none() {
            continue;
        }
        let script = env.path(&format!("register.{shell}"));
        let mut cmd = env.cmd();
        std::fs::write(&script, cmd.env("VAULT_COMPLETE", shell).output().unwrap().stdout).unwrap();
        let out = env.sandboxed(shell).args(check).arg(&script).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
    }
}
