//! The vault file committed by the first release still opens, and every value in it
//! reads back exactly: later migrations are tested from it.

use crate::support::TestEnv;

#[test]
fn the_schema_1_fixture_opens_with_every_value_intact() {
    let env = TestEnv::bare();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema1");
    std::fs::create_dir_all(env.vault.parent().unwrap()).unwrap();
    std::fs::copy(fixture.join("vault.db"), &env.vault).unwrap();
    std::fs::copy(fixture.join("identity.txt"), &env.identity).unwrap();

    assert_eq!(env.ok(&["get", "app", "API_KEY"]), b"fixture-api-key");
    assert_eq!(env.ok(&["get", "app", "tls/blob.bin"]), b"\x00\x01\xfe\xffbinary");
    assert_eq!(env.ok(&["get", "prod/db", "DB_PASSWORD"]), b"p@ss word");
    let app = env.json(&["get", "app"]);
    assert_eq!((app["name"].as_str(), app["secrets"][0]["kind"].as_str()), (Some("App"), Some("key")));
    env.ok(&["update", "app", "--env", "NEW=1"]);
    assert_eq!(env.ok(&["get", "app", "NEW"]), b"1");
}
