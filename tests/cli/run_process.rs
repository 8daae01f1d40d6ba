//! `vault run` held to the standard of dumb-init and tini, end to end: signals reach
//! the command once, whoever sends them and however; the command starts as the
//! contract says (no shell, the caller's dispositions); vault's own memory, environment
//! and cores stay out of the command's reach. Every signal test runs in both modes:
//! `app` has file secrets (vault stays the parent) and `plain` has none (vault execs).
//!
//! The command is usually a recorder (python3): it blocks every forwardable signal and
//! logs each one it takes with `sigtimedwait`, with the sender's pid, until a `done`
//! file appears and no signal came for a while, so a second copy would be logged too
//! (or a minute has passed: a failed test must not leave it behind).

use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::run::{ENV_SECRET, RunEnv, VAULT, assert_no_secret, pid_of, shell_status, wait_for};
use crate::support::{PASSPHRASE, TestEnv, contains, require_tool};

/// Both modes: with file secrets (vault waits as the parent) and without (vault execs).
const MODES: [&str; 2] = ["app", "plain"];

const RECORDER: &str = r#"
import os, signal, sys, time
log, ready, done = sys.argv[1:4]
# A failed test never writes `done`: give up by then rather than linger.
deadline = time.monotonic() + 60
wanted = [s for s in range(1, 32) if s not in (9, 17, 19)]
signal.pthread_sigmask(signal.SIG_BLOCK, wanted)
with open(ready + ".tmp", "w") as f:
    f.write(f"{os.getpid()}\n")
os.rename(ready + ".tmp", ready)
with open(log, "a", buffering=1) as out:
    while True:
        info = signal.sigtimedwait(wanted, 0.3)
        if info is None:
            if os.path.exists(done) or time.monotonic() > deadline:
                break
            continue
        out.write(f"{info.si_signo} {info.si_pid}\n")
"#;

/// The 28 signals a wrapper passes on: 1–31 but KILL, STOP and CHLD.
fn forwardable() -> Vec<Signal> {
    Signal::iterator()
        .filter(|s| (*s as i32) < 32 && !matches!(s, Signal::SIGKILL | Signal::SIGSTOP | Signal::SIGCHLD))
        .collect()
}

/// One recorder run: its files in the test dir.
pub(crate) struct Recorder {
    log: PathBuf,
    ready: PathBuf,
    done: PathBuf,
}

impl Recorder {
    pub(crate) fn new(run: &RunEnv, name: &str) -> Recorder {
        let script = run.env.path("recorder.py");
        std::fs::write(&script, RECORDER).unwrap();
        let at = |suffix: &str| run.env.path(&format!("{name}.{suffix}"));
        Recorder { log: at("log"), ready: at("ready"), done: at("done") }
    }

    /// `python3 recorder.py LOG READY DONE`, the command for `vault run -- …`.
    pub(crate) fn command(&self, run: &RunEnv) -> Vec<String> {
        let path = |p: &Path| p.to_str().unwrap().to_owned();
        vec![
            "python3".into(),
            path(&run.env.path("recorder.py")),
            path(&self.log),
            path(&self.ready),
            path(&self.done),
        ]
    }

    /// Waits until the recorder runs, and returns its pid.
    pub(crate) fn started(&self) -> i32 {
        wait_for(&self.ready);
        std::fs::read_to_string(&self.ready).unwrap().trim().parse().unwrap()
    }

    /// What it logged: signal number and sender pid per line.
    pub(crate) fn received(&self) -> Vec<(i32, i32)> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        text.lines()
            .map(|line| {
                let (signal, sender) = line.split_once(' ').unwrap();
                (signal.parse().unwrap(), sender.parse().unwrap())
            })
            .collect()
    }

    /// Waits until it has logged `count` signals.
    pub(crate) fn wait_for_count(&self, count: usize) {
        let start = Instant::now();
        while self.received().len() < count {
            assert!(start.elapsed() < Duration::from_secs(20), "only {:?} arrived", self.received());
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Lets it end once it has had no signal for a while.
    pub(crate) fn finish(&self) {
        std::fs::write(&self.done, "").unwrap();
    }
}

pub(crate) fn python_required() {
    assert!(require_tool("python3").is_some(), "python3 must be installed for the vault run process tests");
}

/// The state letter of a process in `/proc/<pid>/stat` (`T` when stopped).
pub(crate) fn state_of(pid: Pid) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ").and_then(|(_, rest)| rest.chars().next())
}

