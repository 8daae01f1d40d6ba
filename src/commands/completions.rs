//! `vault completions SHELL`: the completion script, generated from the clap model.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs) -> anyhow::Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "vault", &mut std::io::stdout());
    Ok(())
}
