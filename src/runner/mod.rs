//! `vault run`'s launcher: it builds the command's environment, finds the command,
//! writes file secrets into a private run directory, starts the command from its argv
//! (never through a shell), forwards signals, removes the directory and reports the
//! command's status.
//!
//! It owns nothing before the [`Plan`] (resolution, unlocking and `--require` are
//! `commands::run`'s) and never prints a value: messages name commands, locations and
//! paths only. Everything that fails before the command starts is
//! [`LaunchError::Setup`] (exit 125), so vault's own failures never pass for the
//! command's status.
//!
//! - [`env`]: the child's environment (pure precedence rules)
//! - [`harden`]: what every vault process does first (non-dumpable, no core)
//! - [`program`]: finding the command as `execvp` does, without its `/bin/sh` fallback
//! - [`rundir`]: the private directory for file secrets, and sweeping orphans
//! - [`signals`]: forwarding signals to the started command until it ends
//! - [`mask`]: `--mask`'s streaming replacement of values in output
//! - [`relay`]: `--mask`'s relay of the command's output (a pty or pipes)
//! - [`pty`]: the command's pty and the user's terminal in raw mode

mod env;
mod harden;
pub mod mask;
mod program;
mod pty;
mod relay;
mod rundir;
mod signals;

use std::ffi::{CString, OsStr, OsString};
use std::fmt;
use std::io;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::anyhow;
use nix::errno::Errno;
use nix::fcntl::OFlag;
use nix::spawn::{PosixSpawnAttr, PosixSpawnFileActions, PosixSpawnFlags, posix_spawn};
use nix::sys::signal::{SigSet, Signal};
use nix::sys::stat::Mode;
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{Pid, execve};
use secrecy::{ExposeSecret, SecretSlice};
use std::os::fd::AsRawFd;

pub use self::harden::at_start;
use self::mask::Patterns;
use self::relay::{Relay, Wire, Wiring};
use self::rundir::RunDir;
use self::signals::Forwarder;

/// Everything `vault run` resolved: the command and what to hand it.
pub struct Plan {
    /// The command's argv; the first element is looked up in `PATH` like `execvp`.
    pub command: Vec<OsString>,
    /// vault's own environment, which the command inherits (minus `VAULT_PASSPHRASE`).
    pub inherited: Vec<(OsString, OsString)>,
    /// Env secrets, merged later-wins: variable name and value.
    pub env: Vec<(String, SecretSlice<u8>)>,
    /// File secrets, merged later-wins: relative location and contents.
    pub files: Vec<(String, SecretSlice<u8>)>,
    /// `--preserve-env`: inherited variables win over secrets of the same name.
    pub preserve_env: bool,
    /// `--mask`: the command's output goes through vault, which conceals every env
    /// value and file secret's contents in it.
    pub mask: bool,
    /// More values `--mask` conceals, by what names them: those a `--template` put
    /// inside a rendered file, which may come from collections not handed over whole.
    pub also_masked: Vec<(String, SecretSlice<u8>)>,
}

/// A plan whose command was found and whose environment is built: what is left can
/// only fail in starting it.
pub struct Ready {
    /// The command as given, for messages.
    name: OsString,
    /// The file to execute.
    path: CString,
    argv: Vec<CString>,
    vars: Vec<(OsString, OsString)>,
    files: Vec<(String, SecretSlice<u8>)>,
    preserve_env: bool,
    /// What `--mask` conceals, when it conceals anything.
    mask: Option<Patterns>,
    /// Locations whose values `--mask` cannot conceal (too short).
    unmasked: Vec<String>,
}

impl Ready {
    /// The locations of values `--mask` will not conceal, being shorter than
    /// [`crate::model::MIN_FINDABLE_LEN`] bytes.
    pub fn unmasked(&self) -> &[String] {
        &self.unmasked
    }
}

