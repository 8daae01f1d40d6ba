//! The committed manual page `man/vault.1` is generated from the same clap model as
//! `--help` and the completions; it must match this version. Regenerate it with
//! `VAULT_BLESS=1 cargo test --test cli manual`.

use std::path::Path;

#[test]
fn the_committed_manual_page_matches_the_clap_model() {
    let mut generated = Vec::new();
    clap_mangen::Man::new(<vault::cli::Cli as clap::CommandFactory>::command())
        .render(&mut generated)
        .unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("man/vault.1");
    if std::env::var_os("VAULT_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "man/vault.1 is stale; regenerate it with: VAULT_BLESS=1 cargo test --test cli manual"
    );
}
