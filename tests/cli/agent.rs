//! The unlock agent (`vault unlock`, `vault lock`, `vault unlock --status`): each test
//! starts a real agent in its own sandbox (XDG_RUNTIME_DIR and temp dir inside the test
//! dir) and stops it at the end, even on failure, through [`Agent`]'s `Drop`.

use std::io::{BufRead, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixListener;
use std::path::PathBuf;
use std::process::Stdio;

use crate::support::{PASSPHRASE, TestEnv, contains, require_tool, skip_unless_ci, vault_binary};

const CANARY: &str = "agent-canary-9c41e7";

/// A passphrase vault holding `app` (an env and a file secret), and the agent that
/// `vault lock --all` stops when this is dropped.
struct Agent {
    env: TestEnv,
}

impl Agent {
    fn new() -> Agent {
        let env = TestEnv::with_passphrase();
        std::fs::write(env.path("cert.pem"), "CERT-BYTES").unwrap();
        let file = format!("cert.pem=@{}", env.path("cert.pem").display());
        env.ok(&["create", "app", "--env", &format!("A={CANARY}"), "--file", &file]);
        Agent { env }
    }

    /// `vault unlock ARGS` with the passphrase in `VAULT_PASSPHRASE`.
    fn unlock(&self, args: &[&str]) -> Vec<u8> {
        self.env.ok(&[&["unlock"], args].concat())
    }

    /// vault with no passphrase and no terminal: only the agent can unlock.
    fn without_passphrase(&self, args: &[&str]) -> std::process::Output {
        self.env.locked_cmd().args(args).output().unwrap()
    }

    /// Asserts the commands that need the key all work without a passphrase.
    fn opens_without_passphrase(&self) {
        let out = self.without_passphrase(&["get", "app", "--reveal", "--json"]);
        assert!(out.status.success(), "get --reveal: {}", String::from_utf8_lossy(&out.stderr));
        assert!(contains(&out.stdout, CANARY.as_bytes()));
        let out = self.without_passphrase(&["get", "app", "A"]);
        assert_eq!(
            out.stdout,
            CANARY.as_bytes(),
            "get ID LOCATION: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = self.without_passphrase(&[
            "run",
            "-c",
            "app",
            "--",
            "sh",
            "-c",
            "printf %s \"$A\"; cat cert.pem",
        ]);
        assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{CANARY}CERT-BYTES"), "run");
        let out = self.without_passphrase(&["export", "app"]);
        assert!(contains(&out.stdout, CANARY.as_bytes()), "export: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Asserts the vault needs its passphrase again: exit 5 with no terminal.
    fn needs_passphrase(&self, after: &str) {
        let out = self.without_passphrase(&["get", "app", "--reveal"]);
        assert_eq!(out.status.code(), Some(5), "after {after}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(!contains(&out.stdout, CANARY.as_bytes()));
    }

    /// The running agent's pid, from the status view.
    fn pid(&self) -> i32 {
        let status = self.env.json(&["unlock", "--status"]);
        status["agent"]["pid"].as_i64().expect("an agent runs") as i32
    }

    fn socket_dir(&self) -> PathBuf {
        self.env.runtime_dir().join("vault")
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.env.locked_cmd().args(["lock", "--all"]).output();
    }
}

#[test]
fn after_unlock_with_the_variable_values_open_without_a_passphrase() {
    let agent = Agent::new();
    agent.needs_passphrase("nothing yet");
    let said = String::from_utf8(agent.env.cmd().args(["unlock"]).output().unwrap().stderr).unwrap();
    assert!(said.contains("forgets its key at") && said.contains("at the latest"), "{said}");
    agent.opens_without_passphrase();
    let status = agent.env.json(&["unlock", "--status"]);
    let vaults = status["vaults"].as_array().unwrap();
    assert_eq!(vaults.len(), 1, "{status}");
    assert_eq!(vaults[0]["vault"], agent.env.vault.display().to_string());
    assert_eq!(vaults[0]["idle"], "15m");
    let vault_id = agent.env.sqlite().query_row("SELECT vault_id FROM vault", [], |r| r.get::<_, String>(0));
    assert_eq!(vaults[0]["vault_id"], vault_id.unwrap());
    assert!(!status.to_string().contains("key\""), "the status shows a key: {status}");
}

#[test]
fn after_unlock_on_a_terminal_values_open_without_a_passphrase() {
    let agent = Agent::new();
    let Some(mut on_terminal) = agent.env.on_terminal(&["unlock", "--for", "5m"]) else { return };
    let mut unlock = on_terminal.stderr(Stdio::null()).spawn().unwrap();
    let mut screen = std::io::BufReader::new(unlock.stdout.take().unwrap());
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen).contains("passphrase") {
        assert_ne!(screen.read_until(b':', &mut seen).unwrap(), 0, "no prompt: {seen:?}");
    }
    writeln!(unlock.stdin.take().unwrap(), "{PASSPHRASE}").unwrap();
    assert!(unlock.wait().unwrap().success());
    agent.opens_without_passphrase();
    assert_eq!(agent.env.json(&["unlock", "--status"])["vaults"][0]["idle"], "5m");
}

#[test]
fn lock_forgets_the_vault_and_lock_all_stops_the_agent() {
    let agent = Agent::new();
    agent.unlock(&[]);
    let pid = agent.pid();
    agent.env.ok(&["lock"]);
    agent.needs_passphrase("vault lock");
    agent.unlock(&[]);
    agent.opens_without_passphrase();
    agent.env.ok(&["lock", "--all"]);
    agent.needs_passphrase("vault lock --all");
    assert!(agent.env.json(&["unlock", "--status"])["agent"].is_null());
    assert!(
        !std::path::Path::new(&format!("/proc/{pid}/cmdline")).exists()
            || std::fs::read(format!("/proc/{pid}/cmdline")).unwrap().is_empty(),
        "the agent still runs"
    );
}

#[test]
fn the_key_is_forgotten_once_unused_for_the_given_time() {
    let agent = Agent::new();
    agent.unlock(&["--for", "1s"]);
    agent.opens_without_passphrase();
    std::thread::sleep(std::time::Duration::from_millis(2500));
    agent.needs_passphrase("--for 1s passed");
}

#[test]
fn for_takes_a_duration_up_to_twelve_hours() {
    let agent = Agent::new();
    for bad in ["0s", "13h", "soon"] {
        agent.env.fails(2, &["unlock", "--for", bad]);
    }
    agent.unlock(&["--for", "12h"]);
}

#[test]
fn sigterm_sigint_or_sighup_to_the_agent_forgets_everything() {
    use nix::sys::signal::Signal;
    let agent = Agent::new();
    let socket = agent.socket_dir().join("agent.sock");
    for signal in [Signal::SIGTERM, Signal::SIGINT, Signal::SIGHUP] {
        agent.unlock(&[]);
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(agent.pid()), signal).unwrap();
        for _ in 0..200 {
            if !socket.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(!socket.exists(), "the agent did not stop on {signal}");
        agent.needs_passphrase(&format!("{signal} to the agent"));
    }
}

#[test]
fn rotate_key_and_passwd_make_the_agent_forget_the_vault() {
    let agent = Agent::new();
    agent.unlock(&[]);
    agent.env.ok(&["rotate-key"]);
    agent.needs_passphrase("rotate-key");
    agent.unlock(&[]);
    agent.opens_without_passphrase();
    agent.env.cmd().env("VAULT_NEW_PASSPHRASE", PASSPHRASE).args(["passwd"]).assert().success();
    agent.needs_passphrase("passwd");
}

#[test]
fn recipients_remove_makes_the_agent_forget_and_recipients_add_does_not() {
    let agent = Agent::new();
    let (_, reader) = crate::lifecycle::new_identity(&agent.env, "reader");
    agent.unlock(&[]);
    let held = || agent.env.json(&["unlock", "--status"])["vaults"].as_array().map_or(0, Vec::len);
    agent.env.ok(&["recipients", "add", &reader]);
    agent.opens_without_passphrase();
    assert_eq!(held(), 1, "recipients add keeps the data key and the passphrase");
    agent.env.ok(&["recipients", "remove", &reader]);
    // The old key would no longer match; what matters is that it is not kept.
    assert_eq!(held(), 0, "the agent still holds the replaced data key");
    agent.needs_passphrase("recipients remove");
}

#[test]
fn owner_commands_never_take_the_key_from_the_agent() {
    let agent = Agent::new();
    agent.unlock(&[]);
    let (_, reader) = crate::lifecycle::new_identity(&agent.env, "reader");
    for args in [vec!["passwd"], vec!["rotate-key"], vec!["recipients", "add", &reader]] {
        let out = agent.without_passphrase(&args);
        assert_eq!(out.status.code(), Some(5), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    agent.opens_without_passphrase();
}

#[test]
fn vault_agent_0_and_the_config_turn_the_agent_off() {
    let agent = Agent::new();
    agent.unlock(&[]);
    let out =
        agent.env.locked_cmd().env("VAULT_AGENT", "0").args(["get", "app", "--reveal"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    agent.env.fails_with(2, agent.env.cmd().env("VAULT_AGENT", "0").arg("unlock"));
    let config = agent.env.path("config/vault/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "agent = false\n").unwrap();
    agent.needs_passphrase("agent = false");
    std::fs::remove_file(&config).unwrap();
    agent.opens_without_passphrase();
}

#[test]
fn add_keys_to_agent_feeds_every_passphrase_unlock() {
    let agent = Agent::new();
    let config = agent.env.path("config/vault/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "add_keys_to_agent = true\n").unwrap();
    agent.env.ok(&["get", "app", "--reveal"]);
    agent.opens_without_passphrase();
    // Off by default.
    agent.env.ok(&["lock"]);
    std::fs::remove_file(&config).unwrap();
    agent.env.ok(&["get", "app", "--reveal"]);
    agent.needs_passphrase("a passphrase unlock without add_keys_to_agent");
}

#[test]
fn an_identity_file_vault_needs_no_agent() {
    let env = TestEnv::new();
    let said = String::from_utf8(env.cmd().args(["unlock"]).output().unwrap().stderr).unwrap();
    assert!(said.contains("the agent is not needed"), "{said}");
    assert!(env.json(&["unlock", "--status"])["agent"].is_null(), "an agent was started");
}

#[test]
fn another_user_connecting_to_the_socket_learns_nothing() {
    let Some(setpriv) = require_tool("setpriv") else { return };
    // The system's python, which nobody can run (a per-user shim may not be).
    let python = std::path::Path::new("/usr/bin/python3");
    if !nix::unistd::geteuid().is_root() {
        eprintln!("skipped: only root can run a process as nobody");
        return;
    }
    if !python.exists() {
        return skip_unless_ci("/usr/bin/python3 is not installed");
    }
    let agent = Agent::new();
    agent.unlock(&[]);
    let socket = agent.socket_dir().join("agent.sock");
    // Let nobody reach the socket (the modes alone would keep it out): only the
    // agent's own SO_PEERCRED check is left.
    let set_mode = |path: &std::path::Path, mode| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    set_mode(&agent.env.runtime_dir(), 0o711);
    set_mode(&agent.socket_dir(), 0o711);
    set_mode(&socket, 0o666);
    let vault_id: String =
        agent.env.sqlite().query_row("SELECT vault_id FROM vault", [], |r| r.get(0)).unwrap();
    // The agent closes the connection unanswered: an empty read, or a reset.
    let probe = "import socket,sys\n\
                 s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); print('connected')\n\
                 try:\n s.sendall(b'{\"v\":1,\"message\":\"list\"}'); s.shutdown(socket.SHUT_WR); print(repr(s.recv(65536)))\n\
                 except OSError: print(repr(b''))\n";
    let out = agent
        .env
        .sandboxed(setpriv)
        .args(["--reuid", "65534", "--regid", "65534", "--clear-groups", "--"])
        .arg(python)
        .args(["-c", probe])
        .arg(&socket)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout, "connected\nb''\n", "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!stdout.contains(&vault_id));
    set_mode(&socket, 0o600);
    set_mode(&agent.socket_dir(), 0o700);
    set_mode(&agent.env.runtime_dir(), 0o700);
    agent.opens_without_passphrase();
}

#[test]
fn a_planted_or_shared_directory_or_socket_is_refused_by_name() {
    let agent = Agent::new();
    let dir = agent.socket_dir();
    let socket = dir.join("agent.sock");
    let nobody = Some(nix::unistd::Uid::from_raw(65534));
    let refused = |what: &std::path::Path, why: &str| {
        let stderr = agent.env.fails(1, &["unlock"]);
        assert!(stderr.contains(&what.display().to_string()) && stderr.contains(why), "{stderr}");
        // Other commands warn and go on to the passphrase.
        let out = agent.env.run(&["get", "app", "--reveal"]);
        assert!(out.status.success() && String::from_utf8_lossy(&out.stderr).contains(why));
    };
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    refused(&dir, "the group or others can write it");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    let planted = UnixListener::bind(&socket).unwrap();
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o666)).unwrap();
    refused(&socket, "the group or others can write it");
    if nix::unistd::geteuid().is_root() {
        std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o600)).unwrap();
        nix::unistd::chown(&socket, nobody, None).unwrap();
        refused(&socket, "another user (uid 65534) owns it");
        drop(planted);
        std::fs::remove_file(&socket).unwrap();
        nix::unistd::chown(&dir, nobody, None).unwrap();
        refused(&dir, "another user (uid 65534) owns it");
    }
}

#[test]
fn the_agent_locks_its_memory_and_no_file_holds_the_canary() {
    let agent = Agent::new();
    agent.unlock(&[]);
    agent.opens_without_passphrase();
    let status = agent.env.json(&["unlock", "--status"]);
    let pid = status["agent"]["pid"].as_i64().unwrap();
    let proc_status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let locked_kb: u64 = proc_status
        .lines()
        .find_map(|line| line.strip_prefix("VmLck:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    // Where RLIMIT_MEMLOCK is too small the agent says so; it never claims otherwise.
    assert_eq!(status["agent"]["memory_locked"], locked_kb > 0, "VmLck {locked_kb} kB");
    agent.env.ok(&["lock"]);
    // The runtime, temp, data and config dirs are all inside the test dir.
    for file in files_under(agent.env.dir.path()) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(!contains(&bytes, CANARY.as_bytes()), "{} holds the canary", file.display());
        assert!(!contains(&bytes, PASSPHRASE.as_bytes()), "{} holds the passphrase", file.display());
    }
}

#[test]
fn the_agent_of_an_unprivileged_user_is_not_dumpable() {
    // As root every /proc file looks like root's; as nobody, a non-dumpable agent's
    // /proc/<pid> belongs to root.
    let agent = Agent::new();
    let Some(mut unlock) = agent.env.unprivileged_cmd() else { return };
    unlock.env("VAULT_PASSPHRASE", PASSPHRASE).arg("unlock").assert().success();
    let mut status = agent.env.unprivileged_cmd().unwrap();
    let status: serde_json::Value =
        serde_json::from_slice(&status.args(["unlock", "--status", "--json"]).output().unwrap().stdout)
            .unwrap();
    let pid = status["agent"]["pid"].as_i64().unwrap();
    use std::os::unix::fs::MetadataExt;
    let proc_status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let uid_line = proc_status.lines().find(|line| line.starts_with("Uid:")).unwrap();
    if nix::unistd::geteuid().is_root() {
        assert!(uid_line.contains("65534"), "the agent does not run as nobody: {uid_line}");
    }
    assert_eq!(std::fs::metadata(format!("/proc/{pid}/status")).unwrap().uid(), 0, "the agent is dumpable");
    agent.env.unprivileged_cmd().unwrap().args(["lock", "--all"]).assert().success();
}

#[test]
fn thirty_two_concurrent_runs_share_one_agent() {
    let agent = Agent::new();
    agent.unlock(&[]);
    let runs: Vec<_> = (0..32)
        .map(|_| {
            let mut run = agent.env.sandboxed(vault_binary());
            run.args(["run", "-c", "app", "--", "sh", "-c", &format!("test \"$A\" = {CANARY}")])
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            run.spawn().unwrap()
        })
        .collect();
    for run in runs {
        let out = run.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn unlocks_started_at_once_all_land_in_one_agent() {
    let agent = Agent::new();
    let unlocks: Vec<_> = (0..6)
        .map(|_| {
            agent.env.std_cmd().arg("unlock").stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap()
        })
        .collect();
    for unlock in unlocks {
        let out = unlock.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(agent.env.json(&["unlock", "--status"])["vaults"].as_array().unwrap().len(), 1);
    agent.opens_without_passphrase();
}

#[test]
fn an_agent_holding_one_vault_never_answers_for_another() {
    let agent = Agent::new();
    let other = agent.env.path("other.db");
    let other = other.to_str().unwrap();
    let with_other = |cmd: &mut assert_cmd::Command| {
        cmd.env("VAULT_PATH", other);
    };
    let mut init = agent.env.cmd();
    with_other(&mut init);
    init.env("VAULT_PASSPHRASE", "another passphrase")
        .args(["init", "--work-factor", "1"])
        .assert()
        .success();
    let mut create = agent.env.cmd();
    with_other(&mut create);
    create
        .env("VAULT_PASSPHRASE", "another passphrase")
        .args(["create", "app", "--env", "A=other"])
        .assert()
        .success();

    agent.unlock(&[]);
    let mut other_get = agent.env.locked_cmd();
    with_other(&mut other_get);
    other_get.args(["get", "app", "A"]).assert().code(5);

    let mut unlock_other = agent.env.cmd();
    with_other(&mut unlock_other);
    unlock_other.env("VAULT_PASSPHRASE", "another passphrase").arg("unlock").assert().success();
    agent.opens_without_passphrase();
    let mut other_get = agent.env.locked_cmd();
    with_other(&mut other_get);
    other_get.args(["get", "app", "A"]).assert().success().stdout("other");
    assert_eq!(agent.env.json(&["unlock", "--status"])["vaults"].as_array().unwrap().len(), 2);

    // Forgetting one leaves the other.
    let mut lock_other = agent.env.locked_cmd();
    with_other(&mut lock_other);
    lock_other.arg("lock").assert().success();
    agent.opens_without_passphrase();
    let mut other_get = agent.env.locked_cmd();
    with_other(&mut other_get);
    other_get.args(["get", "app", "A"]).assert().code(5);
}

#[test]
fn a_key_whose_owner_tag_changed_is_not_answered() {
    // Another vault process replaced the key material (as a planted file would): the
    // agent's key is filed under the old owner tag and no longer matches.
    let agent = Agent::new();
    agent.unlock(&[]);
    agent.env.tamper("UPDATE vault SET key_tag = zeroblob(32)");
    agent.needs_passphrase("the stored owner tag changed");
}

#[test]
fn a_run_child_has_no_descriptor_of_the_agent() {
    let agent = Agent::new();
    agent.unlock(&[]);
    let probe = ["sh", "-c", "ls /proc/self/fd; env | cut -d= -f1 | sort"];
    let direct = agent.env.sandboxed("sh").args(&probe[1..]).output().unwrap().stdout;
    let out = agent.without_passphrase(&[&["run", "-c", "app", "--"], &probe[..]].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let through_vault = String::from_utf8(out.stdout).unwrap();
    let direct = String::from_utf8(direct).unwrap();
    let fds = |text: &str| {
        text.lines().take_while(|line| line.parse::<u32>().is_ok()).collect::<Vec<_>>().join(" ")
    };
    assert_eq!(fds(&through_vault), fds(&direct));
    assert!(!through_vault.contains("AGENT") && !through_vault.contains("SOCK"), "{through_vault}");
}

#[test]
fn an_agent_of_another_protocol_version_is_replaced_not_read() {
    let Some(_) = require_tool("python3") else { return };
    let agent = Agent::new();
    let dir = agent.socket_dir();
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    // A stand-in agent that answers every request in protocol version 999.
    let fake = "import socket,sys,os\n\
                s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); os.chmod(sys.argv[1],0o600); s.listen(8)\n\
                print('up',flush=True)\n\
                while True:\n c,_=s.accept(); c.recv(65536); c.sendall(b'{\"v\":999,\"message\":{\"key\":{\"key\":\"AAAA\"}}}'); c.close()\n";
    let mut old = agent
        .env
        .sandboxed("python3")
        .args(["-c", fake])
        .arg(dir.join("agent.sock"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut up = String::new();
    std::io::BufReader::new(old.stdout.take().unwrap()).read_line(&mut up).unwrap();
    agent.needs_passphrase("an agent of another version");
    agent.unlock(&[]);
    let ended = old.wait().unwrap();
    assert!(!ended.success(), "the old agent was not stopped");
    agent.opens_without_passphrase();
}

fn files_under(root: &std::path::Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                dirs.push(entry.path());
            } else if kind.is_file() {
                files.push(entry.path());
            }
        }
    }
    files
}

#[test]
fn the_agent_holds_a_vault_opened_through_an_encrypted_identity_file() {
    let env = TestEnv::bare();
    let identity = env.path("identity.age");
    let with_file = |cmd: &mut assert_cmd::Command| {
        cmd.env("VAULT_IDENTITY_FILE", &identity);
    };
    let mut init = env.locked_cmd();
    init.env("VAULT_IDENTITY_PASSPHRASE", "file passphrase")
        .args(["init", "--encrypt-identity", "--work-factor", "1", "--identity-file"])
        .arg(&identity);
    init.assert().success();
    // Stops the agent at the end.
    let agent = Agent { env };
    let env = &agent.env;
    let mut create = env.locked_cmd();
    with_file(&mut create);
    create.env("VAULT_IDENTITY_PASSPHRASE", "file passphrase").args([
        "create",
        "app",
        "--env",
        &format!("A={CANARY}"),
    ]);
    create.assert().success();
    let mut get = env.locked_cmd();
    with_file(&mut get);
    get.args(["get", "app", "A"]).assert().code(5);

    let mut unlock = env.locked_cmd();
    with_file(&mut unlock);
    unlock.env("VAULT_IDENTITY_PASSPHRASE", "file passphrase").arg("unlock").assert().success();
    let mut get = env.locked_cmd();
    with_file(&mut get);
    get.args(["get", "app", "A"]).assert().success().stdout(CANARY);
}

#[test]
fn status_says_whether_the_agent_holds_this_vault_without_unlocking() {
    let agent = Agent::new();
    let status = |agent: &Agent| -> serde_json::Value {
        let out = agent.without_passphrase(&["status", "--json"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["agent"].clone()
    };
    assert_eq!(status(&agent)["running"], false);
    agent.unlock(&[]);
    let held = status(&agent);
    assert_eq!(
        (held["running"].clone(), held["holds_this_vault"].clone()),
        (true.into(), true.into()),
        "{held}"
    );
    assert_eq!(held["pid"], agent.pid());
    let line = String::from_utf8(agent.without_passphrase(&["status"]).stdout).unwrap();
    assert!(line.contains("holds this vault's key until"), "{line}");
    // After lock the agent forgets the vault, and exits once it holds nothing.
    agent.env.ok(&["lock"]);
    assert_ne!(status(&agent)["holds_this_vault"], true);
}
