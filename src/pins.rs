//! Owner keys pinned per vault id, like ssh's `known_hosts`.
//!
//! A reader who is not the owner can only check that the data key came from the owner
//! key the vault records, and whoever can write the vault can record another one. So
//! a reader trusts an owner key only when the user named it (`VAULT_OWNER`) or this
//! machine pinned it before, in `<data_dir>/vault/known-owners`; an unknown or changed
//! owner key is refused. The owner, proving itself with its own tag, pins its key on
//! first use and may move its pin. After a `rotate-key`, a reader whose pin is the
//! previous owner key follows it when that key handed the vault over (its tag over the
//! new data key for this reader verifies).
//!
//! Pins are found by the vault's id, not its path: a moved or copied vault, or a CI
//! checkout at another path, keeps its pin. Another vault put at a path where this
//! machine opened one before is [`crate::seen`]'s to catch (its locations record), in
//! both modes; a pin's path only says where the vault was first pinned, and stands in
//! for that record for pins written before it existed.

use std::path::Path;

use anyhow::Context;

use crate::error::{Failure, Kind};
use crate::keyring::Trust;

/// The owner public key a user vouches for, to trust (or re-pin) a vault's owner.
pub const OWNER_VAR: &str = "VAULT_OWNER";

/// The first line of the pin file since vault ids are pinned too. Files without it
/// (one `OWNER PATH` per line) are read as pins whose vault id is not known yet.
const HEADER: &str = "# vault known-owners 2";
/// A pin whose vault id is not known yet (written before ids were pinned).
const NO_ID: &str = "-";

/// One pinned vault: owner key, vault id and the path where it was first pinned. The
/// path comes last, whole, since it may hold spaces.
struct Pin {
    owner: String,
    vault_id: String,
    path: String,
}

fn parse(text: &str) -> Vec<Pin> {
    let mut lines = text.lines().peekable();
    let versioned = lines.next_if(|line| *line == HEADER).is_some();
    lines
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (owner, rest) = line.split_once(' ')?;
            let (vault_id, path) = if versioned { rest.split_once(' ')? } else { (NO_ID, rest) };
            Some(Pin { owner: owner.to_owned(), vault_id: vault_id.to_owned(), path: path.to_owned() })
        })
        .collect()
}

fn render(pins: &[Pin]) -> String {
    let lines = pins.iter().map(|pin| format!("{} {} {}\n", pin.owner, pin.vault_id, pin.path));
    std::iter::once(format!("{HEADER}\n")).chain(lines).collect()
}

/// Checks `trust` against the pin for `vault` and against `VAULT_OWNER`, recording the
/// owner key and vault id when they are proven or named. Returns a warning when the pin
/// could not be recorded; the check itself never depends on writing it.
pub fn check(vault: &Path, vault_id: &str, owner: &str, trust: &Trust) -> anyhow::Result<Option<String>> {
    let named = std::env::var(OWNER_VAR).ok().map(|key| key.trim().to_owned()).filter(|key| !key.is_empty());
    // The owner proved itself with its own tag; what a reader would vouch for is moot.
    if let Some(named) = named.as_deref().filter(|named| *named != owner && *trust != Trust::Owner) {
        return Err(Failure::new(
            Kind::Integrity,
            format!(
                "the vault's owner key is {owner}, not the one {OWNER_VAR} names ({named}); nothing was used"
            ),
        )
        .with_hint(format!(
            "check {OWNER_VAR}; if the vault should be that owner's, restore it from a backup you trust"
        ))
        .into());
    }
    let pin = Request {
        vault: crate::paths::vault_key(vault)?,
        vault_id,
        owner,
        trust,
        vouched: *trust == Trust::Owner || named.is_some(),
    };
    pin.apply()
}

/// What one check asks of the pin file.
struct Request<'a> {
    vault: String,
    vault_id: &'a str,
    owner: &'a str,
    trust: &'a Trust,
    vouched: bool,
}

