//! The command-line surface, as clap derive types. Doc comments are the help text;
//! there is no logic here beyond merging the global options and recovering the order
//! of secret sources.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{
    Arg, ArgAction, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, value_parser,
};

use crate::model::Kind;

/// Keep API keys, passwords, tokens and files encrypted in a local vault, and hand
/// them to programs with `vault run`.
#[derive(Parser)]
#[command(name = "vault", version, propagate_version = true, max_term_width = 100, args = global_options(),
          after_help = crate::help::TOP)]
pub struct Cli {
    /// The global options, from whichever command level gave them (see [`parse`]).
    #[arg(skip)]
    pub globals: Globals,

    #[command(subcommand)]
    pub command: Command,
}

/// The options every command takes, before or after its name.
#[derive(Default)]
pub struct Globals {
    pub vault: Option<PathBuf>,
    pub workspace: Option<String>,
    pub identity: Option<PathBuf>,
    pub json: bool,
    pub quiet: bool,
    /// The options (`vault`, `workspace`, `identity`) whose value came from their
    /// environment variable rather than the command line.
    pub from_environment: Vec<&'static str>,
}

/// The global options, declared by every command level (`vault --json list` and
/// `vault list --json` alike). clap's `global = true` would copy them into every
/// subcommand at each start, about 0.15 ms of each `vault run` (README "Speed").
/// Declared on each command's argument struct, which `defer` builds only for the
/// command that runs, they cost nothing for the others. Every command's arguments
/// carry `#[command(args = global_options())]`; a test checks none is missing.
fn global_options() -> [Arg; 5] {
    [
        Arg::new("vault")
            .long("vault")
            .env("VAULT_PATH")
            .value_name("PATH")
            .value_parser(value_parser!(PathBuf))
            .help("The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]"),
        Arg::new("workspace")
            .short('w')
            .long("workspace")
            .env("VAULT_WORKSPACE")
            .value_name("WS")
            .add(crate::completion::workspaces())
            .help("Workspace to use [default: from .vault.toml, the user config, else \"default\"]"),
        Arg::new("identity")
            .short('i')
            .long("identity")
            .env("VAULT_IDENTITY_FILE")
            .value_name("FILE")
            .value_parser(value_parser!(PathBuf))
            .help("age identity file that unlocks the vault (age-keygen format)"),
        Arg::new("json")
            .long("json")
            .action(ArgAction::SetTrue)
            .help("Print machine-readable JSON on stdout"),
        Arg::new("quiet")
            .short('q')
            .long("quiet")
            .action(ArgAction::SetTrue)
            .help("Print no messages on stderr, only data and errors"),
    ]
    .map(|arg| arg.help_heading("Global options"))
}

impl Globals {
    /// Merges the levels' copies, outermost first: an option given on the command line
    /// at an inner level wins, as the later of a repeated option does, and the
    /// outermost level also holds what came from the environment.
    pub(crate) fn from_levels(top: &ArgMatches) -> Globals {
        fn pick<T: Clone + Send + Sync + 'static>(
            slot: &mut Option<T>,
            from_environment: &mut Vec<&'static str>,
            level: &ArgMatches,
            id: &'static str,
            outermost: bool,
        ) {
            let source = level.value_source(id);
            if (outermost || source == Some(ValueSource::CommandLine))
                && let Some(value) = level.get_one::<T>(id)
            {
                *slot = Some(value.clone());
                from_environment.retain(|given| *given != id);
                if source == Some(ValueSource::EnvVariable) {
                    from_environment.push(id);
                }
            }
        }
        let mut globals = Globals::default();
        let mut level = Some(top);
        let mut outermost = true;
        while let Some(matches) = level {
            let from_environment = &mut globals.from_environment;
            pick(&mut globals.vault, from_environment, matches, "vault", outermost);
            pick(&mut globals.workspace, from_environment, matches, "workspace", outermost);
            pick(&mut globals.identity, from_environment, matches, "identity", outermost);
            globals.json |= matches.get_flag("json");
            globals.quiet |= matches.get_flag("quiet");
            level = matches.subcommand().map(|(_, sub)| sub);
            outermost = false;
        }
        globals
    }
}

