//! One module per subcommand, each with one `run`. This file only dispatches.

mod audit;
mod check;
mod completions;
mod copy;
mod create;
mod delete;
mod export;
mod get;
mod history;
mod init;
mod inject;
mod list;
mod lock;
mod passwd;
mod recipients;
mod rekey;
mod rollback;
mod rotate_key;
mod run;
mod scan;
mod status;
mod unlock;
mod update;
mod workspace;

use crate::cli::{Cli, Command};
use crate::context::Context;

/// Runs the parsed command and returns the process exit status on success (0, or the
/// child's status for `vault run`).
pub fn dispatch(cli: Cli) -> anyhow::Result<u8> {
    match &cli.command {
        Command::Completions(args) => {
            completions::run(args)?;
            return Ok(0);
        }
        Command::Agent(args) => {
            match args.stage {
                crate::cli::AgentStage::Launch => crate::agent::start::launch()?,
                crate::cli::AgentStage::Serve => crate::agent::server::serve()?,
            }
            return Ok(0);
        }
        _ => {}
    }
    // For `vault run`, a bad `.vault.toml` or config is a failure before its command
    // started (125), not a usage error that could pass for the command's status.
    let ctx = Context::new(&cli.globals).map_err(|error| match cli.command {
        Command::Run(_) => crate::error::before_start(error),
        _ => error,
    })?;
    run_command(&ctx, cli.command).map_err(|error| explain(&ctx, error))
}

/// The store's errors with the hint that says what to run next (the store speaks of
/// vaults, workspaces and collections, never of commands or flags), and a not-found
/// error with where the setting that led there came from ([`Context::explain`]).
fn explain(ctx: &Context, error: anyhow::Error) -> anyhow::Error {
    use crate::error::{Failure, Kind};
    use crate::store::{Exists, Missing};
    let failure = if let Some(missing) = error.chain().find_map(|cause| cause.downcast_ref::<Missing>()) {
        let hint = match missing {
            Missing::Vault(_) => {
                "create one with 'vault init', or point --vault / VAULT_PATH at an existing one".to_owned()
            }
            Missing::Workspace(name) => {
                format!("create it with 'vault workspace create {name}', or see 'vault workspace list'")
            }
            Missing::Collection(collection) if collection.workspace == crate::model::DEFAULT_WORKSPACE => {
                "see 'vault list'".to_owned()
            }
            Missing::Collection(collection) => format!("see 'vault list -w {}'", collection.workspace),
            Missing::Version(collection, _) => {
                format!("see 'vault history {}/{}'", collection.workspace, collection.id)
            }
        };
        let failure = Failure::new(Kind::NotFound, missing.to_string()).with_hint(hint);
        // What `Context::explain` needs to say where the setting came from.
        match missing {
            Missing::Vault(name) => failure.with_missing(crate::error::Missing::Vault(name.into())),
            Missing::Workspace(name) => failure.with_missing(crate::error::Missing::Workspace(name.clone())),
            Missing::Collection(collection) => failure.with_missing(crate::error::Missing::Collection {
                workspace: collection.workspace.clone(),
                id: collection.id.clone(),
            }),
            Missing::Version(..) => failure,
        }
    } else if let Some(exists) = error.chain().find_map(|cause| cause.downcast_ref::<Exists>()) {
        let hint = match exists {
            Exists::Vault(_) => "use it, or pass --vault LOCATION to create another one",
            Exists::Workspace(_) => "see 'vault workspace list'",
            Exists::Collection(_) => {
                "use 'vault update' to change it, or --allow-existing to accept it as is"
            }
        };
        Failure::new(Kind::AlreadyExists, exists.to_string()).with_hint(hint)
    } else if let Some(end) = error.chain().find_map(|cause| cause.downcast_ref::<crate::store::ChainEnd>()) {
        Failure::new(Kind::Integrity, end.to_string()).with_hint("see 'vault audit --verify'")
    } else if let Some(path) = ctx.location.file()
        && crate::store::sqlite::is_busy(&error)
    {
        // The write lock keeps vault processes from meeting SQLite's busy timeout; what
        // still does is named in words, never as "database is locked".
        return crate::error::replace(&error, crate::store::sqlite::busy(path));
    } else {
        return ctx.explain(error);
    };
    ctx.explain(crate::error::replace(&error, failure.into()))
}

