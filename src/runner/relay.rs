//! `vault run --mask`: the command's output goes through vault, which conceals secret
//! values in it (see [`super::mask`]) on the way to vault's own stdout and stderr.
//!
//! **How the command is connected.** When vault's stdout is a terminal, the command
//! gets a pty of its own ([`super::pty`]) as its controlling terminal, in a session of
//! its own: its stdout, its stdin when vault's stdin is the terminal, and its stderr
//! when vault's stderr is one too (otherwise a pipe). vault relays the keys to it and
//! its output back. Otherwise the command's stdout and stderr are two pipes, relayed
//! separately, and it reads vault's stdin directly. Either way vault stays the parent.
//!
//! **Timing.** Output is written as soon as it is read, but for a tail that could
//! still become a value; that tail goes out once the stream has been quiet for
//! [`IDLE`]. After the command ends, vault relays what is left until every stream is
//! closed or quiet for [`IDLE`] (a background process that keeps a stream open then
//! loses it, as it would when the terminal closed).
//!
//! **Job control on the pty.** Ctrl-C and Ctrl-Z reach the command through its pty's
//! line discipline, once. A stop of the command stops vault (after restoring the
//! user's terminal), so the shell gets the terminal back; when `fg` continues vault,
//! it goes raw again, copies the window size and passes the SIGCONT on. In the
//! background (`bg`) vault leaves the terminal alone and reads no keys, looking every
//! [`IDLE`] whether it has the terminal again. The kernel discards a default-action
//! SIGTSTP in a process group with no parent in its session (an "orphaned" group),
//! which the command's is, its parent vault being outside its session; so when the
//! suspend key reaches a command that leaves SIGTSTP at its default, vault stops it
//! with SIGSTOP, as the kernel would have stopped it.

use std::ffi::CString;
use std::io::{IsTerminal, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::time::Duration;

use anyhow::Context;
use nix::errno::Errno;
use nix::fcntl::OFlag;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{Id, WaitPidFlag, WaitStatus, waitid};
use nix::unistd::Pid;
use zeroize::Zeroizing;

use super::mask::{Masker, Patterns};
use super::pty::{self, Pty, RawMode};
use super::signals::{Forwarder, still_running};

/// How long a quiet stream keeps a held-back tail, and how long vault waits for more
/// output once the command has ended.
const IDLE: Duration = Duration::from_millis(100);

/// How one of the command's descriptors 0–2 is connected.
pub enum Wire {
    /// vault's own.
    Inherit,
    /// The pty's slave.
    Pty,
    /// The write end of a pipe vault reads.
    Pipe(OwnedFd),
}

/// How the command is started: its descriptors 0–2, and whether it gets a session of
/// its own with the pty as its controlling terminal.
pub struct Wiring {
    pub fds: [Wire; 3],
    /// The pty slave's path, opened (not inherited) by the command so that it
    /// becomes its controlling terminal.
    pub pty: Option<CString>,
}

/// Where a relayed stream goes.
#[derive(Clone, Copy)]
enum Sink {
    Stdout,
    Stderr,
}

struct Stream<'p> {
    /// `None` once closed.
    source: Option<OwnedFd>,
    sink: Sink,
    masker: Masker<'p>,
}

/// The relay of one command's streams; made before the command starts.
pub struct Relay<'p> {
    streams: Vec<Stream<'p>>,
    /// The pty's master, when the command runs on one.
    master: Option<OwnedFd>,
    /// Kept until the command has started, so the pty never hangs up before.
    slave: Option<OwnedFd>,
    /// Whether the keys on vault's stdin are relayed to the pty.
    keys: bool,
    /// vault is in the background, where reading the terminal fails (EIO: vault blocks
    /// SIGTTIN); reading waits until it is continued.
    keys_paused: bool,
}

