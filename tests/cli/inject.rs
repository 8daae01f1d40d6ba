//! `vault inject` and `vault run --template`: templates rendered with stored values,
//! unknown references refused before any unlock, output files 0600 and replaced only
//! on success, run-directory templates gone after the run.

use std::os::unix::process::ExitStatusExt;

use crate::run::{RunEnv, assert_no_secret};
use crate::support::{TestEnv, contains, mode, require_tool};

const DB_URL: &str = "postgres://app:s3cr3t-pa55@db/app";
const PASSWORD: &str = "prod-password-7c1e";

/// A vault with `app` (DB_URL, a file secret tls/key.pem) and `prod/db` (PASSWORD).
fn vault_with_secrets() -> TestEnv {
    let env = TestEnv::new();
    let key = env.path("key.pem");
    std::fs::write(&key, "-----BEGIN KEY-----\nabc\n-----END KEY-----\n").unwrap();
    env.ok(&[
        "create",
        "app",
        "--env",
        &format!("DB_URL={DB_URL}"),
        "--file",
        &format!("tls/key.pem=@{}", key.display()),
    ]);
    env.ok(&["workspace", "create", "prod"]);
    env.ok(&["create", "prod/db", "--env", &format!("PASSWORD={PASSWORD}")]);
    env
}

fn template(env: &TestEnv, name: &str, text: &str) -> String {
    let path = env.path(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

const TEMPLATE: &str = "url: {{ app.DB_URL }}\npassword: \"{{prod/db.PASSWORD}}\"\nkey: |\n{{ app.tls/key.pem }}literal: {{{{ app.DB_URL }}\n";

fn rendered() -> String {
    format!(
        "url: {DB_URL}\npassword: \"{PASSWORD}\"\nkey: |\n-----BEGIN KEY-----\nabc\n-----END KEY-----\nliteral: {{{{ app.DB_URL }}}}\n"
    )
}

#[test]
fn inject_renders_every_reference_and_records_the_reveal() {
    let env = vault_with_secrets();
    let tpl = template(&env, "app.yml.tpl", TEMPLATE);
    assert_eq!(String::from_utf8(env.ok(&["inject", "-i", &tpl])).unwrap(), rendered());
    // stdin works too, and `-o -` is stdout.
    let out = env.cmd().args(["inject", "-i", "-", "-o", "-"]).write_stdin(TEMPLATE).output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), rendered());

    // `-i` is the template after `inject`; the identity is `--identity`, or `-i` before it.
    let identity = env.identity.to_str().unwrap();
    for args in [["inject", "--identity", identity, "-i", &tpl], ["-i", identity, "inject", "-i", &tpl]] {
        let out = env.locked_cmd().args(args).output().unwrap();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), rendered(), "{args:?}");
    }

    let audit = env.json(&["audit"]);
    let injects: Vec<_> = audit.as_array().unwrap().iter().filter(|r| r["command"] == "inject").collect();
    assert_eq!(injects.len(), 8, "one record per collection per inject: {audit}");
    assert!(!contains(&env.ok(&["audit"]), DB_URL.as_bytes()));
}

