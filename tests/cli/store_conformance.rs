//! One conformance suite for both store backends (as atuin's `db_story`): each story
//! runs against a SQLite file and a PostgreSQL schema through the library's store
//! interface, and checks what the store does (snapshots, serialised writes, history,
//! the audit chain, whole-vault images, errors in domain terms), not its SQL.

use std::path::Path;

use vault::audit::Entry;
use vault::model::{Changes, CollectionRef, Kind, SecretMeta, SecretType, Summary};
use vault::store::{Exists, Location, Missing, NewVault, Store, VaultKeys};

use crate::support::pg_server;

/// A fresh empty location of each backend (PostgreSQL where a server can start).
fn locations(dir: &Path) -> Vec<Location> {
    let mut all = vec![Location::File(dir.join("vault.db"))];
    if let Some(server) = pg_server() {
        all.push(Location::parse(Path::new(&server.fresh_location("postgres"))).unwrap());
    }
    all
}

/// Runs `story` once per backend on a new vault.
fn each_backend(mut story: impl FnMut(&Location, Store)) {
    let dir = tempfile::tempdir().unwrap();
    for location in locations(dir.path()) {
        let store = Store::create(&location, &NewVault { keys: &keys(), recipients: &[] }).unwrap();
        story(&location, store);
    }
}

fn keys() -> VaultKeys {
    VaultKeys {
        vault_id: "v".into(),
        owner_recipient: "age1owner".into(),
        sealed_identity: None,
        wrapped_data_key: vec![1],
        key_tag: vec![2],
        reader_tags: vec![("age1reader".into(), vec![3])],
        previous_owner: None,
        handover_tags: Vec::new(),
    }
}

fn meta(location: &str, size: u64) -> SecretMeta {
    SecretMeta { secret_type: SecretType::Env, location: location.into(), kind: Kind::Generic, size }
}

fn summary(id: &str, secrets: Vec<SecretMeta>) -> Summary {
    Summary {
        workspace: "default".into(),
        id: id.into(),
        name: id.into(),
        description: String::new(),
        created_at: 0,
        updated_at: 0,
        secrets,
    }
}

fn app() -> CollectionRef {
    CollectionRef { workspace: "default".into(), id: "app".into() }
}

/// What `rotate-key` relies on: every older version is listed with the clear rows
/// its blob is checked against, and can be put back re-sealed.
#[test]
fn kept_versions_are_listed_and_resealed_in_place() {
    each_backend(|location, mut store| {
        let mut app_summary = summary("app", vec![meta("A", 1)]);
        store.write(|tx| tx.insert_collection(&app_summary, b"blob-1")).unwrap();
        app_summary.secrets = vec![meta("A", 2), meta("B", 3)];
        let changes = Changes { added: vec!["B".into()], changed: vec!["A".into()], ..Changes::default() };
        store.write(|tx| tx.replace_values(&app_summary, 2, b"blob-2", b"kept-1", &changes, 10)).unwrap();
        store
            .write(|tx| tx.replace_values(&app_summary, 3, b"blob-3", b"kept-2", &Changes::default(), 10))
            .unwrap();
        let resealed = store
            .write(|tx| {
                let blobs = tx.sealed_blobs()?;
                for blob in &blobs {
                    tx.replace_sealed(blob, format!("resealed-{}", blob.version).as_bytes())?;
                }
                Ok(blobs.iter().map(|b| (b.version, b.role, b.sealed.clone())).collect::<Vec<_>>())
            })
            .unwrap();
        use vault::crypto::Role::{Current, History};
        let expected = [
            (1, History, b"kept-1".to_vec()),
            (2, History, b"kept-2".to_vec()),
            (3, Current, b"blob-3".to_vec()),
        ];
        assert_eq!(resealed, expected, "{location}");
        let snapshot = store.read().unwrap();
        assert_eq!(snapshot.version(&app(), 1).unwrap().sealed, b"resealed-1");
        assert_eq!(snapshot.version(&app(), 1).unwrap().summary.secrets.len(), 1);
        assert_eq!(snapshot.version(&app(), 2).unwrap().summary.secrets.len(), 2);
        assert_eq!(snapshot.version(&app(), 3).unwrap().sealed, b"resealed-3");
        let history: Vec<_> =
            snapshot.history(&app()).unwrap().iter().map(|v| (v.version, v.current)).collect();
        assert_eq!(history, [(3, true), (2, false), (1, false)], "{location}");
    });
}

#[test]
fn a_snapshot_keeps_seeing_one_state_while_another_process_writes() {
    each_backend(|location, mut store| {
        store.write(|tx| tx.insert_collection(&summary("app", vec![meta("A", 1)]), b"one")).unwrap();
        let mut other = Store::open(location).unwrap();
        let snapshot = store.read().unwrap();
        assert_eq!(snapshot.sealed(&app()).unwrap().version, 1);
        other
            .write(|tx| {
                tx.replace_values(
                    &summary("app", vec![meta("A", 2)]),
                    2,
                    b"two",
                    b"kept",
                    &Changes::default(),
                    5,
                )?;
                tx.append_audit(&Entry::vault("test", "changed"))
            })
            .unwrap();
        let seen = snapshot.sealed(&app()).unwrap();
        assert_eq!((seen.version, seen.sealed.as_slice()), (1, &b"one"[..]), "{location}");
        assert_eq!(snapshot.audit_head().unwrap().0, 1, "{location}");
        drop(snapshot);
        assert_eq!(store.read().unwrap().sealed(&app()).unwrap().version, 2, "{location}");
    });
}

