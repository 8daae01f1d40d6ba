//! The doorway: parse, dispatch, report an error once, exit with its code. A reader
//! that went away (`vault list | head`) is not an error.

use std::process::ExitCode;

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
