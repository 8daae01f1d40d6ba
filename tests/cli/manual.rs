//! The committed manual pages in `man/` are generated from the same clap model as
//! `--help` and the completions: `vault.1`, and one page per subcommand as git has
//! them (`vault-run.1`, `vault-workspace-create.1`), each with its options and
//! examples. They must match this version. Regenerate them with
//! `VAULT_BLESS=1 cargo test --test cli manual`.

use std::collections::BTreeMap;
use std::path::Path;

/// Every page clap_mangen generates for the clap model, by file name.
fn generated() -> BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    clap_mangen::generate_to(<vault::cli::Cli as clap::CommandFactory>::command(), dir.path()).unwrap();
    std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (entry.file_name().into_string().unwrap(), std::fs::read(entry.path()).unwrap())
        })
        .collect()
}

fn committed(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|entry| {
                    let entry = entry.unwrap();
                    (entry.file_name().into_string().unwrap(), std::fs::read(entry.path()).unwrap())
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_committed_manual_pages_match_the_clap_model() {
    let pages = generated();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    if std::env::var_os("VAULT_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, page) in &pages {
            std::fs::write(dir.join(name), page).unwrap();
        }
    }
    assert!(
        committed(&dir) == pages,
        "man/ is stale; regenerate it with: VAULT_BLESS=1 cargo test --test cli manual"
    );
}

#[test]
fn the_manual_covers_every_subcommand_with_its_examples() {
    let pages = generated();
    for name in
        ["vault.1", "vault-run.1", "vault-status.1", "vault-recipients-add.1", "vault-workspace-create.1"]
    {
        let page = String::from_utf8(pages.get(name).unwrap_or_else(|| panic!("no {name}")).clone()).unwrap();
        assert!(page.contains("Examples:"), "{name} has no examples");
    }
    let run = String::from_utf8(pages["vault-run.1"].clone()).unwrap();
    assert!(run.contains("VAULT_SECRETS_DIR") && run.contains("\\-\\-require"), "{run}");
}