pub(crate) fn wait_until(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

pub(crate) fn gone(pid: Pid) -> bool {
    kill(pid, None).is_err()
}

/// Lets the recorder end, then asserts that vault exited 0 and each of `sent` arrived
/// exactly as often as it was sent: from vault, which passes them on (`app`), or from
/// this test (`plain`: the command is vault's process).
fn assert_delivered_once(recorder: &Recorder, vault: &mut Child, sent: &[Signal], mode: &str) {
    recorder.finish();
    assert_eq!(vault.wait().unwrap().code(), Some(0), "{mode}: vault or the command failed");
    let sender = if mode == "app" { pid_of(vault).as_raw() } else { std::process::id() as i32 };
    let received = recorder.received();
    for signal in Signal::iterator() {
        let expected = sent.iter().filter(|s| **s == signal).count();
        let got = received.iter().filter(|(number, _)| *number == signal as i32).count();
        assert_eq!(got, expected, "{mode}: {signal} arrived {got} times, sent {expected}: {received:?}");
    }
    assert!(received.iter().all(|(_, from)| *from == sender), "{mode}: not all from {sender}: {received:?}");
}

fn start_vault(run: &RunEnv, collection: &str, recorder: &Recorder, group: bool) -> Child {
    let mut args = vec!["-c".to_owned(), collection.to_owned(), "--".to_owned()];
    args.extend(recorder.command(run));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut cmd = run.cmd(&args);
    if group {
        cmd.process_group(0);
    }
    // Not the test's terminal, if it has one: vault would share its group then.
    cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap()
}

#[test]
fn every_forwardable_signal_sent_to_vault_reaches_the_command_once() {
    python_required();
    let run = RunEnv::new();
    for mode in MODES {
        let recorder = Recorder::new(&run, mode);
        let mut vault = start_vault(&run, mode, &recorder, false);
        let pid = pid_of(&vault);
        recorder.started();
        let mut sent = Vec::new();
        for signal in forwardable() {
            kill(pid, signal).unwrap();
            sent.push(signal);
            recorder.wait_for_count(sent.len());
            // vault passes a stop signal on and then stops itself, as dumb-init does,
            // so that a shell sees the job stop; it goes on with the SIGCONT of `fg`,
            // which it passes on too.
            if mode == "app" && matches!(signal, Signal::SIGTSTP | Signal::SIGTTIN | Signal::SIGTTOU) {
                wait_until("vault stops", || state_of(pid) == Some('T'));
                kill(pid, Signal::SIGCONT).unwrap();
                sent.push(Signal::SIGCONT);
                recorder.wait_for_count(sent.len());
            }
        }
        assert_delivered_once(&recorder, &mut vault, &sent, mode);
        run.assert_clean();
    }
}

#[test]
fn a_signal_to_vaults_whole_process_group_reaches_the_command_once() {
    python_required();
    let run = RunEnv::new();
    let signals =
        [Signal::SIGTERM, Signal::SIGHUP, Signal::SIGINT, Signal::SIGQUIT, Signal::SIGUSR1, Signal::SIGWINCH];
    for mode in MODES {
        let recorder = Recorder::new(&run, &format!("group-{mode}"));
        let mut vault = start_vault(&run, mode, &recorder, true);
        let group = pid_of(&vault);
        recorder.started();
        for (count, signal) in signals.iter().enumerate() {
            // `kill -SIG -PGID`, as bash's `kill %1` and supervisors do.
            nix::sys::signal::killpg(group, *signal).unwrap();
            recorder.wait_for_count(count + 1);
        }
        assert_delivered_once(&recorder, &mut vault, &signals, mode);
        run.assert_clean();
    }
}

#[test]
fn a_terminal_hangup_reaches_the_command_once_when_vault_leads_the_session() {
    // `script` makes a new session on a pty whose leader is the shell, which execs
    // vault: vault leads the session, as under `ssh -t` or `xterm -e`. SIGKILLing
    // `script` closes the pty's master, and the kernel hangs the terminal up: SIGHUP
    // (and SIGCONT) to the session leader alone.
    python_required();
    if require_tool("script").is_none() {
        return;
    }
    let run = RunEnv::new();
    for mode in MODES {
        let recorder = Recorder::new(&run, &format!("hangup-{mode}"));
        let mut session = on_a_terminal(&run, &["-c", mode], &recorder);
        let command = Pid::from_raw(recorder.started());
        let vault = Pid::from_raw(parent_of(command));
        session.kill().unwrap();
        session.wait().unwrap();
        recorder.wait_for_count(1);
        recorder.finish();
        wait_until("the command and vault end", || gone(command) && gone(vault));
        let hangups: Vec<_> =
            recorder.received().into_iter().filter(|(s, _)| *s == Signal::SIGHUP as i32).collect();
        assert_eq!(hangups.len(), 1, "{mode}: {:?}", recorder.received());
        run.assert_clean();
    }
}

/// `vault run ARGS -- <recorder>` as the leader of a new session on a pty (util-linux
/// `script`; the shell it starts execs vault), as under `ssh -t` or `xterm -e`. Its
/// stdin is the keyboard.
fn on_a_terminal(run: &RunEnv, args: &[&str], recorder: &Recorder) -> Child {
    let quoted: Vec<String> = recorder.command(run).iter().map(|arg| format!("'{arg}'")).collect();
    let inner = format!("exec '{VAULT}' run {} -- {}", args.join(" "), quoted.join(" "));
    let mut terminal = run.base("script");
    terminal.env("VAULT_IDENTITY_FILE", &run.env.identity).args(["-qec", &inner, "/dev/null"]);
    terminal.stdin(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap()
}

pub(crate) fn parent_of(pid: Pid) -> i32 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let (_, rest) = stat.rsplit_once(") ").unwrap();
    rest.split(' ').nth(1).unwrap().parse().unwrap()
}

#[test]
fn vault_dies_of_its_commands_signal_so_a_shell_loop_stops_on_ctrl_c() {
    // bash stops a loop on Ctrl-C only if the command it waited for died of SIGINT
    // (an exit status of 130 means the command handled it, and the loop goes on).
    // `kill -INT -PGID` on bash's own group is what a terminal's Ctrl-C does.
    if require_tool("bash").is_none() {
        return;
    }
    let run = RunEnv::new();
    for mode in MODES {
        let log = run.env.path(&format!("loop-{mode}.log"));
        let ready = run.env.path(&format!("loop-{mode}.ready"));
        let script = format!(
            "for i in 1 2 3; do echo $i >> '{log}'; '{VAULT}' run -c {mode} -- sh -c ': > \"$0$1\"; exec sleep 5' '{ready}' $i; done; echo after >> '{log}'",
            log = log.display(),
            ready = ready.display()
        );
        let mut bash = run.base("bash");
        bash.env("VAULT_IDENTITY_FILE", &run.env.identity)
            .args(["-c", &script])
            .process_group(0)
            .stdout(Stdio::null());
        let mut bash = bash.spawn().unwrap();
        wait_for(&PathBuf::from(format!("{}1", ready.display())));
        nix::sys::signal::killpg(pid_of(&bash), Signal::SIGINT).unwrap();
        let status = bash.wait().unwrap();
        assert_eq!(status.signal(), Some(Signal::SIGINT as i32), "{mode}: bash went on: {status:?}");
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "1\n", "{mode}");
        run.assert_clean();
    }
}

