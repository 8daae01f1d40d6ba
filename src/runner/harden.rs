//! What every vault process does before anything else: keep its own memory out of
//! reach of the user's other processes, and note what the caller handed it.
//!
//! Any vault process may hold a passphrase (`VAULT_PASSPHRASE` is in its environment
//! from the start) or keys, and `vault run`'s command runs as the same user. So vault
//! makes itself non-dumpable at once: its `/proc/<pid>/environ`, `mem`, `maps` and
//! `fd` then belong to root, no process of the same user can `ptrace` it, and the
//! kernel writes no core of it. The soft `RLIMIT_CORE` goes to 0 as well, for systems
//! with `fs.suid_dumpable = 2`, where a non-dumpable process still dumps a core (one
//! only root can read). Both are undone for the command: `execve` makes a normal
//! program dumpable again, and the command gets the caller's core limit back.
//!
//! Key material is not `mlock`ed: locking single buffers needs `unsafe` and the keys
//! live inside age's and x25519's own types; `mlockall` would fault in the whole binary
//! at every start and, with `MCL_FUTURE`, turn a small `RLIMIT_MEMLOCK` into failed
//! allocations. A vault process lives milliseconds (or as long as its command, holding
//! only the values it hands over); swap is left to the system (encrypt it). The unlock
//! agent, which lives for hours, is the exception: it calls `mlockall` itself
//! (`agent::server`), and inherits non-dumpability from here like every vault process.

use std::sync::OnceLock;

use nix::sys::resource::{Resource, getrlimit, rlim_t, setrlimit};

/// The caller's soft core limit, given back to the command.
static CALLER_CORE_LIMIT: OnceLock<rlim_t> = OnceLock::new();

/// The signals the caller left ignored, as a `/proc` mask (bit N-1 for signal N),
/// read before Rust's runtime sets SIGPIPE to be ignored.
static CALLER_IGNORED: OnceLock<u64> = OnceLock::new();

/// Runs before `main` (from `.init_array`, see `main.rs`): notes the ignored signals,
/// then makes the process non-dumpable and lowers its core limit. Best effort: a
/// kernel without these knobs leaves vault as it was, and nothing here may panic.
pub fn at_start() {
    let _ = CALLER_IGNORED.set(read_ignored());
    let _ = nix::sys::prctl::set_dumpable(false);
    if let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_CORE) {
        let _ = CALLER_CORE_LIMIT.set(soft);
        let _ = setrlimit(Resource::RLIMIT_CORE, 0, hard);
    }
}

/// The signals the caller left ignored. Without [`at_start`] (unit tests) they are
/// read now, when SIGPIPE no longer shows the caller's choice.
pub fn caller_ignored() -> u64 {
    *CALLER_IGNORED.get_or_init(read_ignored)
}

fn read_ignored() -> u64 {
    use std::io::Read;
    // `/proc` reports no size: with room for the whole file up front the read is one
    // system call instead of a doubling series starting at 32 bytes.
    let mut status = Vec::with_capacity(4096);
    let read = std::fs::File::open("/proc/self/status").and_then(|mut file| file.read_to_end(&mut status));
    read.map_or(0, |_| parse_mask(&String::from_utf8_lossy(&status), "SigIgn:"))
}

/// A signal mask of a `/proc/<pid>/status` text, by its field (`SigIgn:`, `SigBlk:`);
/// 0 when it is missing.
pub fn parse_mask(status: &str, field: &str) -> u64 {
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .unwrap_or(0)
}

/// Whether `signal` is in a `/proc` signal mask (bit N-1 for signal N).
pub fn is_in(mask: u64, signal: i32) -> bool {
    (1..=64).contains(&signal) && mask & (1 << (signal - 1)) != 0
}

/// Runs `start` with the caller's core limit in place, so that the command it starts
/// inherits it, and lowers the limit again afterwards. vault stays non-dumpable
/// meanwhile, so the limit alone cannot make it dump.
pub fn with_caller_core_limit<T>(start: impl FnOnce() -> T) -> T {
    let restore = |soft: Option<rlim_t>| {
        if let (Some(soft), Ok((_, hard))) = (soft, getrlimit(Resource::RLIMIT_CORE)) {
            let _ = setrlimit(Resource::RLIMIT_CORE, soft, hard);
        }
    };
    restore(CALLER_CORE_LIMIT.get().copied());
    let started = start();
    restore(CALLER_CORE_LIMIT.get().map(|_| 0));
    started
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignored_signals_are_read_from_proc() {
        let status = "Name:\tvault\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000001001\nSigCgt:\t0\n";
        let mask = parse_mask(status, "SigIgn:");
        assert!(is_in(mask, 1) && is_in(mask, 13));
        assert!(!is_in(mask, 2) && !is_in(mask, 0) && !is_in(mask, 65));
        assert_eq!(parse_mask(status, "SigBlk:"), 0);
        assert_eq!(parse_mask("no such line", "SigIgn:"), 0);
    }
}
