//! The agent process (`vault agent serve`, started by [`super::start`]): it holds data
//! keys in memory and answers one request per connection, only to processes of its own
//! user, until each key goes unused for its idle time or reaches the hard cap.
//!
//! Memory: the process is non-dumpable from its first instruction (as every vault
//! process is, see `runner::harden`), and `mlockall` keeps its pages out of swap (best
//! effort: a `RLIMIT_MEMLOCK` too small for it leaves them unlocked, which the status
//! view shows). Keys are zeroed when forgotten, expired, or when the agent stops on
//! `vault lock --all`, SIGTERM, SIGINT or SIGHUP. Nothing is written anywhere but the
//! socket, and nothing is logged. It exits once it holds nothing.

use std::io::Write;
use std::os::fd::AsFd;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::mman::{MlockAllFlags, mlockall};
use nix::time::{ClockId, clock_gettime};

use super::protocol::{HeldVault, Received, Reply, Request, WireKey, receive, send};
use crate::crypto::DataKey;

/// The longest any key is held after it was handed over, however often it is used.
pub const HARD_CAP: Duration = Duration::from_secs(12 * 60 * 60);
/// How long a new agent waits for its first key before it exits.
const FIRST_KEY_WAIT: Duration = Duration::from_secs(30);
/// How long one client may take to send its request or read the reply.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(2);

/// One held key.
struct Entry {
    vault_id: String,
    key_tag: String,
    path: String,
    key: DataKey,
    idle: Duration,
    last_used: Duration,
    hard_deadline: Duration,
}

impl Entry {
    fn expiry(&self) -> Duration {
        (self.last_used + self.idle).min(self.hard_deadline)
    }
}

/// Runs the agent until it holds nothing, is told to stop, or gets a stop signal.
/// What it prints before it is ready (an error) goes to whoever started it.
pub fn serve() -> anyhow::Result<()> {
    // A session of its own: no terminal's hangup or Ctrl-C reaches it.
    let _ = nix::unistd::setsid();
    let memory_locked = mlockall(MlockAllFlags::MCL_CURRENT | MlockAllFlags::MCL_FUTURE).is_ok();
    let socket = super::place::socket_for_agent()?;
    let Some(listener) = bind(&socket)? else {
        return announce("running");
    };
    let bound = std::fs::symlink_metadata(&socket)?.ino();
    let (stop_signals, signal_pipe) = UnixStream::pair()?;
    stop_signals.set_nonblocking(true)?;
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT, signal_hook::consts::SIGHUP] {
        signal_hook::low_level::pipe::register(signal, signal_pipe.try_clone()?)?;
    }
    announce("ready")?;
    let mut agent = Agent { entries: Vec::new(), held_any: false, started: now(), memory_locked };
    agent.run(&listener, &stop_signals);
    // Zeroed here (each key's `SecretBox` on drop), before the socket goes.
    drop(agent);
    if std::fs::symlink_metadata(&socket).is_ok_and(|meta| meta.ino() == bound) {
        let _ = std::fs::remove_file(&socket);
    }
    Ok(())
}

/// Binds the socket (0600), replacing a stale one; `None` when a live agent answers
/// there already.
fn bind(socket: &Path) -> anyhow::Result<Option<UnixListener>> {
    if super::place::check_socket(socket)? {
        if UnixStream::connect(socket).is_ok() {
            return Ok(None);
        }
        std::fs::remove_file(socket)
            .with_context(|| format!("cannot remove the stale {}", socket.display()))?;
    }
    let listener = match UnixListener::bind(socket) {
        Ok(listener) => listener,
        // Another agent, started at the same moment, bound it first.
        Err(error)
            if error.kind() == std::io::ErrorKind::AddrInUse && UnixStream::connect(socket).is_ok() =>
        {
            return Ok(None);
        }
        Err(error) => return Err(error).with_context(|| format!("cannot listen on {}", socket.display())),
    };
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o600))?;
    listener.set_nonblocking(true)?;
    Ok(Some(listener))
}

/// Tells the starter the agent is up (or already was), then lets go of its pipes.
fn announce(state: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout();
    writeln!(stdout, "{state}")?;
    stdout.flush()?;
    let null = std::fs::OpenOptions::new().read(true).write(true).open("/dev/null")?;
    nix::unistd::dup2_stdout(null.as_fd())?;
    nix::unistd::dup2_stderr(null.as_fd())?;
    Ok(())
}

/// Time since boot, suspend included: a laptop closed for an hour forgets keys whose
/// idle time passed meanwhile.
fn now() -> Duration {
    clock_gettime(ClockId::CLOCK_BOOTTIME).map(Duration::from).unwrap_or_default()
}

