//! Passing signals on to the started command, once each, until it ends; and ending
//! vault the way the command ended.
//!
//! **Catching.** While vault waits, it blocks every signal a wrapper passes on (1–31
//! but KILL, STOP and CHLD, as dumb-init does) and reads them from a `signalfd`, with
//! the sender's pid and whether the kernel or a process sent it. Blocked, not handled:
//! no disposition changes, a `kill -SEGV` or `-ABRT` is read like any other signal
//! instead of ending vault with its files on disk, while a real fault in vault still
//! kills it (the kernel unblocks those). Signals the caller left ignored stay ignored.
//!
//! **Once.** Where the command sits decides which copies it already has:
//!
//! - vault in the terminal's foreground process group (an interactive `vault run`): the
//!   command shares vault's group, so Ctrl-C, Ctrl-Z, window resizes and job control
//!   reach both directly from the kernel, and vault passes on only what was sent to it
//!   by a process (`kill PID`), plus the terminal's hangup when vault leads the session
//!   (`ssh -t`, `xterm -e`: the kernel sends that to the session leader alone).
//! - anywhere else (scripts, CI, services, background jobs, `setsid`): the command gets
//!   a process group of its own, so nothing sent to vault or to vault's group
//!   (`kill -TERM -PGID`, bash's `kill %1`) reaches it but through vault, which passes
//!   every such signal on.
//!
//! Signals the command sent (`kill 0` in the command reaches a shared group) and those
//! the kernel raised about vault itself (SIGPIPE on a write, SIGXFSZ, SIGXCPU, SIGSYS)
//! are not passed on.
//!
//! **Stopping.** SIGTSTP, SIGTTIN and SIGTTOU are passed on by the rules above and then
//! vault stops itself with SIGSTOP, as dumb-init does, so the shell sees the job stop;
//! `fg` continues vault's group (and with it a command sharing it). Not when vault
//! leads its session (`ssh -t`, `xterm -e`): its group is then orphaned, no shell above
//! it would ever continue it, and the kernel itself ignores stop signals there.
//!
//! **Its own terminal.** With `run --mask` on a terminal the command leads a session
//! of its own on a pty vault relays ([`Forwarder::for_own_terminal`]): no signal of
//! vault's terminal or group reaches it directly, so it is placed as in its own group,
//! and a SIGWINCH is the relay's to turn into the pty's new size.

use std::os::fd::{AsFd, BorrowedFd};

use anyhow::Context;
use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::signal::{SigSet, SigmaskHow, Signal, kill, sigprocmask};
use nix::sys::signalfd::{SfdFlags, SignalFd, siginfo};
use nix::sys::wait::{Id, WaitPidFlag, WaitStatus, waitid};
use nix::unistd::{Pid, getpgrp, getpid, getsid, tcgetpgrp};

use super::harden::{caller_ignored, is_in};

/// Who sent a caught signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The kernel: a terminal's keys or hangup, or an event of vault's own.
    Kernel,
    /// A process, by its pid (`kill`, `sigqueue`, `tgkill`).
    Process(i32),
}

/// Where vault and its command stand, which decides what reaches the command directly.
#[derive(Clone, Copy, Debug)]
pub struct Placement {
    /// The command shares vault's process group (vault is in the terminal's foreground).
    pub shares_group: bool,
    /// vault leads its session.
    pub leads_session: bool,
}

pub struct Forwarder {
    fd: SignalFd,
    caller_mask: SigSet,
    placement: Placement,
    /// Signals read before the command started, passed on once it runs.
    early: Vec<siginfo>,
    /// SIGWINCH is the caller's to act on, not passed on (see [`Forwarder::for_own_terminal`]).
    relays_winsize: bool,
}

/// What caught signals ask of the caller, beyond passing them on.
#[derive(Default)]
pub struct Caught {
    /// SIGCHLD: the command stopped or ended.
    pub child: bool,
    /// SIGWINCH, when the caller relays the window size.
    pub resized: bool,
    /// A stop signal: vault should stop itself.
    pub stop: bool,
    /// SIGCONT (passed on too): vault was continued.
    pub continued: bool,
}

/// The signals a wrapper passes on: 1–31 but SIGKILL and SIGSTOP (which cannot be
/// caught) and SIGCHLD (vault's own).
fn forwardable() -> impl Iterator<Item = Signal> {
    Signal::iterator().filter(|signal| {
        (*signal as i32) < 32 && !matches!(signal, Signal::SIGKILL | Signal::SIGSTOP | Signal::SIGCHLD)
    })
}

