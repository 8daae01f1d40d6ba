//! Owner keys pinned per vault path, like ssh's `known_hosts`.
//!
//! A reader who is not the owner can only check that the data key came from the owner
//! key the vault records, and whoever can write the vault can record another one. So
//! a reader trusts an owner key only when the user named it (`VAULT_OWNER`) or this
//! machine pinned it before, in `<data_dir>/vault/known-owners`; an unknown or changed
//! owner key is refused. The owner, proving itself with its own tag, pins its key on
//! first use and may move its pin (a vault re-created at the same path). After a
//! `rotate-key`, a reader whose pin is the previous owner key follows it when that key
//! handed the vault over (its tag over the new data key for this reader verifies).

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

/// One pinned vault: owner key, vault id and path. The path comes last, whole, since
/// it may hold spaces.
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
        vault: vault_key(vault)?,
        vault_id,
        owner,
        trust,
        vouched: *trust == Trust::Owner || named.is_some(),
        init: false,
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
    /// `init` or `rotate-key` just wrote this vault: its id is pinned whatever it was.
    init: bool,
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
        let Some(index) = pins.iter().position(|pin| pin.path == *vault) else {
            if !self.vouched {
                return Err(Failure::new(
                    Kind::Locked,
                    format!("this machine has not opened vault {vault} before, and nobody vouched for its owner key {owner}"),
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
        if pin.vault_id != NO_ID && pin.vault_id != self.vault_id && !self.init {
            return Err(Failure::new(
                Kind::Integrity,
                format!(
                    "the file at {vault} is vault {}, not vault {} that this machine opened there before; nothing was used",
                    self.vault_id, pin.vault_id
                ),
            )
            .with_hint(format!(
                "if another vault was put at this path by mistake (say staging for prod), put the right one back; if it was deliberate, accept it with 'vault --vault {vault} audit --accept-state'"
            ))
            .into());
        }
        if unchanged {
            return Ok(None);
        }
        pin.vault_id = self.vault_id.to_owned();
        Ok(Some((render(&pins), note)))
    }
}

/// The vault's path as pins name it: canonical, and one line (a path with a line break
/// could forge another pin).
fn vault_key(vault: &Path) -> anyhow::Result<String> {
    let vault = std::fs::canonicalize(vault).unwrap_or_else(|_| vault.to_path_buf());
    let vault = vault.to_string_lossy().into_owned();
    if vault.chars().any(char::is_control) {
        return Err(Failure::new(
            Kind::Usage,
            format!("the vault path {} holds a control character", crate::output::sanitize(&vault)),
        )
        .with_hint("move the vault to a path without line breaks or control characters")
        .into());
    }
    Ok(vault)
}

/// Pins the vault id now at `vault` for its path, keeping the owner key pinned there
/// (for `audit --accept-state`, after a deliberate swap). A vault never pinned here is
/// left to its first unlock.
pub fn accept_vault_id(vault: &Path, vault_id: &str) -> anyhow::Result<()> {
    let vault = vault_key(vault)?;
    let Some(file) = crate::paths::state_file("known-owners") else { return Ok(()) };
    crate::paths::update_locked(&file, |text| {
        let mut pins = parse(text.unwrap_or_default());
        let Some(pin) = pins.iter_mut().find(|pin| pin.path == vault) else { return Ok(None) };
        pin.vault_id = vault_id.to_owned();
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
    let pin = vault_key(vault).map(|vault| Request {
        vault,
        vault_id,
        owner,
        trust: &Trust::Owner,
        vouched: true,
        init: true,
    });
    pin.and_then(|pin| pin.apply()).unwrap_or_else(|error| Some(format!("warning: {error:#}")))
}