#[test]
fn unknown_references_fail_naming_each_one_without_unlocking() {
    let env = vault_with_secrets();
    let tpl = template(
        &env,
        "bad.tpl",
        "a={{ app.NOPE }}\nb={{ app.DB_URL }}\nc={{ ghost.KEY }}\nd={{ prod/db.PASSWORD }}\n",
    );
    // No identity, no passphrase, no terminal: the references are checked from metadata.
    let stderr = env.fails_with(3, env.locked_cmd().args(["inject", "-i", &tpl]));
    assert!(
        stderr.contains("app.NOPE (")
            && stderr.contains("line 1: collection 'app' in workspace 'default' has no such location)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("ghost.KEY (")
            && stderr.contains("line 3: collection 'ghost' in workspace 'default' not found)"),
        "{stderr}"
    );
    assert!(!stderr.contains("app.DB_URL") && !stderr.contains(DB_URL), "{stderr}");

    let tpl = template(&env, "malformed.tpl", "ok\n{{ DB_URL }}\n");
    let stderr = env.fails(2, &["inject", "-i", &tpl]);
    assert!(stderr.contains("malformed.tpl line 2: '{{ DB_URL }}' is not a reference"), "{stderr}");
    let stderr = env.fails(2, &["inject", "-i", &env.path("missing.tpl").display().to_string()]);
    assert!(stderr.contains("cannot read template"), "{stderr}");
}

#[test]
fn inject_output_is_0600_and_replaced_only_on_success() {
    let env = vault_with_secrets();
    let good = template(&env, "good.tpl", TEMPLATE);
    let out_dir = env.path("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("app.yml");
    std::fs::write(&out, "old content\n").unwrap();
    std::fs::set_permissions(&out, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let mut umask_000 = env.std_cmd_with_umask("000");
    let status = umask_000.args(["inject", "-i", &good, "-o", out.to_str().unwrap()]).status().unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), rendered());
    assert_eq!(mode(&out), 0o600);

    // A failed render leaves the existing file as it was, and nothing beside it.
    std::fs::write(&out, "kept\n").unwrap();
    let bad = template(&env, "bad.tpl", "{{ app.DB_URL }} {{ app.MISSING }}");
    env.fails(3, &["inject", "-i", &bad, "-o", out.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "kept\n");
    let malformed = template(&env, "malformed.tpl", "{{ app.DB_URL");
    env.fails(2, &["inject", "-i", &malformed, "-o", out.to_str().unwrap()]);
    // Locked: the render never happens.
    let stderr =
        env.fails_with(5, env.locked_cmd().args(["inject", "-i", &good, "-o", out.to_str().unwrap()]));
    assert!(!stderr.contains(DB_URL));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "kept\n");
    // A FILE that cannot be written fails before the reveal: no audit record (fails()
    // checks the vault is unchanged) and nothing printed.
    let nowhere = env.path("no-such-dir/app.yml");
    let stderr = env.fails(1, &["inject", "-i", &good, "-o", nowhere.to_str().unwrap()]);
    assert!(stderr.contains("cannot write") && !stderr.contains(DB_URL), "{stderr}");
    let entries: Vec<_> = std::fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries, ["app.yml"], "no temporary file is left");
}

#[test]
fn run_templates_render_into_the_run_directory_and_are_gone_after() {
    let run = RunEnv::around(vault_with_secrets());
    let tpl = template(&run.env, "app.yml.tpl", TEMPLATE);
    let conf = format!("{tpl}:conf/app.yml");
    let variable = format!("{tpl}:APP_CONFIG");
    let script = r#"cat "$VAULT_SECRETS_DIR/conf/app.yml"; stat -c %a "$VAULT_SECRETS_DIR/conf/app.yml"; cmp "$APP_CONFIG" "$VAULT_SECRETS_DIR/conf/app.yml" && echo same"#;
    let out =
        run.run(&["-c", "prod/db", "--template", &conf, "--template", &variable, "--", "sh", "-c", script]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{}600\nsame\n", rendered()));
    run.assert_clean();

    // A command killed outright still leaves nothing behind: vault removes the directory.
    let out = run.run(&["-c", "prod/db", "--template", &conf, "--", "sh", "-c", "kill -KILL $$"]);
    assert_eq!(out.status.signal().or(out.status.code().map(|c| c - 128)), Some(9));
    run.assert_clean();
}

#[test]
fn run_templates_with_unknown_references_fail_before_the_command() {
    let run = RunEnv::around(vault_with_secrets());
    let tpl = template(&run.env, "bad.tpl", "{{ app.NOPE }}");
    let stderr = run.refused(run.base(crate::run::VAULT).args([
        "run",
        "-c",
        "app",
        "--template",
        &format!("{tpl}:x.conf"),
    ]));
    assert!(stderr.contains("app.NOPE"), "{stderr}");
    // A location the collections already hold is refused rather than silently replaced.
    let good = template(&run.env, "good.tpl", "{{ app.DB_URL }}");
    let stderr = run.refused(&mut run.cmd(&["-c", "app", "--template", &format!("{good}:tls/key.pem")]));
    assert!(stderr.contains("tls/key.pem"), "{stderr}");
    let stderr = run.refused(&mut run.cmd(&["-c", "app", "--template", &good]));
    assert!(stderr.contains("TEMPLATE:LOCATION"), "{stderr}");
    assert_no_secret(stderr.as_bytes());
}

#[test]
fn output_that_is_not_plain_text_is_refused_on_a_terminal() {
    if require_tool("script").is_none() {
        return;
    }
    let env = TestEnv::new();
    let escape = env.path("escape.bin");
    std::fs::write(&escape, "\u{1b}]0;pwned\u{7}").unwrap();
    env.ok(&["create", "term", "--file", &format!("title=@{}", escape.display())]);
    let tpl = template(&env, "term.tpl", "before {{ term.title }} after\n");
    let out = env.on_a_terminal(&format!("inject -i {tpl}"), true);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(!contains(&out.stdout, b"pwned") && contains(&out.stdout, b"not plain text"));
    // `-o -` forces it, as for `vault get`; plain text needs nothing.
    let out = env.on_a_terminal(&format!("inject -i {tpl} -o -"), true);
    assert!(out.status.success() && contains(&out.stdout, b"\x1b]0;pwned"));
    let plain = template(&env, "plain.tpl", "{{{{ term.title }}\n");
    assert!(env.on_a_terminal(&format!("inject -i {plain}"), true).status.success());
}