impl<'p> Relay<'p> {
    /// Opens the pty or the pipes for a command whose output is masked with
    /// `patterns`, and returns how to connect the command to them.
    pub fn new(patterns: &'p Patterns, forwarder: &mut Forwarder) -> anyhow::Result<(Relay<'p>, Wiring)> {
        let stream = |source, sink| Stream { source: Some(source), sink, masker: Masker::new(patterns) };
        let mut streams = Vec::new();
        if !std::io::stdout().is_terminal() {
            let (out, out_end) = pipe()?;
            let (err, err_end) = pipe()?;
            streams.push(stream(out, Sink::Stdout));
            streams.push(stream(err, Sink::Stderr));
            let wiring = Wiring { fds: [Wire::Inherit, Wire::Pipe(out_end), Wire::Pipe(err_end)], pty: None };
            return Ok((
                Relay { streams, master: None, slave: None, keys: false, keys_paused: false },
                wiring,
            ));
        }
        let keys = std::io::stdin().is_terminal();
        let (stdin, stdout) = (std::io::stdin(), std::io::stdout());
        let terminal = if keys { stdin.as_fd() } else { stdout.as_fd() };
        let Pty { master, slave, slave_path } = Pty::open(terminal)?;
        streams.push(stream(master.try_clone().context("cannot set up the pseudo-terminal")?, Sink::Stdout));
        let stderr = if std::io::stderr().is_terminal() {
            Wire::Pty
        } else {
            let (err, err_end) = pipe()?;
            streams.push(stream(err, Sink::Stderr));
            Wire::Pipe(err_end)
        };
        let stdin = if keys { Wire::Pty } else { Wire::Inherit };
        forwarder.for_own_terminal();
        let wiring = Wiring { fds: [stdin, Wire::Pty, stderr], pty: Some(slave_path) };
        Ok((Relay { streams, master: Some(master), slave: Some(slave), keys, keys_paused: false }, wiring))
    }

    /// Relays until `child` has ended and its output is written, passing signals on
    /// meanwhile; leaves `child` unreaped, and the user's terminal as it was.
    pub fn run(mut self, child: Pid, forwarder: &mut Forwarder) {
        // The command has opened the slave by now (posix_spawn returns after its exec).
        self.slave = None;
        let mut raw = RawMode::enter(self.keys);
        let mut keys: Vec<u8> = Vec::new();
        let mut ended = false;
        // Holds the command's output as read, values and all: wiped when dropped.
        let mut buf = Zeroizing::new(vec![0u8; 64 * 1024]);
        loop {
            // Brought to the foreground with `fg` while running in the background,
            // vault may get no signal at all: it looks again each round meanwhile.
            if raw.waiting() || self.keys_paused {
                self.resume(&mut raw);
            }
            self.follow_signals(child, forwarder, &mut raw);
            ended = ended || !still_running(child);
            if ended && self.streams.iter().all(|s| s.source.is_none()) {
                break;
            }
            let holding = self.streams.iter().any(|s| s.masker.holds());
            let background = raw.waiting() || self.keys_paused;
            let ready = self.wait(forwarder, !keys.is_empty(), ended || holding || background);
            if ready.quiet {
                self.flush_all();
                if ended {
                    break;
                }
            }
            for at in ready.streams {
                self.relay_output(at, &mut buf);
            }
            if ready.keys {
                self.read_keys(&mut keys, child, forwarder, &mut buf);
            }
            self.write_keys(&mut keys);
        }
        self.flush_all();
        drop(raw);
    }

    /// Passes caught signals on and follows what they say on the pty: a resize, vault
    /// asked to stop, vault continued (`fg`, `bg`), the command stopped.
    fn follow_signals(&mut self, child: Pid, forwarder: &mut Forwarder, raw: &mut RawMode) {
        let caught = forwarder.pass_pending(child);
        let Some(master) = &self.master else {
            if caught.stop {
                forwarder.stop_self();
            }
            return;
        };
        if caught.resized {
            pty::copy_window_size(master.as_fd());
        }
        if caught.continued {
            self.resume(raw);
        }
        if caught.stop {
            // Passed on already; a default stop needs help in the command's group.
            if !forwarder.leads_session() {
                stop_as_default(child);
            }
            self.suspend(raw, forwarder);
        }
        if caught.child && stopped(child) {
            if forwarder.leads_session() {
                // No shell would continue vault, and the kernel ignores a stop there.
                let _ = kill(child, Signal::SIGCONT);
            } else {
                // The SIGCONT that continues vault is passed on by the next round.
                self.suspend(raw, forwarder);
            }
        }
    }