// `defer`: only the invoked subcommand's arguments are built, which keeps clap's share
// of every start small (see README "Speed").
#[derive(Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Create a new vault
    #[command(after_help = crate::help::INIT)]
    Init(InitArgs),
    /// Create a collection of secrets
    #[command(after_help = crate::help::CREATE)]
    Create(CreateArgs),
    /// List collections (never values)
    #[command(visible_alias = "ls", after_help = crate::help::LIST)]
    List(ListArgs),
    /// Show a collection (values masked unless --reveal), or one value's exact bytes
    // `--version N` picks a collection version here, so vault's own version flag is
    // left to `vault --version`.
    #[command(disable_version_flag = true, after_help = crate::help::GET)]
    Get(GetArgs),
    /// Change a collection's secrets, name or description
    #[command(after_help = crate::help::UPDATE)]
    Update(UpdateArgs),
    /// Delete a collection
    #[command(visible_alias = "rm", after_help = crate::help::DELETE)]
    Delete(DeleteArgs),
    /// Run a command with a collection's secrets in its environment and files
    #[command(after_help = crate::help::RUN)]
    Run(RunArgs),
    /// Print a collection's values as a .env file, shell `export` lines, docker --env-file lines or JSON
    #[command(after_help = crate::help::EXPORT)]
    Export(ExportArgs),
    /// List a collection's kept versions and what each changed (never values)
    #[command(after_help = crate::help::HISTORY)]
    History(HistoryArgs),
    /// Make a new version of a collection equal to an older one
    #[command(after_help = crate::help::ROLLBACK)]
    Rollback(RollbackArgs),
    /// List the audit log of changes and reveals, or check it with --verify
    #[command(after_help = crate::help::AUDIT)]
    Audit(AuditArgs),
    /// Copy the whole vault, as ciphertext, into an empty location (a file or PostgreSQL)
    #[command(after_help = crate::help::COPY)]
    Copy(CopyArgs),
    /// Manage workspaces
    #[command(subcommand, args = global_options(), after_help = crate::help::WORKSPACE)]
    Workspace(WorkspaceCommand),
    /// Change the passphrase that protects the vault's identity
    #[command(after_help = crate::help::PASSWD)]
    Passwd(PasswdArgs),
    /// Replace the vault's identity and data key, re-encrypting every stored value
    #[command(after_help = crate::help::ROTATE_KEY)]
    RotateKey(RotateKeyArgs),
    /// List, add or remove the readers of the vault
    #[command(subcommand, args = global_options(), after_help = crate::help::RECIPIENTS)]
    Recipients(RecipientsCommand),
    /// Unlock the vault once: an agent keeps its key until it goes unused (--status: what it holds)
    #[command(after_help = crate::help::UNLOCK)]
    Unlock(UnlockArgs),
    /// Make the unlock agent forget the vault's key now (--all: every vault, and stop it)
    #[command(after_help = crate::help::LOCK)]
    Lock(LockArgs),
    /// Check the project's declared requirements (.vault.toml `require`) without unlocking
    #[command(after_help = crate::help::CHECK)]
    Check(CheckArgs),
    /// Render a template whose {{ COLLECTION.LOCATION }} references name secrets
    #[command(after_help = crate::help::INJECT)]
    Inject(InjectArgs),
    /// Find stored secret values in files or in git's staged changes (never prints them)
    #[command(after_help = crate::help::SCAN)]
    Scan(ScanArgs),
    /// Show where you are: the vault and its mode, the workspace, the project file and
    /// identity file, and where each setting came from (no unlock, no value)
    #[command(after_help = crate::help::STATUS)]
    Status(NoArgs),
    /// Print a shell completion script
    #[command(after_help = crate::help::COMPLETIONS)]
    Completions(CompletionsArgs),
    /// The unlock agent process itself (started by `vault unlock`)
    #[command(hide = true)]
    Agent(AgentArgs),
}

#[derive(Args)]
#[command(args = global_options())]
pub struct InitArgs {
    /// Use the identity in PATH (or generate one there) instead of a passphrase
    #[arg(long, value_name = "PATH")]
    pub identity_file: Option<PathBuf>,

    /// Encrypt the new identity file with a passphrase, as `age -p -a` does (typed
    /// twice, or VAULT_IDENTITY_PASSPHRASE)
    #[arg(long, requires = "identity_file")]
    pub encrypt_identity: bool,

    /// Another reader's age public key (age1…); repeatable
    #[arg(long, value_name = "AGE_RECIPIENT")]
    pub recipient: Vec<String>,