#[test]
fn a_file_without_a_shebang_is_never_run_through_a_shell() {
    let run = RunEnv::new();
    let marker = run.env.path("shell-ran");
    let script = run.env.path("bin/no-shebang");
    std::fs::create_dir(run.env.path("bin")).unwrap();
    std::fs::write(&script, format!("touch '{}'\n", marker.display())).unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", run.env.path("bin").display(), std::env::var("PATH").unwrap());
    for mode in MODES {
        for program in [script.to_str().unwrap(), "no-shebang"] {
            let out = run.cmd(&["-c", mode, "--", program]).env("PATH", &path).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(126), "{mode} {program}: {stderr}");
            assert!(
                stderr.contains("cannot be executed") && stderr.contains("Exec format error"),
                "{stderr}"
            );
            assert!(!marker.exists(), "{mode} {program}: the file ran through a shell");
        }
        // A command that failed to start is recorded as such in the audit log.
        let audit = run.env.json(&["audit", "--limit", "1"]);
        let outcome = audit[0]["outcome"].as_str().unwrap();
        assert!(outcome.contains("not started"), "{mode}: {outcome}");
        run.assert_clean();
    }
}

#[test]
fn a_command_that_is_not_found_reveals_nothing() {
    let run = RunEnv::new();
    let records = || run.env.json(&["audit"]).as_array().unwrap().len();
    let before = records();
    for mode in MODES {
        let out = run.run(&["-c", mode, "--", "no-such-command-here"]);
        assert_eq!(out.status.code(), Some(127), "{mode}");
        let out = run.run(&["-c", mode, "--", run.env.dir.path().to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(126), "{mode}");
    }
    assert_eq!(records(), before, "a run whose command was not found was recorded as a reveal");
    run.expect(0, &["-c", "plain", "--", "true"]);
    assert_eq!(records(), before + 1);
}

#[test]
fn the_command_gets_sigpipe_as_the_caller_gave_it() {
    let run = RunEnv::new();
    for mode in MODES {
        for (trap, ignored) in [("trap '' PIPE;", true), ("", false)] {
            let mut sh = run.base("sh");
            let script = format!("{trap} exec \"$0\" run -c {mode} -- grep SigIgn /proc/self/status");
            sh.env("VAULT_IDENTITY_FILE", &run.env.identity).args(["-c", &script, VAULT]);
            let out = sh.output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            let mask = u64::from_str_radix(text.trim().trim_start_matches("SigIgn:").trim(), 16).unwrap();
            assert_eq!(mask & (1 << 12) != 0, ignored, "{mode} {trap:?}: {text}");
        }
    }
    run.assert_clean();
}

#[test]
fn usage_errors_are_125_and_never_echo_an_argument() {
    let run = RunEnv::new();
    for args in [
        &["-c", "app", "TOKEN=hunter2-secret"][..],
        &["-c", "app", "--no-such-flag=hunter2-secret", "--", "true"],
        &["-c", "app"],
        &["--bogus", "hunter2-secret"],
    ] {
        let out = run.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(125), "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: ") && !stderr.contains("hunter2"), "{args:?}: {stderr}");
    }
    // Outside `vault run` a usage error stays 2, and is just as quiet.
    let stderr = run.env.fails(2, &["create", "x", "--kind", "hunter2-secret"]);
    assert!(!stderr.contains("hunter2") && stderr.contains("possible values"), "{stderr}");
}