impl Forwarder {
    /// Blocks the forwardable signals (but those the caller left ignored) and SIGCHLD,
    /// which wakes the wait for the command's end, and opens a `signalfd` for them.
    pub fn new() -> anyhow::Result<Forwarder> {
        let ignored = caller_ignored();
        let mut set = SigSet::empty();
        for signal in forwardable().filter(|&signal| !is_in(ignored, signal as i32)) {
            set.add(signal);
        }
        set.add(Signal::SIGCHLD);
        let mut caller_mask = SigSet::empty();
        sigprocmask(SigmaskHow::SIG_BLOCK, Some(&set), Some(&mut caller_mask))
            .context("cannot set up signal handling")?;
        let fd = SignalFd::with_flags(&set, SfdFlags::SFD_CLOEXEC | SfdFlags::SFD_NONBLOCK)
            .context("cannot set up signal handling")?;
        let pgrp = getpgrp();
        let placement = Placement {
            shares_group: in_terminal_foreground(pgrp),
            leads_session: getsid(None).is_ok_and(|sid| sid == getpid()),
        };
        Ok(Forwarder { fd, caller_mask, placement, early: Vec::new(), relays_winsize: false })
    }

    /// The signal mask vault had before, which the command starts with.
    pub fn caller_mask(&self) -> &SigSet {
        &self.caller_mask
    }

    /// Whether the command gets its own process group.
    pub fn own_group(&self) -> bool {
        !self.placement.shares_group
    }

    /// The name of a signal that would have ended vault and arrived before the command
    /// started, if any: vault should stop instead of starting it. Others are kept and
    /// passed on once the command runs.
    pub fn interrupted(&mut self) -> Option<&'static str> {
        while let Ok(Some(info)) = self.fd.read_signal() {
            match Signal::try_from(info.ssi_signo as i32) {
                Ok(signal) if terminates(signal) => return Some(signal.as_str()),
                _ => self.early.push(info),
            }
        }
        None
    }

    /// Passes signals on to `child` until it has ended, leaving it unreaped: its pid
    /// stays reserved, so a late signal can never reach an unrelated process that
    /// reused it. The caller reaps it.
    pub fn forward_until_exit(&mut self, child: Pid) {
        loop {
            if self.pass_pending(child).stop {
                self.stop_self();
            }
            if !still_running(child) {
                return;
            }
            // SIGCHLD is in the set, blocked before the spawn: an exit is never missed.
            let mut fds = [PollFd::new(self.fd.as_fd(), PollFlags::POLLIN)];
            match poll(&mut fds, PollTimeout::NONE) {
                Ok(_) | Err(Errno::EINTR) => {}
                // Nothing to wait on: fall back to checking now and then.
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(10)),
            }
        }
    }

    /// The descriptor to poll for caught signals.
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    /// For a command on a pty of vault's own (`run --mask` on a terminal): it has a
    /// session of its own, so nothing reaches it but through vault, and a window
    /// resize reaches it by the pty's size, which the caller copies.
    pub fn for_own_terminal(&mut self) {
        self.placement.shares_group = false;
        self.relays_winsize = true;
    }

    /// Reads every caught signal, passes each on to `child` by the rules in the module
    /// header (those read before it started first), and says what the caller must do.
    pub fn pass_pending(&mut self, child: Pid) -> Caught {
        let mut caught = Caught::default();
        let early = std::mem::take(&mut self.early);
        let late = std::iter::from_fn(|| self.fd.read_signal().ok().flatten()).collect::<Vec<_>>();
        for info in early.into_iter().chain(late) {
            match Signal::try_from(info.ssi_signo as i32) {
                Ok(Signal::SIGCHLD) => caught.child = true,
                Ok(Signal::SIGWINCH) if self.relays_winsize => caught.resized = true,
                Ok(signal) => {
                    caught.continued |= signal == Signal::SIGCONT;
                    caught.stop |= self.pass_on(&info, child);
                }
                Err(_) => {}
            }
        }
        caught
    }

    /// Passes one signal on; returns whether it asks vault to stop.
    fn pass_on(&self, info: &siginfo, child: Pid) -> bool {
        let Ok(signal) = Signal::try_from(info.ssi_signo as i32) else { return false };
        // si_code: SI_USER (0) and below are sent by a process, positive ones by the kernel.
        let origin = if info.ssi_code <= 0 { Origin::Process(info.ssi_pid as i32) } else { Origin::Kernel };
        if should_forward(signal, origin, child.as_raw(), self.placement) {
            // ESRCH: it ended meanwhile, which the loop notices next.
            let _ = kill(child, signal);
        }
        matches!(signal, Signal::SIGTSTP | Signal::SIGTTIN | Signal::SIGTTOU)
    }

    /// Whether vault leads its session (then no shell would continue a stopped vault).
    pub fn leads_session(&self) -> bool {
        self.placement.leads_session
    }

    /// Stops vault (SIGSTOP) until job control continues it, unless it leads its
    /// session, where nothing would.
    pub fn stop_self(&self) {
        if !self.placement.leads_session {
            // A signal a process sends itself is delivered before `kill` returns: this
            // returns once vault is continued.
            let _ = kill(getpid(), Signal::SIGSTOP);
        }
    }

    /// Ends vault with `signal`, the one its command died of, so that the calling
    /// shell sees a death by signal (bash stops a loop on a Ctrl-C only then). Its
    /// default action is restored, as GNU `timeout` does; the core limit is 0 and vault
    /// non-dumpable, so no core is written. Returns only if the signal cannot end vault
    /// (the caller ignores or blocks it), and then the status is 128+N.
    pub fn die_of(self, signal: Signal) -> u8 {
        let status = 128 + signal as u8;
        if is_in(caller_ignored(), signal as i32) || self.caller_mask.contains(signal) || !terminates(signal)
        {
            return status;
        }
        drop(self);
        // Restores the default action, unblocks and raises; only returns if that failed.
        let _ = signal_hook::low_level::emulate_default_handler(signal as i32);
        status
    }
}

