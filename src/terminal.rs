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

/// The person at the terminal, as the unlock's last resort.
pub struct Terminal;

impl crate::keyring::Prompter for Terminal {
    fn can_ask(&self) -> bool {
        is_interactive()
    }

    fn ask(&self, prompt: &str) -> anyhow::Result<SecretString> {
        prompt_secret(prompt)
    }
}
