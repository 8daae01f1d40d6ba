# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_vault_global_optspecs
    string join \n vault= w/workspace= i/identity= json q/quiet h/help V/version
end

function __fish_vault_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_vault_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_vault_using_subcommand
    set -l cmd (__fish_vault_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c vault -n "__fish_vault_needs_command" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_needs_command" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_needs_command" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_needs_command" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_needs_command" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_needs_command" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_needs_command" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_needs_command" -f -a "init" -d 'Create a new vault'
complete -c vault -n "__fish_vault_needs_command" -f -a "create" -d 'Create a collection of secrets'
complete -c vault -n "__fish_vault_needs_command" -f -a "list" -d 'List collections (never values)'
complete -c vault -n "__fish_vault_needs_command" -f -a "ls" -d 'List collections (never values)'
complete -c vault -n "__fish_vault_needs_command" -f -a "get" -d 'Show a collection (values masked unless --reveal), or one value\'s exact bytes'
complete -c vault -n "__fish_vault_needs_command" -f -a "update" -d 'Change a collection\'s secrets, name or description'
complete -c vault -n "__fish_vault_needs_command" -f -a "delete" -d 'Delete a collection'
complete -c vault -n "__fish_vault_needs_command" -f -a "rm" -d 'Delete a collection'
complete -c vault -n "__fish_vault_needs_command" -f -a "run" -d 'Run a command with a collection\'s secrets in its environment and files'
complete -c vault -n "__fish_vault_needs_command" -f -a "export" -d 'Print a collection\'s values as a .env file, shell `export` lines, docker --env-file lines or JSON'
complete -c vault -n "__fish_vault_needs_command" -f -a "history" -d 'List a collection\'s kept versions and what each changed (never values)'
complete -c vault -n "__fish_vault_needs_command" -f -a "rollback" -d 'Make a new version of a collection equal to an older one'
complete -c vault -n "__fish_vault_needs_command" -f -a "audit" -d 'List the audit log of changes and reveals, or check it with --verify'
complete -c vault -n "__fish_vault_needs_command" -f -a "copy" -d 'Copies every workspace, collection, kept version, key, reader and audit record byte for byte: the copy has the same vault id, pins still match it and its audit chain still verifies. No unlock is needed; nothing is decrypted'
complete -c vault -n "__fish_vault_needs_command" -f -a "workspace" -d 'Manage workspaces'
complete -c vault -n "__fish_vault_needs_command" -f -a "passwd" -d 'Change the passphrase that protects the vault\'s identity'
complete -c vault -n "__fish_vault_needs_command" -f -a "rotate-key" -d 'Replace the vault\'s identity and data key, re-encrypting every stored value'
complete -c vault -n "__fish_vault_needs_command" -f -a "recipients" -d 'List, add or remove the readers of the vault'
complete -c vault -n "__fish_vault_needs_command" -f -a "unlock" -d 'Unlock the vault once: an agent keeps its key until it goes unused (--status: what it holds)'
complete -c vault -n "__fish_vault_needs_command" -f -a "lock" -d 'Make the unlock agent forget the vault\'s key now (--all: every vault, and stop it)'
complete -c vault -n "__fish_vault_needs_command" -f -a "check" -d 'Check the project\'s declared requirements (.vault.toml `require`) without unlocking'
complete -c vault -n "__fish_vault_needs_command" -f -a "inject" -d 'Render a template whose {{ COLLECTION.LOCATION }} references name secrets'
complete -c vault -n "__fish_vault_needs_command" -f -a "scan" -d 'Find stored secret values in files or in git\'s staged changes (never prints them)'
complete -c vault -n "__fish_vault_needs_command" -f -a "status" -d 'Show where you are: the vault and its mode, the workspace, the project file and identity file, and where each setting came from (no unlock, no value)'
complete -c vault -n "__fish_vault_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c vault -n "__fish_vault_needs_command" -f -a "agent" -d 'The unlock agent process itself (started by `vault unlock`)'
complete -c vault -n "__fish_vault_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand init" -l identity-file -d 'Use the identity in PATH (or generate one there) instead of a passphrase' -r -F
complete -c vault -n "__fish_vault_using_subcommand init" -l recipient -d 'Another reader\'s age public key (age1…); repeatable' -r
complete -c vault -n "__fish_vault_using_subcommand init" -l work-factor -d 'scrypt work factor (log2) protecting the passphrase (or the encrypted identity file)' -r
complete -c vault -n "__fish_vault_using_subcommand init" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand init" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand init" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand init" -l encrypt-identity -d 'Encrypt the new identity file with a passphrase, as `age -p -a` does (typed twice, or VAULT_IDENTITY_PASSPHRASE)'
complete -c vault -n "__fish_vault_using_subcommand init" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand init" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand init" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand init" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand create" -l name -d 'Display name [default: the ID]' -r
complete -c vault -n "__fish_vault_using_subcommand create" -l description -d 'Description' -r
complete -c vault -n "__fish_vault_using_subcommand create" -l env -d 'An env secret: KEY=VALUE (visible in `ps` and shell history), or KEY alone to read the value from stdin or a no-echo prompt' -r
complete -c vault -n "__fish_vault_using_subcommand create" -l file -d 'A file secret whose value is PATH\'s bytes (`-` for stdin)' -r
complete -c vault -n "__fish_vault_using_subcommand create" -l from-dotenv -d 'Every entry of a .env file becomes an env secret' -r -F
complete -c vault -n "__fish_vault_using_subcommand create" -l from-env -d 'An env secret whose value is taken from vault\'s own environment' -r
complete -c vault -n "__fish_vault_using_subcommand create" -l from-json -d 'Secrets from JSON: a `secrets` array or a whole collection (`-` for stdin)' -r -F
complete -c vault -n "__fish_vault_using_subcommand create" -l kind -d 'Kind label for the sources after it' -r -f -a "generic\t''
password\t''
key\t''
token\t''"
complete -c vault -n "__fish_vault_using_subcommand create" -l generate -d 'An env secret whose value is generated from the OS\'s random source; never printed unless --show' -r
complete -c vault -n "__fish_vault_using_subcommand create" -l length -d 'Length in characters of the --generate values after it [default: 32]' -r
complete -c vault -n "__fish_vault_using_subcommand create" -l charset -d 'Character set of the --generate values after it [default: alnum]' -r -f -a "alnum\t'A–Z a–z 0–9 (about 5.95 bits per character)'
symbols\t'A–Z a–z 0–9 and the punctuation !#$%&()*+,-./:;<=>?@[]^_{|}~ (no quotes, backslash, backtick or space, which configs and shells would need escaped)'
hex\t'0–9 a–f (4 bits per character; an even length decodes to length/2 bytes)'
base64\t'The standard base64 alphabet A–Z a–z 0–9 + / (6 bits per character; a length that is a multiple of 4 decodes to 3/4 as many bytes)'"
complete -c vault -n "__fish_vault_using_subcommand create" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand create" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand create" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand create" -l show -d 'Print the generated values (one per line, in the order given) instead of the summary'
complete -c vault -n "__fish_vault_using_subcommand create" -l allow-empty -d 'Accept an empty value typed at the prompt of `--env KEY`'
complete -c vault -n "__fish_vault_using_subcommand create" -l allow-existing -d 'Exit 0 and change nothing if the collection exists'
complete -c vault -n "__fish_vault_using_subcommand create" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand create" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand create" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand list" -l search -d 'Only collections whose ID, name or description contains TERM (any case)' -r
complete -c vault -n "__fish_vault_using_subcommand list" -l kind -d 'Only collections holding a secret of this kind' -r -f -a "generic\t''
password\t''
key\t''
token\t''"
complete -c vault -n "__fish_vault_using_subcommand list" -l created-before -d 'Only collections created before TIME (RFC 3339 or YYYY-MM-DD, UTC)' -r
complete -c vault -n "__fish_vault_using_subcommand list" -l limit -d 'Show at most N collections' -r
complete -c vault -n "__fish_vault_using_subcommand list" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand list" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand list" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand list" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand list" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand list" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand list" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand ls" -l search -d 'Only collections whose ID, name or description contains TERM (any case)' -r
complete -c vault -n "__fish_vault_using_subcommand ls" -l kind -d 'Only collections holding a secret of this kind' -r -f -a "generic\t''
password\t''
key\t''
token\t''"
complete -c vault -n "__fish_vault_using_subcommand ls" -l created-before -d 'Only collections created before TIME (RFC 3339 or YYYY-MM-DD, UTC)' -r
complete -c vault -n "__fish_vault_using_subcommand ls" -l limit -d 'Show at most N collections' -r
complete -c vault -n "__fish_vault_using_subcommand ls" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand ls" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand ls" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand ls" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand ls" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand ls" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand ls" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand get" -s o -l output -d 'Write the value to FILE (created 0600, replaced atomically) instead of stdout; `-` writes to stdout even when it is a terminal' -r -F
complete -c vault -n "__fish_vault_using_subcommand get" -l version -d 'Show version N (see `vault history ID`) instead of the current one' -r
complete -c vault -n "__fish_vault_using_subcommand get" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand get" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand get" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand get" -l reveal -d 'Unlock and show values'
complete -c vault -n "__fish_vault_using_subcommand get" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand get" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand get" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand update" -l name -d 'New display name' -r
complete -c vault -n "__fish_vault_using_subcommand update" -l description -d 'New description' -r
complete -c vault -n "__fish_vault_using_subcommand update" -l env -d 'An env secret: KEY=VALUE (visible in `ps` and shell history), or KEY alone to read the value from stdin or a no-echo prompt' -r
complete -c vault -n "__fish_vault_using_subcommand update" -l file -d 'A file secret whose value is PATH\'s bytes (`-` for stdin)' -r
complete -c vault -n "__fish_vault_using_subcommand update" -l from-dotenv -d 'Every entry of a .env file becomes an env secret' -r -F
complete -c vault -n "__fish_vault_using_subcommand update" -l from-env -d 'An env secret whose value is taken from vault\'s own environment' -r
complete -c vault -n "__fish_vault_using_subcommand update" -l from-json -d 'Secrets from JSON: a `secrets` array or a whole collection (`-` for stdin)' -r -F
complete -c vault -n "__fish_vault_using_subcommand update" -l kind -d 'Kind label for the sources after it' -r -f -a "generic\t''
password\t''
key\t''
token\t''"
complete -c vault -n "__fish_vault_using_subcommand update" -l generate -d 'An env secret whose value is generated from the OS\'s random source; never printed unless --show' -r
complete -c vault -n "__fish_vault_using_subcommand update" -l length -d 'Length in characters of the --generate values after it [default: 32]' -r
complete -c vault -n "__fish_vault_using_subcommand update" -l charset -d 'Character set of the --generate values after it [default: alnum]' -r -f -a "alnum\t'A–Z a–z 0–9 (about 5.95 bits per character)'
symbols\t'A–Z a–z 0–9 and the punctuation !#$%&()*+,-./:;<=>?@[]^_{|}~ (no quotes, backslash, backtick or space, which configs and shells would need escaped)'
hex\t'0–9 a–f (4 bits per character; an even length decodes to length/2 bytes)'
base64\t'The standard base64 alphabet A–Z a–z 0–9 + / (6 bits per character; a length that is a multiple of 4 decodes to 3/4 as many bytes)'"
complete -c vault -n "__fish_vault_using_subcommand update" -l unset -d 'Remove the secret at LOCATION; repeatable' -r
complete -c vault -n "__fish_vault_using_subcommand update" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand update" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand update" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand update" -l show -d 'Print the generated values (one per line, in the order given) instead of the summary'
complete -c vault -n "__fish_vault_using_subcommand update" -l allow-empty -d 'Accept an empty value typed at the prompt of `--env KEY`'
complete -c vault -n "__fish_vault_using_subcommand update" -l replace -d 'The given sources become the whole list of secrets'
complete -c vault -n "__fish_vault_using_subcommand update" -s y -l yes -d 'With --replace and no sources: remove every secret without asking'
complete -c vault -n "__fish_vault_using_subcommand update" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand update" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand update" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand delete" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand delete" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand delete" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c vault -n "__fish_vault_using_subcommand delete" -l allow-missing -d 'Exit 0 if the collection does not exist'
complete -c vault -n "__fish_vault_using_subcommand delete" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand delete" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand delete" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand delete" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand rm" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand rm" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand rm" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand rm" -s y -l yes -d 'Do not ask for confirmation'
complete -c vault -n "__fish_vault_using_subcommand rm" -l allow-missing -d 'Exit 0 if the collection does not exist'
complete -c vault -n "__fish_vault_using_subcommand rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand rm" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand rm" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand rm" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand run" -s c -l collection -d 'Collection to load (ID or WS/ID); repeatable, later wins on a clash' -r
complete -c vault -n "__fish_vault_using_subcommand run" -l require -d 'Fail before starting if KEY is not among the env secrets; repeatable' -r
complete -c vault -n "__fish_vault_using_subcommand run" -l template -d 'Render TEMPLATE (see `vault inject`) into the run\'s private directory at LOCATION, removed with it; repeatable' -r
complete -c vault -n "__fish_vault_using_subcommand run" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand run" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand run" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand run" -l preserve-env -d 'Inherited variables win over secrets of the same name'
complete -c vault -n "__fish_vault_using_subcommand run" -l mask -d 'Replace secret values in the command\'s output with "<concealed by vault>" (on a terminal the command gets a pseudo-terminal vault relays)'
complete -c vault -n "__fish_vault_using_subcommand run" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand run" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand run" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand run" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand export" -l format -d 'Output format [default: dotenv, or json with --json]; dotenv, shell and docker carry env secrets only' -r -f -a "dotenv\t'KEY=VALUE lines, quoted so dotenv parsers read back the same values and a shell sources them without running anything'
json\t'The collection with values, in the JSON shape of `get --reveal --json`'
shell\t'`export KEY=…` lines, safe to `eval` in POSIX shells'
docker\t'KEY=VALUE lines with raw values, for `docker run --env-file`'"
complete -c vault -n "__fish_vault_using_subcommand export" -s o -l output -d 'Write to FILE (created 0600, replaced atomically, only on success) instead of stdout' -r -F
complete -c vault -n "__fish_vault_using_subcommand export" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand export" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand export" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand export" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand export" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vault -n "__fish_vault_using_subcommand export" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand history" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand history" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand history" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand history" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand history" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand history" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand history" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand rollback" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand rollback" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand rollback" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand rollback" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand rollback" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand rollback" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand rollback" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand audit" -l limit -d 'Show only the newest N records' -r
complete -c vault -n "__fish_vault_using_subcommand audit" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand audit" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand audit" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand audit" -l verify -d 'Check the hash chain instead of listing; exit 6 if a record was altered, removed or moved'
complete -c vault -n "__fish_vault_using_subcommand audit" -l accept-state -d 'Accept the vault as it is now on this machine, after restoring it from a backup or putting another vault at its path on purpose: forget the newer state seen (rollback detection) and pin the vault\'s id for its path'
complete -c vault -n "__fish_vault_using_subcommand audit" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand audit" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand audit" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand audit" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand copy" -l to -d 'Where to copy the vault to: a file path, or postgres://USER@HOST:PORT/DB?schema=NAME' -r -F
complete -c vault -n "__fish_vault_using_subcommand copy" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand copy" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand copy" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand copy" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand copy" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand copy" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand copy" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand workspace; and not __fish_seen_subcommand_from list ls create delete rm help" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand workspace; and not __fish_seen_subcommand_from list ls create delete rm help" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand workspace; and not __fish_seen_subcommand_from list ls create delete rm help" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand workspace; and not __fish_seen_subcommand_from list ls create delete rm help" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand workspace; and not __fish_seen_subcommand_from list ls create delete rm help" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand workspace; and not __fish_seen_subcommand_from list ls create delete rm help" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand workspace; and not __fish_seen_subcommand_from list ls create delete rm help" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand workspace; and not __fish_seen_subcommand_from list ls create delete rm help" -f -a "list" -d 'List workspaces'
complete -c vault -n "__fish_vault_using_subcommand workspace; and not __fish_seen_subcommand_from list ls create delete rm help" -f -a "ls" -d 'List workspaces'
complete -c vault -n "__fish_vault_using_subcommand workspace; and not __fish_seen_subcommand_from list ls create delete rm help" -f -a "create" -d 'Create a workspace'
complete -c vault -n "__fish_vault_using_subcommand workspace; and not __fish_seen_subcommand_from list ls create delete rm help" -f -a "delete" -d 'Delete a workspace (with --yes, also its collections)'
complete -c vault -n "__fish_vault_using_subcommand workspace; and not __fish_seen_subcommand_from list ls create delete rm help" -f -a "rm" -d 'Delete a workspace (with --yes, also its collections)'
complete -c vault -n "__fish_vault_using_subcommand workspace; and not __fish_seen_subcommand_from list ls create delete rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from list" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from list" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from list" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from ls" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from ls" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from ls" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from ls" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from create" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from create" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from create" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from delete" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from delete" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from delete" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Delete even if it holds collections'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from rm" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from rm" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from rm" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Delete even if it holds collections'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "list" -d 'List workspaces'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a workspace'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a workspace (with --yes, also its collections)'
complete -c vault -n "__fish_vault_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand passwd" -l work-factor -d 'scrypt work factor (log2) for the new passphrase [default: the vault\'s current one]' -r
complete -c vault -n "__fish_vault_using_subcommand passwd" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand passwd" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand passwd" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand passwd" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand passwd" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand passwd" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand passwd" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand rotate-key" -l identity-file -d 'Where to write the new identity (identity-file vaults only; must not exist)' -r -F
complete -c vault -n "__fish_vault_using_subcommand rotate-key" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand rotate-key" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand rotate-key" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand rotate-key" -l encrypt-identity -d 'Encrypt the new identity file with a passphrase, as `age -p -a` does (typed twice, or VAULT_IDENTITY_PASSPHRASE)'
complete -c vault -n "__fish_vault_using_subcommand rotate-key" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand rotate-key" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand rotate-key" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand rotate-key" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "list" -d 'List the owner and readers (public keys only; no unlock)'
complete -c vault -n "__fish_vault_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "ls" -d 'List the owner and readers (public keys only; no unlock)'
complete -c vault -n "__fish_vault_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "add" -d 'Let another age X25519 key read the vault (the owner only)'
complete -c vault -n "__fish_vault_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "remove" -d 'Stop a reader\'s key from opening anything stored (new data key; the owner only)'
complete -c vault -n "__fish_vault_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "rm" -d 'Stop a reader\'s key from opening anything stored (new data key; the owner only)'
complete -c vault -n "__fish_vault_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from list" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from list" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from list" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from ls" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from ls" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from ls" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from ls" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from add" -l label -d 'Whose key it is ("alice"), shown by `recipients list`' -r
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from add" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from add" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from add" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from remove" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from remove" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from remove" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from rm" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from rm" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from rm" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the owner and readers (public keys only; no unlock)'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "add" -d 'Let another age X25519 key read the vault (the owner only)'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Stop a reader\'s key from opening anything stored (new data key; the owner only)'
complete -c vault -n "__fish_vault_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand unlock" -l for -d 'Forget the key once it has gone unused this long (each use renews it; at most 12h after the unlock however it is used), e.g. 30s, 15m, 2h' -r
complete -c vault -n "__fish_vault_using_subcommand unlock" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand unlock" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand unlock" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand unlock" -l status -d 'List the vaults the agent holds, with their ids and when it forgets them (never a key)'
complete -c vault -n "__fish_vault_using_subcommand unlock" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand unlock" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand unlock" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand unlock" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand lock" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand lock" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand lock" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand lock" -l all -d 'Forget every vault\'s key and stop the agent'
complete -c vault -n "__fish_vault_using_subcommand lock" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand lock" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand lock" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand lock" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand check" -s c -l collection -d 'Collection to look in (ID or WS/ID) instead of the project\'s; repeatable' -r
complete -c vault -n "__fish_vault_using_subcommand check" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand check" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand check" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand check" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand check" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand check" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand check" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand inject" -s i -l in -d 'The template (`-` for stdin)' -r -F
complete -c vault -n "__fish_vault_using_subcommand inject" -s o -l output -d 'Write to FILE (created 0600, replaced atomically, only on success) instead of stdout; `-` writes to stdout even when it is a terminal' -r -F
complete -c vault -n "__fish_vault_using_subcommand inject" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand inject" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand inject" -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand inject" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand inject" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand inject" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand inject" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand scan" -s c -l collection -d 'Collection whose values to look for (ID or WS/ID) instead of the project\'s; repeatable' -r
complete -c vault -n "__fish_vault_using_subcommand scan" -l min-length -d 'Values shorter than N bytes are not looked for (they would match everywhere)' -r
complete -c vault -n "__fish_vault_using_subcommand scan" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand scan" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand scan" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand scan" -l staged -d 'Scan what is staged for the next commit (git\'s index) instead of the working tree'
complete -c vault -n "__fish_vault_using_subcommand scan" -l gitignore -d 'Skip what .gitignore, .git/info/exclude and git\'s global excludes ignore'
complete -c vault -n "__fish_vault_using_subcommand scan" -l all -d 'Look for the values of every collection in every workspace'
complete -c vault -n "__fish_vault_using_subcommand scan" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand scan" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand scan" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand scan" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand status" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand status" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand status" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand status" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand status" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand status" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand status" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand completions" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand completions" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand completions" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand completions" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand completions" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand completions" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand completions" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand agent" -l vault -d 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent" -s w -l workspace -d 'Workspace to use [default: from .vault.toml, the user config, else "default"]' -r
complete -c vault -n "__fish_vault_using_subcommand agent" -s i -l identity -d 'age identity file that unlocks the vault (age-keygen format)' -r -F
complete -c vault -n "__fish_vault_using_subcommand agent" -l json -d 'Print machine-readable JSON on stdout'
complete -c vault -n "__fish_vault_using_subcommand agent" -s q -l quiet -d 'Print no messages on stderr, only data and errors'
complete -c vault -n "__fish_vault_using_subcommand agent" -s h -l help -d 'Print help'
complete -c vault -n "__fish_vault_using_subcommand agent" -s V -l version -d 'Print version'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "init" -d 'Create a new vault'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "create" -d 'Create a collection of secrets'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "list" -d 'List collections (never values)'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "get" -d 'Show a collection (values masked unless --reveal), or one value\'s exact bytes'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "update" -d 'Change a collection\'s secrets, name or description'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "delete" -d 'Delete a collection'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "run" -d 'Run a command with a collection\'s secrets in its environment and files'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "export" -d 'Print a collection\'s values as a .env file, shell `export` lines, docker --env-file lines or JSON'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "history" -d 'List a collection\'s kept versions and what each changed (never values)'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "rollback" -d 'Make a new version of a collection equal to an older one'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "audit" -d 'List the audit log of changes and reveals, or check it with --verify'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "copy" -d 'Copy the whole vault, as ciphertext, into an empty location (a file or PostgreSQL)'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "workspace" -d 'Manage workspaces'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "passwd" -d 'Change the passphrase that protects the vault\'s identity'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "rotate-key" -d 'Replace the vault\'s identity and data key, re-encrypting every stored value'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "recipients" -d 'List, add or remove the readers of the vault'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "unlock" -d 'Unlock the vault once: an agent keeps its key until it goes unused (--status: what it holds)'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "lock" -d 'Make the unlock agent forget the vault\'s key now (--all: every vault, and stop it)'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "check" -d 'Check the project\'s declared requirements (.vault.toml `require`) without unlocking'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "inject" -d 'Render a template whose {{ COLLECTION.LOCATION }} references name secrets'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "scan" -d 'Find stored secret values in files or in git\'s staged changes (never prints them)'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "status" -d 'Show where you are: the vault and its mode, the workspace, the project file and identity file, and where each setting came from (no unlock, no value)'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "completions" -d 'Print a shell completion script'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "agent" -d 'The unlock agent process itself (started by `vault unlock`)'
complete -c vault -n "__fish_vault_using_subcommand help; and not __fish_seen_subcommand_from init create list get update delete run export history rollback audit copy workspace passwd rotate-key recipients unlock lock check inject scan status completions agent help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "list" -d 'List workspaces'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "create" -d 'Create a workspace'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "delete" -d 'Delete a workspace (with --yes, also its collections)'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from recipients" -f -a "list" -d 'List the owner and readers (public keys only; no unlock)'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from recipients" -f -a "add" -d 'Let another age X25519 key read the vault (the owner only)'
complete -c vault -n "__fish_vault_using_subcommand help; and __fish_seen_subcommand_from recipients" -f -a "remove" -d 'Stop a reader\'s key from opening anything stored (new data key; the owner only)'
