//! Talking to the person at the terminal: passphrase and value prompts without echo,
//! and yes/no confirmations. Everything goes through `/dev/tty`, never stdin, so piped
//! data and prompts never mix (as age and ssh do).

use std::io::{BufRead, BufReader, IsTerminal, Write};

use secrecy::SecretString;

/// Whether a person can be asked: a controlling terminal exists and vault was started
/// from it (stdin or stderr is that terminal). Test harnesses and CI get `false`.
pub fn is_interactive() -> bool {
    (std::io::stdin().is_terminal() || std::io::stderr().is_terminal()) && open_tty().is_ok()
}

fn open_tty() -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new().read(true).write(true).open("/dev/tty")
}

/// Reads a secret value from the terminal without echo.
pub fn prompt_secret(prompt: &str) -> anyhow::Result<SecretString> {
    let text = rpassword::prompt_password(prompt)?;
    Ok(SecretString::from(text))
}

/// Reads a passphrase from the terminal without echo. Ctrl-D, or Enter at an empty
/// prompt (as sudo takes it; vault never sets an empty passphrase), is "no passphrase
/// given" (exit 5), on a line of its own.
pub fn prompt_passphrase(prompt: &str) -> anyhow::Result<SecretString> {
    let given = match rpassword::prompt_password(prompt) {
        Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => {
            // Nothing was echoed, not even the line end: end the prompt's line first.
            if let Ok(mut tty) = open_tty() {
                let _ = writeln!(tty);
            }
            None
        }
        Ok(text) if text.is_empty() => None,
        Ok(text) => Some(SecretString::from(text)),
        Err(error) => return Err(anyhow::Error::new(error).context("failed to read from the terminal")),
    };
    given.ok_or_else(|| {
        crate::error::locked("no passphrase given", "run the command again and type the passphrase")
    })
}

/// How many passphrases a prompt takes before it gives up, as sudo and ssh.
pub const TRIES: usize = 3;

/// Asks for a passphrase until `attempt` accepts it (returns Some), at most [`TRIES`]
/// times, saying so after each wrong one. None after the last wrong one.
pub fn ask_passphrase<T>(
    prompt: &str,
    mut attempt: impl FnMut(&SecretString) -> anyhow::Result<Option<T>>,
) -> anyhow::Result<Option<T>> {
    for tried in 1..=TRIES {
        if let Some(accepted) = attempt(&prompt_passphrase(prompt)?)? {
            return Ok(Some(accepted));
        }
        if tried < TRIES {
            let mut tty = open_tty()?;
            writeln!(tty, "wrong passphrase; try again")?;
        }
    }
    Ok(None)
}

/// Asks a yes/no question on the terminal; anything but y/yes is no.
pub fn confirm(question: &str) -> anyhow::Result<bool> {
    let mut tty = open_tty()?;
    write!(tty, "{question} [y/N] ")?;
    tty.flush()?;
    let mut answer = String::new();
    BufReader::new(tty).read_line(&mut answer)?;
    Ok(matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
}

/// Whether a value can go to a terminal as is: UTF-8 text whose only control
/// characters are tabs and line ends (LF, or CR right before LF). Anything else (binary
/// data, escape sequences, a lone CR that overwrites what was shown) could drive or
/// garble the terminal.
pub fn is_plain_text(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else { return false };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let line_end = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        if c.is_control() && c != '\t' && !line_end {
            return false;
        }
    }
    true
}