    /// Waits until a stream, the keys or a signal is ready, or (`timed`) for [`IDLE`]
    /// at most.
    fn wait(&self, forwarder: &Forwarder, keys_pending: bool, timed: bool) -> Ready {
        let timeout =
            if timed { PollTimeout::try_from(IDLE).unwrap_or(PollTimeout::NONE) } else { PollTimeout::NONE };
        let read_keys = self.keys && !self.keys_paused && !keys_pending;
        let stdin = std::io::stdin();
        let mut fds = vec![PollFd::new(forwarder.fd(), PollFlags::POLLIN)];
        if read_keys {
            fds.push(PollFd::new(stdin.as_fd(), PollFlags::POLLIN));
        }
        if let (true, Some(master)) = (keys_pending, &self.master) {
            fds.push(PollFd::new(master.as_fd(), PollFlags::POLLOUT));
        }
        let first_stream = fds.len();
        let open: Vec<usize> =
            (0..self.streams.len()).filter(|&at| self.streams[at].source.is_some()).collect();
        fds.extend(
            open.iter()
                .filter_map(|&at| self.streams[at].source.as_ref())
                .map(|source| PollFd::new(source.as_fd(), PollFlags::POLLIN)),
        );
        let quiet = match poll(&mut fds, timeout) {
            Ok(0) => true,
            Ok(_) | Err(Errno::EINTR) => false,
            // Nothing to wait on: fall back to checking now and then.
            Err(_) => {
                std::thread::sleep(Duration::from_millis(10));
                false
            }
        };
        let is_ready = |fd: &PollFd| fd.revents().is_some_and(|events| !events.is_empty());
        let streams =
            open.into_iter().zip(&fds[first_stream..]).filter(|(_, fd)| is_ready(fd)).map(|(at, _)| at);
        Ready { quiet, keys: read_keys && is_ready(&fds[1]), streams: streams.collect() }
    }

    fn flush_all(&mut self) {
        for at in 0..self.streams.len() {
            self.flush(at);
        }
    }

    /// Reads what stream `at` has and writes what may be shown; a closed or failed
    /// source is flushed and closed, and a sink that fails closes its source, so the
    /// command's next write fails as it would have without vault (EPIPE, SIGPIPE).
    fn relay_output(&mut self, at: usize, buf: &mut [u8]) {
        let stream = &mut self.streams[at];
        let Some(source) = &stream.source else { return };
        match nix::unistd::read(source, buf) {
            Err(Errno::EAGAIN | Errno::EINTR) => {}
            // EIO: every holder of the pty's slave has closed it.
            Ok(0) | Err(_) => {
                self.flush(at);
                self.streams[at].source = None;
            }
            Ok(read) => {
                let mut out = Vec::with_capacity(read);
                stream.masker.feed(&buf[..read], &mut out);
                if write(stream.sink, &out).is_err() {
                    stream.source = None;
                }
            }
        }
    }

    fn flush(&mut self, at: usize) {
        let stream = &mut self.streams[at];
        if !stream.masker.holds() {
            return;
        }
        let mut out = Vec::new();
        stream.masker.flush(&mut out);
        if write(stream.sink, &out).is_err() {
            stream.source = None;
        }
    }

    /// Reads keys from vault's stdin for the pty.
    fn read_keys(&mut self, keys: &mut Vec<u8>, child: Pid, forwarder: &Forwarder, buf: &mut [u8]) {
        match nix::unistd::read(std::io::stdin(), buf) {
            Err(Errno::EAGAIN | Errno::EINTR) => {}
            Err(Errno::EIO) if pty::in_background(std::io::stdin().as_fd()) => self.keys_paused = true,
            Ok(0) | Err(_) => self.keys = false,
            Ok(read) => {
                keys.extend_from_slice(&buf[..read]);
                let Some(master) = &self.master else { return };
                let suspend = pty::suspend_key(master.as_fd());
                if suspend.is_some_and(|key| buf[..read].contains(&key)) && !forwarder.leads_session() {
                    self.write_keys(keys);
                    if let Some(master) = &self.master {
                        stop_if_orphaned(child, master);
                    }
                }
            }
        }
    }

