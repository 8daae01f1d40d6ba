//! The README's recipes, run exactly as written: each ```sh block under a `###` heading
//! of its "Recipes" section runs in bash (`-euo pipefail`) in a scratch home directory,
//! with `vault` on PATH and whatever the recipe assumes (a `.env`, an app, a CI secret)
//! set up first.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{TestEnv, require_tool, vault_binary};

/// The recipes of README.md: (heading, the one ```sh block under it).
fn recipes() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme.split("\n## Recipes\n").nth(1).expect("README has a Recipes section");
    let section = section.split("\n## ").next().unwrap_or_default();
    let mut recipes = Vec::new();
    for part in section.split("\n### ").skip(1) {
        let (heading, body) = part.split_once('\n').unwrap();
        let blocks: Vec<&str> =
            body.split("```sh\n").skip(1).map(|rest| rest.split("\n```").next().unwrap()).collect();
        assert_eq!(blocks.len(), 1, "recipe '{heading}' must have exactly one ```sh block");
        recipes.push((heading.trim().to_owned(), blocks[0].to_owned()));
    }
    recipes
}

/// A scratch home (the sandbox's, with no vault named) with `project/` as the working
/// directory.
struct Scratch {
    env: TestEnv,
    vars: Vec<(String, String)>,
}

impl Scratch {
    fn new() -> Self {
        let env = TestEnv::bare();
        std::fs::create_dir_all(env.path("project")).unwrap();
        Scratch { env, vars: Vec::new() }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.env.path(relative)
    }

    fn var(&mut self, name: &str, value: impl Into<String>) {
        self.vars.push((name.to_owned(), value.into()));
    }

    /// Writes a file (creating its directory); `executable` makes it a 0755 script.
    fn write(&self, relative: &str, text: &str, executable: bool) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        if executable {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }

    /// bash running `script` in the sandbox, vault first on PATH and the vault where
    /// a user's vault goes by default, with the config and data dirs of a usual home.
    fn bash(&self, script: &str) -> Output {
        let vault = vault_binary();
        let mut path = std::ffi::OsString::from(vault.parent().unwrap());
        path.push(":");
        path.push(std::env::var_os("PATH").unwrap_or_default());
        let mut cmd = self.env.sandboxed("bash");
        cmd.args(["-euo", "pipefail", "-c", script])
            .current_dir(self.path("project"))
            .env_remove("VAULT_PATH")
            .env("PATH", path)
            .env("XDG_CONFIG_HOME", self.path(".config"))
            .env("XDG_DATA_HOME", self.path(".local/share"));
        for (name, value) in &self.vars {
            cmd.env(name, value);
        }
        cmd.output().unwrap()
    }