fn run_command(ctx: &Context, command: Command) -> anyhow::Result<u8> {
    match command {
        Command::Init(args) => init::run(ctx, args)?,
        Command::Create(args) => create::run(ctx, args)?,
        Command::List(args) => list::run(ctx, args)?,
        Command::Get(args) => get::run(ctx, args)?,
        Command::Update(args) => update::run(ctx, args)?,
        Command::Delete(args) => delete::run(ctx, args)?,
        Command::Workspace(command) => workspace::run(ctx, command)?,
        Command::Run(args) => return run::run(ctx, args),
        Command::Export(args) => export::run(ctx, args)?,
        Command::History(args) => history::run(ctx, args)?,
        Command::Rollback(args) => rollback::run(ctx, args)?,
        Command::Audit(args) => audit::run(ctx, args)?,
        Command::Copy(args) => copy::run(ctx, args)?,
        Command::Passwd(args) => passwd::run(ctx, args)?,
        Command::RotateKey(args) => rotate_key::run(ctx, args)?,
        Command::Recipients(command) => recipients::run(ctx, command)?,
        Command::Status(_) => status::run(ctx)?,
        Command::Unlock(args) => unlock::run(ctx, args)?,
        Command::Lock(args) => lock::run(ctx, args)?,
        Command::Check(args) => check::run(ctx, args)?,
        Command::Inject(args) => inject::run(ctx, args)?,
        Command::Scan(args) => return scan::run(ctx, args),
        Command::Completions(_) | Command::Agent(_) => unreachable!("handled above"),
    }
    Ok(0)
}

/// Asks `question` on the terminal before a change that destroys values; without a
/// terminal, `--yes` is required (exit 2). `verb` says what is refused ("delete").
fn confirm(question: &str, verb: &str) -> anyhow::Result<()> {
    if !crate::terminal::is_interactive() {
        return Err(crate::error::Failure::new(
            crate::error::Kind::Usage,
            format!("refusing to {verb} without confirmation"),
        )
        .with_hint(format!("pass --yes to {verb} without a terminal"))
        .into());
    }
    if !crate::terminal::confirm(question)? {
        return Err(anyhow::anyhow!("cancelled; nothing was changed"));
    }
    Ok(())
}

/// Below this scrypt work factor a passphrase falls quickly to guessing.
const WEAK_WORK_FACTOR: u8 = 14;

/// Warns that a passphrase's work factor is only fit for tests.
fn warn_if_weak(ctx: &Context, work_factor: u8) {
    if work_factor < WEAK_WORK_FACTOR {
        ctx.note(&format!("warning: scrypt work factor {work_factor} is weak; use it only for tests"));
    }
}

/// What `create` and `update` print once their change committed: the generated values
/// with `--show` (one per line, or a `{"KEY": "value"}` object with `--json`), else the
/// summary.
fn print_outcome(
    ctx: &Context,
    summary: &crate::model::Summary,
    gathered: &crate::sources::Gathered,
    show: bool,
) -> anyhow::Result<()> {
    if !show {
        return print_summary(ctx, summary);
    }
    if ctx.json {
        let mut object = serde_json::Map::new();
        for (key, value) in &gathered.generated {
            // Generated values are ASCII.
            object.insert(key.clone(), String::from_utf8_lossy(value).into_owned().into());
        }
        return crate::output::print_json(&object);
    }
    let mut lines = zeroize::Zeroizing::new(Vec::new());
    for (_, value) in &gathered.generated {
        lines.extend_from_slice(value);
        lines.push(b'\n');
    }
    crate::output::print_raw(&lines)
}

/// Prints a collection summary as JSON or as human lines.
fn print_summary(ctx: &Context, summary: &crate::model::Summary) -> anyhow::Result<()> {
    if ctx.json {
        crate::output::print_json(&crate::output::SummaryJson::new(summary))
    } else {
        crate::output::print_summary(summary)
    }
}
