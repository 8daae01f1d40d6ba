//! The doorway: parse, dispatch, report an error once, exit with its code. A reader
//! that went away (`vault list | head`) is not an error.

#![deny(unsafe_code)]

use std::process::ExitCode;

/// Runs [`vault::runner::at_start`] before `main`, from the ELF `.init_array`: before
/// Rust's runtime sets SIGPIPE to be ignored (so vault learns the caller's choice and
/// hands it on to `vault run`'s command; stable Rust has no other way to keep it) and
/// before anything reads `VAULT_PASSPHRASE` or a key (so the process is non-dumpable
/// first). The only `unsafe` in vault: placing a plain, safe function in a link section,
/// which runs it before `main`; it only reads `/proc/self/status` and makes two
/// system calls.
#[allow(unsafe_code)]
#[unsafe(link_section = ".init_array")]
#[used]
static AT_START: extern "C" fn() = at_start;

extern "C" fn at_start() {
    vault::runner::at_start();
}

fn main() -> ExitCode {
    let cli = vault::cli::parse();
    match vault::commands::dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) if vault::error::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            vault::error::report(&error);
            ExitCode::from(vault::error::exit_code_of(&error))
        }
    }
}
