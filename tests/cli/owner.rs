//! Anyone who can write the vault file can wrap a data key of their own to the public
//! recipients (age does not authenticate senders). These tests plant such keys and
//! check that every kind of reader refuses them with exit 6 and uses nothing.

use crate::support::{TestEnv, contains, owner_of, public_key, wal_path};

/// Values of equal length, so a planted blob also matches the victim's metadata and only
/// the key checks can catch it.
const REAL: &str = "real-api-key";
const PLANTED: &str = "evil-api-key";

/// A vault the attacker makes with their own key, readable by `readers`, holding an
/// `app` collection with a planted value.
fn attacker_vault(readers: &[&str]) -> TestEnv {
    let attacker = TestEnv::bare();
    let mut args = vec!["init", "--identity-file", attacker.identity.to_str().unwrap()];
    for reader in readers {
        args.extend(["--recipient", reader]);
    }
    attacker.ok(&args);
    attacker.ok(&["create", "app", "--env", &format!("API_KEY={PLANTED}")]);
    attacker
}

/// Copies the attacker's vault file (and its `-wal`) over the victim's.
fn plant(attacker: &TestEnv, victim: &TestEnv) {
    for suffix in ["-wal", "-shm"] {
        let mut side = victim.vault.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
    std::fs::copy(&attacker.vault, &victim.vault).unwrap();
    if wal_path(&attacker.vault).exists() {
        std::fs::copy(wal_path(&attacker.vault), wal_path(&victim.vault)).unwrap();
    }
}

/// Asserts that reading `app` fails with exit 6 and shows nothing planted.
fn refuses_planted(cmd: &mut assert_cmd::Command) {
    let out = cmd.args(["get", "app", "--reveal", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(6), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    assert!(!contains(&out.stderr, PLANTED.as_bytes()));
}

#[test]
fn an_owner_with_an_identity_file_refuses_a_vault_remade_for_its_key() {
    let victim = TestEnv::new();
    victim.ok(&["create", "app", "--env", &format!("API_KEY={REAL}")]);
    let attacker = attacker_vault(&[&public_key(&victim.identity)]);
    plant(&attacker, &victim);
    // Another vault id at the path this machine opened its vault at: refused naming both.
    let stderr = String::from_utf8_lossy(&victim.run(&["get", "app", "API_KEY"]).stderr).into_owned();
    let id_of = |env: &TestEnv| -> String {
        env.sqlite().query_row("SELECT vault_id FROM vault", [], |r| r.get(0)).unwrap()
    };
    assert!(stderr.contains(&format!("is vault {}, not vault", id_of(&attacker))), "{stderr}");
    assert!(stderr.contains("audit --accept-state"), "{stderr}");
    refuses_planted(&mut victim.cmd());
}

#[test]
fn an_owner_refuses_a_data_key_the_owner_did_not_tag() {
    let victim = TestEnv::new();
    victim.ok(&["create", "app", "--env", &format!("API_KEY={REAL}")]);
    let attacker = attacker_vault(&[&public_key(&victim.identity)]);
    let planted = attacker.sqlite();
    let (wrapped, sealed): (Vec<u8>, Vec<u8>) = planted
        .query_row("SELECT wrapped_data_key, (SELECT sealed FROM collections) FROM vault", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let attacker_id: String = planted.query_row("SELECT vault_id FROM vault", [], |r| r.get(0)).unwrap();
    // Keep the victim's owner record and tag; swap in the attacker's key, blob and id.
    let db = victim.sqlite();
    db.execute(
        "UPDATE vault SET wrapped_data_key = ?1, vault_id = ?2",
        rusqlite::params![wrapped, attacker_id],
    )
    .unwrap();
    db.execute("UPDATE collections SET sealed = ?1", [sealed]).unwrap();
    refuses_planted(&mut victim.cmd());
}

#[test]
fn a_passphrase_owner_refuses_a_vault_whose_owner_record_was_replaced() {
    let victim = TestEnv::bare();
    let mut init = victim.locked_cmd();
    init.env("VAULT_PASSPHRASE", "pass").args(["init", "--work-factor", "2"]).assert().success();
    let owner: String =
        victim.sqlite().query_row("SELECT owner_recipient FROM vault", [], |r| r.get(0)).unwrap();
    let sealed_identity: Vec<u8> =
        victim.sqlite().query_row("SELECT sealed_identity FROM vault", [], |r| r.get(0)).unwrap();
    let attacker = attacker_vault(&[&owner]);
    plant(&attacker, &victim);
    // The passphrase must still open the victim's identity, so keep it.
    victim.sqlite().execute("UPDATE vault SET sealed_identity = ?1", [sealed_identity]).unwrap();
    refuses_planted(victim.locked_cmd().env("VAULT_PASSPHRASE", "pass"));
}

/// An owner's vault with an `app` collection, shared with a teammate who has a home
/// and identity file of its own; also returns the teammate's public key.
fn shared_vault() -> (TestEnv, TestEnv, String) {
    let teammate = TestEnv::bare();
    teammate.ok(&["init", "--identity-file", teammate.identity.to_str().unwrap()]);
    let owner = TestEnv::bare();
    let teammate_key = public_key(&teammate.identity);
    owner.ok(&["init", "--identity-file", owner.identity.to_str().unwrap(), "--recipient", &teammate_key]);
    owner.ok(&["create", "app", "--env", &format!("API_KEY={REAL}")]);
    (owner, teammate, teammate_key)
}

#[test]
fn a_teammate_reads_and_then_refuses_a_vault_remade_for_its_key() {
    let (owner, teammate, teammate_key) = shared_vault();

    // The teammate reads the owner's vault with its own identity file and home.
    let as_teammate = || {
        let mut cmd = teammate.cmd();
        cmd.env("VAULT_PATH", &owner.vault);
        cmd
    };
    // Nobody vouched for the owner's key on this machine yet: refused, naming the key.
    let owner_key = public_key(&owner.identity);
    let out = as_teammate().args(["get", "app", "API_KEY"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains(&format!("VAULT_OWNER={owner_key}")), "{stderr}");
    let out = as_teammate().env("VAULT_OWNER", &owner_key).args(["get", "app", "API_KEY"]).output().unwrap();
    assert_eq!(out.stdout, REAL.as_bytes(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    // Pinned now: later runs need no VAULT_OWNER.
    assert_eq!(as_teammate().args(["get", "app", "API_KEY"]).output().unwrap().stdout, REAL.as_bytes());

    plant(&attacker_vault(&[&teammate_key]), &owner);
    refuses_planted(&mut as_teammate());
}

#[test]
fn a_teammate_refuses_a_data_key_without_the_owners_tag() {
    let (owner, teammate, teammate_key) = shared_vault();
    let mut as_teammate = teammate.cmd();
    as_teammate.env("VAULT_PATH", &owner.vault);

    // A key wrapped to the teammate by someone else, with the owner's records kept.
    let attacker = attacker_vault(&[&teammate_key]);
    let (wrapped, sealed, id): (Vec<u8>, Vec<u8>, String) = attacker
        .sqlite()
        .query_row(
            "SELECT wrapped_data_key, (SELECT sealed FROM collections), vault_id FROM vault",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let db = owner.sqlite();
    db.execute("UPDATE vault SET wrapped_data_key = ?1, vault_id = ?2", rusqlite::params![wrapped, id])
        .unwrap();
    db.execute("UPDATE collections SET sealed = ?1", [sealed]).unwrap();
    refuses_planted(&mut as_teammate);
}

#[test]
fn an_owner_on_a_machine_without_its_pin_refuses_a_vault_remade_for_its_key() {
    // As in a CI job: the owner's identity file, a fresh home, no pin yet.
    let victim = TestEnv::new();
    let victim_key = public_key(&victim.identity);
    plant(&attacker_vault(&[&victim_key]), &victim);
    let fresh_home = || {
        let mut cmd = victim.cmd();
        cmd.env("XDG_DATA_HOME", victim.path("fresh-data"));
        cmd
    };
    let out = fresh_home().args(["run", "-c", "app", "--", "env"]).output().unwrap();
    assert_eq!(out.status.code(), Some(125), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!contains(&out.stdout, PLANTED.as_bytes()));
    // Naming the owner it expects makes the mismatch an integrity failure.
    refuses_planted(fresh_home().env("VAULT_OWNER", &victim_key));
}

#[test]
fn a_reader_row_planted_in_the_file_never_gets_the_data_key() {
    let env = TestEnv::with_passphrase();
    env.ok(&["create", "app", "--env", &format!("API_KEY={REAL}")]);
    let attacker = TestEnv::bare();
    attacker.ok(&["init", "--identity-file", attacker.identity.to_str().unwrap()]);
    let attacker_key = public_key(&attacker.identity);
    env.sqlite()
        .execute(
            "INSERT INTO recipients (recipient, added_at, key_tag) VALUES (?1, 0, x'00')",
            [&attacker_key],
        )
        .unwrap();
    // Listed with the owner's passphrase at hand, the row's tag is checked: unverified.
    // Without it, the listing cannot check a tag and says reader.
    let role_of_attacker = |cmd: &mut assert_cmd::Command| {
        let listed: serde_json::Value =
            serde_json::from_slice(&cmd.args(["recipients", "list", "--json"]).output().unwrap().stdout)
                .unwrap();
        let row =
            listed.as_array().unwrap().iter().find(|r| r["recipient"] == attacker_key.as_str()).cloned();
        row.unwrap()["role"].as_str().unwrap().to_owned()
    };
    assert_eq!(role_of_attacker(&mut env.cmd()), "unverified");
    assert_eq!(role_of_attacker(&mut env.locked_cmd()), "reader");
    let teammate = TestEnv::bare();
    teammate.ok(&["init", "--identity-file", teammate.identity.to_str().unwrap()]);
    // The owner's next key change wraps the data key for the readers it added only,
    // says which listed one it dropped, and the planted row is gone afterwards.
    let out = env.run(&["recipients", "add", &public_key(&teammate.identity)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.contains(&format!("dropping reader '{attacker_key}'")),
        "{stderr}"
    );
    let mut as_attacker = attacker.cmd();
    as_attacker.env("VAULT_PATH", &env.vault).env("VAULT_OWNER", owner_of(&env));
    let out = as_attacker.args(["get", "app", "API_KEY"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", String::from_utf8_lossy(&out.stderr));
    let roles = env.json(&["recipients", "list"]);
    assert!(!roles.to_string().contains(&attacker_key), "{roles}");
}

#[test]
fn vault_owner_never_fails_the_owners_own_key_changes_after_they_commit() {
    let env = TestEnv::bare();
    let stale = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
    let mut init = env.cmd();
    init.env("VAULT_OWNER", stale).args(["init", "--identity-file", env.identity.to_str().unwrap()]);
    init.assert().success();
    env.ok(&["create", "app", "--env", &format!("API_KEY={REAL}")]);
    let new = env.path("rotated.txt");
    let mut rotate = env.cmd();
    rotate.env("VAULT_OWNER", public_key(&env.identity)).args([
        "rotate-key",
        "--identity-file",
        new.to_str().unwrap(),
    ]);
    rotate.assert().success();
}

/// With pins keyed by vault id, the planted vault (another id) is refused first by this
/// machine's record of which vault it opened at the path; the handover decision itself
/// is unit-tested in `src/pins.rs`.
#[test]
fn a_handover_the_pinned_owner_did_not_make_is_refused() {
    let (owner, teammate, teammate_key) = shared_vault();
    let mut first = teammate.cmd();
    first.env("VAULT_PATH", &owner.vault).env("VAULT_OWNER", public_key(&owner.identity));
    first.args(["get", "app", "API_KEY"]).assert().success();

    // A vault remade for the teammate that claims the pinned owner handed it over.
    let attacker = attacker_vault(&[&teammate_key]);
    attacker
        .sqlite()
        .execute_batch(&format!(
            "UPDATE vault SET previous_owner = '{}';
             UPDATE recipients SET handover_tag = zeroblob(32) WHERE recipient = '{teammate_key}';",
            public_key(&owner.identity)
        ))
        .unwrap();
    plant(&attacker, &owner);
    let mut as_teammate = teammate.cmd();
    as_teammate.env("VAULT_PATH", &owner.vault);
    refuses_planted(&mut as_teammate);
}
