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

/// Reads a secret from the terminal without echo.
pub fn prompt_secret(prompt: &str) -> anyhow::Result<SecretString> {
    let text = rpassword::prompt_password(prompt)?;
    Ok(SecretString::from(text))
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
