//! `vault run --mask` end to end: values concealed in piped output (stdout and stderr
//! apart) and on a terminal (vault under `script`, as a person's terminal runs it),
//! where colours, full-screen programs, window sizes, Ctrl-C and Ctrl-Z keep working;
//! and everything `vault run` guarantees without `--mask` still holds.

use std::io::{Read, Write};
use std::process::{Child, ExitStatus, Stdio};
use std::time::Duration;

use nix::sys::signal::Signal;
use nix::unistd::Pid;

use crate::run::{ENV_SECRET, FILE_SECRET, RunEnv, VAULT, assert_no_secret, wait_for};
use crate::run_process::{
    key_reaches_the_command_once, parent_of, python_required, session_ends, state_of, wait_until,
};
use crate::support::{contains, require_tool};

const MARKER: &str = "<concealed by vault>";

/// Both modes: with file secrets and without (where vault would exec but for --mask).
const MODES: [&str; 2] = ["app", "plain"];

/// A shell command printing `TOKEN` and the file secret `tls/key.pem` (`app` only).
const PRINTS_BOTH: &str =
    r#"printf 'out:%s:' "$TOKEN"; cat "$VAULT_SECRETS_DIR/tls/key.pem"; printf 'err:%s.' "$TOKEN" >&2"#;

#[test]
fn piped_stdout_and_stderr_are_masked_apart() {
    let run = RunEnv::new();
    let out = run.run(&["--mask", "-c", "app", "--", "sh", "-c", PRINTS_BOTH]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("out:{MARKER}:{MARKER}"));
    assert_eq!(String::from_utf8_lossy(&out.stderr), format!("err:{MARKER}."));
    run.assert_clean();

    // Without --mask the same command shows them: the test would see a leak.
    let plain = run.run(&["-c", "app", "--", "sh", "-c", PRINTS_BOTH]);
    assert!(
        contains(&plain.stdout, FILE_SECRET.as_bytes()) && contains(&plain.stderr, ENV_SECRET.as_bytes())
    );
}