/// `at` (time since boot) as Unix seconds.
fn wall_clock(at: Duration) -> i64 {
    let wall = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let at_wall = wall + at.saturating_sub(now());
    i64::try_from(at_wall.as_secs()).unwrap_or(i64::MAX)
}

struct Agent {
    entries: Vec<Entry>,
    held_any: bool,
    started: Duration,
    memory_locked: bool,
}

/// Whether to go on after a request.
enum Next {
    Continue,
    Stop,
}

impl Agent {
    fn run(&mut self, listener: &UnixListener, stop_signals: &UnixStream) {
        loop {
            let now = now();
            self.entries.retain(|entry| entry.expiry() > now);
            let wake = match self.entries.iter().map(Entry::expiry).min() {
                Some(expiry) => expiry,
                None if self.held_any => return,
                None => self.started + FIRST_KEY_WAIT,
            };
            if wake <= now {
                return;
            }
            // Rounded up, so that the loop never spins just before an expiry.
            let timeout =
                PollTimeout::try_from(wake - now + Duration::from_millis(1)).unwrap_or(PollTimeout::MAX);
            let mut fds = [
                PollFd::new(listener.as_fd(), PollFlags::POLLIN),
                PollFd::new(stop_signals.as_fd(), PollFlags::POLLIN),
            ];
            if poll(&mut fds, timeout).is_err() {
                continue;
            }
            if fds[1].any().unwrap_or(false) {
                return;
            }
            while let Ok((stream, _)) = listener.accept() {
                if let Next::Stop = self.answer(stream) {
                    return;
                }
            }
        }
    }

    /// Answers one connection. A peer of another user gets nothing at all.
    fn answer(&mut self, mut stream: UnixStream) -> Next {
        if super::place::same_user_peer(&stream).is_none()
            || stream.set_nonblocking(false).is_err()
            || stream.set_read_timeout(Some(CLIENT_TIMEOUT)).is_err()
            || stream.set_write_timeout(Some(CLIENT_TIMEOUT)).is_err()
        {
            return Next::Continue;
        }
        let (reply, next) = match receive::<Request>(&stream) {
            Ok(Received::Message(request)) => self.reply(request),
            Ok(Received::OtherVersion) => {
                (Reply::Refused { message: "another protocol version".into() }, Next::Continue)
            }
            Err(_) => return Next::Continue,
        };
        let _ = send(&mut stream, &reply);
        next
    }

    fn reply(&mut self, request: Request) -> (Reply, Next) {
        let now = now();
        let reply = match request {
            Request::Hold { vault_id, key_tag, path, key, idle_secs } => {
                let idle = Duration::from_secs(idle_secs).min(HARD_CAP);
                match key.to_key() {
                    Some(key) if !idle.is_zero() => {
                        self.entries.retain(|entry| entry.vault_id != vault_id);
                        let entry = Entry {
                            vault_id,
                            key_tag,
                            path,
                            key,
                            idle,
                            last_used: now,
                            hard_deadline: now + HARD_CAP,
                        };
                        let reply = Reply::Held {
                            expires_at: wall_clock(entry.expiry()),
                            hard_expires_at: wall_clock(entry.hard_deadline),
                        };
                        self.entries.push(entry);
                        self.held_any = true;
                        reply
                    }
                    _ => Reply::Refused { message: "a malformed key or a zero idle time".into() },
                }
            }
            Request::Get { vault_id, key_tag } => {
                match self.entries.iter_mut().find(|e| e.vault_id == vault_id && e.key_tag == key_tag) {
                    Some(entry) => {
                        entry.last_used = now;
                        Reply::Key { key: WireKey::of(&entry.key) }
                    }
                    None => Reply::NotHeld,
                }
            }
            Request::Forget { vault_id } => {
                let before = self.entries.len();
                self.entries.retain(|entry| entry.vault_id != vault_id);
                Reply::Forgotten { count: before - self.entries.len() }
            }
            Request::Stop => return (Reply::Stopping, Next::Stop),
            Request::List => Reply::List {
                pid: std::process::id(),
                memory_locked: self.memory_locked,
                vaults: self
                    .entries
                    .iter()
                    .map(|entry| HeldVault {
                        path: entry.path.clone(),
                        vault_id: entry.vault_id.clone(),
                        expires_at: wall_clock(entry.expiry()),
                        hard_expires_at: wall_clock(entry.hard_deadline),
                        idle_secs: entry.idle.as_secs(),
                    })
                    .collect(),
            },
        };
        (reply, Next::Continue)
    }
}