#[test]
fn writes_of_two_connections_chain_one_after_the_other() {
    each_backend(|location, store| {
        drop(store);
        let writers: Vec<_> = (0..4)
            .map(|n| {
                let location = Location::parse(&location.name()).unwrap();
                std::thread::spawn(move || {
                    let mut store = Store::open(&location).unwrap();
                    for i in 0..20 {
                        store.write(|tx| tx.append_audit(&Entry::vault("test", format!("{n}-{i}")))).unwrap();
                    }
                })
            })
            .collect();
        writers.into_iter().for_each(|writer| writer.join().unwrap());
        let store = Store::open(location).unwrap();
        let snapshot = store.read().unwrap();
        let (count, head) = snapshot.audit_head().unwrap();
        assert_eq!(count, 81, "{location}");
        vault::audit::verify(&snapshot.audit(None).unwrap(), count, head.as_deref()).unwrap();
    });
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    each_backend(|location, mut store| {
        let failed: anyhow::Result<()> = store.write(|tx| {
            tx.insert_collection(&summary("app", vec![meta("A", 1)]), b"one")?;
            tx.append_audit(&Entry::vault("test", "never"))?;
            anyhow::bail!("the change fails after its statements ran")
        });
        assert!(failed.is_err());
        let snapshot = store.read().unwrap();
        assert!(!snapshot.exists(&app()).unwrap(), "{location}");
        assert_eq!(snapshot.audit_head().unwrap().0, 1, "{location}");
    });
}

#[test]
fn errors_name_what_is_missing_or_taken_in_domain_terms() {
    each_backend(|location, mut store| {
        store.write(|tx| tx.insert_collection(&summary("app", Vec::new()), b"one")).unwrap();
        let snapshot = store.read().unwrap();
        let no_collection = snapshot.sealed(&CollectionRef { id: "no".into(), ..app() }).err().unwrap();
        let no_workspace = snapshot.require_workspace("nowhere").err().unwrap();
        let no_version = snapshot.version(&app(), 9).err().unwrap();
        drop(snapshot);
        let taken_collection =
            store.write(|tx| tx.insert_collection(&summary("app", Vec::new()), b"two")).unwrap_err();
        let taken_workspace = store.write(|tx| tx.create_workspace("default", 0)).unwrap_err();
        let taken_vault =
            Store::create(location, &NewVault { keys: &keys(), recipients: &[] }).err().unwrap();
        let empty = empty_location(location);
        let no_vault = Store::open(&empty).err().unwrap();
        assert_in_domain_terms(&[
            &no_collection,
            &no_workspace,
            &no_version,
            &taken_collection,
            &taken_workspace,
            &taken_vault,
            &no_vault,
        ]);
        let missing = |error: anyhow::Error| error.downcast::<Missing>().unwrap();
        assert!(matches!(missing(no_collection), Missing::Collection(_)), "{location}");
        assert!(matches!(missing(no_workspace), Missing::Workspace(_)), "{location}");
        assert!(matches!(missing(no_version), Missing::Version(_, 9)), "{location}");
        assert!(matches!(missing(no_vault), Missing::Vault(_)), "{empty}");
        let taken = |error: anyhow::Error| error.downcast::<Exists>().unwrap();
        assert!(matches!(taken(taken_collection), Exists::Collection(_)), "{location}");
        assert!(matches!(taken(taken_workspace), Exists::Workspace(_)), "{location}");
        assert!(matches!(taken(taken_vault), Exists::Vault(_)), "{location}");
    });
}

/// A file that is not a vault, and a vault newer than this build, are refused in the
/// same terms: the command layer, not the store, says which flag or command to use.
#[test]
fn a_location_holding_no_vault_of_ours_is_refused_in_domain_terms() {
    let dir = tempfile::tempdir().unwrap();
    let not_sqlite = dir.path().join("notes.txt");
    std::fs::write(&not_sqlite, "not a database, whatever its name").unwrap();
    let other_app = dir.path().join("other.db");
    rusqlite::Connection::open(&other_app).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    let mut refused = Vec::new();
    for path in [&not_sqlite, &other_app] {
        refused.push(Store::open(&Location::File(path.clone())).err().unwrap());
    }
    each_backend(|location, store| {
        drop(store);
        match location {
            Location::File(path) => {
                rusqlite::Connection::open(path).unwrap().pragma_update(None, "user_version", 99).unwrap()
            }
            Location::Postgres(_) => {
                let name = location.name().to_string_lossy().into_owned();
                let schema = name.rsplit_once("schema=").unwrap().1.split('&').next().unwrap().to_owned();
                pg_server().unwrap().psql(&format!("UPDATE {schema}.vault_schema SET version = 99"));
            }
        }
        let newer = Store::open(location).err().unwrap();
        assert!(format!("{newer:#}").contains("schema version 99"), "{location}: {newer:#}");
        refused.push(newer);
    });
    assert_in_domain_terms(&refused.iter().collect::<Vec<_>>());
}