impl Request<'_> {
    /// Checks the pins read without the lock, and only when they must change takes the
    /// lock and decides again on what is there then, so that concurrent first uses of
    /// different vaults all keep their pins.
    fn apply(&self) -> anyhow::Result<Option<String>> {
        let Some(file) = crate::paths::state_file("known-owners") else {
            self.decide(None)?;
            return Ok(Some("warning: no data directory to pin the vault's owner key in".to_owned()));
        };
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => Some(text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => return Err(error).context("failed to read the pinned owner keys"),
        };
        if self.decide(text.as_deref())?.is_none() {
            return Ok(None);
        }
        let mut note = None;
        let saved = crate::paths::update_locked(&file, |text| {
            Ok(self.decide(text)?.map(|(updated, handed_over)| {
                note = handed_over;
                updated
            }))
        });
        match saved {
            Ok(()) => Ok(note),
            Err(error) if crate::error::failure_of(&error).is_some() => Err(error),
            Err(error) => Ok(Some(format!(
                "warning: could not pin the vault's owner key in {}: {error:#}",
                file.display()
            ))),
        }
    }

    /// The pin file's new text and a note, None when it stays as it is, or the failure
    /// of a key or vault nobody vouched for.
    fn decide(&self, text: Option<&str>) -> anyhow::Result<Option<(String, Option<String>)>> {
        let (vault, owner) = (&self.vault, self.owner);
        let shown = crate::paths::state_file("known-owners")
            .map_or_else(|| "known-owners".to_owned(), |f| f.display().to_string());
        let mut pins = parse(text.unwrap_or_default());
        let mut note = None;
        // By id; else a pin from before ids were pinned, by the path it was made at.
        let found = pins
            .iter()
            .position(|pin| pin.vault_id == self.vault_id)
            .or_else(|| pins.iter().rposition(|pin| pin.vault_id == NO_ID && pin.path == *vault));
        let Some(index) = found else {
            if !self.vouched {
                return Err(Failure::new(
                    Kind::Locked,
                    format!(
                        "this machine has not opened vault {} ({vault}) before, and nobody vouched for its owner key {owner}",
                        self.vault_id
                    ),
                )
                .with_hint(format!(
                    "ask the vault's owner for their public key ('vault recipients list' shows it to them); if it is {owner}, run once with {OWNER_VAR}={owner}"
                ))
                .into());
            }
            pins.push(Pin {
                owner: owner.to_owned(),
                vault_id: self.vault_id.to_owned(),
                path: vault.clone(),
            });
            return Ok(Some((render(&pins), None)));
        };
        let pin = &mut pins[index];
        let unchanged = pin.owner == owner && pin.vault_id == self.vault_id;
        if pin.owner != owner {
            if self.vouched {
                pin.owner = owner.to_owned();
            } else if handed_over_by(self.trust) == Some(pin.owner.as_str()) {
                note = Some(format!(
                    "the owner key of vault {vault} changed from {} to {owner}; the previous owner handed it over, so it is pinned now",
                    pin.owner
                ));
                pin.owner = owner.to_owned();
            } else {
                return Err(Failure::new(
                    Kind::Integrity,
                    format!(
                        "the owner key of vault {vault} changed from {} to {owner} since it was last opened here; nothing was used",
                        pin.owner
                    ),
                )
                .with_hint(format!(
                    "if the owner rotated its key (ask them for the new public key), run once with {OWNER_VAR}={owner}; otherwise restore the vault from a backup you trust ({shown})"
                ))
                .into());
            }
        }
        if unchanged {
            return Ok(None);
        }
        pin.vault_id = self.vault_id.to_owned();
        Ok(Some((render(&pins), note)))
    }
}

/// The vault ids pinned at `vault` (a canonical path, see [`crate::paths::vault_key`]),
/// newest last: what this machine opened there, for a path its locations record does
/// not know yet.
pub fn ids_pinned_at(vault: &str) -> Vec<String> {
    let Some(file) = crate::paths::state_file("known-owners") else { return Vec::new() };
    let text = std::fs::read_to_string(file).unwrap_or_default();
    parse(&text)
        .into_iter()
        .filter(|pin| pin.path == vault && pin.vault_id != NO_ID)
        .map(|pin| pin.vault_id)
        .collect()
}