#[test]
fn a_world_writable_temp_dir_without_the_sticky_bit_is_refused() {
    let run = RunEnv::new();
    let open = run.env.path("open-tmp");
    std::fs::create_dir(&open).unwrap();
    std::fs::set_permissions(&open, std::os::unix::fs::PermissionsExt::from_mode(0o777)).unwrap();
    let mut cmd = run.cmd(&["-c", "app"]);
    cmd.env("TMPDIR", &open).env_remove("XDG_RUNTIME_DIR");
    let stderr = run.refused(&mut cmd);
    assert!(stderr.contains("sticky"), "{stderr}");
    assert_eq!(std::fs::read_dir(&open).unwrap().count(), 0);
    std::fs::set_permissions(&open, std::os::unix::fs::PermissionsExt::from_mode(0o1777)).unwrap();
    let out = run
        .cmd(&["-c", "app", "--", "true"])
        .env("TMPDIR", &open)
        .env_remove("XDG_RUNTIME_DIR")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A vault in passphrase mode with `app` (the env secret TOKEN=`token` and a file
/// secret) and `plain` (the same env secret only).
fn passphrase_vault(token: &str) -> TestEnv {
    let env = TestEnv::with_passphrase();
    let cert = env.path("cert.pem");
    std::fs::write(&cert, "certificate").unwrap();
    let token = format!("TOKEN={token}");
    env.ok(&["create", "app", "--env", &token, "--file", &format!("CERT=@{}", cert.display())]);
    env.ok(&["create", "plain", "--env", &token]);
    env
}

#[test]
fn the_command_cannot_read_vaults_environment_or_memory() {
    // The attack of 2026-12: in passphrase mode with a file secret vault stays the
    // parent, and the command (same user) read VAULT_PASSPHRASE from /proc/$PPID/environ.
    // Run as an unprivileged user, since root may read any process.
    if require_tool("setpriv").is_none() {
        return;
    }
    let env = passphrase_vault(ENV_SECRET);
    let probe = "for f in environ mem; do cat /proc/$PPID/$f > /dev/null && echo \"got-$f\"; done; \
                 cat /proc/$PPID/cmdline /proc/$PPID/status; stat -c '%u %n' /proc/$PPID/environ";
    let Some(mut cmd) = env.unprivileged_cmd() else {
        panic!("setpriv is installed, yet vault cannot run unprivileged");
    };
    let out = cmd.args(["run", "-c", "app", "--", "sh", "-c", probe]).output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        !stdout.contains("got-environ") && !stdout.contains("got-mem"),
        "the command read vault: {stdout}"
    );
    assert_eq!(stderr.matches("Permission denied").count(), 2, "{stderr}");
    // /proc/<vault> belongs to root: vault is not dumpable.
    let owner = stdout.lines().last().unwrap_or_default();
    assert!(owner.starts_with("0 /proc/"), "{stdout}");
    for output in [&out.stdout, &out.stderr] {
        assert!(!contains(output, PASSPHRASE.as_bytes()), "the passphrase leaked");
        assert_no_secret(output);
    }
}

#[test]
fn no_core_of_vault_holds_a_secret() {
    // `ulimit -c unlimited`, then the signals that dump core: sent to a waiting vault
    // they are passed on (the command blocks them here and lives); and a command that
    // dies of SIGABRT takes vault with it, which must not dump either. No file in the
    // test dir may hold the canary or the passphrase afterwards.
    python_required();
    let canary = "core-canary-5d1e";
    let env = passphrase_vault(canary);
    let run = RunEnv::around(env);
    let pattern = std::fs::read_to_string("/proc/sys/kernel/core_pattern").unwrap_or_default();
    let core_signals =
        [Signal::SIGABRT, Signal::SIGFPE, Signal::SIGSYS, Signal::SIGTRAP, Signal::SIGXCPU, Signal::SIGQUIT];
    for mode in MODES {
        let recorder = Recorder::new(&run, &format!("dumps-{mode}"));
        let command = recorder.command(&run).join(" ");
        let mut sh = run.base("sh");
        sh.env("VAULT_PASSPHRASE", PASSPHRASE)
            .args(["-c", &format!("ulimit -c unlimited; exec \"$0\" run -c {mode} -- {command}"), VAULT])
            .stdout(Stdio::null());
        let mut vault = sh.spawn().unwrap();
        let pid = pid_of(&vault);
        recorder.started();
        if mode == "app" {
            let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
            let core = limits.lines().find(|line| line.starts_with("Max core file size")).unwrap();
            assert!(core.split_whitespace().nth(4) == Some("0"), "vault may dump core: {core}");
        }
        for (count, signal) in core_signals.iter().enumerate() {
            kill(pid, *signal).unwrap();
            recorder.wait_for_count(count + 1);
        }
        assert_delivered_once(&recorder, &mut vault, &core_signals, mode);
    }
    // The command dumps no core of its own (its limit is 0); vault re-raises SIGABRT.
    let mut sh = run.base("sh");
    sh.env("VAULT_PASSPHRASE", PASSPHRASE).args([
        "-c",
        "ulimit -c unlimited; exec \"$0\" run -c app -- sh -c 'ulimit -c 0; kill -ABRT $$'",
        VAULT,
    ]);
    let status = sh.status().unwrap();
    assert_eq!(shell_status(status), 134);
    assert_eq!(status.signal(), Some(Signal::SIGABRT as i32), "vault did not die of its command's signal");
    assert!(!status.core_dumped(), "vault dumped core");
    // Whether this system writes cores at all, so the assertions above mean something:
    // a control process with the same limit.
    let control_dir = run.env.path("control");
    std::fs::create_dir(&control_dir).unwrap();
    let mut control = run.base("sh");
    control.args(["-c", "ulimit -c unlimited; kill -ABRT $$"]).current_dir(&control_dir);
    let dumps = control.status().unwrap().core_dumped();
    std::fs::remove_dir_all(&control_dir).unwrap();
    eprintln!("core_pattern {:?}; a process with no core limit dumps core here: {dumps}", pattern.trim());
    for file in files_under(run.env.dir.path()) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name != "core" && !name.starts_with("core."), "a core was written: {}", file.display());
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(!contains(&bytes, canary.as_bytes()), "{} holds the canary", file.display());
        assert!(!contains(&bytes, PASSPHRASE.as_bytes()), "{} holds the passphrase", file.display());
    }
    run.assert_clean();
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() && !path.is_symlink() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn ctrl_z_on_a_terminal_vault_leads_reaches_the_command_once_and_never_strands_vault() {
    // On a terminal whose session vault leads (`ssh -t`, here `script`), Ctrl-Z sends
    // SIGTSTP to the foreground group, which no shell above would ever continue: the
    // command gets it once, and vault must not stop itself and hang.
    key_reaches_the_command_once(b'\x1a', Signal::SIGTSTP, &[]);
}