/// A location of the same backend as `location` where no vault is.
fn empty_location(location: &Location) -> Location {
    match location {
        Location::File(path) => Location::File(path.with_file_name("no-vault.db")),
        Location::Postgres(_) => {
            Location::parse(Path::new(&pg_server().unwrap().fresh_location("postgres"))).unwrap()
        }
    }
}

/// Each error, with its causes and any hint, names no CLI flag or command: the store
/// speaks of vaults, workspaces and collections, and the command layer adds the rest.
fn assert_in_domain_terms(errors: &[&anyhow::Error]) {
    for error in errors {
        let mut words = format!("{error:#}");
        let failures = error.chain().filter_map(|cause| cause.downcast_ref::<vault::error::Failure>());
        for hint in failures.filter_map(|failure| failure.hint.as_deref()) {
            words += &format!("\nhint: {hint}");
        }
        assert!(!words.contains("--") && !words.contains("'vault "), "{words}");
    }
}

#[test]
fn a_whole_vault_image_moves_between_backends_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let sources = locations(dir.path());
    let copies = dir.path().join("copies");
    std::fs::create_dir(&copies).unwrap();
    let targets = locations(&copies);
    for (source, target) in sources.iter().zip(targets.iter().rev()) {
        let mut store = Store::create(
            source,
            &NewVault { keys: &keys(), recipients: &["age1owner".into(), "age1reader".into()] },
        )
        .unwrap();
        store.write(|tx| tx.label_recipient("age1reader", "ci runner")).unwrap();
        store.write(|tx| tx.create_workspace("ops", 8)).unwrap();
        store.write(|tx| tx.insert_collection(&summary("app", vec![meta("A", 1)]), b"one")).unwrap();
        let db = Summary {
            workspace: "ops".into(),
            description: "the database".into(),
            ..summary("db", Vec::new())
        };
        store.write(|tx| tx.insert_collection(&db, b"db")).unwrap();
        store
            .write(|tx| {
                tx.replace_values(
                    &summary("app", vec![meta("B", 2)]),
                    2,
                    b"two",
                    b"kept",
                    &Changes { added: vec!["B".into()], removed: vec!["A".into()], ..Changes::default() },
                    5,
                )
            })
            .unwrap();
        store.write(|tx| tx.append_audit(&Entry::vault("test", "x"))).unwrap();
        let reveal = Entry::collection("get", &app(), vec!["B".into()], "revealed");
        store.record_reveal(&[reveal]).unwrap();
        let image = store.read().unwrap().image().unwrap();
        let described = describe(&image);
        for part in ["ci runner", "\"get\"", "Some(\"default\")", "Some(\"app\")", "[\"B\"]", "the database"]
        {
            assert!(described.contains(part), "{part} is not in the image: {described}");
        }
        let copy = Store::create_from(target, &image).unwrap();
        let copied = copy.read().unwrap().image().unwrap();
        assert_eq!(describe(&copied), described, "{source} -> {target}");
    }
}

/// Every field of an image, as text to compare. The patterns name every field, so
/// that a field added to the image cannot be left out here.
fn describe(image: &vault::store::VaultImage) -> String {
    use vault::audit::Record;
    use vault::store::{StoredCollection, StoredRecipient, StoredVersion, StoredWorkspace, VaultImage};
    let VaultImage { keys, created_at, recipients, workspaces, audit, audit_count, audit_head } = image;
    let VaultKeys {
        vault_id,
        owner_recipient,
        sealed_identity,
        wrapped_data_key,
        key_tag,
        reader_tags,
        previous_owner,
        handover_tags,
    } = keys;
    let mut text = format!(
        "keys {vault_id} {owner_recipient} {sealed_identity:?} {wrapped_data_key:?} {key_tag:?} \
         {reader_tags:?} {previous_owner:?} {handover_tags:?}\n\
         created {created_at} audit {audit_count} {audit_head:?}\n"
    );
    for StoredRecipient { recipient, added_at, key_tag, handover_tag, label } in recipients {
        text += &format!("recipient {recipient} {added_at} {key_tag:?} {handover_tag:?} {label:?}\n");
    }
    for StoredWorkspace { name, created_at, collections } in workspaces {
        text += &format!("workspace {name} {created_at}\n");
        for StoredCollection { summary, version, sealed, versions } in collections {
            text += &format!("collection {summary:?} {version} {sealed:?}\n");
            for StoredVersion { version, created_at, changes, sealed, secrets } in versions {
                text += &format!("version {version} {created_at} {changes:?} {sealed:?} {secrets:?}\n");
            }
        }
    }
    for Record { seq, at, entry, hash } in audit {
        let Entry { command, workspace, collection, locations, outcome } = entry;
        text += &format!(
            "audit {seq} {at} {command:?} {workspace:?} {collection:?} {locations:?} {outcome:?} {hash:?}\n"
        );
    }
    text
}