/// After `vault audit --accept-state` took the vault `vault_id` now at `vault` in place
/// of the one this machine opened there: the owner key pinned for that one is pinned
/// for this one too, unless it has a pin of its own. A path never pinned here is left
/// to the vault's first unlock.
pub fn accept_vault_id(vault: &Path, vault_id: &str) -> anyhow::Result<()> {
    let vault = crate::paths::vault_key(vault)?;
    let Some(file) = crate::paths::state_file("known-owners") else { return Ok(()) };
    crate::paths::update_locked(&file, |text| {
        let mut pins = parse(text.unwrap_or_default());
        if pins.iter().any(|pin| pin.vault_id == vault_id) {
            return Ok(None);
        }
        let Some(previous) = pins.iter().rev().find(|pin| pin.path == vault) else { return Ok(None) };
        let owner = previous.owner.clone();
        pins.push(Pin { owner, vault_id: vault_id.to_owned(), path: vault.clone() });
        Ok(Some(render(&pins)))
    })
}

/// The previous owner key that handed the vault over to this reader, if any.
fn handed_over_by(trust: &Trust) -> Option<&str> {
    match trust {
        Trust::Reader { handed_over_by, .. } => handed_over_by.as_deref(),
        Trust::Owner => None,
    }
}

/// Pins the owner key and id of a vault that was just written by its owner (`init`,
/// `rotate-key`). The change has committed, so a failure here is only a warning.
pub fn pin_owner(vault: &Path, vault_id: &str, owner: &str) -> Option<String> {
    let pin = crate::paths::vault_key(vault).map(|vault| Request {
        vault,
        vault_id,
        owner,
        trust: &Trust::Owner,
        vouched: true,
    });
    pin.and_then(|pin| pin.apply()).unwrap_or_else(|error| Some(format!("warning: {error:#}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(vault: &str, vault_id: &'a str, owner: &'a str, trust: &'a Trust) -> Request<'a> {
        Request { vault: vault.to_owned(), vault_id, owner, trust, vouched: *trust == Trust::Owner }
    }

    fn reader(handed_over_by: Option<&str>) -> Trust {
        Trust::Reader { owner: "new".into(), handed_over_by: handed_over_by.map(str::to_owned) }
    }

    #[test]
    fn a_pin_is_found_by_vault_id_wherever_the_vault_is() {
        let pins = format!("{HEADER}\nowner id1 /first/path\n");
        let trust = reader(None);
        let moved = request("/moved/here", "id1", "owner", &trust);
        assert!(moved.decide(Some(&pins)).unwrap().is_none(), "nothing to change");
        // Another id at the pinned path is not this pin's (the locations record says more).
        let other = request("/first/path", "id2", "owner", &trust);
        let error = other.decide(Some(&pins)).err().unwrap();
        assert_eq!(crate::error::exit_code_of(&error), 5);
    }

    #[test]
    fn a_pin_from_before_ids_is_found_by_its_path_and_takes_the_id() {
        let trust = reader(None);
        let legacy = request("/vault.db", "id1", "owner", &trust);
        let (text, _) = legacy.decide(Some("owner /vault.db\n")).unwrap().unwrap();
        assert!(text.contains("owner id1 /vault.db\n"), "{text}");
    }

    #[test]
    fn a_changed_owner_is_followed_only_when_the_pinned_one_handed_it_over() {
        let pins = format!("{HEADER}\nold id1 /vault.db\n");
        let forged = reader(Some("someone-else"));
        let error = request("/vault.db", "id1", "new", &forged).decide(Some(&pins)).err().unwrap();
        assert_eq!(crate::error::exit_code_of(&error), 6);
        let error = request("/vault.db", "id1", "new", &reader(None)).decide(Some(&pins)).err().unwrap();
        assert_eq!(crate::error::exit_code_of(&error), 6);
        let handed = reader(Some("old"));
        let (text, note) = request("/vault.db", "id1", "new", &handed).decide(Some(&pins)).unwrap().unwrap();
        assert!(text.contains("new id1 /vault.db\n") && note.is_some(), "{text}");
    }
}