/// Types `key` on the terminal of a `vault run FLAGS` that leads its session (see
/// [`on_a_terminal`]), in both modes, and asserts that the recorder got `signal` from
/// the kernel once, and that vault then ended with it.
pub(crate) fn key_reaches_the_command_once(key: u8, signal: Signal, flags: &[&str]) {
    python_required();
    if require_tool("script").is_none() {
        return;
    }
    let run = RunEnv::new();
    for mode in MODES {
        let recorder = Recorder::new(&run, &format!("key-{key}-{mode}"));
        let mut session = on_a_terminal(&run, &[&["-c", mode][..], flags].concat(), &recorder);
        recorder.started();
        let mut keyboard = session.stdin.take().unwrap();
        std::io::Write::write_all(&mut keyboard, &[key]).unwrap();
        recorder.wait_for_count(1);
        recorder.finish();
        let status =
            session_ends(&mut session, &format!("{mode}: vault is stranded after its command ended"));
        drop(keyboard);
        assert_eq!(status.code(), Some(0), "{mode}: vault did not end with its command");
        let received = recorder.received();
        assert_eq!(received, [(signal as i32, 0)], "{mode}: from the kernel, once");
        run.assert_clean();
    }
}

/// Waits for `session` to end, or kills it and fails with `stranded` after 20 seconds.
pub(crate) fn session_ends(session: &mut Child, stranded: &str) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = session.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > Duration::from_secs(20) {
            session.kill().unwrap();
            panic!("{stranded}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
