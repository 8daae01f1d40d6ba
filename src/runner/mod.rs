//! `vault run`'s launcher: it builds the command's environment, writes file secrets
//! into a private run directory, starts the command from its argv (never through a
//! shell), forwards signals, removes the directory and reports the command's status.
//!
//! It owns nothing before the [`Plan`] (resolution, unlocking and `--require` are
//! `commands::run`'s) and never prints a value: messages name commands, locations and
//! paths only. Everything that fails before the command starts is
//! [`LaunchError::Setup`] (exit 125), so vault's own failures never pass for the
//! command's status.
//!
//! - [`env`]: the child's environment (pure precedence rules)
//! - [`rundir`]: the private directory for file secrets, and sweeping orphans
//! - [`signals`]: forwarding signals to the started command until it ends

mod env;
mod rundir;
mod signals;

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Child, Command, ExitStatus};

use anyhow::anyhow;
use nix::errno::Errno;
use secrecy::SecretSlice;

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

/// Runs the plan's command and returns the status vault should exit with: the
/// command's exit code, or 128+N when it died of signal N.
///
/// With no file secrets there is nothing to clean up afterwards, so vault replaces
/// itself with the command (`exec`): no extra process, and signals reach the command
/// directly. Otherwise vault stays as the parent to remove the run directory.
pub fn launch(plan: Plan) -> Result<u8, LaunchError> {
    let Plan { command, inherited, env, files, preserve_env } = plan;
    let Some((program, args)) = command.split_first() else {
        return Err(LaunchError::Setup(anyhow!("no command to run")));
    };
    let secrets = env::secret_vars(&env).map_err(LaunchError::Setup)?;

    if files.is_empty() {
        let vars = env::child_env(inherited, secrets, None, preserve_env);
        // `exec` only returns when it failed, and then nothing has changed yet.
        let error = command_for(program, args, vars).exec();
        return Err(classify(program, error));
    }

    // Handlers go in before the directory exists: from then on a signal can no longer
    // end vault before it has removed the directory.
    let mut forwarder = Forwarder::new().map_err(LaunchError::Setup)?;
    let dir = RunDir::create().map_err(LaunchError::Setup)?;
    let paths = dir.write(&files).map_err(LaunchError::Setup)?;
    let vars = env::child_env(inherited, [secrets, paths].concat(), Some(dir.path()), preserve_env);
    if let Some(signal) = forwarder.interrupted() {
        return Err(LaunchError::Setup(anyhow!("interrupted by {signal} before the command started")));
    }
    // A failed spawn drops `dir`, which removes it.
    let mut child = command_for(program, args, vars).spawn().map_err(|e| classify(program, e))?;

    forwarder.forward_until_exit(&child);
    // The command has ended but is not reaped yet (so its pid cannot be reused while
    // signals might still be forwarded to it); remove its files before anything else.
    if let Err(error) = dir.remove() {
        crate::output::note(&format!("warning: {error:#}; remove it by hand"));
    }
    reap(&mut child)
}

/// The command with exactly `vars` as its environment and vault's stdin, stdout and
/// stderr. Rust opens every other descriptor close-on-exec, so the command gets only
/// 0–2; std also resets the signal mask and SIGPIPE for it.
fn command_for(program: &OsStr, args: &[OsString], vars: Vec<(OsString, OsString)>) -> Command {
    let mut command = Command::new(program);
    command.args(args).env_clear().envs(vars);
    command
}

/// Sorts a failure to start the command into the statuses of `env` and `timeout`: 127
/// when it does not exist, 126 when it cannot be executed, and 125 when the cause is
/// vault's side (too much environment, no memory or processes left).
fn classify(program: &OsStr, error: io::Error) -> LaunchError {
    match error.raw_os_error().map(Errno::from_raw) {
        Some(Errno::ENOENT) => LaunchError::NotFound(program.to_owned()),
        Some(Errno::E2BIG) => LaunchError::Setup(anyhow!(
            "the secrets and arguments are too large for a command's environment (E2BIG); \
             move large values into file secrets"
        )),
        Some(Errno::EAGAIN | Errno::ENOMEM) => {
            LaunchError::Setup(anyhow::Error::new(error).context("could not start a new process"))
        }
        // execve says EACCES for a directory; name the actual problem.
        Some(Errno::EACCES) if program.as_encoded_bytes().contains(&b'/') && Path::new(program).is_dir() => {
            LaunchError::NotExecutable(program.to_owned(), io::Error::from_raw_os_error(Errno::EISDIR as i32))
        }
        _ => LaunchError::NotExecutable(program.to_owned(), error),
    }
}

/// Reaps the ended command and maps its status.
fn reap(child: &mut Child) -> Result<u8, LaunchError> {
    let status = child.wait().map_err(|e| {
        LaunchError::Setup(anyhow::Error::new(e).context("lost track of the command's status"))
    })?;
    Ok(status_code(status))
}

/// The status a shell reports for a process: its exit code, or 128+N when signal N
/// ended it.
fn status_code(status: ExitStatus) -> u8 {
    match (status.code(), status.signal()) {
        // Exit codes are 0–255 already; the mask only makes the conversion total.
        (Some(code), _) => (code & 0xff) as u8,
        (None, Some(signal)) => 128u8.saturating_add(u8::try_from(signal).unwrap_or(u8::MAX)),
        // `wait` reports only ended processes, which have one or the other.
        (None, None) => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_as_a_shell_reports_them() {
        // Raw wait statuses: exit code in the second byte, signal in the low bits.
        assert_eq!(status_code(ExitStatus::from_raw(0)), 0);
        assert_eq!(status_code(ExitStatus::from_raw(7 << 8)), 7);
        assert_eq!(status_code(ExitStatus::from_raw(255 << 8)), 255);
        assert_eq!(status_code(ExitStatus::from_raw(15)), 143);
        assert_eq!(status_code(ExitStatus::from_raw(9)), 137);
        // A core dump sets 0x80 but is still signal 11.
        assert_eq!(status_code(ExitStatus::from_raw(11 | 0x80)), 139);
    }

    #[test]
    fn start_failures_get_the_statuses_of_env() {
        let code = |errno: Errno, program: &str| {
            classify(OsStr::new(program), io::Error::from_raw_os_error(errno as i32)).exit_code()
        };
        assert_eq!(code(Errno::ENOENT, "nope"), 127);
        assert_eq!(code(Errno::EACCES, "./script"), 126);
        assert_eq!(code(Errno::ENOEXEC, "./script"), 126);
        assert_eq!(code(Errno::E2BIG, "env"), 125);
        assert_eq!(code(Errno::EAGAIN, "env"), 125);
        let dir = classify(OsStr::new("/"), io::Error::from_raw_os_error(Errno::EACCES as i32));
        let source = std::error::Error::source(&dir).map(ToString::to_string).unwrap_or_default();
        assert!(source.contains("directory"), "{source}");
    }

    #[test]
    fn messages_name_the_command() {
        let missing = LaunchError::NotFound("no-such-tool".into()).to_string();
        assert_eq!(missing, "command 'no-such-tool' not found; check its name and PATH");
    }
}
