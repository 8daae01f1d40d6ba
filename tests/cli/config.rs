//! Settings precedence, for every setting and every pair of sources: flag > environment
//! variable > `.vault.toml` > user config (`$XDG_CONFIG_HOME/vault/config.toml`) >
//! built-in default; and the warnings and errors for the files themselves.

use std::path::PathBuf;

use assert_cmd::Command;

use crate::support::TestEnv;

/// Where a setting can come from, strongest first.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Source {
    Flag,
    Env,
    Project,
    User,
}

/// Every non-empty set of at most two sources from `sources`: each pair, and each alone.
fn pairs(sources: &[Source]) -> Vec<Vec<Source>> {
    let mut sets: Vec<Vec<Source>> = sources.iter().map(|s| vec![*s]).collect();
    for (i, a) in sources.iter().enumerate() {
        for b in &sources[i + 1..] {
            sets.push(vec![*a, *b]);
        }
    }
    sets.push(Vec::new());
    sets
}

/// A setting under test: its flag, variable and config key, and a value per source.
struct Setting {
    flag: &'static str,
    var: &'static str,
    key: &'static str,
    value: fn(&TestEnv, Source) -> String,
}

/// `vault` with `setting` given by exactly the sources in `set`: a `.vault.toml` exists
/// only when the project is a source, a user config only when the user is.
fn configured(env: &TestEnv, base: Command, setting: &Setting, set: &[Source]) -> Command {
    let mut cmd = base;
    let dir = |name: &str| -> PathBuf {
        let path = env.path(name);
        std::fs::create_dir_all(&path).unwrap();
        path
    };
    let project = dir("project");
    let toml_line = |source| format!("{} = {:?}\n", setting.key, (setting.value)(env, source));
    std::fs::write(project.join(".vault.toml"), toml_line(Source::Project)).unwrap();
    let user = dir("config-user/vault");
    std::fs::write(user.join("config.toml"), toml_line(Source::User)).unwrap();

    cmd.env_remove(setting.var);
    cmd.current_dir(if set.contains(&Source::Project) { project } else { dir("elsewhere") });
    cmd.env(
        "XDG_CONFIG_HOME",
        if set.contains(&Source::User) { env.path("config-user") } else { dir("none") },
    );
    if set.contains(&Source::Env) {
        cmd.env(setting.var, (setting.value)(env, Source::Env));
    }
    if set.contains(&Source::Flag) {
        cmd.args([setting.flag, &(setting.value)(env, Source::Flag)]);
    }
    cmd
}

const WORKSPACE: Setting = Setting {
    flag: "--workspace",
    var: "VAULT_WORKSPACE",
    key: "workspace",
    value: |_, source| format!("ws-{source:?}").to_lowercase(),
};

#[test]
fn workspace_precedence_holds_for_every_pair_of_sources() {
    let env = TestEnv::new();
    let sources = [Source::Flag, Source::Env, Source::Project, Source::User];
    for source in sources {
        let ws = (WORKSPACE.value)(&env, source);
        env.ok(&["workspace", "create", &ws]);
        env.ok(&["create", &format!("{ws}/app")]);
    }
    env.ok(&["create", "app"]);
    for set in pairs(&sources) {
        let expected = set.first().map_or("default".to_owned(), |s| (WORKSPACE.value)(&env, *s));
        let out =
            configured(&env, env.cmd(), &WORKSPACE, &set).args(["get", "app", "--json"]).output().unwrap();
        assert!(out.status.success(), "{set:?}: {}", String::from_utf8_lossy(&out.stderr));
        let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(shown["workspace"], expected, "sources {set:?}");
    }
}

/// A file that does not exist, named after the source that points at it.
fn missing_file(env: &TestEnv, source: Source) -> String {
    env.path(&format!("{source:?}-missing")).display().to_string()
}

#[test]
fn vault_path_precedence_holds_for_every_pair_of_sources() {
    // `.vault.toml` names no vault file (the spec gives it workspace and collections only).
    let setting = Setting { flag: "--vault", var: "VAULT_PATH", key: "vault", value: missing_file };
    let env = TestEnv::bare();
    for set in pairs(&[Source::Flag, Source::Env, Source::User]) {
        let expected = match set.first() {
            Some(source) => missing_file(&env, *source),
            None => env.path("xdg-data/vault/vault.db").display().to_string(),
        };
        let out = configured(&env, env.locked_cmd(), &setting, &set).arg("list").output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{set:?}: {stderr}");
        assert!(stderr.contains(&format!("no vault at {expected}")), "sources {set:?}: {stderr}");
    }
}