    /// scrypt work factor (log2) protecting the passphrase (or the encrypted identity file)
    #[arg(long, value_name = "N", default_value_t = crate::crypto::DEFAULT_WORK_FACTOR,
          value_parser = clap::value_parser!(u8).range(1..=i64::from(crate::crypto::MAX_WORK_FACTOR)))]
    pub work_factor: u8,
}

// Where secret values come from; repeatable, combinable, applied in the order given.
// (A `//` comment: as a doc comment clap would make it the `about` of the commands
// that flatten it, since `defer` builds their arguments after their own `about`.)
#[derive(Args, Default)]
pub struct SecretSources {
    /// An env secret: KEY=VALUE (visible in `ps` and shell history), or KEY alone to
    /// read the value from stdin or a no-echo prompt
    #[arg(long = "env", value_name = "KEY[=VALUE]")]
    env: Vec<String>,

    /// A file secret whose value is PATH's bytes (`-` for stdin)
    #[arg(long = "file", value_name = "LOCATION=@PATH")]
    file: Vec<String>,

    /// Every entry of a .env file becomes an env secret
    #[arg(long = "from-dotenv", value_name = "PATH")]
    from_dotenv: Vec<PathBuf>,

    /// An env secret whose value is taken from vault's own environment
    #[arg(long = "from-env", value_name = "KEY")]
    from_env: Vec<String>,

    /// Secrets from JSON: a `secrets` array or a whole collection (`-` for stdin)
    #[arg(long = "from-json", value_name = "PATH|-")]
    from_json: Vec<PathBuf>,

    /// Kind label for the sources after it
    #[arg(long = "kind", value_name = "KIND")]
    kind: Vec<Kind>,

    /// An env secret whose value is generated from the OS's random source; never
    /// printed unless --show
    #[arg(long = "generate", value_name = "KEY")]
    generate: Vec<String>,

    /// Length in characters of the --generate values after it [default: 32]
    #[arg(long = "length", value_name = "N",
          value_parser = clap::value_parser!(u16).range(i64::from(crate::generate::MIN_LENGTH)..=i64::from(crate::generate::MAX_LENGTH)))]
    length: Vec<u16>,

    /// Character set of the --generate values after it [default: alnum]
    #[arg(long = "charset", value_name = "SET")]
    charset: Vec<crate::generate::Charset>,

    /// Print the generated values (one per line, in the order given) instead of the
    /// summary
    #[arg(long, requires = "generate")]
    pub show: bool,
    /// Accept an empty value typed at the prompt of `--env KEY`
    #[arg(long = "allow-empty")]
    pub allow_empty: bool,

    #[arg(skip)]
    ordered: Vec<SourceArg>,
}

/// One secret source flag, in command-line order.
#[derive(Clone)]
pub enum SourceArg {
    Env(String),
    File(String),
    Dotenv(PathBuf),
    FromEnv(String),
    Json(PathBuf),
    Kind(Kind),
    Generate(String),
    Length(u16),
    Charset(crate::generate::Charset),
}

impl SecretSources {
    /// The sources in the order they were given on the command line.
    pub fn in_order(&self) -> &[SourceArg] {
        &self.ordered
    }

    /// Whether any value-bearing source was given (`--kind`, `--length` and
    /// `--charset` alone give none).
    pub fn is_empty(&self) -> bool {
        !self
            .ordered
            .iter()
            .any(|s| !matches!(s, SourceArg::Kind(_) | SourceArg::Length(_) | SourceArg::Charset(_)))
    }

    /// clap keeps each flag's values apart; their indices restore the command-line order.
    fn recover_order(&mut self, matches: &ArgMatches) {
        let mut tagged: Vec<(usize, SourceArg)> = Vec::new();
        let mut collect = |id: &str, values: Vec<SourceArg>| {
            if let Some(indices) = matches.indices_of(id) {
                tagged.extend(indices.zip(values));
            }
        };
        collect("env", self.env.iter().cloned().map(SourceArg::Env).collect());
        collect("file", self.file.iter().cloned().map(SourceArg::File).collect());
        collect("from_dotenv", self.from_dotenv.iter().cloned().map(SourceArg::Dotenv).collect());
        collect("from_env", self.from_env.iter().cloned().map(SourceArg::FromEnv).collect());
        collect("from_json", self.from_json.iter().cloned().map(SourceArg::Json).collect());
        collect("kind", self.kind.iter().copied().map(SourceArg::Kind).collect());
        collect("generate", self.generate.iter().cloned().map(SourceArg::Generate).collect());
        collect("length", self.length.iter().copied().map(SourceArg::Length).collect());
        collect("charset", self.charset.iter().copied().map(SourceArg::Charset).collect());
        tagged.sort_by_key(|(index, _)| *index);
        self.ordered = tagged.into_iter().map(|(_, source)| source).collect();
    }
}

