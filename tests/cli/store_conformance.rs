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
fn each_backend(story: impl Fn(&Location, Store)) {
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
        let missing = |error: anyhow::Error| error.downcast::<Missing>().unwrap();
        assert!(matches!(
            missing(snapshot.sealed(&CollectionRef { id: "no".into(), ..app() }).err().unwrap()),
            Missing::Collection(_)
        ));
        assert!(matches!(
            missing(snapshot.require_workspace("nowhere").err().unwrap()),
            Missing::Workspace(_)
        ));
        assert!(matches!(missing(snapshot.version(&app(), 9).err().unwrap()), Missing::Version(_, 9)));
        drop(snapshot);
        let taken = store.write(|tx| tx.insert_collection(&summary("app", Vec::new()), b"two")).unwrap_err();
        assert!(matches!(taken.downcast::<Exists>().unwrap(), Exists::Collection(_)), "{location}");
        let taken = store.write(|tx| tx.create_workspace("default", 0)).unwrap_err();
        assert!(matches!(taken.downcast::<Exists>().unwrap(), Exists::Workspace(_)), "{location}");
        let again = Store::create(location, &NewVault { keys: &keys(), recipients: &[] }).err().unwrap();
        assert!(matches!(again.downcast::<Exists>().unwrap(), Exists::Vault(_)), "{location}");
        let text = format!("{location}");
        assert!(!text.contains("--") && !text.contains("vault init"));
    });
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
        store.write(|tx| tx.create_workspace("ops", 8)).unwrap();
        store.write(|tx| tx.insert_collection(&summary("app", vec![meta("A", 1)]), b"one")).unwrap();
        store
            .write(|tx| {
                tx.replace_values(
                    &summary("app", vec![meta("B", 2)]),
                    2,
                    b"two",
                    b"kept",
                    &Changes::default(),
                    5,
                )
            })
            .unwrap();
        store.write(|tx| tx.append_audit(&Entry::vault("test", "x"))).unwrap();
        let image = store.read().unwrap().image().unwrap();
        let copy = Store::create_from(target, &image).unwrap();
        let copied = copy.read().unwrap().image().unwrap();
        assert_eq!(describe(&copied), describe(&image), "{source} -> {target}");
        assert!(copied.keys == image.keys);
    }
}

/// Every field of an image, as text to compare.
fn describe(image: &vault::store::VaultImage) -> String {
    let mut text =
        format!("created {} audit {} {:?}\n", image.created_at, image.audit_count, image.audit_head);
    for r in &image.recipients {
        text += &format!("recipient {} {} {:?} {:?}\n", r.recipient, r.added_at, r.key_tag, r.handover_tag);
    }
    for w in &image.workspaces {
        text += &format!("workspace {} {}\n", w.name, w.created_at);
        for c in &w.collections {
            text += &format!("collection {:?} {} {:?}\n", c.summary, c.version, c.sealed);
            for v in &c.versions {
                text += &format!(
                    "version {} {} {:?} {:?} {:?}\n",
                    v.version, v.created_at, v.changes, v.sealed, v.secrets
                );
            }
        }
    }
    for record in &image.audit {
        text += &format!("audit {} {} {} {:?}\n", record.seq, record.at, record.entry.outcome, record.hash);
    }
    text
}
