//! Forwarding signals to the started command, once each, until it ends.
//!
//! vault handles SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 with
//! signal-hook's self-pipe (no `unsafe` here), so it outlives them long enough to
//! remove the run directory. A signal sent by a process (`kill`, a supervisor) is
//! passed on to the command. One sent by the kernel is not: that is a terminal's
//! Ctrl-C, Ctrl-\ or hangup, which the kernel sends to the whole foreground process
//! group, so the command already has it; forwarding would deliver it twice. Handled
//! signals are reset to their defaults by `exec`, so the command starts with default
//! dispositions.
//!
//! A signal the parent set to be ignored (as `nohup` does for SIGHUP) is left ignored,
//! so the command inherits that choice just as it would without vault in between.

use std::os::raw::c_int;

use anyhow::Context;
use nix::errno::Errno;
use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{Id, WaitPidFlag, WaitStatus, waitid};
use nix::unistd::Pid;
use signal_hook::consts::{SIGCHLD, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2};
use signal_hook::iterator::SignalsInfo;
use signal_hook::iterator::exfiltrator::WithOrigin;

/// The terminal and termination signals passed on to the command.
const FORWARDED: [c_int; 6] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2];

pub struct Forwarder {
    signals: SignalsInfo<WithOrigin>,
}

impl Forwarder {
    /// Starts catching the forwarded signals (except those inherited as ignored) and
    /// SIGCHLD, which wakes the wait for the command's end.
    pub fn new() -> anyhow::Result<Forwarder> {
        let ignored = inherited_ignored();
        let caught = FORWARDED.into_iter().filter(|&signal| !is_in(ignored, signal)).chain([SIGCHLD]);
        let signals = SignalsInfo::<WithOrigin>::new(caught).context("cannot set up signal handling")?;
        Ok(Forwarder { signals })
    }

    /// The name of a signal that arrived before the command started, if any: vault
    /// should stop instead of starting it.
    pub fn interrupted(&mut self) -> Option<String> {
        let origin = self.signals.pending().find(|origin| origin.signal != SIGCHLD)?;
        Some(
            signal_hook::low_level::signal_name(origin.signal)
                .map_or_else(|| format!("signal {}", origin.signal), str::to_owned),
        )
    }

    /// Forwards signals to `child` until it has ended, leaving it unreaped: its pid
    /// stays reserved, so a late signal can never reach an unrelated process that
    /// reused it. The caller reaps it.
    pub fn forward_until_exit(&mut self, child: &std::process::Child) {
        let Ok(pid) = i32::try_from(child.id()) else { return };
        let pid = Pid::from_raw(pid);
        while still_running(pid) {
            // Wakes for SIGCHLD too: registered before the spawn, so an exit is never missed.
            for origin in self.signals.wait() {
                let sender = origin.process.map(|process| process.pid);
                if should_forward(origin.signal, sender, pid.as_raw())
                    && let Ok(signal) = Signal::try_from(origin.signal)
                {
                    // ESRCH: it ended meanwhile, which the loop notices next.
                    let _ = kill(pid, signal);
                }
            }
        }
    }
}

/// Whether the command is still running. Any error but EINTR (there is no such child
/// any more) counts as ended, so vault never waits forever here.
fn still_running(pid: Pid) -> bool {
    let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOHANG | WaitPidFlag::WNOWAIT;
    loop {
        match waitid(Id::Pid(pid), flags) {
            Err(Errno::EINTR) => continue,
            Ok(WaitStatus::StillAlive) => return true,
            _ => return false,
        }
    }
}

/// Whether a caught signal goes on to the command: only those a process sent (a
/// kernel-sent one reached the whole process group already), and not those the
/// command sent itself (`kill 0` in the command reaches vault too).
fn should_forward(signal: c_int, sender: Option<i32>, child: i32) -> bool {
    signal != SIGCHLD && sender.is_some_and(|sender| sender != child)
}

/// The signals vault's parent set to be ignored, from `/proc/self/status` (read before
/// vault changes any disposition). None where there is no `/proc`.
fn inherited_ignored() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    parse_sig_ign(&status)
}

fn parse_sig_ign(status: &str) -> u64 {
    status
        .lines()
        .find_map(|line| line.strip_prefix("SigIgn:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .unwrap_or(0)
}

/// Whether `signal` is in a `/proc` signal mask (bit N-1 for signal N).
fn is_in(mask: u64, signal: c_int) -> bool {
    (1..=64).contains(&signal) && mask & (1 << (signal - 1)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_signals_from_other_processes_are_forwarded() {
        let child = 4242;
        assert!(should_forward(SIGTERM, Some(1000), child));
        assert!(!should_forward(SIGINT, None, child), "a terminal's Ctrl-C reached the child already");
        assert!(!should_forward(SIGTERM, Some(child), child), "the child signalled its own group");
        assert!(!should_forward(SIGCHLD, Some(child), child));
    }

    #[test]
    fn ignored_signals_are_read_from_proc() {
        let status = "Name:\tvault\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000001001\nSigCgt:\t0\n";
        let mask = parse_sig_ign(status);
        assert!(is_in(mask, SIGHUP) && is_in(mask, 13));
        assert!(!is_in(mask, SIGINT) && !is_in(mask, 0) && !is_in(mask, 65));
        assert_eq!(parse_sig_ign("no such line"), 0);
    }
}