    /// Writes what it can of `keys` to the pty, without blocking.
    fn write_keys(&mut self, keys: &mut Vec<u8>) {
        let Some(master) = &self.master else {
            keys.clear();
            return;
        };
        while !keys.is_empty() {
            match nix::unistd::write(master, keys) {
                Ok(written) => {
                    keys.drain(..written);
                }
                Err(Errno::EINTR) => {}
                Err(Errno::EAGAIN) => return,
                Err(_) => {
                    keys.clear();
                    self.keys = false;
                }
            }
        }
    }

    /// vault stops: the user's terminal goes back to its settings while it is
    /// stopped, and is raw again after.
    fn suspend(&mut self, raw: &mut RawMode, forwarder: &Forwarder) {
        raw.restore();
        forwarder.stop_self();
        self.resume(raw);
    }

    /// vault was continued, in the foreground or not: the terminal is raw again and
    /// keys are read again if vault has the terminal, and the window size may have
    /// changed.
    fn resume(&mut self, raw: &mut RawMode) {
        raw.resume();
        if !pty::in_background(std::io::stdin().as_fd()) {
            self.keys_paused = false;
        }
        if let Some(master) = &self.master {
            pty::copy_window_size(master.as_fd());
        }
    }
}

/// What [`Relay::wait`] found ready.
struct Ready {
    /// Nothing was, for [`IDLE`].
    quiet: bool,
    keys: bool,
    streams: Vec<usize>,
}

/// Whether `child` is stopped (consuming the report of that stop).
fn stopped(child: Pid) -> bool {
    matches!(
        waitid(Id::Pid(child), WaitPidFlag::WSTOPPED | WaitPidFlag::WNOHANG),
        Ok(WaitStatus::Stopped(..))
    )
}

/// The suspend key went to the pty: if its foreground group is the command's own, the
/// kernel discards the SIGTSTP it sends there unless the command handles it (see the
/// module header); stop the command as that signal would have.
fn stop_if_orphaned(child: Pid, master: &OwnedFd) {
    if pty::foreground(master.as_fd()) == Some(child) {
        stop_as_default(child);
    }
}

/// Stops `child` with SIGSTOP if it leaves SIGTSTP at its default action (neither
/// blocked, ignored nor caught): in its orphaned group, that is what makes it stop.
fn stop_as_default(child: Pid) {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{child}/status")) else { return };
    let handled = ["SigBlk:", "SigIgn:", "SigCgt:"]
        .iter()
        .any(|field| super::harden::is_in(super::harden::parse_mask(&status, field), Signal::SIGTSTP as i32));
    if !handled {
        let _ = kill(child, Signal::SIGSTOP);
    }
}

/// A pipe for one of the command's outputs: the read end vault's (non-blocking), the
/// write end the command's (blocking, as a pipe it made itself would be).
fn pipe() -> anyhow::Result<(OwnedFd, OwnedFd)> {
    use nix::fcntl::{FcntlArg, fcntl};
    let context = "cannot make a pipe for the command's output";
    let (read, write) = nix::unistd::pipe2(OFlag::O_CLOEXEC).context(context)?;
    let flags = OFlag::from_bits_truncate(fcntl(&read, FcntlArg::F_GETFL).context(context)?);
    fcntl(&read, FcntlArg::F_SETFL(flags | OFlag::O_NONBLOCK)).context(context)?;
    Ok((read, write))
}

/// Writes all of `bytes` to vault's stdout or stderr.
fn write(sink: Sink, bytes: &[u8]) -> std::io::Result<()> {
    if bytes.is_empty() {
        return Ok(());
    }
    match sink {
        Sink::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes).and_then(|()| out.flush())
        }
        Sink::Stderr => std::io::stderr().lock().write_all(bytes),
    }
}