/// Why the command could not be started. Each variant has the exit status `env`,
/// `timeout` and `docker run` use for it.
#[derive(Debug)]
pub enum LaunchError {
    /// No such command (exit 127).
    NotFound(OsString),
    /// The command exists but cannot be executed: no permission, a directory, not an
    /// executable format (exit 126).
    NotExecutable(OsString, io::Error),
    /// vault itself failed before the command started (exit 125).
    Setup(anyhow::Error),
}

impl LaunchError {
    pub fn exit_code(&self) -> u8 {
        match self {
            LaunchError::NotFound(_) => 127,
            LaunchError::NotExecutable(..) => 126,
            LaunchError::Setup(_) => 125,
        }
    }
}

impl fmt::Display for LaunchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LaunchError::NotFound(command) => {
                write!(f, "command '{}' not found; check its name and PATH", command.to_string_lossy())
            }
            LaunchError::NotExecutable(command, _) => {
                write!(f, "command '{}' cannot be executed", command.to_string_lossy())
            }
            LaunchError::Setup(cause) => write!(f, "{cause:#}"),
        }
    }
}

impl std::error::Error for LaunchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LaunchError::NotExecutable(_, cause) => Some(cause),
            _ => None,
        }
    }
}

/// Builds the command's environment and finds the command in its `PATH`, so that a
/// missing or unrunnable command fails (127, 126) before anything is revealed.
pub fn prepare(plan: Plan) -> Result<Ready, LaunchError> {
    let Plan { command, inherited, env, files, preserve_env, mask, also_masked } = plan;
    let (mask, unmasked) = if mask {
        let values = env
            .iter()
            .chain(&files)
            .chain(&also_masked)
            .map(|(location, value)| (location.as_str(), value.expose_secret()));
        Patterns::new(values).map_err(LaunchError::Setup)?
    } else {
        (None, Vec::new())
    };
    let Some(name) = command.first().cloned() else {
        return Err(LaunchError::Setup(anyhow!("no command to run")));
    };
    let secrets = env::secret_vars(&env).map_err(LaunchError::Setup)?;
    let vars = env::child_env(inherited, secrets, None, preserve_env);
    let search = vars.iter().rev().find(|(var, _)| var == "PATH").map(|(_, value)| value.as_os_str());
    let path = c_string(program::resolve(&name, search)?.into_os_string().into_vec())?;
    let argv = command.into_iter().map(|arg| c_string(arg.into_vec())).collect::<Result<_, _>>()?;
    Ok(Ready { name, path, argv, vars, files, preserve_env, mask, unmasked })
}

/// Runs the prepared command and returns the status vault should exit with: the
/// command's exit code, or 128+N when it died of signal N and that signal cannot end
/// vault (otherwise vault dies of it too, after cleaning up).
///
/// With no file secrets and no `--mask` there is nothing to do afterwards, so vault
/// replaces itself with the command (`execve`): no extra process, and signals reach
/// the command directly. Otherwise vault stays as the parent to relay the command's
/// output and remove the run directory.
pub fn launch(ready: Ready) -> Result<u8, LaunchError> {
    let Ready { name, path, argv, vars, files, preserve_env, mask, unmasked: _ } = ready;
    if files.is_empty() && mask.is_none() {
        let envp = env_block(vars)?;
        sigpipe_default_at_exec();
        // `execve` only returns when it failed, and then nothing has changed yet.
        let error = match harden::with_caller_core_limit(|| execve(&path, &argv, &envp)) {
            Err(errno) => errno,
            Ok(never) => match never {},
        };
        return Err(classify(&name, error));
    }

    // Signals are blocked before the directory exists: from then on none can end vault
    // before it has removed the directory.
    let mut forwarder = Forwarder::new().map_err(LaunchError::Setup)?;
    let dir = if files.is_empty() { None } else { Some(RunDir::create().map_err(LaunchError::Setup)?) };
    let vars = match &dir {
        Some(dir) => {
            let paths = dir.write(&files).map_err(LaunchError::Setup)?;
            env::child_env(vars, paths, Some(dir.path()), preserve_env)
        }
        None => vars,
    };
    let relay = match &mask {
        Some(patterns) => Some(Relay::new(patterns, &mut forwarder).map_err(LaunchError::Setup)?),
        None => None,
    };
    if let Some(signal) = forwarder.interrupted() {
        return Err(LaunchError::Setup(anyhow!("interrupted by {signal} before the command started")));
    }
    let (relay, wiring) = relay.unzip();
    // A failed spawn drops `dir`, which removes it.
    let child = spawn(&path, &argv, &env_block(vars)?, &forwarder, wiring.as_ref())
        .map_err(|e| classify(&name, e))?;
    // The command holds its ends of the pipes now; vault's would keep them open.
    drop(wiring);

    match relay {
        Some(relay) => relay.run(child, &mut forwarder),
        None => forwarder.forward_until_exit(child),
    }
    // The command has ended but is not reaped yet (so its pid cannot be reused while
    // signals might still be forwarded to it); remove its files before anything else.
    if let Some(Err(error)) = dir.map(RunDir::remove) {
        crate::output::note(&format!("warning: {error:#}; remove it by hand"));
    }
    match reap(child)? {
        Ended::Exited(code) => Ok(code),
        Ended::Signaled(signal) => Ok(forwarder.die_of(signal)),
    }
}

