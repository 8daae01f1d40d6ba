//! The pseudo-terminal `vault run --mask` gives its command when vault's output is a
//! terminal, and the user's terminal in raw mode while vault relays it.
//!
//! The pty starts with the user's terminal settings and window size, so the command
//! sees the terminal it would have seen (colours, line editing, full-screen programs);
//! keys reach it untouched because the user's terminal is raw, and its own line
//! discipline turns Ctrl-C and Ctrl-Z into signals for its foreground group, once.
//! The user's settings are put back whenever vault stops relaying: at the end, on
//! every error (the guard's `Drop`), and while vault is stopped by job control.

use std::ffi::CString;
use std::io::IsTerminal;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStringExt;

use anyhow::Context;
use nix::fcntl::{FcntlArg, FdFlag, OFlag, fcntl};
use nix::sys::termios::{SetArg, Termios, cfmakeraw, tcgetattr, tcsetattr};
use nix::unistd::{Pid, getpgrp, tcgetpgrp};

/// A fresh pty pair; vault keeps the master and its own slave descriptor only until
/// the command has opened the slave by its path.
pub struct Pty {
    pub master: OwnedFd,
    pub slave: OwnedFd,
    /// The slave's path, which the command opens as its controlling terminal.
    pub slave_path: CString,
}

impl Pty {
    /// A pty with the settings of `terminal` (the user's) and the window size of
    /// vault's stdout.
    pub fn open(terminal: BorrowedFd<'_>) -> anyhow::Result<Pty> {
        let settings = tcgetattr(terminal).ok();
        let size = rustix::termios::tcgetwinsize(std::io::stdout()).ok().map(to_nix);
        let pair =
            nix::pty::openpty(size.as_ref(), settings.as_ref()).context("cannot open a pseudo-terminal")?;
        for fd in [&pair.master, &pair.slave] {
            fcntl(fd, FcntlArg::F_SETFD(FdFlag::FD_CLOEXEC)).context("cannot set up the pseudo-terminal")?;
        }
        let flags = OFlag::from_bits_truncate(fcntl(&pair.master, FcntlArg::F_GETFL)?);
        fcntl(&pair.master, FcntlArg::F_SETFL(flags | OFlag::O_NONBLOCK))
            .context("cannot set up the pseudo-terminal")?;
        let path = nix::unistd::ttyname(&pair.slave).context("cannot name the pseudo-terminal")?;
        let slave_path = CString::new(path.into_os_string().into_vec())
            .context("the pseudo-terminal's name holds a NUL byte")?;
        Ok(Pty { master: pair.master, slave: pair.slave, slave_path })
    }
}

/// Gives the pty the window size of vault's stdout; the kernel then sends SIGWINCH to
/// the pty's foreground group. Best effort: a terminal with no size has none to copy.
pub fn copy_window_size(master: BorrowedFd<'_>) {
    if let Ok(size) = rustix::termios::tcgetwinsize(std::io::stdout()) {
        let _ = rustix::termios::tcsetwinsize(master, size);
    }
}

fn to_nix(size: rustix::termios::Winsize) -> nix::pty::Winsize {
    nix::pty::Winsize {
        ws_row: size.ws_row,
        ws_col: size.ws_col,
        ws_xpixel: size.ws_xpixel,
        ws_ypixel: size.ws_ypixel,
    }
}

/// The user's terminal (vault's stdin) in raw mode while it is relayed; its settings
/// are restored by [`RawMode::restore`] and on drop.
pub struct RawMode {
    /// Whether vault relays the terminal at all.
    relays: bool,
    /// The user's settings while the terminal is raw.
    saved: Option<Termios>,
}

impl RawMode {
    /// Puts stdin's terminal into raw mode if `relays` (see [`RawMode::resume`]).
    pub fn enter(relays: bool) -> RawMode {
        let mut raw = RawMode { relays, saved: None };
        raw.resume();
        raw
    }

    /// Makes stdin's terminal raw again, if it is a terminal vault may set: not while
    /// vault runs in the background, where the shell owns the terminal.
    pub fn resume(&mut self) {
        let stdin = std::io::stdin();
        if !self.relays || self.saved.is_some() || !stdin.is_terminal() || in_background(stdin.as_fd()) {
            return;
        }
        if let Ok(saved) = tcgetattr(&stdin) {
            let mut settings = saved.clone();
            cfmakeraw(&mut settings);
            if tcsetattr(&stdin, SetArg::TCSADRAIN, &settings).is_ok() {
                self.saved = Some(saved);
            }
        }
    }

    /// Whether vault relays the terminal but cannot have it raw now (it runs in the
    /// background).
    pub fn waiting(&self) -> bool {
        self.relays && self.saved.is_none()
    }

    /// Puts the user's settings back (before vault stops or ends).
    pub fn restore(&mut self) {
        if let Some(saved) = self.saved.take() {
            let _ = tcsetattr(std::io::stdin(), SetArg::TCSADRAIN, &saved);
        }
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        self.restore();
    }
}

/// Whether `fd` is vault's controlling terminal and another process group has it in
/// the foreground.
pub fn in_background(fd: BorrowedFd<'_>) -> bool {
    tcgetpgrp(fd).is_ok_and(|foreground| foreground != getpgrp())
}

/// The pty's foreground process group, if it has one.
pub fn foreground(master: BorrowedFd<'_>) -> Option<Pid> {
    tcgetpgrp(master).ok()
}

/// The pty's settings: whether its line discipline makes signals of keys, and its
/// suspend key.
pub fn suspend_key(master: BorrowedFd<'_>) -> Option<u8> {
    use nix::sys::termios::{LocalFlags, SpecialCharacterIndices};
    let settings = tcgetattr(master).ok()?;
    let key = settings.control_chars[SpecialCharacterIndices::VSUSP as usize];
    (settings.local_flags.contains(LocalFlags::ISIG) && key != 0).then_some(key)
}
