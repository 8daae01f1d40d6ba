//! Starting the agent on demand, detached: the vault command that needs it runs
//! `vault agent launch`, which starts `vault agent serve` and exits at once, so the
//! agent is nobody's child (no zombie under `vault run`'s command, which `vault run`
//! may have become by `exec`). The agent says "ready" (or "running", when another one
//! won the race) on the pipe it inherited, then lets go of it; an error before that
//! comes back on the other pipe and is reported as the starter's own.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use anyhow::{Context as _, anyhow};

/// Starts an agent, or finds that one has just been started by someone else.
pub fn start() -> anyhow::Result<()> {
    let exe = std::env::current_exe().context("cannot find vault's own binary to start the agent")?;
    let mut launcher = agent_command(&exe, "launch")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot start the unlock agent")?;
    let (Some(stdout), Some(mut stderr)) = (launcher.stdout.take(), launcher.stderr.take()) else {
        return Err(anyhow!("cannot start the unlock agent: no pipe to it"));
    };
    let _ = launcher.wait();
    let mut state = String::new();
    BufReader::new(stdout).read_line(&mut state)?;
    if matches!(state.trim_end(), "ready" | "running") {
        return Ok(());
    }
    let mut error = String::new();
    let _ = stderr.read_to_string(&mut error);
    let error = error.trim().strip_prefix("error: ").unwrap_or(error.trim()).to_owned();
    Err(anyhow!(
        "the unlock agent did not start: {}",
        if error.is_empty() { "it exited at once" } else { &error }
    ))
}

/// `vault agent launch`: starts the agent with this process's pipes and returns.
pub fn launch() -> anyhow::Result<()> {
    let exe = std::env::current_exe().context("cannot find vault's own binary")?;
    agent_command(&exe, "serve").spawn().context("cannot start the unlock agent")?;
    Ok(())
}

/// `vault agent STAGE` with nothing of the caller's environment but where the socket
/// goes: no passphrase variable, nothing the agent would not use.
fn agent_command(exe: &std::path::Path, stage: &str) -> Command {
    let mut command = Command::new(exe);
    command.args(["agent", stage]).env_clear().current_dir("/").stdin(Stdio::null());
    for var in ["XDG_RUNTIME_DIR", "TMPDIR"] {
        if let Some(value) = std::env::var_os(var) {
            command.env(var, value);
        }
    }
    command
}
