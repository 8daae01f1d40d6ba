//! The examples and environment sections at the end of each `--help` page (and so of
//! the man page): what `cli`'s doc comments are too short to show. Text only.

/// Unlocking, for commands that read or write values.
macro_rules! unlocking {
    () => {
        "Unlocking (values are read or written):
  VAULT_IDENTITY_FILE  an age identity file (also -i, or identity_file in the config)
  VAULT_PASSPHRASE     the vault's passphrase, else a no-echo prompt on the terminal
  VAULT_OWNER          the owner's public key, vouched for once by a reader (age1…)"
    };
}

pub const TOP: &str = "Examples:
  vault init --identity-file ~/.config/vault/identity.txt
  vault create app --env API_KEY --env DB_URL=postgres://localhost/app
  vault run -c app -- ./server
  vault status

Run 'vault COMMAND --help' for a command's options and examples.";

pub const INIT: &str = "Examples:
  vault init                                  # passphrase, typed twice
  VAULT_PASSPHRASE=… vault init               # passphrase from the environment
  vault init --identity-file ~/.config/vault/identity.txt
  vault init --identity-file id.txt --recipient age1teammate…

Environment:
  VAULT_PASSPHRASE  the new vault's passphrase (passphrase mode), else asked twice";

pub const CREATE: &str = concat!(
    "Examples:
  vault create app --env API_KEY               # typed twice at a no-echo prompt
  vault create app --env REGION=eu --kind key --env TOKEN
  vault create app --file tls/key.pem=@./key.pem --from-dotenv .env
  doppler secrets download --no-file | vault create app --from-json -

",
    unlocking!()
);

pub const LIST: &str = "Examples:
  vault list
  vault list --search payment --kind token
  vault -w prod list --json";

pub const GET: &str = concat!(
    "Examples:
  vault get app                                # masked values, no unlock
  vault get app --reveal
  vault get app DB_PASSWORD                    # one value's exact bytes
  vault get app tls/key.pem --output key.pem   # created 0600
  vault get app --version 3 --reveal           # an older version (see 'vault history')

",
    unlocking!()
);

pub const UPDATE: &str = concat!(
    "Examples:
  vault update app --env API_KEY               # change one value, typed twice
  vault update app --unset OLD_TOKEN
  vault update app --replace --from-dotenv .env
  vault update app --description \"payments, staging\"   # no unlock

",
    unlocking!()
);

pub const DELETE: &str = "Examples:
  vault delete app            # asks on a terminal
  vault delete app --yes
  vault delete prod/app --yes --allow-missing";

pub const RUN: &str = concat!(
    "Examples:
  vault run -c app -- ./server --port 8080
  vault run -c app -c prod/db --require DB_URL -- npm start
  vault run -- ./server                        # collections from .vault.toml
  vault run -c app -- sh -c 'echo \"$API_KEY\" | wc -c'

Collections come from -c, or else from the nearest .vault.toml (this directory or an
ancestor): workspace = \"…\", collections = [\"…\"]. Env secrets become variables. File
secrets are written to a private directory (0700, files 0600) named by
VAULT_SECRETS_DIR and removed when the command ends; one whose location is a variable
name also sets that variable to the file's path.

The command is run from its arguments, never through a shell: for pipes, redirections
or $VARIABLES expanded from the secrets, run a shell yourself, as in sh -c '…' above.

Exit status: the command's own, or 128+N when it died of signal N;
  125  vault failed before the command started (locked, not found, --require, .vault.toml)
  126  the command was found but could not be run
  127  the command was not found

",
    unlocking!()
);

pub const EXPORT: &str = concat!(
    "Examples:
  vault export app --output .env.local         # created 0600, replaced atomically
  eval \"$(vault export app --format shell)\"
  vault export app --format docker --output app.env && docker run --env-file app.env …
  vault export app --format json

",
    unlocking!()
);

pub const HISTORY: &str = "Examples:
  vault history app
  vault get app --version 2 --reveal
  vault rollback app 2";

pub const ROLLBACK: &str = concat!(
    "Examples:
  vault history app            # find the version
  vault rollback app 2         # version N+1 with version 2's secrets

",
    unlocking!()
);

pub const AUDIT: &str = "Examples:
  vault audit --limit 20
  vault audit --verify         # exit 6 if a record was altered, removed or moved
  vault audit --accept-state   # after restoring the vault from a backup on purpose";

pub const WORKSPACE: &str = "Examples:
  vault workspace create prod
  vault workspace list
  vault -w prod create db --env DB_PASSWORD
  vault workspace delete prod --yes";

pub const PASSWD: &str = "Examples:
  vault passwd                             # old passphrase once, new one twice
  VAULT_PASSPHRASE=old VAULT_NEW_PASSPHRASE=new vault passwd

Environment:
  VAULT_PASSPHRASE      the current passphrase, else asked
  VAULT_NEW_PASSPHRASE  the new passphrase, else asked twice";

pub const ROTATE_KEY: &str = concat!(
    "Examples:
  vault rotate-key                                          # passphrase mode
  vault rotate-key --identity-file ~/.config/vault/identity-2.txt
  export VAULT_IDENTITY_FILE=~/.config/vault/identity-2.txt  # use the new one from now on

",
    unlocking!()
);

pub const RECIPIENTS: &str = concat!(
    "Examples:
  vault recipients list
  vault recipients add age1teammate… --label alice
  vault recipients add \"$(ssh-to-age -i ~/.ssh/id_ed25519.pub)\" --label bob
  vault recipients remove age1teammate…

",
    unlocking!()
);

pub const STATUS: &str = "Examples:
  vault status
  vault status --json
  cd project && VAULT_WORKSPACE=prod vault status   # which setting wins, and why";

pub const COMPLETIONS: &str = "Examples:
  vault completions bash > /etc/bash_completion.d/vault    # static, for packagers
  source <(VAULT_COMPLETE=bash vault)                      # dynamic: also IDs, workspaces, locations
  source <(VAULT_COMPLETE=zsh vault)
  VAULT_COMPLETE=fish vault | source";

pub const UNLOCK: &str = concat!(
    "Examples:
  vault unlock                 # one passphrase; the agent keeps the key for 15 minutes unused
  vault unlock --for 2h
  vault unlock --status        # what the agent holds (never a key)
  vault status                 # also says whether the agent holds this vault

",
    unlocking!()
);

pub const COPY: &str = "Examples:
  vault copy --to 'postgres://alice@db.example.com/team?schema=vault&sslmode=verify-full'
  vault --vault postgres://alice@db.example.com/team copy --to backup.db   # server to a file
  vault copy --to /mnt/backup/vault.db

Environment:
  PGPASSWORD, PGHOST, PGUSER, …  libpq's variables, for a PostgreSQL location (~/.pgpass, 0600, too)";

pub const LOCK: &str = "Examples:
  vault lock                   # the agent forgets this vault's key now
  vault lock --all             # every vault's, and the agent stops";

pub const CHECK: &str = "Examples:
  vault check                  # the .vault.toml `require` list against its collections
  vault check -c app -c prod/db
  vault check --json";

pub const INJECT: &str = concat!(
    "Examples:
  vault inject -i config.tmpl -o config.yml     # {{ app.DB_URL }} replaced, file created 0600
  vault inject -i - -o .env < .env.tmpl        # the template from stdin

",
    unlocking!()
);

pub const SCAN: &str = concat!(
    "Examples:
  vault scan                   # this directory, for the project's stored values
  vault scan --staged          # what the next commit would add (a pre-commit hook)
  vault scan --all --gitignore src/

",
    unlocking!()
);