fn c_string(bytes: Vec<u8>) -> Result<CString, LaunchError> {
    CString::new(bytes)
        .map_err(|_| LaunchError::Setup(anyhow!("an argument or variable contains a NUL byte")))
}

/// `NAME=value` strings for `execve`.
fn env_block(vars: Vec<(OsString, OsString)>) -> Result<Vec<CString>, LaunchError> {
    vars.into_iter()
        .map(|(name, value)| {
            let mut entry = name.into_vec();
            entry.push(b'=');
            entry.extend(value.as_bytes());
            c_string(entry)
        })
        .collect()
}

/// Whether the caller gave vault SIGPIPE at its default (Rust's runtime ignores it
/// before `main`; [`harden::at_start`] saw the caller's choice).
fn caller_sigpipe_default() -> bool {
    !harden::is_in(harden::caller_ignored(), Signal::SIGPIPE as i32)
}

/// Gives the command SIGPIPE as the caller gave it to vault. `execve` keeps an
/// ignored signal ignored and resets a caught one to its default, so when the caller
/// had the default, catching SIGPIPE (signal-hook, without `unsafe`) is how vault
/// hands the default on. Until the `execve`, a write to a closed pipe still only fails
/// with EPIPE, as before.
fn sigpipe_default_at_exec() {
    if caller_sigpipe_default() {
        let _ = signal_hook::flag::register(Signal::SIGPIPE as i32, Arc::new(AtomicBool::new(false)));
    }
}

