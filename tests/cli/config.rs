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

#[test]
fn status_shows_each_setting_and_where_it_came_from_without_unlocking() {
    let env = TestEnv::with_passphrase();
    env.ok(&["workspace", "create", "prod"]);
    let project = env.path("project");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(
        project.join(".vault.toml"),
        "workspace = \"prod\"\ncollections = [\"app\", \"dev/db\"]\n",
    )
    .unwrap();
    // Locked (no passphrase anywhere) and without a terminal: status never asks.
    let status = |cmd: &mut Command| -> serde_json::Value {
        let out = cmd.args(["status", "--json"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let shown = status(env.locked_cmd().current_dir(&project));
    assert_eq!(shown["vault"]["location"], env.vault.to_str().unwrap());
    assert_eq!(shown["vault"]["from"]["source"], "VAULT_PATH");
    assert_eq!(shown["vault"]["mode"], "passphrase");
    assert_eq!(shown["workspace"]["name"], "prod");
    assert_eq!(shown["workspace"]["from"]["kind"], "project");
    assert_eq!(shown["workspace"]["exists"], true);
    assert_eq!(shown["project"]["collections"], serde_json::json!(["app", "dev/db"]));
    assert_eq!(shown["identity_file"], serde_json::Value::Null);
    // No agent runs in this sandbox; turned off, status says so instead of asking.
    assert_eq!(shown["agent"], serde_json::json!({"enabled": true, "running": false}));
    let off = status(env.locked_cmd().current_dir(&project).env("VAULT_AGENT", "0"));
    assert_eq!(off["agent"], serde_json::json!({"enabled": false}));

    let shown = status(env.locked_cmd().current_dir(&project).env("VAULT_WORKSPACE", "qa"));
    assert_eq!(
        shown["workspace"]["from"],
        serde_json::json!({"kind": "environment", "source": "VAULT_WORKSPACE"})
    );
    assert_eq!(shown["workspace"]["exists"], false);
    let shown =
        status(env.locked_cmd().current_dir(&project).env("VAULT_WORKSPACE", "qa").args(["-w", "default"]));
    assert_eq!(shown["workspace"]["from"], serde_json::json!({"kind": "flag", "source": "--workspace"}));

    let identity = TestEnv::new();
    let shown = status(&mut identity.cmd());
    assert_eq!(shown["vault"]["mode"], "identity-file");
    assert_eq!(shown["identity_file"]["path"], identity.identity.to_str().unwrap());
    assert_eq!(shown["identity_file"]["from"]["source"], "VAULT_IDENTITY_FILE");
    assert_eq!(shown["workspace"]["from"]["kind"], "default");

    let out = env.locked_cmd().current_dir(&project).arg("status").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!("workspace: prod (from {})", project.join(".vault.toml").display())),
        "{text}"
    );
    assert!(text.contains("mode:      passphrase") && text.contains("collections app, dev/db"), "{text}");
    assert!(text.contains("agent:"), "{text}");

    let bare = TestEnv::bare();
    let shown = status(&mut bare.cmd());
    assert_eq!(
        (shown["vault"]["exists"].clone(), shown["vault"]["mode"].clone()),
        (false.into(), serde_json::Value::Null)
    );
}

#[test]
fn not_found_says_where_the_workspace_came_from_and_where_the_id_exists() {
    let env = TestEnv::new();
    env.ok(&["workspace", "create", "prod"]);
    env.ok(&["workspace", "create", "dev"]);
    env.ok(&["create", "dev/api", "--env", "A=1"]);
    let stderr = env.fails_with(3, env.cmd().env("VAULT_WORKSPACE", "prod").args(["get", "api"]));
    assert!(
        stderr.contains("collection 'api' not found in workspace 'prod' (from VAULT_WORKSPACE)"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: did you mean 'dev/api'? it exists in workspace 'dev'"), "{stderr}");

    let project = env.path("project");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(project.join(".vault.toml"), "workspace = \"staging\"\n").unwrap();
    let stderr = env.fails_with(3, env.cmd().current_dir(&project).args(["get", "api"]));
    let from = format!("workspace 'staging' not found (from {})", project.join(".vault.toml").display());
    assert!(stderr.contains(&from), "{stderr}");
    // Given on the command line: no origin to add; the default workspace neither.
    let stderr = env.fails(3, &["get", "api"]);
    assert!(stderr.contains("not found in workspace 'default'\nhint: did you mean 'dev/api'?"), "{stderr}");
    env.ok(&["create", "prod/api", "--env", "A=1"]);
    let stderr = env.fails(3, &["get", "nope/api"]);
    assert!(!stderr.contains("did you mean"), "a missing workspace, not collection: {stderr}");
    let stderr = env.fails(125, &["run", "-c", "api", "--", "true"]);
    assert!(stderr.contains("did you mean one of 'dev/api', 'prod/api'?"), "{stderr}");
}

#[test]
fn errors_about_the_vault_file_and_the_identity_file_name_the_setting_they_came_from() {
    let env = TestEnv::new();
    env.ok(&["create", "app", "--env", "A=1"]);
    let stderr = env.fails_with(3, env.cmd().env("VAULT_PATH", env.path("gone.db")).args(["list"]));
    assert!(stderr.contains("gone.db (from VAULT_PATH)"), "{stderr}");
    let stderr =
        env.fails_with(3, env.cmd().args(["--vault", env.path("gone.db").to_str().unwrap(), "list"]));
    assert!(stderr.contains("gone.db (from --vault)"), "{stderr}");

    let stranger = TestEnv::new();
    let mut cmd = env.cmd();
    cmd.env("VAULT_IDENTITY_FILE", &stranger.identity).args(["get", "app", "A"]);
    let stderr = env.fails_with(5, &mut cmd);
    assert!(stderr.contains("(identity file from VAULT_IDENTITY_FILE)"), "{stderr}");
}
