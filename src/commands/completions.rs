//! `vault completions SHELL`: the completion script, generated from the clap model.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs) -> anyhow::Result<()> {
    let mut command = Cli::command();
    // clap_complete panics when its writer fails; generating into memory first lets a
    // closed pipe (`vault completions bash | head`) end as a broken pipe, exit 0.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "vault", &mut script);
    crate::output::print_raw(&script)
}