#[derive(Args)]
#[command(args = global_options())]
pub struct CreateArgs {
    /// Collection ID (or WS/ID)
    pub id: String,
    /// Display name [default: the ID]
    #[arg(long)]
    pub name: Option<String>,
    /// Description
    #[arg(long)]
    pub description: Option<String>,
    #[command(flatten)]
    pub sources: SecretSources,
    /// Exit 0 and change nothing if the collection exists
    #[arg(long)]
    pub allow_existing: bool,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct ListArgs {
    /// Only collections whose ID, name or description contains TERM (any case)
    #[arg(long, value_name = "TERM")]
    pub search: Option<String>,
    /// Only collections holding a secret of this kind
    #[arg(long, value_name = "KIND")]
    pub kind: Option<Kind>,
    /// Only collections created before TIME (RFC 3339 or YYYY-MM-DD, UTC)
    #[arg(long, value_name = "TIME")]
    pub created_before: Option<String>,
    /// Show at most N collections
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct GetArgs {
    /// Collection ID (or WS/ID)
    #[arg(add = crate::completion::collection_ids())]
    pub id: String,
    /// Write this one secret's exact bytes to stdout (unlocks); a value that is not
    /// plain text is refused on a terminal
    #[arg(add = crate::completion::locations())]
    pub location: Option<String>,
    /// Write the value to FILE (created 0600, replaced atomically) instead of stdout;
    /// `-` writes to stdout even when it is a terminal
    #[arg(short, long, value_name = "FILE", requires = "location")]
    pub output: Option<PathBuf>,
    /// Unlock and show values
    #[arg(long, conflicts_with = "location")]
    pub reveal: bool,
    /// Show version N (see `vault history ID`) instead of the current one
    #[arg(long, value_name = "N")]
    pub version: Option<u64>,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct HistoryArgs {
    /// Collection ID (or WS/ID)
    #[arg(add = crate::completion::collection_ids())]
    pub id: String,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct RollbackArgs {
    /// Collection ID (or WS/ID)
    #[arg(add = crate::completion::collection_ids())]
    pub id: String,
    /// The version to copy (see `vault history ID`)
    #[arg(value_name = "N")]
    pub target: u64,
}

/// Copies every workspace, collection, kept version, key, reader and audit record byte
/// for byte: the copy has the same vault id, pins still match it and its audit chain
/// still verifies. No unlock is needed; nothing is decrypted.
#[derive(Args)]
#[command(args = global_options())]
pub struct CopyArgs {
    /// Where to copy the vault to: a file path, or postgres://USER@HOST:PORT/DB?schema=NAME
    #[arg(long, value_name = "LOCATION")]
    pub to: PathBuf,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct AuditArgs {
    /// Show only the newest N records
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Check the hash chain instead of listing; exit 6 if a record was altered, removed
    /// or moved
    #[arg(long, conflicts_with = "limit")]
    pub verify: bool,
    /// Accept the vault as it is now on this machine, after restoring it from a backup
    /// or putting another vault at its path on purpose: forget the newer state seen
    /// (rollback detection) and pin the vault's id for its path
    #[arg(long, conflicts_with_all = ["limit", "verify"])]
    pub accept_state: bool,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct UpdateArgs {
    /// Collection ID (or WS/ID)
    #[arg(add = crate::completion::collection_ids())]
    pub id: String,
    /// New display name
    #[arg(long)]
    pub name: Option<String>,
    /// New description
    #[arg(long)]
    pub description: Option<String>,
    #[command(flatten)]
    pub sources: SecretSources,
    /// Remove the secret at LOCATION; repeatable
    #[arg(long, value_name = "LOCATION", add = crate::completion::locations())]
    pub unset: Vec<String>,
    /// The given sources become the whole list of secrets
    #[arg(long, conflicts_with = "unset")]
    pub replace: bool,
    /// With --replace and no sources: remove every secret without asking
    #[arg(short, long, requires = "replace")]
    pub yes: bool,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct DeleteArgs {
    /// Collection ID (or WS/ID)
    #[arg(add = crate::completion::collection_ids())]
    pub id: String,
    /// Do not ask for confirmation
    #[arg(short, long)]
    pub yes: bool,
    /// Exit 0 if the collection does not exist
    #[arg(long)]
    pub allow_missing: bool,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct RunArgs {
    /// Collection to load (ID or WS/ID); repeatable, later wins on a clash
    #[arg(short = 'c', long = "collection", value_name = "ID", add = crate::completion::collection_ids())]
    pub collections: Vec<String>,
    /// Fail before starting if KEY is not among the env secrets; repeatable
    #[arg(long, value_name = "KEY")]
    pub require: Vec<String>,
    /// Inherited variables win over secrets of the same name
    #[arg(long)]
    pub preserve_env: bool,
    /// Replace secret values in the command's output with "<concealed by vault>"
    /// (on a terminal the command gets a pseudo-terminal vault relays)
    #[arg(long)]
    pub mask: bool,
    /// Render TEMPLATE (see `vault inject`) into the run's private directory at
    /// LOCATION, removed with it; repeatable
    #[arg(long = "template", value_name = "TEMPLATE:LOCATION")]
    pub templates: Vec<String>,
    /// The command and its arguments
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct ExportArgs {
    /// Collection ID (or WS/ID)
    #[arg(add = crate::completion::collection_ids())]
    pub id: String,
    /// Output format [default: dotenv, or json with --json]; dotenv, shell and docker carry env
    /// secrets only
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<ExportFormat>,
    /// Write to FILE (created 0600, replaced atomically, only on success) instead of
    /// stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// What `vault export` writes.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// KEY=VALUE lines, quoted so dotenv parsers read back the same values and a shell
    /// sources them without running anything
    Dotenv,
    /// The collection with values, in the JSON shape of `get --reveal --json`
    Json,
    /// `export KEY=…` lines, safe to `eval` in POSIX shells
    Shell,
    /// KEY=VALUE lines with raw values, for `docker run --env-file`
    Docker,
}

// Deferred like `Command`: a workspace command builds only its own arguments.
#[derive(Subcommand)]
#[command(defer = true)]
pub enum WorkspaceCommand {
    /// List workspaces
    #[command(visible_alias = "ls", after_help = crate::help::WORKSPACE)]
    List(NoArgs),
    /// Create a workspace
    #[command(after_help = crate::help::WORKSPACE)]
    Create(WorkspaceArgs),
    /// Delete a workspace (with --yes, also its collections)
    #[command(visible_alias = "rm", after_help = crate::help::WORKSPACE)]
    Delete(WorkspaceDeleteArgs),
}

// The argument structs below have no doc comments: clap would make one the `about` of
// its command, since `defer` builds the arguments after the command's own `about`.

// A command that takes only the global options.
#[derive(Args)]
#[command(args = global_options())]
pub struct NoArgs {}

#[derive(Args)]
#[command(args = global_options())]
pub struct WorkspaceArgs {
    /// Workspace name
    pub name: String,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct WorkspaceDeleteArgs {
    /// Workspace name
    #[arg(add = crate::completion::workspaces())]
    pub name: String,
    /// Delete even if it holds collections
    #[arg(short, long)]
    pub yes: bool,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct PasswdArgs {
    /// scrypt work factor (log2) for the new passphrase [default: the vault's current one]
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u8).range(1..=i64::from(crate::crypto::MAX_WORK_FACTOR)))]
    pub work_factor: Option<u8>,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct RotateKeyArgs {
    /// Where to write the new identity (identity-file vaults only; must not exist)
    #[arg(long, value_name = "PATH")]
    pub identity_file: Option<PathBuf>,

    /// Encrypt the new identity file with a passphrase, as `age -p -a` does (typed
    /// twice, or VAULT_IDENTITY_PASSPHRASE)
    #[arg(long, requires = "identity_file")]
    pub encrypt_identity: bool,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct UnlockArgs {
    /// Forget the key once it has gone unused this long (each use renews it; at most
    /// 12h after the unlock however it is used), e.g. 30s, 15m, 2h
    #[arg(long = "for", value_name = "DURATION", default_value = "15m", value_parser = idle_time,
          conflicts_with = "status")]
    pub idle: std::time::Duration,

    /// List the vaults the agent holds, with their ids and when it forgets them (never a key)
    #[arg(long)]
    pub status: bool,
}

/// `--for`: a duration humantime reads ("90s", "15m", "1h 30m"), above zero and at
/// most the agent's hard cap.
fn idle_time(text: &str) -> Result<std::time::Duration, String> {
    let cap = crate::agent::server::HARD_CAP;
    match humantime::parse_duration(text) {
        Ok(duration) if duration.is_zero() => Err("the duration must be above zero".into()),
        Ok(duration) if duration > cap => Err(format!("the longest is {}", humantime::format_duration(cap))),
        Ok(duration) => Ok(duration),
        Err(error) => Err(format!("{error} (examples: 30s, 15m, 2h)")),
    }
}

#[derive(Args)]
#[command(args = global_options())]
pub struct LockArgs {
    /// Forget every vault's key and stop the agent
    #[arg(long)]
    pub all: bool,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct AgentArgs {
    /// `launch` starts `serve` detached and returns; `serve` is the agent
    #[arg(value_enum)]
    pub stage: AgentStage,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum AgentStage {
    Launch,
    Serve,
}

// Deferred like `Command`.
#[derive(Subcommand)]
#[command(defer = true)]
pub enum RecipientsCommand {
    /// List the owner and readers (public keys only; no unlock)
    #[command(visible_alias = "ls", after_help = crate::help::RECIPIENTS)]
    List(NoArgs),
    /// Let another age X25519 key read the vault (the owner only)
    #[command(after_help = crate::help::RECIPIENTS)]
    Add(RecipientAddArgs),
    /// Stop a reader's key from opening anything stored (new data key; the owner only)
    #[command(visible_alias = "rm", after_help = crate::help::RECIPIENTS)]
    Remove(RecipientArgs),
}

#[derive(Args)]
#[command(args = global_options())]
pub struct RecipientArgs {
    /// The reader's public key (age1…)
    pub recipient: String,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct CheckArgs {
    /// Collection to look in (ID or WS/ID) instead of the project's; repeatable
    #[arg(short = 'c', long = "collection", value_name = "ID")]
    pub collections: Vec<String>,
}

// `-i` is the template here, as for `op inject`; the identity is `--identity` only.
#[derive(Args)]
#[command(args = global_options().map(|arg| if arg.get_id() == "identity" { arg.short(None) } else { arg }))]
pub struct InjectArgs {
    /// The template (`-` for stdin)
    #[arg(short = 'i', long = "in", value_name = "TEMPLATE")]
    pub template: PathBuf,
    /// Write to FILE (created 0600, replaced atomically, only on success) instead of
    /// stdout; `-` writes to stdout even when it is a terminal
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct ScanArgs {
    /// Files or directories to scan [default: .]; with --staged, pathspecs
    pub paths: Vec<PathBuf>,
    /// Scan what is staged for the next commit (git's index) instead of the working tree
    #[arg(long)]
    pub staged: bool,
    /// Skip what .gitignore, .git/info/exclude and git's global excludes ignore
    #[arg(long)]
    pub gitignore: bool,
    /// Collection whose values to look for (ID or WS/ID) instead of the project's;
    /// repeatable
    #[arg(short = 'c', long = "collection", value_name = "ID", conflicts_with = "all")]
    pub collections: Vec<String>,
    /// Look for the values of every collection in every workspace
    #[arg(long)]
    pub all: bool,
    /// Values shorter than N bytes are not looked for (they would match everywhere)
    #[arg(long, value_name = "N", default_value_t = crate::model::MIN_FINDABLE_LEN)]
    pub min_length: usize,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct RecipientAddArgs {
    /// The reader's public key (age1…; convert an ssh-ed25519 key with ssh-to-age)
    pub recipient: String,
    /// Whose key it is ("alice"), shown by `recipients list`
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,
}

#[derive(Args)]
#[command(args = global_options())]
pub struct CompletionsArgs {
    /// The shell to complete for
    pub shell: clap_complete::Shell,
}

/// Parses the command line (exiting on `--help`, `--version` and usage errors, as clap
/// does), merges the global options and restores the order of secret sources.
pub fn parse() -> Cli {
    crate::completion::complete_if_asked();
    let matches = Cli::command().try_get_matches().unwrap_or_else(|error| exit_on(error));
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| exit_on(error));
    cli.globals = Globals::from_levels(&matches);
    if let Some((_, sub)) = matches.subcommand() {
        match &mut cli.command {
            Command::Create(args) => args.sources.recover_order(sub),
            Command::Update(args) => args.sources.recover_order(sub),
            _ => {}
        }
    }
    cli
}

/// Ends vault on a clap error. Help and version are printed as clap does. A usage
/// error is printed without the arguments the user typed (a misplaced `--` makes
/// clap call `A=secret` an unexpected argument), and is exit 125 inside `vault run`,
/// as the contract says for everything that fails before the command starts.
fn exit_on(error: clap::Error) -> ! {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        error.exit()
    }
    // Printed by clap, so colour follows the terminal and NO_COLOR as for help.
    let _ = redacted(error).print();
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    std::process::exit(if subcommand_of(&args) == Some("run") { 125 } else { 2 })
}

/// What the user typed is never shown: the argument or value the error names becomes
/// `…` in its context, from which clap writes the message. The rest (which option,
/// the possible values, the usage line, clap's suggestion of a similar option) stays.
fn redacted(mut error: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let mut typed = vec![ContextKind::InvalidValue];
    if error.kind() == ErrorKind::UnknownArgument {
        typed.push(ContextKind::InvalidArg);
    }
    for kind in typed {
        let Some(ContextValue::String(value)) = error.get(kind).cloned() else { continue };
        error.insert(kind, ContextValue::String("…".into()));
        // clap's tips (`to pass '…' as a value, use '-- …'`) repeat it too.
        if let Some(ContextValue::StyledStrs(tips)) = error.get(ContextKind::Suggested).cloned() {
            let tips = tips.into_iter().map(|tip| tip.to_string().replace(&value, "…").into()).collect();
            error.insert(ContextKind::Suggested, ContextValue::StyledStrs(tips));
        }
    }
    error
}

/// The subcommand named on a command line (without the program name): the first word
/// that is neither an option nor the value of a global option that takes one.
fn subcommand_of(args: &[OsString]) -> Option<&str> {
    const TAKE_VALUES: [&str; 5] = ["--vault", "--workspace", "--identity", "-w", "-i"];
    let mut args = args.iter().map(|arg| arg.to_str());
    while let Some(arg) = args.next() {
        match arg? {
            "--" => return None,
            option if TAKE_VALUES.contains(&option) => {
                args.next();
            }
            option if option.starts_with('-') && option.len() > 1 => {}
            name => return Some(name),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subcommand_is_found_past_global_options() {
        let of = |args: &[&str]| {
            let args: Vec<OsString> = args.iter().map(OsString::from).collect();
            subcommand_of(&args).map(str::to_owned)
        };
        assert_eq!(of(&["-w", "run", "--json", "run", "-c", "x"]).as_deref(), Some("run"));
        assert_eq!(of(&["--vault", "v.db", "list"]).as_deref(), Some("list"));
        assert_eq!(of(&["--vault=v.db", "-q", "run"]).as_deref(), Some("run"));
        assert_eq!(of(&["--", "run"]), None);
        assert_eq!(of(&[]), None);
    }

    #[test]
    fn usage_errors_never_echo_what_was_typed() {
        let error = |args: &[&str]| {
            let error = Cli::command().try_get_matches_from(args).err().unwrap();
            redacted(error).render().to_string()
        };
        let text = error(&["vault", "run", "-c", "app", "A=hunter2"]);
        assert!(!text.contains("hunter2") && text.contains("unexpected argument '…'"), "{text}");
        let text = error(&["vault", "run", "--hunter2", "--", "true"]);
        assert!(!text.contains("hunter2") && text.contains("use '-- …'"), "{text}");
        let text = error(&["vault", "get", "app", "--revael"]);
        assert!(text.contains("'--reveal'"), "the suggestion of a similar option stays: {text}");
        let text = error(&["vault", "list", "--limit", "hunter2"]);
        assert!(!text.contains("hunter2") && text.contains("--limit"), "{text}");
        let text = error(&["vault", "create", "x", "--kind", "hunter2"]);
        assert!(!text.contains("hunter2") && text.contains("possible values"), "{text}");
    }

    #[test]
    fn every_help_page_has_examples() {
        fn check(command: &mut clap::Command, path: &str) {
            let help = command.render_help().to_string();
            assert!(help.contains("Examples:\n  vault"), "{path} --help has no examples:\n{help}");
            for sub in
                command.get_subcommands_mut().filter(|sub| sub.get_name() != "help" && !sub.is_hide_set())
            {
                let name = sub.get_name().to_owned();
                check(sub, &format!("{path} {name}"));
            }
        }
        let mut command = Cli::command();
        command.build();
        check(&mut command, "vault");
    }

    #[test]
    fn the_run_help_page_says_what_a_first_user_needs() {
        let mut command = Cli::command();
        command.build();
        let run = command.find_subcommand_mut("run").unwrap();
        let help = run.render_help().to_string();
        for needed in [".vault.toml", "VAULT_SECRETS_DIR", "sh -c '", "125", "126", "127", "VAULT_PASSPHRASE"]
        {
            assert!(help.contains(needed), "run --help does not name {needed}:\n{help}");
        }
        let passwd = command.find_subcommand_mut("passwd").unwrap().render_help().to_string();
        assert!(passwd.contains("VAULT_NEW_PASSPHRASE"), "{passwd}");
    }

    #[test]
    fn the_clap_model_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_level_declares_the_global_options() {
        fn check(command: &clap::Command, path: &str) {
            for id in ["vault", "workspace", "identity", "json", "quiet"] {
                assert!(command.get_arguments().any(|arg| arg.get_id() == id), "{path}: no --{id}");
            }
            // clap's own `help` subcommands print help and exit before any merging.
            for sub in command.get_subcommands().filter(|sub| sub.get_name() != "help") {
                check(sub, &format!("{path} {}", sub.get_name()));
            }
        }
        let mut command = Cli::command();
        command.build();
        check(&command, "vault");
    }

    fn globals_of(args: &[&str]) -> Globals {
        Globals::from_levels(&Cli::command().try_get_matches_from(args).unwrap())
    }

    #[test]
    fn global_options_count_before_or_after_the_command_and_the_later_wins() {
        let globals = globals_of(&["vault", "--json", "-w", "outer", "list", "-w", "inner", "-q"]);
        assert!(globals.json && globals.quiet);
        assert_eq!(globals.workspace.as_deref(), Some("inner"));
        assert!(globals.from_environment.is_empty());

        let globals = globals_of(&["vault", "workspace", "--vault", "middle.db", "list", "-i", "id.txt"]);
        assert_eq!(globals.vault, Some(PathBuf::from("middle.db")));
        assert_eq!(globals.identity, Some(PathBuf::from("id.txt")));

        // After `--` it is the command's argument, not vault's option.
        let globals = globals_of(&["vault", "-w", "mine", "run", "-c", "app", "--", "cmd", "-w", "theirs"]);
        assert_eq!(globals.workspace.as_deref(), Some("mine"));
    }

    #[test]
    fn sources_keep_command_line_order() {
        let matches = Cli::command()
            .try_get_matches_from([
                "vault",
                "create",
                "app",
                "--kind",
                "key",
                "--env",
                "A=1",
                "--file",
                "f=@x",
                "--kind",
                "token",
                "--env",
                "B=2",
                "--charset",
                "hex",
                "--length",
                "64",
                "--generate",
                "PASS",
            ])
            .unwrap();
        let mut cli = Cli::from_arg_matches(&matches).unwrap();
        let Command::Create(args) = &mut cli.command else { panic!("not create") };
        args.sources.recover_order(matches.subcommand().unwrap().1);
        let order: Vec<String> = args
            .sources
            .in_order()
            .iter()
            .map(|s| match s {
                SourceArg::Env(v) | SourceArg::File(v) | SourceArg::FromEnv(v) | SourceArg::Generate(v) => {
                    v.clone()
                }
                SourceArg::Kind(k) => k.as_str().to_owned(),
                SourceArg::Length(n) => n.to_string(),
                SourceArg::Charset(c) => format!("{c:?}"),
                SourceArg::Dotenv(p) | SourceArg::Json(p) => p.display().to_string(),
            })
            .collect();
        assert_eq!(order, ["key", "A=1", "f=@x", "token", "B=2", "Hex", "64", "PASS"]);
    }
}