#[test]
fn values_a_template_pulls_from_other_collections_are_masked_on_their_own() {
    let run = RunEnv::new();
    let value = "db-password-only-in-a-template";
    run.env.ok(&["create", "db", "--env", &format!("PASSWORD={value}")]);
    let template = run.env.path("conf.tpl");
    std::fs::write(&template, "password = {{ db.PASSWORD }}\n").unwrap();
    let spec = format!("{}:app.conf", template.display());
    // `db` is not handed over: its value reaches the command only inside the file.
    let shows = format!(r#"grep -o '{value}' "$VAULT_SECRETS_DIR/app.conf""#);
    let out = run.run(&["--mask", "-c", "plain", "--template", &spec, "--", "sh", "-c", &shows]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{MARKER}\n"));
    run.assert_clean();
}

/// A python3 program writing `$TOKEN` to stdout one byte per `write`, each only once
/// vault has read the one before from the pipe (FIONREAD is 0), so every read vault
/// makes holds one byte; then a full stop.
const BYTE_BY_BYTE: &str = r#"
import fcntl, os, struct, termios, time
value = os.environb[b"TOKEN"]
for i in range(len(value)):
    os.write(1, value[i:i + 1])
    while struct.unpack("i", fcntl.ioctl(1, termios.FIONREAD, b"\0\0\0\0"))[0]:
        time.sleep(0.001)
os.write(1, b".")
"#;

#[test]
fn a_value_written_one_byte_at_a_time_is_masked() {
    python_required();
    let run = RunEnv::new();
    let out = run.expect(0, &["--mask", "-c", "plain", "--", "python3", "-c", BYTE_BY_BYTE]);
    let shown = String::from_utf8_lossy(&out);
    // Only a pause of the writer mid-value longer than vault's idle limit on a busy
    // machine could show a prefix; the rest is concealed then too, never the value.
    assert!(shown.ends_with(&format!("{MARKER}.")), "{shown}");
    assert_no_secret(&out);
}

#[test]
fn exit_codes_signals_and_cleanup_are_unchanged() {
    let run = RunEnv::new();
    let dir = run.env.path("bin-dir");
    std::fs::create_dir(&dir).unwrap();
    for mode in MODES {
        let masked =
            |tail: &[&'static str]| -> Vec<&str> { [&["--mask", "-c", mode, "--"][..], tail].concat() };
        run.expect(42, &masked(&["sh", "-c", "exit 42"]));
        run.expect(0, &masked(&["true"]));
        // vault dies of the signal its command died of, after removing the files.
        run.expect(128 + Signal::SIGTERM as i32, &masked(&["sh", "-c", "kill -TERM $$"]));
        run.expect(127, &masked(&["no-such-command-here"]));
        let not_executable = [&["--mask", "-c", mode, "--"][..], &[dir.to_str().unwrap()]].concat();
        run.expect(126, &not_executable);
        run.assert_clean();
    }
    // The file secrets were there while the command ran.
    let out = run.expect(
        0,
        &[
            "--mask",
            "-c",
            "app",
            "--",
            "sh",
            "-c",
            r#"test -f "$VAULT_SECRETS_DIR/tls/key.pem" && echo there"#,
        ],
    );
    assert_eq!(out, b"there\n");
    run.assert_clean();
}

#[test]
fn values_too_short_to_mask_are_named_in_a_warning_and_shown() {
    let run = RunEnv::empty();
    run.env.ok(&["create", "short", "--env", "PIN=1234", "--env", "TOKEN=long-enough", "--env", "EMPTY="]);
    let out = run.run(&["--mask", "-c", "short", "--", "sh", "-c", r#"echo "$PIN $TOKEN""#]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("1234 {MARKER}\n"));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "warning: --mask will not conceal PIN (shorter than 6 bytes)\n"
    );
}

/// `vault run ARGS` (shell words) on a pseudo-terminal of its own, under util-linux
/// `script`, after the shell words `before`; vault leads that terminal's session, as
/// under `ssh -t`. Its stdin and stdout are the keyboard and the screen.
fn on_terminal(run: &RunEnv, before: &str, args: &[&str]) -> Child {
    let words: Vec<String> = args.iter().map(|arg| shlex::try_quote(arg).unwrap().into_owned()).collect();
    let line = format!("{before} exec '{VAULT}' run {}", words.join(" "));
    let mut terminal = run.base("script");
    terminal.env("VAULT_IDENTITY_FILE", &run.env.identity).env("TERM", "xterm-256color").args([
        "-qec",
        &line,
        "/dev/null",
    ]);
    terminal.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap()
}

/// Types `keys` (after `delay`), waits for the session to end with the keyboard still
/// open (closing it would type an end-of-file), and returns its status and screen.
fn type_and_watch(mut session: Child, keys: &[&[u8]], delay: Duration) -> (ExitStatus, Vec<u8>) {
    let mut screen = session.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut shown = Vec::new();
        let _ = screen.read_to_end(&mut shown);
        shown
    });
    // Taken already by a test that types itself; it keeps it open meanwhile.
    let mut keyboard = session.stdin.take();
    for key in keys {
        std::thread::sleep(delay);
        keyboard.as_mut().unwrap().write_all(key).unwrap();
    }
    let status = session_ends(&mut session, "the session did not end");
    drop(keyboard);
    (status, reader.join().unwrap())
}

#[test]
fn on_a_terminal_colours_stay_and_values_are_masked() {
    if require_tool("script").is_none() {
        return;
    }
    let run = RunEnv::new();
    let command = r#"printf '\033[1;31m%s\033[0m|%s|\n' "$TOKEN" "$(cat "$VAULT_SECRETS_DIR/tls/key.pem")"; printf 'err:%s.' "$TOKEN" >&2; test -t 0 && test -t 1 && test -t 2 && echo all-on-a-terminal"#;
    let session = on_terminal(&run, "", &["--mask", "-c", "app", "--", "sh", "-c", command]);
    let (status, screen) = type_and_watch(session, &[], Duration::ZERO);
    let shown = String::from_utf8_lossy(&screen);
    assert_eq!(status.code(), Some(0), "{shown}");
    // The pty turned the value's newline into CRLF; that form is concealed too.
    assert!(shown.contains(&format!("\x1b[1;31m{MARKER}\x1b[0m|{MARKER}|\r\n")), "{shown:?}");
    assert!(shown.contains(&format!("err:{MARKER}.")), "{shown:?}");
    assert!(shown.contains("all-on-a-terminal"), "{shown:?}");
    assert_no_secret(&screen);
    assert_no_secret(&screen.iter().filter(|&&b| b != b'\r').copied().collect::<Vec<_>>());
    run.assert_clean();
}

#[test]
fn on_a_terminal_a_full_screen_program_gets_the_window_size_and_the_keys() {
    if require_tool("script").is_none() {
        return;
    }
    let run = RunEnv::new();
    // The alternate screen, the window size, and raw keys read by the program itself.
    let command = r#"printf '\033[?1049h\033[H'; stty size; stty raw -echo; key=$(dd bs=1 count=1 2>/dev/null); stty sane; printf 'key=%s %s\033[?1049l\n' "$key" "$TOKEN""#;
    let session =
        on_terminal(&run, "stty rows 33 cols 101;", &["--mask", "-c", "plain", "--", "sh", "-c", command]);
    let (status, screen) = type_and_watch(session, &[b"q"], Duration::from_millis(500));
    let shown = String::from_utf8_lossy(&screen);
    assert_eq!(status.code(), Some(0), "{shown}");
    assert!(shown.contains("\x1b[?1049h\x1b[H33 101\r\n"), "{shown:?}");
    assert!(shown.contains(&format!("key=q {MARKER}\x1b[?1049l")), "{shown:?}");
    assert_no_secret(&screen);
}

#[test]
fn on_a_terminal_vim_edits_a_file_and_shows_no_value() {
    if require_tool("script").is_none() || require_tool("vim").is_none() {
        return;
    }
    let run = RunEnv::new();
    let file = run.env.path("edited.txt");
    std::fs::write(&file, format!("{FILE_SECRET}\n")).unwrap();
    let path = file.to_str().unwrap();
    let session = on_terminal(
        &run,
        "",
        &["--mask", "-c", "app", "--", "vim", "-u", "NONE", "-i", "NONE", "-N", "-n", path],
    );
    let keys: [&[u8]; 2] = [b"Otyped in vim\x1b", b":wq\r"];
    let (status, screen) = type_and_watch(session, &keys, Duration::from_millis(700));
    let shown = String::from_utf8_lossy(&screen);
    assert_eq!(status.code(), Some(0), "{shown:?}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), format!("typed in vim\n{FILE_SECRET}\n"));
    assert!(shown.contains(MARKER), "vim showed the file: {shown:?}");
    assert_no_secret(&screen);
    run.assert_clean();
}

#[test]
fn on_a_terminal_ctrl_c_reaches_the_command_once() {
    key_reaches_the_command_once(b'\x03', Signal::SIGINT, &["--mask"]);
}

#[test]
fn on_a_terminal_a_window_resize_reaches_the_command() {
    if require_tool("script").is_none() {
        return;
    }
    let run = RunEnv::new();
    let (pid, size, done) =
        (run.env.path("resize.pid"), run.env.path("resize.size"), run.env.path("resize.done"));
    let command = format!(
        r#"trap 'stty size > "{size}.tmp" && mv "{size}.tmp" "{size}"' WINCH; echo $$ > "{pid}"; while [ ! -e "{done}" ]; do sleep 0.05; done"#,
        size = size.display(),
        pid = pid.display(),
        done = done.display()
    );
    let session =
        on_terminal(&run, "stty rows 20 cols 70;", &["--mask", "-c", "plain", "--", "sh", "-c", &command]);
    wait_for(&pid);
    let command_pid: i32 = std::fs::read_to_string(&pid).unwrap().trim().parse().unwrap();
    // The user's terminal is vault's stdin; resizing it is what a terminal window does.
    let terminal =
        std::fs::read_link(format!("/proc/{}/fd/0", parent_of(Pid::from_raw(command_pid)))).unwrap();
    let resized =
        run.base("stty").args(["-F", terminal.to_str().unwrap(), "rows", "41", "cols", "123"]).status();
    assert!(resized.unwrap().success());
    wait_for(&size);
    assert_eq!(std::fs::read_to_string(&size).unwrap(), "41 123\n");
    std::fs::write(&done, "").unwrap();
    let (status, _) = type_and_watch(session, &[], Duration::ZERO);
    assert_eq!(status.code(), Some(0));
}

#[test]
fn on_a_terminal_ctrl_c_ends_the_command_and_vault_dies_of_it_after_cleanup() {
    if require_tool("script").is_none() {
        return;
    }
    let run = RunEnv::new();
    let ready = run.env.path("sleep.ready");
    let command = format!(r#": > "{}"; exec sleep 30"#, ready.display());
    let mut session = on_terminal(&run, "", &["--mask", "-c", "app", "--", "sh", "-c", &command]);
    let mut keyboard = session.stdin.take().unwrap();
    wait_for(&ready);
    keyboard.write_all(b"\x03").unwrap();
    let (status, _) = type_and_watch(session, &[], Duration::ZERO);
    drop(keyboard);
    // `script -e` reports a death by signal N as 128+N: vault died of SIGINT, as the
    // command did, after removing the file secrets.
    assert_eq!(status.code(), Some(128 + Signal::SIGINT as i32));
    run.assert_clean();
}

#[test]
fn on_a_terminal_vault_leads_ctrl_z_reaches_the_command_once_and_vault_ends_with_it() {
    // vault leads the session (`script`, `ssh -t`): no shell would continue it, so it
    // never stops; the command (which blocks SIGTSTP) gets the key's SIGTSTP once.
    key_reaches_the_command_once(b'\x1a', Signal::SIGTSTP, &["--mask"]);
}

#[test]
fn under_a_job_control_shell_ctrl_z_stops_the_command_and_vault_and_bg_and_fg_continue_both() {
    // bash -i on the terminal: Ctrl-Z on the command's own pty stops it (vault stops
    // it, as the kernel discards a default SIGTSTP in its orphaned group), vault then
    // stops itself so that bash takes the terminal back; `bg` and `fg` continue both.
    if require_tool("script").is_none() || require_tool("bash").is_none() {
        return;
    }
    let run = RunEnv::new();
    let (pid, done) = (run.env.path("job.pid"), run.env.path("job.done"));
    let command = format!(
        r#"echo $$ > "{pid}"; while [ ! -e "{done}" ]; do sleep 0.05; done; printf 'bye %s\n' "$TOKEN"; exit 7"#,
        pid = pid.display(),
        done = done.display()
    );
    let mut terminal = run.base("script");
    terminal.env("VAULT_IDENTITY_FILE", &run.env.identity).env("PS1", "$ ").args([
        "-qec",
        "bash --norc --noprofile -i",
        "/dev/null",
    ]);
    let mut session = terminal.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    let guard = KillOnPanic(crate::run::pid_of(&session));
    let mut keyboard = session.stdin.take().unwrap();
    let words = ["--mask", "-c", "app", "--", "sh", "-c", &command]
        .map(|w| shlex::try_quote(w).unwrap().into_owned());
    let line = format!("'{VAULT}' run {}\n", words.join(" "));
    keyboard.write_all(line.as_bytes()).unwrap();
    wait_for(&pid);
    let command_pid = Pid::from_raw(std::fs::read_to_string(&pid).unwrap().trim().parse().unwrap());
    let vault = Pid::from_raw(parent_of(command_pid));
    // Once vault relays the keys (its terminal is raw: no signals from keys, which
    // bash's line editing keeps), Ctrl-Z goes to the command's pty.
    let terminal = std::fs::read_link(format!("/proc/{vault}/fd/0")).unwrap();
    let raw = || {
        let settings = run.base("stty").args(["-a", "-F", terminal.to_str().unwrap()]).output().unwrap();
        String::from_utf8_lossy(&settings.stdout).contains("-isig")
    };
    let running = |pid| !matches!(state_of(pid), Some('T') | None);
    wait_until("vault's terminal is raw", raw);

    keyboard.write_all(b"\x1a").unwrap();
    wait_until("the command and vault stop", || {
        state_of(command_pid) == Some('T') && state_of(vault) == Some('T')
    });
    wait_until("bash has the terminal back, not raw", || !raw());
    // In the background both run, and vault leaves the terminal to bash.
    keyboard.write_all(b"bg\n").unwrap();
    wait_until("both run in the background", || running(command_pid) && running(vault));
    assert!(!raw(), "vault made the terminal raw from the background");
    // `fg` gives vault the terminal again: raw, and the keys reach the command.
    keyboard.write_all(b"fg\n").unwrap();
    wait_until("vault's terminal is raw again", raw);
    assert!(running(command_pid) && running(vault));
    std::fs::write(&done, "").unwrap();
    wait_until("vault ends", || crate::run_process::gone(vault));
    // `fg`'s status is the job's.
    keyboard.write_all(b"echo status=$?; exit\n").unwrap();
    let (status, screen) = type_and_watch(session, &[], Duration::ZERO);
    drop(keyboard);
    let shown = String::from_utf8_lossy(&screen);
    assert_eq!(status.code(), Some(0), "{shown:?}");
    assert!(shown.contains(&format!("bye {MARKER}")), "{shown:?}");
    assert!(shown.contains("status=7"), "{shown:?}");
    assert_no_secret(&screen);
    run.assert_clean();
    std::mem::forget(guard);
}

/// Kills the terminal session of a failed test, so that its shell, vault and command
/// do not outlive it (the pty's hangup reaches them all).
struct KillOnPanic(Pid);

impl Drop for KillOnPanic {
    fn drop(&mut self) {
        let _ = nix::sys::signal::kill(self.0, Signal::SIGKILL);
    }
}