/// Starts the command with `posix_spawn` (which, unlike `execvp`, never falls back to
/// `/bin/sh`): the caller's signal mask, SIGPIPE as the caller gave it (caught signals
/// are reset by the `exec` anyway), in a process group of its own unless it shares
/// vault's terminal foreground group (see `signals`), and the caller's core limit.
/// Rust opens every descriptor close-on-exec, so the command gets only 0–2, connected
/// as `wiring` says for `--mask`: with a pty, it leads a new session and opens the
/// pty's slave, which makes that its controlling terminal (glibc makes the session
/// before it carries out the file actions).
fn spawn(
    path: &CString,
    argv: &[CString],
    envp: &[CString],
    forwarder: &Forwarder,
    wiring: Option<&Wiring>,
) -> Result<Pid, Errno> {
    let mut attr = PosixSpawnAttr::init()?;
    let mut flags = PosixSpawnFlags::POSIX_SPAWN_SETSIGMASK | PosixSpawnFlags::POSIX_SPAWN_SETSIGDEF;
    attr.set_sigmask(forwarder.caller_mask())?;
    let mut default = SigSet::empty();
    if caller_sigpipe_default() {
        default.add(Signal::SIGPIPE);
    }
    attr.set_sigdefault(&default)?;
    let mut actions = PosixSpawnFileActions::init()?;
    let own_terminal = wiring.and_then(|wiring| wiring.pty.as_ref());
    if own_terminal.is_some() {
        flags |= PosixSpawnFlags::from_bits_retain(libc::c_int::from(libc::POSIX_SPAWN_SETSID));
    } else if forwarder.own_group() {
        flags |= PosixSpawnFlags::POSIX_SPAWN_SETPGROUP;
        attr.set_pgroup(Pid::from_raw(0))?;
    }
    attr.set_flags(flags)?;
    if let Some(wiring) = wiring {
        let mut opened = None;
        for (fd, wire) in (0..).zip(&wiring.fds) {
            match (wire, own_terminal, opened) {
                (Wire::Inherit, ..) => {}
                (Wire::Pipe(end), ..) => actions.add_dup2(end.as_raw_fd(), fd)?,
                (Wire::Pty, _, Some(first)) => actions.add_dup2(first, fd)?,
                (Wire::Pty, Some(slave), None) => {
                    actions.add_open(fd, slave.as_c_str(), OFlag::O_RDWR, Mode::empty())?;
                    opened = Some(fd);
                }
                (Wire::Pty, None, None) => return Err(Errno::EINVAL),
            }
        }
    }
    harden::with_caller_core_limit(|| posix_spawn(path.as_c_str(), &actions, &attr, argv, envp))
}

/// How the command ended.
enum Ended {
    Exited(u8),
    Signaled(Signal),
}

/// Reaps the ended command.
fn reap(child: Pid) -> Result<Ended, LaunchError> {
    loop {
        match waitpid(child, None) {
            Err(Errno::EINTR) => continue,
            // Exit codes are 0–255 already; the mask only makes the conversion total.
            Ok(WaitStatus::Exited(_, code)) => return Ok(Ended::Exited((code & 0xff) as u8)),
            Ok(WaitStatus::Signaled(_, signal, _)) => return Ok(Ended::Signaled(signal)),
            // Stops and continues are not ends; `waitpid` without flags reports neither.
            Ok(_) => continue,
            Err(errno) => {
                return Err(LaunchError::Setup(
                    anyhow::Error::new(errno).context("lost track of the command's status"),
                ));
            }
        }
    }
}

/// Sorts a failure to start the found command into the statuses of `env` and
/// `timeout`: 127 when it vanished, 126 when it cannot be executed (ENOEXEC: no `#!`
/// and not a binary; EACCES), and 125 when the cause is vault's side (too much
/// environment, no memory or processes left).
fn classify(program: &OsStr, errno: Errno) -> LaunchError {
    match errno {
        Errno::ENOENT => LaunchError::NotFound(program.to_owned()),
        Errno::E2BIG => LaunchError::Setup(anyhow!(
            "the secrets and arguments are too large for a command's environment (E2BIG); \
             move large values into file secrets"
        )),
        Errno::EAGAIN | Errno::ENOMEM => {
            LaunchError::Setup(anyhow::Error::new(errno).context("could not start a new process"))
        }
        _ => LaunchError::NotExecutable(program.to_owned(), io::Error::from_raw_os_error(errno as i32)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_failures_get_the_statuses_of_env() {
        let code = |errno: Errno| classify(OsStr::new("./script"), errno).exit_code();
        assert_eq!(code(Errno::ENOENT), 127);
        assert_eq!(code(Errno::EACCES), 126);
        assert_eq!(code(Errno::ENOEXEC), 126);
        assert_eq!(code(Errno::E2BIG), 125);
        assert_eq!(code(Errno::EAGAIN), 125);
    }

    #[test]
    fn messages_name_the_command() {
        let missing = LaunchError::NotFound("no-such-tool".into()).to_string();
        assert_eq!(missing, "command 'no-such-tool' not found; check its name and PATH");
    }
}