#[test]
fn identity_file_precedence_holds_for_every_pair_of_sources() {
    let setting =
        Setting { flag: "--identity", var: "VAULT_IDENTITY_FILE", key: "identity_file", value: missing_file };
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "A=1"]);
    for set in pairs(&[Source::Flag, Source::Env, Source::User]) {
        let out =
            configured(&env, env.locked_cmd(), &setting, &set).args(["get", "app", "A"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(5), "{set:?}: {stderr}");
        let expected = match set.first() {
            Some(source) => format!("cannot read identity file {}", missing_file(&env, *source)),
            None => "is opened with an identity file, and none was given".to_owned(),
        };
        assert!(stderr.contains(&expected), "sources {set:?}: {stderr}");
    }
    // And the user config's identity file really unlocks.
    let config = env.path("config/vault");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), format!("identity_file = {:?}\n", env.identity)).unwrap();
    let out = env.locked_cmd().args(["get", "app", "A"]).output().unwrap();
    assert_eq!((out.status.code(), out.stdout), (Some(0), b"1".to_vec()));
}

#[test]
fn unknown_keys_are_warned_with_file_and_line() {
    let env = TestEnv::new();
    let config = env.path("config/vault");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "workspace = \"default\"\n\ncolour = \"red\"\n").unwrap();
    std::fs::write(env.path(".vault.toml"), "collections = []\nvault = \"elsewhere.db\"\n").unwrap();
    let out = env.run(&["list", "--json"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let user = config.join("config.toml");
    assert!(
        stderr.contains(&format!("warning: {} line 3: unknown key 'colour' ignored", user.display())),
        "{stderr}"
    );
    let project = env.path(".vault.toml");
    assert!(
        stderr.contains(&format!("warning: {} line 2: unknown key 'vault'", project.display())),
        "{stderr}"
    );
}

#[test]
fn malformed_config_files_are_usage_errors_naming_file_and_line() {
    let env = TestEnv::new();
    let config = env.path("config-bad/vault");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "workspace = \"dev\"\nvault = \n").unwrap();
    let err = env.fails_with(2, env.cmd().env("XDG_CONFIG_HOME", env.path("config-bad")).arg("list"));
    assert!(err.contains(&format!("{} line 2", config.join("config.toml").display())), "{err}");

    let project = env.path("project");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(project.join(".vault.toml"), "# the app\ncollections = [\"app\"\n").unwrap();
    let err = env.fails_with(2, env.cmd().current_dir(&project).arg("list"));
    assert!(err.contains(&format!("{} line 2", project.join(".vault.toml").display())), "{err}");
}

#[test]
fn a_project_file_others_could_edit_is_ignored_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    env.ok(&["workspace", "create", "planted"]);
    let project = env.path(".vault.toml");
    std::fs::write(&project, "workspace = \"planted\"\n").unwrap();
    std::fs::set_permissions(&project, std::fs::Permissions::from_mode(0o666)).unwrap();
    let out = env.run(&["create", "app", "--env", "A=1"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.contains("warning: ignoring") && stderr.contains(".vault.toml"),
        "{stderr}"
    );
    assert_eq!(env.json(&["list", "-w", "default"]).as_array().unwrap().len(), 1);
    assert_eq!(env.json(&["list", "-w", "planted"]).as_array().unwrap().len(), 0);
}

#[test]
fn a_global_option_after_the_command_wins_over_one_before_it_and_the_environment() {
    let env = TestEnv::new();
    for ws in ["before", "after", "from-env"] {
        env.ok(&["workspace", "create", ws]);
        env.ok(&["create", &format!("{ws}/app"), "--description", ws]);
    }
    let shown = |args: &[&str], var: Option<&str>| -> String {
        let mut cmd = env.cmd();
        cmd.env_remove("VAULT_WORKSPACE");
        if let Some(ws) = var {
            cmd.env("VAULT_WORKSPACE", ws);
        }
        let out = cmd.args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        value["workspace"].as_str().unwrap().to_owned()
    };
    let get = ["get", "app", "--json"];
    assert_eq!(shown(&[&["-w", "before"][..], &get, &["-w", "after"]].concat(), Some("from-env")), "after");
    assert_eq!(shown(&[&["-w", "before"][..], &get].concat(), Some("from-env")), "before");
    assert_eq!(shown(&[&get[..], &["-w", "after"]].concat(), Some("from-env")), "after");
    assert_eq!(shown(&get, Some("from-env")), "from-env");
}
