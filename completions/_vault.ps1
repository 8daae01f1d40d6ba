
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'vault' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'vault'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'vault' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new vault')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a collection of secrets')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List collections (never values)')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List collections (never values)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a collection (values masked unless --reveal), or one value''s exact bytes')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a collection''s secrets, name or description')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a collection')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a collection')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command with a collection''s secrets in its environment and files')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print a collection''s values as a .env file, shell `export` lines, docker --env-file lines or JSON')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List a collection''s kept versions and what each changed (never values)')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Make a new version of a collection equal to an older one')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'List the audit log of changes and reveals, or check it with --verify')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copies every workspace, collection, kept version, key, reader and audit record byte for byte: the copy has the same vault id, pins still match it and its audit chain still verifies. No unlock is needed; nothing is decrypted')
            [CompletionResult]::new('workspace', 'workspace', [CompletionResultType]::ParameterValue, 'Manage workspaces')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change the passphrase that protects the vault''s identity')
            [CompletionResult]::new('rotate-key', 'rotate-key', [CompletionResultType]::ParameterValue, 'Replace the vault''s identity and data key, re-encrypting every stored value')
            [CompletionResult]::new('recipients', 'recipients', [CompletionResultType]::ParameterValue, 'List, add or remove the readers of the vault')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Unlock the vault once: an agent keeps its key until it goes unused (--status: what it holds)')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Make the unlock agent forget the vault''s key now (--all: every vault, and stop it)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the project''s declared requirements (.vault.toml `require`) without unlocking')
            [CompletionResult]::new('inject', 'inject', [CompletionResultType]::ParameterValue, 'Render a template whose {{ COLLECTION.LOCATION }} references name secrets')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find stored secret values in files or in git''s staged changes (never prints them)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show where you are: the vault and its mode, the workspace, the project file and identity file, and where each setting came from (no unlock, no value)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'The unlock agent process itself (started by `vault unlock`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;init' {
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Use the identity in PATH (or generate one there) instead of a passphrase')
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'Another reader''s age public key (age1…); repeatable')
            [CompletionResult]::new('--work-factor', '--work-factor', [CompletionResultType]::ParameterName, 'scrypt work factor (log2) protecting the passphrase (or the encrypted identity file)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--encrypt-identity', '--encrypt-identity', [CompletionResultType]::ParameterName, 'Encrypt the new identity file with a passphrase, as `age -p -a` does (typed twice, or VAULT_IDENTITY_PASSPHRASE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Display name [default: the ID]')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'Description')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'An env secret: KEY=VALUE (visible in `ps` and shell history), or KEY alone to read the value from stdin or a no-echo prompt')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A file secret whose value is PATH''s bytes (`-` for stdin)')
            [CompletionResult]::new('--from-dotenv', '--from-dotenv', [CompletionResultType]::ParameterName, 'Every entry of a .env file becomes an env secret')
            [CompletionResult]::new('--from-env', '--from-env', [CompletionResultType]::ParameterName, 'An env secret whose value is taken from vault''s own environment')
            [CompletionResult]::new('--from-json', '--from-json', [CompletionResultType]::ParameterName, 'Secrets from JSON: a `secrets` array or a whole collection (`-` for stdin)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Kind label for the sources after it')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'An env secret whose value is generated from the OS''s random source; never printed unless --show')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length in characters of the --generate values after it [default: 32]')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'Character set of the --generate values after it [default: alnum]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--show', '--show', [CompletionResultType]::ParameterName, 'Print the generated values (one per line, in the order given) instead of the summary')
            [CompletionResult]::new('--allow-empty', '--allow-empty', [CompletionResultType]::ParameterName, 'Accept an empty value typed at the prompt of `--env KEY`')
            [CompletionResult]::new('--allow-existing', '--allow-existing', [CompletionResultType]::ParameterName, 'Exit 0 and change nothing if the collection exists')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;list' {
            [CompletionResult]::new('--search', '--search', [CompletionResultType]::ParameterName, 'Only collections whose ID, name or description contains TERM (any case)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only collections holding a secret of this kind')
            [CompletionResult]::new('--created-before', '--created-before', [CompletionResultType]::ParameterName, 'Only collections created before TIME (RFC 3339 or YYYY-MM-DD, UTC)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N collections')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;ls' {
            [CompletionResult]::new('--search', '--search', [CompletionResultType]::ParameterName, 'Only collections whose ID, name or description contains TERM (any case)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only collections holding a secret of this kind')
            [CompletionResult]::new('--created-before', '--created-before', [CompletionResultType]::ParameterName, 'Only collections created before TIME (RFC 3339 or YYYY-MM-DD, UTC)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N collections')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;get' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the value to FILE (created 0600, replaced atomically) instead of stdout; `-` writes to stdout even when it is a terminal')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the value to FILE (created 0600, replaced atomically) instead of stdout; `-` writes to stdout even when it is a terminal')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Show version N (see `vault history ID`) instead of the current one')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Unlock and show values')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'vault;update' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'New display name')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'New description')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'An env secret: KEY=VALUE (visible in `ps` and shell history), or KEY alone to read the value from stdin or a no-echo prompt')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A file secret whose value is PATH''s bytes (`-` for stdin)')
            [CompletionResult]::new('--from-dotenv', '--from-dotenv', [CompletionResultType]::ParameterName, 'Every entry of a .env file becomes an env secret')
            [CompletionResult]::new('--from-env', '--from-env', [CompletionResultType]::ParameterName, 'An env secret whose value is taken from vault''s own environment')
            [CompletionResult]::new('--from-json', '--from-json', [CompletionResultType]::ParameterName, 'Secrets from JSON: a `secrets` array or a whole collection (`-` for stdin)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Kind label for the sources after it')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'An env secret whose value is generated from the OS''s random source; never printed unless --show')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length in characters of the --generate values after it [default: 32]')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'Character set of the --generate values after it [default: alnum]')
            [CompletionResult]::new('--unset', '--unset', [CompletionResultType]::ParameterName, 'Remove the secret at LOCATION; repeatable')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--show', '--show', [CompletionResultType]::ParameterName, 'Print the generated values (one per line, in the order given) instead of the summary')
            [CompletionResult]::new('--allow-empty', '--allow-empty', [CompletionResultType]::ParameterName, 'Accept an empty value typed at the prompt of `--env KEY`')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'The given sources become the whole list of secrets')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'With --replace and no sources: remove every secret without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'With --replace and no sources: remove every secret without asking')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;delete' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--allow-missing', '--allow-missing', [CompletionResultType]::ParameterName, 'Exit 0 if the collection does not exist')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--allow-missing', '--allow-missing', [CompletionResultType]::ParameterName, 'Exit 0 if the collection does not exist')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;run' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Collection to load (ID or WS/ID); repeatable, later wins on a clash')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection to load (ID or WS/ID); repeatable, later wins on a clash')
            [CompletionResult]::new('--require', '--require', [CompletionResultType]::ParameterName, 'Fail before starting if KEY is not among the env secrets; repeatable')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Render TEMPLATE (see `vault inject`) into the run''s private directory at LOCATION, removed with it; repeatable')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--preserve-env', '--preserve-env', [CompletionResultType]::ParameterName, 'Inherited variables win over secrets of the same name')
            [CompletionResult]::new('--mask', '--mask', [CompletionResultType]::ParameterName, 'Replace secret values in the command''s output with "<concealed by vault>" (on a terminal the command gets a pseudo-terminal vault relays)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: dotenv, or json with --json]; dotenv, shell and docker carry env secrets only')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE (created 0600, replaced atomically, only on success) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE (created 0600, replaced atomically, only on success) instead of stdout')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;history' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;rollback' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;audit' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show only the newest N records')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Check the hash chain instead of listing; exit 6 if a record was altered, removed or moved')
            [CompletionResult]::new('--accept-state', '--accept-state', [CompletionResultType]::ParameterName, 'Accept the vault as it is now on this machine, after restoring it from a backup or putting another vault at its path on purpose: forget the newer state seen (rollback detection) and pin the vault''s id for its path')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;copy' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to copy the vault to: a file path, or postgres://USER@HOST:PORT/DB?schema=NAME')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;workspace' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List workspaces')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List workspaces')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a workspace')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a workspace (with --yes, also its collections)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a workspace (with --yes, also its collections)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;workspace;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;workspace;ls' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;workspace;create' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;workspace;delete' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Delete even if it holds collections')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete even if it holds collections')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;workspace;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Delete even if it holds collections')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete even if it holds collections')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;workspace;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List workspaces')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a workspace')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a workspace (with --yes, also its collections)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;workspace;help;list' {
            break
        }
        'vault;workspace;help;create' {
            break
        }
        'vault;workspace;help;delete' {
            break
        }
        'vault;workspace;help;help' {
            break
        }
        'vault;passwd' {
            [CompletionResult]::new('--work-factor', '--work-factor', [CompletionResultType]::ParameterName, 'scrypt work factor (log2) for the new passphrase [default: the vault''s current one]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;rotate-key' {
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Where to write the new identity (identity-file vaults only; must not exist)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--encrypt-identity', '--encrypt-identity', [CompletionResultType]::ParameterName, 'Encrypt the new identity file with a passphrase, as `age -p -a` does (typed twice, or VAULT_IDENTITY_PASSPHRASE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;recipients' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the owner and readers (public keys only; no unlock)')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the owner and readers (public keys only; no unlock)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Let another age X25519 key read the vault (the owner only)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Stop a reader''s key from opening anything stored (new data key; the owner only)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Stop a reader''s key from opening anything stored (new data key; the owner only)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;recipients;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;recipients;ls' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;recipients;add' {
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Whose key it is ("alice"), shown by `recipients list`')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;recipients;remove' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;recipients;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;recipients;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the owner and readers (public keys only; no unlock)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Let another age X25519 key read the vault (the owner only)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Stop a reader''s key from opening anything stored (new data key; the owner only)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;recipients;help;list' {
            break
        }
        'vault;recipients;help;add' {
            break
        }
        'vault;recipients;help;remove' {
            break
        }
        'vault;recipients;help;help' {
            break
        }
        'vault;unlock' {
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Forget the key once it has gone unused this long (each use renews it; at most 12h after the unlock however it is used), e.g. 30s, 15m, 2h')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'List the vaults the agent holds, with their ids and when it forgets them (never a key)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;lock' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Forget every vault''s key and stop the agent')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;check' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Collection to look in (ID or WS/ID) instead of the project''s; repeatable')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection to look in (ID or WS/ID) instead of the project''s; repeatable')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;inject' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'The template (`-` for stdin)')
            [CompletionResult]::new('--in', '--in', [CompletionResultType]::ParameterName, 'The template (`-` for stdin)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE (created 0600, replaced atomically, only on success) instead of stdout; `-` writes to stdout even when it is a terminal')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE (created 0600, replaced atomically, only on success) instead of stdout; `-` writes to stdout even when it is a terminal')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;scan' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Collection whose values to look for (ID or WS/ID) instead of the project''s; repeatable')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection whose values to look for (ID or WS/ID) instead of the project''s; repeatable')
            [CompletionResult]::new('--min-length', '--min-length', [CompletionResultType]::ParameterName, 'Values shorter than N bytes are not looked for (they would match everywhere)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Scan what is staged for the next commit (git''s index) instead of the working tree')
            [CompletionResult]::new('--gitignore', '--gitignore', [CompletionResultType]::ParameterName, 'Skip what .gitignore, .git/info/exclude and git''s global excludes ignore')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Look for the values of every collection in every workspace')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;status' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;completions' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;agent' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a file, or a postgres:// URL [default: <data dir>/vault/vault.db]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to use [default: from .vault.toml, the user config, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that unlocks the vault (age-keygen format)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vault;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new vault')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a collection of secrets')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List collections (never values)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a collection (values masked unless --reveal), or one value''s exact bytes')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a collection''s secrets, name or description')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a collection')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command with a collection''s secrets in its environment and files')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print a collection''s values as a .env file, shell `export` lines, docker --env-file lines or JSON')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List a collection''s kept versions and what each changed (never values)')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Make a new version of a collection equal to an older one')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'List the audit log of changes and reveals, or check it with --verify')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole vault, as ciphertext, into an empty location (a file or PostgreSQL)')
            [CompletionResult]::new('workspace', 'workspace', [CompletionResultType]::ParameterValue, 'Manage workspaces')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change the passphrase that protects the vault''s identity')
            [CompletionResult]::new('rotate-key', 'rotate-key', [CompletionResultType]::ParameterValue, 'Replace the vault''s identity and data key, re-encrypting every stored value')
            [CompletionResult]::new('recipients', 'recipients', [CompletionResultType]::ParameterValue, 'List, add or remove the readers of the vault')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Unlock the vault once: an agent keeps its key until it goes unused (--status: what it holds)')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Make the unlock agent forget the vault''s key now (--all: every vault, and stop it)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the project''s declared requirements (.vault.toml `require`) without unlocking')
            [CompletionResult]::new('inject', 'inject', [CompletionResultType]::ParameterValue, 'Render a template whose {{ COLLECTION.LOCATION }} references name secrets')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find stored secret values in files or in git''s staged changes (never prints them)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show where you are: the vault and its mode, the workspace, the project file and identity file, and where each setting came from (no unlock, no value)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'The unlock agent process itself (started by `vault unlock`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vault;help;init' {
            break
        }
        'vault;help;create' {
            break
        }
        'vault;help;list' {
            break
        }
        'vault;help;get' {
            break
        }
        'vault;help;update' {
            break
        }
        'vault;help;delete' {
            break
        }
        'vault;help;run' {
            break
        }
        'vault;help;export' {
            break
        }
        'vault;help;history' {
            break
        }
        'vault;help;rollback' {
            break
        }
        'vault;help;audit' {
            break
        }
        'vault;help;copy' {
            break
        }
        'vault;help;workspace' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List workspaces')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a workspace')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a workspace (with --yes, also its collections)')
            break
        }
        'vault;help;workspace;list' {
            break
        }
        'vault;help;workspace;create' {
            break
        }
        'vault;help;workspace;delete' {
            break
        }
        'vault;help;passwd' {
            break
        }
        'vault;help;rotate-key' {
            break
        }
        'vault;help;recipients' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the owner and readers (public keys only; no unlock)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Let another age X25519 key read the vault (the owner only)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Stop a reader''s key from opening anything stored (new data key; the owner only)')
            break
        }
        'vault;help;recipients;list' {
            break
        }
        'vault;help;recipients;add' {
            break
        }
        'vault;help;recipients;remove' {
            break
        }
        'vault;help;unlock' {
            break
        }
        'vault;help;lock' {
            break
        }
        'vault;help;check' {
            break
        }
        'vault;help;inject' {
            break
        }
        'vault;help;scan' {
            break
        }
        'vault;help;status' {
            break
        }
        'vault;help;completions' {
            break
        }
        'vault;help;agent' {
            break
        }
        'vault;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