    /// Setup that is not part of a recipe, asserted to succeed.
    fn setup(&self, script: &str) {
        let out = self.bash(script);
        assert!(out.status.success(), "setup failed: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Runs the recipe headed `heading`, then `check`, and returns stdout.
    fn run_recipe(&self, heading: &str, check: &str) -> String {
        let recipes = recipes();
        let (_, block) = recipes.iter().find(|(h, _)| h == heading).expect("recipe is in the README");
        let out = self.bash(&format!("{block}\n{check}"));
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "recipe '{heading}' failed ({}):\n{stdout}\n{stderr}", out.status);
        stdout.into_owned()
    }
}

/// An app that exits non-zero unless it sees the expected secret.
const APP: &str =
    "#!/bin/sh\ntest \"$DATABASE_URL\" = 'postgres://app:s3cret@db/app' || exit 9\necho \"started $*\"\n";

#[test]
fn every_recipe_in_the_readme_has_a_test() {
    let headings: Vec<String> = recipes().into_iter().map(|(h, _)| h).collect();
    assert_eq!(
        headings,
        [
            "Move a project's .env into vault and run the app with it",
            "Load secrets into the current shell",
            "Hand a tool its own .env file",
            "Unlock in a CI job with VAULT_IDENTITY_FILE",
            "A wrapper script",
            "Share a vault with a teammate",
            "Stop a commit that would leak a stored value",
        ]
    );
}

#[test]
fn recipe_move_a_dotenv_into_vault_and_run_the_app() {
    let scratch = Scratch::new();
    scratch.write("project/.env", "# local settings\nDATABASE_URL=\"postgres://app:s3cret@db/app\"\n", false);
    scratch.write("project/app.sh", APP, true);
    let out =
        scratch.run_recipe("Move a project's .env into vault and run the app with it", "test ! -e .env");
    // `create` prints the new collection's summary first; the app's line comes last.
    assert!(out.ends_with("\nstarted \n"), "{out}");
}

#[test]
fn recipe_load_secrets_into_the_current_shell() {
    Scratch::new().run_recipe("Load secrets into the current shell", "");
}

#[test]
fn recipe_hand_a_tool_its_own_dotenv_file() {
    let scratch = Scratch::new();
    scratch.run_recipe(
        "Hand a tool its own .env file",
        "test \"$(cat .env.local)\" = \"DB_PASSWORD='p4ss w0rd'\" && test \"$(cat db-password.txt)\" = 'p4ss w0rd' \
         && test \"$(stat -c %a .env.local db-password.txt)\" = \"600\n600\"",
    );
}

#[test]
fn recipe_unlock_in_ci_with_an_identity_file() {
    let mut scratch = Scratch::new();
    let key = scratch.path("owner-key.txt").display().to_string();
    scratch.setup(&format!(
        "vault --vault ci/vault.db init --identity-file {key} && \
         printf %s token-1 | vault --vault ci/vault.db -i {key} create deploy --env DEPLOY_TOKEN"
    ));
    scratch.var("VAULT_AGE_KEY", std::fs::read_to_string(&key).unwrap());
    std::fs::create_dir_all(scratch.path("runner-tmp")).unwrap();
    scratch.var("RUNNER_TEMP", scratch.path("runner-tmp").display().to_string());
    scratch.write(
        "project/deploy.sh",
        "#!/bin/sh\ntest \"$DEPLOY_TOKEN\" = token-1 && echo deployed\n",
        true,
    );
    let out = scratch.run_recipe(
        "Unlock in a CI job with VAULT_IDENTITY_FILE",
        "test ! -e \"$RUNNER_TEMP/vault-identity.txt\"",
    );
    assert_eq!(out, "deployed\n");
}

#[test]
fn recipe_a_wrapper_script() {
    let mut scratch = Scratch::new();
    let key = scratch.path(".config/vault/identity.txt").display().to_string();
    scratch.setup(&format!(
        "vault init --identity-file {key} && \
         vault -i {key} create myapp --env DATABASE_URL=postgres://app:s3cret@db/app"
    ));
    scratch.var("VAULT_IDENTITY_FILE", key);
    scratch.write("project/app.sh", APP, true);
    let out = scratch.run_recipe("A wrapper script", "");
    assert_eq!(out, "started --port 8080\n");
}

#[test]
fn recipe_share_a_vault_with_a_teammate() {
    let mut scratch = Scratch::new();
    // The teammate's identity, made in a vault of their own.
    scratch.setup("vault --vault ~/teammate/own.db init --identity-file ~/teammate/key.txt >/dev/null 2>&1");
    let key = std::fs::read_to_string(scratch.path("teammate/key.txt")).unwrap();
    let public = key.lines().find_map(|l| l.strip_prefix("# public key: ")).unwrap().to_owned();
    scratch.var("TEAMMATE", public);
    let out = scratch.run_recipe("Share a vault with a teammate", "");
    assert!(out.ends_with("\nsk_test_123"), "the teammate read: {out}");
}

#[test]
fn recipe_stop_a_commit_that_would_leak_a_stored_value() {
    if require_tool("git").is_none() {
        return;
    }
    // git passes a hook's output on to stderr; the check runs the hook's scan again.
    let out = Scratch::new().run_recipe(
        "Stop a commit that would leak a stored value",
        "test \"$(git rev-list --all | wc -l)\" = 0 && \
         test \"$(vault scan --staged 2>/dev/null || true)\" = 'settings.env:1: stored value of STRIPE_KEY in default/payments'",
    );
    assert!(out.ends_with("\ncommit refused\n") && !out.contains("sk_live"), "{out}");
}
