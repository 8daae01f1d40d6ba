//! The unlock agent: one process per user that holds unlocked data keys in memory, so
//! that a passphrase vault is unlocked once per session (`vault unlock`) instead of
//! once per command, as ssh-agent does for ssh keys.
//!
//! It is asked only where a passphrase would otherwise be needed (see
//! [`crate::keyring::KeySources`]); it holds only data keys whose owner tags the vault
//! command checked, filed under the vault id and the owner tag as stored, so a changed
//! key never matches; it never holds an identity or a passphrase. Any process of the
//! same user can ask it for a key it holds, until the key expires or `vault lock`.
//!
//! - [`place`]: where the socket is, and the checks on it and on the peer
//! - [`protocol`]: the versioned messages
//! - [`server`]: the agent process itself
//! - [`start`]: starting it on demand, detached

mod place;
mod protocol;
pub mod server;
pub mod start;

use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

pub use self::protocol::HeldVault;
use self::protocol::{Received, Reply, Request, WireKey};
use crate::crypto::DataKey;

/// `VAULT_AGENT=0` turns the agent off, as the config's `agent = false` does.
pub const AGENT_VAR: &str = "VAULT_AGENT";

/// How long a client waits for the agent's reply.
const REPLY_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether the agent may be used at all: not turned off by `VAULT_AGENT` or the config.
pub fn enabled(config: Option<bool>) -> bool {
    let off_by_env = std::env::var_os(AGENT_VAR)
        .is_some_and(|value| matches!(value.to_str(), Some("0" | "off" | "false" | "no")));
    !off_by_env && config != Some(false)
}

/// What the running agent reports about itself.
pub struct Status {
    pub pid: u32,
    pub memory_locked: bool,
    pub vaults: Vec<HeldVault>,
}

/// The data key the agent holds for this vault id and stored owner tag, if any. No
/// agent, or one of another protocol version, holds nothing.
pub fn held_key(vault_id: &str, key_tag: &[u8]) -> anyhow::Result<Option<DataKey>> {
    let request = Request::Get { vault_id: vault_id.to_owned(), key_tag: tag_text(key_tag) };
    Ok(match ask_running(&request)? {
        Some(Reply::Key { key }) => key.to_key(),
        _ => None,
    })
}

/// Hands the agent a checked data key to hold for `idle` after each use (and the hard
/// cap at most), starting the agent if none runs and replacing one of another protocol
/// version. Returns when it will be forgotten unless used, and at the latest.
pub fn hold(
    vault_path: &Path,
    vault_id: &str,
    key_tag: &[u8],
    key: &DataKey,
    idle: Duration,
) -> anyhow::Result<(i64, i64)> {
    let request = || Request::Hold {
        vault_id: vault_id.to_owned(),
        key_tag: tag_text(key_tag),
        path: vault_path.display().to_string(),
        key: WireKey::of(key),
        idle_secs: idle.as_secs().max(1),
    };
    // A second round for an agent that was exiting (it had just expired its last key)
    // or of another version, now replaced.
    for _ in 0..2 {
        let socket = place::socket_for_agent()?;
        let answer = match ask(&socket, &request())? {
            Answer::Gone => {
                start::start()?;
                ask(&socket, &request())?
            }
            answer => answer,
        };
        match answer {
            Answer::Reply(Reply::Held { expires_at, hard_expires_at }) => {
                return Ok((expires_at, hard_expires_at));
            }
            Answer::Reply(Reply::Refused { message }) => {
                return Err(anyhow::anyhow!("the unlock agent refused the key: {message}"));
            }
            Answer::OtherVersion(pid) => replace(&socket, pid),
            _ => {}
        }
    }
    Err(anyhow::anyhow!("the unlock agent did not take the key"))
}

/// Makes the agent forget `vault_id`; how many keys it forgot (0 with no agent).
pub fn forget(vault_id: &str) -> anyhow::Result<usize> {
    Ok(match ask_running(&Request::Forget { vault_id: vault_id.to_owned() })? {
        Some(Reply::Forgotten { count }) => count,
        _ => 0,
    })
}

/// Stops the agent, which forgets everything; whether one was running. One of another
/// protocol version is stopped by signal.
pub fn stop() -> anyhow::Result<bool> {
    let Some(socket) = running_socket()? else { return Ok(false) };
    Ok(match ask(&socket, &Request::Stop)? {
        Answer::Reply(_) => true,
        Answer::OtherVersion(pid) => {
            replace(&socket, pid);
            true
        }
        Answer::Gone => false,
    })
}

/// What the agent holds; `None` when none runs (or one of another protocol version).
pub fn status() -> anyhow::Result<Option<Status>> {
    Ok(match ask_running(&Request::List)? {
        Some(Reply::List { pid, memory_locked, vaults }) => Some(Status { pid, memory_locked, vaults }),
        _ => None,
    })
}

/// The agent's socket, if its directory and the socket itself pass the checks and
/// exist; an error names what was refused.
fn running_socket() -> anyhow::Result<Option<PathBuf>> {
    let Some(socket) = place::existing_socket()? else { return Ok(None) };
    Ok(place::check_socket(&socket)?.then_some(socket))
}

fn ask_running(request: &Request) -> anyhow::Result<Option<Reply>> {
    let Some(socket) = running_socket()? else { return Ok(None) };
    Ok(match ask(&socket, request)? {
        Answer::Reply(reply) => Some(reply),
        _ => None,
    })
}

enum Answer {
    Reply(Reply),
    /// An agent of another protocol version (its pid): never read further.
    OtherVersion(i32),
    /// No agent listens (or it went away without answering).
    Gone,
}

/// One request, one reply. The peer must run as this user.
fn ask(socket: &Path, request: &Request) -> anyhow::Result<Answer> {
    let Ok(mut stream) = UnixStream::connect(socket) else { return Ok(Answer::Gone) };
    let Some(pid) = place::same_user_peer(&stream) else {
        return Err(anyhow::anyhow!(
            "refusing the unlock agent at {}: the process listening there runs as another user",
            socket.display()
        ));
    };
    stream.set_read_timeout(Some(REPLY_TIMEOUT))?;
    stream.set_write_timeout(Some(REPLY_TIMEOUT))?;
    if protocol::send(&mut stream, request).is_err() {
        return Ok(Answer::Gone);
    }
    Ok(match protocol::receive::<Reply>(&stream) {
        Ok(Received::Message(reply)) => Answer::Reply(reply),
        Ok(Received::OtherVersion) => Answer::OtherVersion(pid),
        Err(_) => Answer::Gone,
    })
}

/// Stops an agent of another protocol version (same user, by `SO_PEERCRED`'s pid) and
/// waits for its socket to stop answering, then removes a socket it left.
fn replace(socket: &Path, pid: i32) {
    let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
    for _ in 0..200 {
        if UnixStream::connect(socket).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    if UnixStream::connect(socket).is_err() {
        let _ = std::fs::remove_file(socket);
    }
}

/// An owner tag as the agent files it.
fn tag_text(key_tag: &[u8]) -> String {
    STANDARD.encode(key_tag)
}
