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