/// Whether a signal's default action ends the process.
fn terminates(signal: Signal) -> bool {
    !matches!(
        signal,
        Signal::SIGCHLD
            | Signal::SIGCONT
            | Signal::SIGURG
            | Signal::SIGWINCH
            | Signal::SIGSTOP
            | Signal::SIGTSTP
            | Signal::SIGTTIN
            | Signal::SIGTTOU
    )
}

/// Whether vault's process group is the foreground group of its controlling terminal
/// (one of stdin, stdout, stderr must be it).
fn in_terminal_foreground(pgrp: Pid) -> bool {
    [std::io::stdin().as_fd(), std::io::stdout().as_fd(), std::io::stderr().as_fd()]
        .into_iter()
        .find_map(|fd| tcgetpgrp(fd).ok())
        .is_some_and(|foreground| foreground == pgrp)
}

/// Whether the command is still running (a stopped one is). Any error but EINTR
/// (there is no such child any more) counts as ended, so vault never waits forever.
pub fn still_running(pid: Pid) -> bool {
    let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOHANG | WaitPidFlag::WNOWAIT;
    loop {
        match waitid(Id::Pid(pid), flags) {
            Err(Errno::EINTR) => continue,
            Ok(WaitStatus::StillAlive) => return true,
            _ => return false,
        }
    }
}

/// Whether a caught signal goes on to the command, which has not got it already (see
/// the module header).
fn should_forward(signal: Signal, origin: Origin, child: i32, placement: Placement) -> bool {
    use Signal::*;
    match origin {
        _ if signal == SIGCHLD => false,
        Origin::Process(sender) if sender == child => false,
        // Job control continues the whole shared group.
        Origin::Process(_) => !(placement.shares_group && signal == SIGCONT),
        // The terminal's hangup goes to the session leader alone.
        Origin::Kernel if signal == SIGHUP && placement.leads_session => true,
        // In a shared group the terminal's signals reached the command too.
        Origin::Kernel if placement.shares_group => false,
        // Raised about vault's own doings, not meant for the job.
        Origin::Kernel => !matches!(signal, SIGPIPE | SIGXFSZ | SIGXCPU | SIGSYS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHILD: i32 = 4242;
    const SHARED: Placement = Placement { shares_group: true, leads_session: false };
    const OWN: Placement = Placement { shares_group: false, leads_session: false };
    const LEADER: Placement = Placement { shares_group: true, leads_session: true };

    #[test]
    fn a_shared_group_gets_only_what_was_sent_to_vault_alone() {
        let sent = Origin::Process(1000);
        assert!(should_forward(Signal::SIGTERM, sent, CHILD, SHARED));
        assert!(should_forward(Signal::SIGSEGV, sent, CHILD, SHARED));
        assert!(!should_forward(Signal::SIGINT, Origin::Kernel, CHILD, SHARED), "Ctrl-C reached the child");
        assert!(!should_forward(Signal::SIGHUP, Origin::Kernel, CHILD, SHARED));
        assert!(!should_forward(Signal::SIGCONT, sent, CHILD, SHARED), "fg continues the group");
        assert!(!should_forward(Signal::SIGTERM, Origin::Process(CHILD), CHILD, SHARED));
        assert!(!should_forward(Signal::SIGCHLD, sent, CHILD, SHARED));
    }

    #[test]
    fn a_session_leader_passes_the_hangup_on() {
        assert!(should_forward(Signal::SIGHUP, Origin::Kernel, CHILD, LEADER));
        assert!(!should_forward(Signal::SIGINT, Origin::Kernel, CHILD, LEADER));
    }

    #[test]
    fn an_own_group_gets_everything_but_vaults_own_events() {
        for signal in forwardable() {
            assert!(should_forward(signal, Origin::Process(1), CHILD, OWN), "{signal}");
        }
        assert!(should_forward(Signal::SIGINT, Origin::Kernel, CHILD, OWN), "Ctrl-C after fg");
        assert!(should_forward(Signal::SIGHUP, Origin::Kernel, CHILD, OWN));
        assert!(!should_forward(Signal::SIGPIPE, Origin::Kernel, CHILD, OWN));
        assert!(!should_forward(Signal::SIGXFSZ, Origin::Kernel, CHILD, OWN));
    }

    #[test]
    fn a_wrapper_forwards_28_signals() {
        let all: Vec<i32> = forwardable().map(|signal| signal as i32).collect();
        assert_eq!(all.len(), 28, "{all:?}");
        assert!(!all.contains(&9) && !all.contains(&17) && !all.contains(&19));
    }
}
