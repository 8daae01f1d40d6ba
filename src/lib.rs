//! vault: a command-line secrets manager.
//!
//! Collections of secrets (env variables and files) live in one SQLite file, or in a
//! schema on a PostgreSQL server for a team, whose values are sealed under a data key
//! that age wraps for every reader.
//!
//! Layers call one way: `commands` → `context` / `sources` → `keyring` (`crypto`,
//! `payload`) and `store` → SQLite or PostgreSQL. The store never decrypts or prints; `crypto` is the
//! only module that knows age; `runner` launches `vault run`'s command.
//!
//! - [`cli`]: the clap model (the help text lives there), [`help`]: its examples
//! - [`completion`]: dynamic shell completion of IDs, workspaces and locations
//! - [`commands`]: one module per subcommand
//! - [`context`]: settings by precedence, opened store and keys on demand
//! - [`config`]: user config and `.vault.toml`
//! - [`model`]: workspaces, collections, secrets and their validation
//! - [`sources`]: secret-source flags to validated secrets
//! - [`generate`]: generated values from the OS's random source, sampled without bias
//! - [`requirements`]: what a project or `vault run` needs, checked from metadata alone
//! - [`template`]: `{{ COLLECTION.LOCATION }}` references in `vault inject` templates
//! - [`scan`]: stored values found in files and staged changes, by one multi-pattern pass
//! - [`dotenv`]: `.env` files read as every major dotenv parser reads them, or refused
//! - [`encode`]: values as dotenv and shell lines for `vault export`
//! - [`keyring`]: unlock order, sealing and opening collections
//! - [`agent`]: the unlock agent that holds data keys for a session (`vault unlock`)
//! - [`pins`]: owner keys pinned per vault id on first use, for identity files
//! - [`seen`]: rollback detection against the newest state this machine saw, and which
//!   vault id each path held
//! - [`crypto`]: age identities and recipients, the data key, the AEAD
//! - [`payload`]: the plaintext format inside a sealed version
//! - [`store`]: one interface (snapshots, serialised writes, reveal records) over two
//!   backends, a SQLite file and a PostgreSQL schema, each with its own migrations
//! - [`audit`]: audit records and their hash chain
//! - [`runner`]: environment, private files, signals and exit status of `vault run`
//! - [`atomic_file`]: `--output FILE`, created 0600 and replaced atomically
//! - [`output`], [`terminal`], [`paths`], [`error`]: the edges

#![forbid(unsafe_code)]

pub mod agent;
pub mod atomic_file;
pub mod audit;
pub mod cli;
pub mod commands;
pub mod completion;
pub mod config;
pub mod context;
pub mod crypto;
pub mod dotenv;
pub mod encode;
pub mod error;
pub mod generate;
pub mod help;
pub mod keyring;
pub mod model;
pub mod output;
pub mod paths;
pub mod payload;
pub mod pins;
pub mod requirements;
pub mod runner;
pub mod scan;
pub mod seen;
pub mod sources;
pub mod store;
pub mod template;
pub mod terminal;
