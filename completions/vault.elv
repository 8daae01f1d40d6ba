
use builtin;
use str;

set edit:completion:arg-completer[vault] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'vault'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'vault'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a new vault'
            cand create 'Create a collection of secrets'
            cand list 'List collections (never values)'
            cand ls 'List collections (never values)'
            cand get 'Show a collection (values masked unless --reveal), or one value''s exact bytes'
            cand update 'Change a collection''s secrets, name or description'
            cand delete 'Delete a collection'
            cand rm 'Delete a collection'
            cand run 'Run a command with a collection''s secrets in its environment and files'
            cand export 'Print a collection''s values as a .env file, shell `export` lines, docker --env-file lines or JSON'
            cand history 'List a collection''s kept versions and what each changed (never values)'
            cand rollback 'Make a new version of a collection equal to an older one'
            cand audit 'List the audit log of changes and reveals, or check it with --verify'
            cand copy 'Copies every workspace, collection, kept version, key, reader and audit record byte for byte: the copy has the same vault id, pins still match it and its audit chain still verifies. No unlock is needed; nothing is decrypted'
            cand workspace 'Manage workspaces'
            cand passwd 'Change the passphrase that protects the vault''s identity'
            cand rotate-key 'Replace the vault''s identity and data key, re-encrypting every stored value'
            cand recipients 'List, add or remove the readers of the vault'
            cand unlock 'Unlock the vault once: an agent keeps its key until it goes unused (--status: what it holds)'
            cand lock 'Make the unlock agent forget the vault''s key now (--all: every vault, and stop it)'
            cand check 'Check the project''s declared requirements (.vault.toml `require`) without unlocking'
            cand inject 'Render a template whose {{ COLLECTION.LOCATION }} references name secrets'
            cand scan 'Find stored secret values in files or in git''s staged changes (never prints them)'
            cand status 'Show where you are: the vault and its mode, the workspace, the project file and identity file, and where each setting came from (no unlock, no value)'
            cand completions 'Print a shell completion script'
            cand agent 'The unlock agent process itself (started by `vault unlock`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;init'= {
            cand --identity-file 'Use the identity in PATH (or generate one there) instead of a passphrase'
            cand --recipient 'Another reader''s age public key (age1…); repeatable'
            cand --work-factor 'scrypt work factor (log2) protecting the passphrase (or the encrypted identity file)'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --encrypt-identity 'Encrypt the new identity file with a passphrase, as `age -p -a` does (typed twice, or VAULT_IDENTITY_PASSPHRASE)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;create'= {
            cand --name 'Display name [default: the ID]'
            cand --description 'Description'
            cand --env 'An env secret: KEY=VALUE (visible in `ps` and shell history), or KEY alone to read the value from stdin or a no-echo prompt'
            cand --file 'A file secret whose value is PATH''s bytes (`-` for stdin)'
            cand --from-dotenv 'Every entry of a .env file becomes an env secret'
            cand --from-env 'An env secret whose value is taken from vault''s own environment'
            cand --from-json 'Secrets from JSON: a `secrets` array or a whole collection (`-` for stdin)'
            cand --kind 'Kind label for the sources after it'
            cand --generate 'An env secret whose value is generated from the OS''s random source; never printed unless --show'
            cand --length 'Length in characters of the --generate values after it [default: 32]'
            cand --charset 'Character set of the --generate values after it [default: alnum]'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --show 'Print the generated values (one per line, in the order given) instead of the summary'
            cand --allow-empty 'Accept an empty value typed at the prompt of `--env KEY`'
            cand --allow-existing 'Exit 0 and change nothing if the collection exists'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;list'= {
            cand --search 'Only collections whose ID, name or description contains TERM (any case)'
            cand --kind 'Only collections holding a secret of this kind'
            cand --created-before 'Only collections created before TIME (RFC 3339 or YYYY-MM-DD, UTC)'
            cand --limit 'Show at most N collections'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;ls'= {
            cand --search 'Only collections whose ID, name or description contains TERM (any case)'
            cand --kind 'Only collections holding a secret of this kind'
            cand --created-before 'Only collections created before TIME (RFC 3339 or YYYY-MM-DD, UTC)'
            cand --limit 'Show at most N collections'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;get'= {
            cand -o 'Write the value to FILE (created 0600, replaced atomically) instead of stdout; `-` writes to stdout even when it is a terminal'
            cand --output 'Write the value to FILE (created 0600, replaced atomically) instead of stdout; `-` writes to stdout even when it is a terminal'
            cand --version 'Show version N (see `vault history ID`) instead of the current one'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --reveal 'Unlock and show values'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'vault;update'= {
            cand --name 'New display name'
            cand --description 'New description'
            cand --env 'An env secret: KEY=VALUE (visible in `ps` and shell history), or KEY alone to read the value from stdin or a no-echo prompt'
            cand --file 'A file secret whose value is PATH''s bytes (`-` for stdin)'
            cand --from-dotenv 'Every entry of a .env file becomes an env secret'
            cand --from-env 'An env secret whose value is taken from vault''s own environment'
            cand --from-json 'Secrets from JSON: a `secrets` array or a whole collection (`-` for stdin)'
            cand --kind 'Kind label for the sources after it'
            cand --generate 'An env secret whose value is generated from the OS''s random source; never printed unless --show'
            cand --length 'Length in characters of the --generate values after it [default: 32]'
            cand --charset 'Character set of the --generate values after it [default: alnum]'
            cand --unset 'Remove the secret at LOCATION; repeatable'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --show 'Print the generated values (one per line, in the order given) instead of the summary'
            cand --allow-empty 'Accept an empty value typed at the prompt of `--env KEY`'
            cand --replace 'The given sources become the whole list of secrets'
            cand -y 'With --replace and no sources: remove every secret without asking'
            cand --yes 'With --replace and no sources: remove every secret without asking'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;delete'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --allow-missing 'Exit 0 if the collection does not exist'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;rm'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --allow-missing 'Exit 0 if the collection does not exist'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;run'= {
            cand -c 'Collection to load (ID or WS/ID); repeatable, later wins on a clash'
            cand --collection 'Collection to load (ID or WS/ID); repeatable, later wins on a clash'
            cand --require 'Fail before starting if KEY is not among the env secrets; repeatable'
            cand --template 'Render TEMPLATE (see `vault inject`) into the run''s private directory at LOCATION, removed with it; repeatable'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --preserve-env 'Inherited variables win over secrets of the same name'
            cand --mask 'Replace secret values in the command''s output with "<concealed by vault>" (on a terminal the command gets a pseudo-terminal vault relays)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;export'= {
            cand --format 'Output format [default: dotenv, or json with --json]; dotenv, shell and docker carry env secrets only'
            cand -o 'Write to FILE (created 0600, replaced atomically, only on success) instead of stdout'
            cand --output 'Write to FILE (created 0600, replaced atomically, only on success) instead of stdout'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;history'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;rollback'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;audit'= {
            cand --limit 'Show only the newest N records'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --verify 'Check the hash chain instead of listing; exit 6 if a record was altered, removed or moved'
            cand --accept-state 'Accept the vault as it is now on this machine, after restoring it from a backup or putting another vault at its path on purpose: forget the newer state seen (rollback detection) and pin the vault''s id for its path'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;copy'= {
            cand --to 'Where to copy the vault to: a file path, or postgres://USER@HOST:PORT/DB?schema=NAME'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;workspace'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List workspaces'
            cand ls 'List workspaces'
            cand create 'Create a workspace'
            cand delete 'Delete a workspace (with --yes, also its collections)'
            cand rm 'Delete a workspace (with --yes, also its collections)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;workspace;list'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;workspace;ls'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;workspace;create'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;workspace;delete'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand -y 'Delete even if it holds collections'
            cand --yes 'Delete even if it holds collections'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;workspace;rm'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand -y 'Delete even if it holds collections'
            cand --yes 'Delete even if it holds collections'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;workspace;help'= {
            cand list 'List workspaces'
            cand create 'Create a workspace'
            cand delete 'Delete a workspace (with --yes, also its collections)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;workspace;help;list'= {
        }
        &'vault;workspace;help;create'= {
        }
        &'vault;workspace;help;delete'= {
        }
        &'vault;workspace;help;help'= {
        }
        &'vault;passwd'= {
            cand --work-factor 'scrypt work factor (log2) for the new passphrase [default: the vault''s current one]'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;rotate-key'= {
            cand --identity-file 'Where to write the new identity (identity-file vaults only; must not exist)'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --encrypt-identity 'Encrypt the new identity file with a passphrase, as `age -p -a` does (typed twice, or VAULT_IDENTITY_PASSPHRASE)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;recipients'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the owner and readers (public keys only; no unlock)'
            cand ls 'List the owner and readers (public keys only; no unlock)'
            cand add 'Let another age X25519 key read the vault (the owner only)'
            cand remove 'Stop a reader''s key from opening anything stored (new data key; the owner only)'
            cand rm 'Stop a reader''s key from opening anything stored (new data key; the owner only)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;recipients;list'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;recipients;ls'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;recipients;add'= {
            cand --label 'Whose key it is ("alice"), shown by `recipients list`'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;recipients;remove'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;recipients;rm'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;recipients;help'= {
            cand list 'List the owner and readers (public keys only; no unlock)'
            cand add 'Let another age X25519 key read the vault (the owner only)'
            cand remove 'Stop a reader''s key from opening anything stored (new data key; the owner only)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;recipients;help;list'= {
        }
        &'vault;recipients;help;add'= {
        }
        &'vault;recipients;help;remove'= {
        }
        &'vault;recipients;help;help'= {
        }
        &'vault;unlock'= {
            cand --for 'Forget the key once it has gone unused this long (each use renews it; at most 12h after the unlock however it is used), e.g. 30s, 15m, 2h'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --status 'List the vaults the agent holds, with their ids and when it forgets them (never a key)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;lock'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --all 'Forget every vault''s key and stop the agent'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;check'= {
            cand -c 'Collection to look in (ID or WS/ID) instead of the project''s; repeatable'
            cand --collection 'Collection to look in (ID or WS/ID) instead of the project''s; repeatable'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;inject'= {
            cand -i 'The template (`-` for stdin)'
            cand --in 'The template (`-` for stdin)'
            cand -o 'Write to FILE (created 0600, replaced atomically, only on success) instead of stdout; `-` writes to stdout even when it is a terminal'
            cand --output 'Write to FILE (created 0600, replaced atomically, only on success) instead of stdout; `-` writes to stdout even when it is a terminal'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;scan'= {
            cand -c 'Collection whose values to look for (ID or WS/ID) instead of the project''s; repeatable'
            cand --collection 'Collection whose values to look for (ID or WS/ID) instead of the project''s; repeatable'
            cand --min-length 'Values shorter than N bytes are not looked for (they would match everywhere)'
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --staged 'Scan what is staged for the next commit (git''s index) instead of the working tree'
            cand --gitignore 'Skip what .gitignore, .git/info/exclude and git''s global excludes ignore'
            cand --all 'Look for the values of every collection in every workspace'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;status'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;completions'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;agent'= {
            cand --vault 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]'
            cand -w 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand --workspace 'Workspace to use [default: from .vault.toml, the user config, else "default"]'
            cand -i 'age identity file that unlocks the vault (age-keygen format)'
            cand --identity 'age identity file that unlocks the vault (age-keygen format)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print no messages on stderr, only data and errors'
            cand --quiet 'Print no messages on stderr, only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vault;help'= {
            cand init 'Create a new vault'
            cand create 'Create a collection of secrets'
            cand list 'List collections (never values)'
            cand get 'Show a collection (values masked unless --reveal), or one value''s exact bytes'
            cand update 'Change a collection''s secrets, name or description'
            cand delete 'Delete a collection'
            cand run 'Run a command with a collection''s secrets in its environment and files'
            cand export 'Print a collection''s values as a .env file, shell `export` lines, docker --env-file lines or JSON'
            cand history 'List a collection''s kept versions and what each changed (never values)'
            cand rollback 'Make a new version of a collection equal to an older one'
            cand audit 'List the audit log of changes and reveals, or check it with --verify'
            cand copy 'Copy the whole vault, as ciphertext, into an empty location (a file or PostgreSQL)'
            cand workspace 'Manage workspaces'
            cand passwd 'Change the passphrase that protects the vault''s identity'
            cand rotate-key 'Replace the vault''s identity and data key, re-encrypting every stored value'
            cand recipients 'List, add or remove the readers of the vault'
            cand unlock 'Unlock the vault once: an agent keeps its key until it goes unused (--status: what it holds)'
            cand lock 'Make the unlock agent forget the vault''s key now (--all: every vault, and stop it)'
            cand check 'Check the project''s declared requirements (.vault.toml `require`) without unlocking'
            cand inject 'Render a template whose {{ COLLECTION.LOCATION }} references name secrets'
            cand scan 'Find stored secret values in files or in git''s staged changes (never prints them)'
            cand status 'Show where you are: the vault and its mode, the workspace, the project file and identity file, and where each setting came from (no unlock, no value)'
            cand completions 'Print a shell completion script'
            cand agent 'The unlock agent process itself (started by `vault unlock`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vault;help;init'= {
        }
        &'vault;help;create'= {
        }
        &'vault;help;list'= {
        }
        &'vault;help;get'= {
        }
        &'vault;help;update'= {
        }
        &'vault;help;delete'= {
        }
        &'vault;help;run'= {
        }
        &'vault;help;export'= {
        }
        &'vault;help;history'= {
        }
        &'vault;help;rollback'= {
        }
        &'vault;help;audit'= {
        }
        &'vault;help;copy'= {
        }
        &'vault;help;workspace'= {
            cand list 'List workspaces'
            cand create 'Create a workspace'
            cand delete 'Delete a workspace (with --yes, also its collections)'
        }
        &'vault;help;workspace;list'= {
        }
        &'vault;help;workspace;create'= {
        }
        &'vault;help;workspace;delete'= {
        }
        &'vault;help;passwd'= {
        }
        &'vault;help;rotate-key'= {
        }
        &'vault;help;recipients'= {
            cand list 'List the owner and readers (public keys only; no unlock)'
            cand add 'Let another age X25519 key read the vault (the owner only)'
            cand remove 'Stop a reader''s key from opening anything stored (new data key; the owner only)'
        }
        &'vault;help;recipients;list'= {
        }
        &'vault;help;recipients;add'= {
        }
        &'vault;help;recipients;remove'= {
        }
        &'vault;help;unlock'= {
        }
        &'vault;help;lock'= {
        }
        &'vault;help;check'= {
        }
        &'vault;help;inject'= {
        }
        &'vault;help;scan'= {
        }
        &'vault;help;status'= {
        }
        &'vault;help;completions'= {
        }
        &'vault;help;agent'= {
        }
        &'vault;help;help'= {
        }
    ]
    $completions[$command]
}
