//! The command's environment: what vault inherited, minus its passphrase, plus the
//! secrets. Pure functions, so the precedence rules are tested without a process.

use std::collections::HashMap;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;

use anyhow::Context;
use secrecy::{ExposeSecret, SecretSlice};

use crate::keyring::PASSPHRASE_VARS;

/// The variable naming the run directory when there are file secrets.
pub const SECRETS_DIR_VAR: &str = "VAULT_SECRETS_DIR";

/// Env secrets as variables, checked again: a row edited in the vault file must not
/// smuggle in a name with `=` (which `Command::env` would split) or a NUL.
pub fn secret_vars(secrets: &[(String, SecretSlice<u8>)]) -> anyhow::Result<Vec<(OsString, OsString)>> {
    secrets
        .iter()
        .map(|(name, value)| {
            crate::model::validate_env_location(name).context("refusing to pass an env secret")?;
            let value = value.expose_secret();
            if value.contains(&0) {
                anyhow::bail!("env secret '{name}' contains a NUL byte, which no environment can hold");
            }
            Ok((OsString::from(name), OsString::from_vec(value.to_vec())))
        })
        .collect()
}

fn is_passphrase_var(name: &OsString) -> bool {
    PASSPHRASE_VARS.iter().any(|var| name == var)
}

/// The command's environment: `inherited`, then each of `secrets` (env secrets and
/// file-path variables) replacing an inherited variable of the same name unless
/// `preserve_env`. `VAULT_PASSPHRASE` and `VAULT_NEW_PASSPHRASE` are left out whatever
/// their source, as the spec promises the command never sees it. `VAULT_SECRETS_DIR`
/// always describes this run, even with `preserve_env`: an inherited one would point at
/// another run's directory.
pub fn child_env(
    inherited: Vec<(OsString, OsString)>,
    secrets: Vec<(OsString, OsString)>,
    secrets_dir: Option<&Path>,
    preserve_env: bool,
) -> Vec<(OsString, OsString)> {
    let mut vars = Vars::default();
    for (name, value) in inherited.into_iter().filter(|(name, _)| !is_passphrase_var(name)) {
        vars.push(name, value);
    }
    for (name, value) in secrets.into_iter().filter(|(name, _)| !is_passphrase_var(name)) {
        if !(preserve_env && vars.has(&name)) {
            vars.set(name, value);
        }
    }
    if let Some(dir) = secrets_dir {
        vars.set(SECRETS_DIR_VAR.into(), dir.into());
    }
    vars.into_list()
}

/// An environment being built, in order, with where each name's entries are, so that
/// setting each of many secrets costs the same whatever the size of the environment.
#[derive(Default)]
struct Vars {
    entries: Vec<Option<(OsString, OsString)>>,
    positions: HashMap<OsString, Vec<usize>>,
}

impl Vars {
    /// Appends an entry, keeping earlier ones of the same name (a raw environment can
    /// repeat one).
    fn push(&mut self, name: OsString, value: OsString) {
        self.positions.entry(name.clone()).or_default().push(self.entries.len());
        self.entries.push(Some((name, value)));
    }

    fn has(&self, name: &OsString) -> bool {
        self.positions.contains_key(name)
    }

    /// Sets `name`, dropping every earlier entry of it.
    fn set(&mut self, name: OsString, value: OsString) {
        for at in self.positions.remove(&name).unwrap_or_default() {
            self.entries[at] = None;
        }
        self.push(name, value);
    }

    fn into_list(self) -> Vec<(OsString, OsString)> {
        self.entries.into_iter().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(OsString, OsString)> {
        list.iter().map(|(k, v)| (OsString::from(k), OsString::from(v))).collect()
    }

    fn sorted(mut vars: Vec<(OsString, OsString)>) -> Vec<(OsString, OsString)> {
        vars.sort();
        vars
    }

    #[test]
    fn secrets_win_and_the_passphrase_is_dropped() {
        let inherited = pairs(&[
            ("PATH", "/bin"),
            ("TOKEN", "outer"),
            ("VAULT_PASSPHRASE", "pw"),
            ("VAULT_NEW_PASSPHRASE", "n"),
        ]);
        let secrets = pairs(&[("TOKEN", "inner"), ("NEW", "n"), ("VAULT_PASSPHRASE", "stored")]);
        let vars = child_env(inherited, secrets, None, false);
        assert_eq!(sorted(vars), pairs(&[("NEW", "n"), ("PATH", "/bin"), ("TOKEN", "inner")]));
    }

    #[test]
    fn preserve_env_lets_inherited_win_but_not_over_the_secrets_dir() {
        let inherited = pairs(&[("TOKEN", "outer"), ("VAULT_SECRETS_DIR", "/old")]);
        let secrets = pairs(&[("TOKEN", "inner"), ("NEW", "n")]);
        let vars = child_env(inherited, secrets, Some(Path::new("/run/x")), true);
        assert_eq!(sorted(vars), pairs(&[("NEW", "n"), ("TOKEN", "outer"), ("VAULT_SECRETS_DIR", "/run/x")]));
    }

    #[test]
    fn repeated_inherited_names_collapse_to_the_secret() {
        let inherited = pairs(&[("A", "1"), ("A", "2")]);
        let vars = child_env(inherited, pairs(&[("A", "s")]), None, false);
        assert_eq!(vars, pairs(&[("A", "s")]));
    }

    #[test]
    fn edited_env_rows_are_refused() {
        let secret = |name: &str, value: &[u8]| vec![(name.to_owned(), SecretSlice::from(value.to_vec()))];
        assert!(secret_vars(&secret("A=B", b"v")).is_err());
        assert!(secret_vars(&secret("", b"v")).is_err());
        let error =
            secret_vars(&secret("A", b"hunter\0two")).err().map(|e| format!("{e:#}")).unwrap_or_default();
        assert!(error.contains("NUL") && !error.contains("hunter"), "{error}");
        let ok = secret_vars(&secret("A", "välue".as_bytes())).ok();
        assert_eq!(ok, Some(pairs(&[("A", "välue")])));
    }
}
