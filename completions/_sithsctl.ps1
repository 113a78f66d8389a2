
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'sithsctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'sithsctl'
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
        'sithsctl' {
            [CompletionResult]::new('--output-version', '--output-version', [CompletionResultType]::ParameterName, 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and advice: sv or en [default: from the locale]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (versioned, see docs/json.md) instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('readers', 'readers', [CompletionResultType]::ParameterValue, 'List card readers and the state of their slots')
            [CompletionResult]::new('certs', 'certs', [CompletionResultType]::ParameterValue, 'List the certificates on the card: role, holder, HSA-ID, card number, issuer, expiry')
            [CompletionResult]::new('dump', 'dump', [CompletionResultType]::ParameterValue, 'Save the card''s public files as a card image, to reproduce the card elsewhere with --image')
            [CompletionResult]::new('virtual-card', 'virtual-card', [CompletionResultType]::ParameterValue, 'Serve a card image as a virtual card in a vpcd reader (vsmartcard), for tests and training')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Everything about the card on one screen: reader, card, certificates by card number and organisation, issuers, and findings with what to do')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the card against a policy (organisation, HSA-ID, signature); exit 0 pass, 1 fail')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Find out why a card login fails ("namnet kommer inte upp"): every layer from the service to the certificate, most likely cause first')
            [CompletionResult]::new('order-info', 'order-info', [CompletionResultType]::ParameterValue, 'The data to order an organisation''s certificate for the card the person already has: issuer, card number, latest end date; or the HSA-ID to register if it is there')
            [CompletionResult]::new('orgs', 'orgs', [CompletionResultType]::ParameterValue, 'List the known organisations, built in and from the configuration file')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Follow the readers: check every card inserted, one line (or JSON record) per card. Needs readers: for a card image or the demo card use `check`')
            [CompletionResult]::new('fleet', 'fleet', [CompletionResultType]::ParameterValue, 'Summarise many reports (inspect/check documents, watch records): verdicts, expiry, organisations, issuers and the cards that need action. Exit 1 if any input was skipped')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sithsctl;readers' {
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Read a card image (as written by `sithsctl dump`) instead of a reader')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the reader or card after this many seconds')
            [CompletionResult]::new('--output-version', '--output-version', [CompletionResultType]::ParameterName, 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and advice: sv or en [default: from the locale]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Read the bundled demo card (made up; no reader needed)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (versioned, see docs/json.md) instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sithsctl;certs' {
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'Also write each certificate to DIR as DER and PEM, named by role and HSA-ID. Personnummer certificates only with --show-personal-numbers')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]')
            [CompletionResult]::new('--reader', '--reader', [CompletionResultType]::ParameterName, 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Read a card image (as written by `sithsctl dump`) instead of a reader')
            [CompletionResult]::new('--pkcs11', '--pkcs11', [CompletionResultType]::ParameterName, 'Read through the middleware''s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the reader or card after this many seconds')
            [CompletionResult]::new('--warn-days', '--warn-days', [CompletionResultType]::ParameterName, 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Extra CA certificate (DER or PEM) to check signatures against; repeatable')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now')
            [CompletionResult]::new('--output-version', '--output-version', [CompletionResultType]::ParameterName, 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and advice: sv or en [default: from the locale]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Read the bundled demo card (made up; no reader needed)')
            [CompletionResult]::new('--show-personal-numbers', '--show-personal-numbers', [CompletionResultType]::ParameterName, 'Show personnummer in full (personal data: masked by default)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite files that already exist in the --export folder')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (versioned, see docs/json.md) instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sithsctl;dump' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to write the image (JSON); `-` for standard output. An existing file is not overwritten without --force')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write the image (JSON); `-` for standard output. An existing file is not overwritten without --force')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]')
            [CompletionResult]::new('--reader', '--reader', [CompletionResultType]::ParameterName, 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Read a card image (as written by `sithsctl dump`) instead of a reader')
            [CompletionResult]::new('--pkcs11', '--pkcs11', [CompletionResultType]::ParameterName, 'Read through the middleware''s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the reader or card after this many seconds')
            [CompletionResult]::new('--output-version', '--output-version', [CompletionResultType]::ParameterName, 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and advice: sv or en [default: from the locale]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Read the bundled demo card (made up; no reader needed)')
            [CompletionResult]::new('--include-personal-numbers', '--include-personal-numbers', [CompletionResultType]::ParameterName, 'Keep the personnummer certificates in the image (left out by default: personal data)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite the output file if it exists')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (versioned, see docs/json.md) instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sithsctl;virtual-card' {
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'The card image to serve (JSON, as written by `sithsctl dump`)')
            [CompletionResult]::new('--slot', '--slot', [CompletionResultType]::ParameterName, 'vpcd reader slot: 0 is `Virtual PCD 00 00`, 1 is `Virtual PCD 00 01`')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Host where vpcd listens')
            [CompletionResult]::new('--delay-ms', '--delay-ms', [CompletionResultType]::ParameterName, 'Wait this many milliseconds before each answer (a slow card)')
            [CompletionResult]::new('--pull-after', '--pull-after', [CompletionResultType]::ParameterName, 'Pull the card out on the Nth command (card removed mid-read)')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'Append every command and control message as a JSON line to FILE')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up reaching vpcd after this many seconds')
            [CompletionResult]::new('--output-version', '--output-version', [CompletionResultType]::ParameterName, 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and advice: sv or en [default: from the locale]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (versioned, see docs/json.md) instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sithsctl;completions' {
            [CompletionResult]::new('--output-version', '--output-version', [CompletionResultType]::ParameterName, 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and advice: sv or en [default: from the locale]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (versioned, see docs/json.md) instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sithsctl;inspect' {
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias (jönköping, rjl, gbg) [default: `org` in the configuration file]')
            [CompletionResult]::new('--card-expiry', '--card-expiry', [CompletionResultType]::ParameterName, 'The expiry date printed on the card (YYYY-MM-DD), not its certificates''')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in the configuration file]')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]')
            [CompletionResult]::new('--reader', '--reader', [CompletionResultType]::ParameterName, 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Read a card image (as written by `sithsctl dump`) instead of a reader')
            [CompletionResult]::new('--pkcs11', '--pkcs11', [CompletionResultType]::ParameterName, 'Read through the middleware''s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the reader or card after this many seconds')
            [CompletionResult]::new('--warn-days', '--warn-days', [CompletionResultType]::ParameterName, 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Extra CA certificate (DER or PEM) to check signatures against; repeatable')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'HTTP proxy for the plain-http requests, `none` for none [default: `proxy` in [revocation], else http_proxy / HTTP_PROXY]')
            [CompletionResult]::new('--revocation-timeout', '--revocation-timeout', [CompletionResultType]::ParameterName, 'Give up asking after this many seconds in all [default: 5, or `timeout` in [revocation]]')
            [CompletionResult]::new('--output-version', '--output-version', [CompletionResultType]::ParameterName, 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and advice: sv or en [default: from the locale]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Read the bundled demo card (made up; no reader needed)')
            [CompletionResult]::new('--show-personal-numbers', '--show-personal-numbers', [CompletionResultType]::ParameterName, 'Show personnummer in full (personal data: masked by default)')
            [CompletionResult]::new('--no-pin-status', '--no-pin-status', [CompletionResultType]::ParameterName, 'Never ask the card for its PINs'' state. By default sithsctl asks only cards known to answer without counting a try (IDPrime), with a VERIFY that carries no PIN [default: ask, or `pin_status = false` in the configuration file]')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Ask no OCSP responder or CRL; answers still valid in the cache are used [default: `offline` in [revocation] of the configuration file]')
            [CompletionResult]::new('--online', '--online', [CompletionResultType]::ParameterName, 'Ask also for a card image or the demo card (by default only a card in a reader is checked)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Ask about every person certificate, not only the ones a login uses')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (versioned, see docs/json.md) instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sithsctl;check' {
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias (jönköping, rjl, gbg) [default: `org` in the configuration file]')
            [CompletionResult]::new('--card-expiry', '--card-expiry', [CompletionResultType]::ParameterName, 'The expiry date printed on the card (YYYY-MM-DD), not its certificates''')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in the configuration file]')
            [CompletionResult]::new('--hsa-id', '--hsa-id', [CompletionResultType]::ParameterName, 'Require a valid identification certificate with exactly this HSA-ID')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]')
            [CompletionResult]::new('--reader', '--reader', [CompletionResultType]::ParameterName, 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Read a card image (as written by `sithsctl dump`) instead of a reader')
            [CompletionResult]::new('--pkcs11', '--pkcs11', [CompletionResultType]::ParameterName, 'Read through the middleware''s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the reader or card after this many seconds')
            [CompletionResult]::new('--warn-days', '--warn-days', [CompletionResultType]::ParameterName, 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Extra CA certificate (DER or PEM) to check signatures against; repeatable')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'HTTP proxy for the plain-http requests, `none` for none [default: `proxy` in [revocation], else http_proxy / HTTP_PROXY]')
            [CompletionResult]::new('--revocation-timeout', '--revocation-timeout', [CompletionResultType]::ParameterName, 'Give up asking after this many seconds in all [default: 5, or `timeout` in [revocation]]')
            [CompletionResult]::new('--output-version', '--output-version', [CompletionResultType]::ParameterName, 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and advice: sv or en [default: from the locale]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]')
            [CompletionResult]::new('--require-signature', '--require-signature', [CompletionResultType]::ParameterName, 'Also require the signature certificate with the same HSA-ID')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Warnings fail the check too')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Read the bundled demo card (made up; no reader needed)')
            [CompletionResult]::new('--show-personal-numbers', '--show-personal-numbers', [CompletionResultType]::ParameterName, 'Show personnummer in full (personal data: masked by default)')
            [CompletionResult]::new('--no-pin-status', '--no-pin-status', [CompletionResultType]::ParameterName, 'Never ask the card for its PINs'' state. By default sithsctl asks only cards known to answer without counting a try (IDPrime), with a VERIFY that carries no PIN [default: ask, or `pin_status = false` in the configuration file]')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Ask no OCSP responder or CRL; answers still valid in the cache are used [default: `offline` in [revocation] of the configuration file]')
            [CompletionResult]::new('--online', '--online', [CompletionResultType]::ParameterName, 'Ask also for a card image or the demo card (by default only a card in a reader is checked)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Ask about every person certificate, not only the ones a login uses')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (versioned, see docs/json.md) instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sithsctl;doctor' {
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias (jönköping, rjl, gbg) [default: `org` in the configuration file]')
            [CompletionResult]::new('--card-expiry', '--card-expiry', [CompletionResultType]::ParameterName, 'The expiry date printed on the card (YYYY-MM-DD), not its certificates''')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in the configuration file]')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait up to this many seconds for a card to be inserted, and tell how long it took from insertion until the certificates could be read')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]')
            [CompletionResult]::new('--reader', '--reader', [CompletionResultType]::ParameterName, 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Read a card image (as written by `sithsctl dump`) instead of a reader')
            [CompletionResult]::new('--pkcs11', '--pkcs11', [CompletionResultType]::ParameterName, 'Read through the middleware''s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the reader or card after this many seconds')
            [CompletionResult]::new('--warn-days', '--warn-days', [CompletionResultType]::ParameterName, 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Extra CA certificate (DER or PEM) to check signatures against; repeatable')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'HTTP proxy for the plain-http requests, `none` for none [default: `proxy` in [revocation], else http_proxy / HTTP_PROXY]')
            [CompletionResult]::new('--revocation-timeout', '--revocation-timeout', [CompletionResultType]::ParameterName, 'Give up asking after this many seconds in all [default: 5, or `timeout` in [revocation]]')
            [CompletionResult]::new('--output-version', '--output-version', [CompletionResultType]::ParameterName, 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and advice: sv or en [default: from the locale]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Print a block to paste into a support ticket (no personnummer). `--json` wins')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Read the bundled demo card (made up; no reader needed)')
            [CompletionResult]::new('--show-personal-numbers', '--show-personal-numbers', [CompletionResultType]::ParameterName, 'Show personnummer in full (personal data: masked by default)')
            [CompletionResult]::new('--no-pin-status', '--no-pin-status', [CompletionResultType]::ParameterName, 'Never ask the card for its PINs'' state. By default sithsctl asks only cards known to answer without counting a try (IDPrime), with a VERIFY that carries no PIN [default: ask, or `pin_status = false` in the configuration file]')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Ask no OCSP responder or CRL; answers still valid in the cache are used [default: `offline` in [revocation] of the configuration file]')
            [CompletionResult]::new('--online', '--online', [CompletionResultType]::ParameterName, 'Ask also for a card image or the demo card (by default only a card in a reader is checked)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Ask about every person certificate, not only the ones a login uses')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (versioned, see docs/json.md) instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sithsctl;order-info' {
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias (jönköping, rjl, gbg) [default: `org` in the configuration file]')
            [CompletionResult]::new('--card-expiry', '--card-expiry', [CompletionResultType]::ParameterName, 'The expiry date printed on the card (YYYY-MM-DD), not its certificates''')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in the configuration file]')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]')
            [CompletionResult]::new('--reader', '--reader', [CompletionResultType]::ParameterName, 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Read a card image (as written by `sithsctl dump`) instead of a reader')
            [CompletionResult]::new('--pkcs11', '--pkcs11', [CompletionResultType]::ParameterName, 'Read through the middleware''s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the reader or card after this many seconds')
            [CompletionResult]::new('--warn-days', '--warn-days', [CompletionResultType]::ParameterName, 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Extra CA certificate (DER or PEM) to check signatures against; repeatable')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now')
            [CompletionResult]::new('--output-version', '--output-version', [CompletionResultType]::ParameterName, 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and advice: sv or en [default: from the locale]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Read the bundled demo card (made up; no reader needed)')
            [CompletionResult]::new('--show-personal-numbers', '--show-personal-numbers', [CompletionResultType]::ParameterName, 'Show personnummer in full (personal data: masked by default)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (versioned, see docs/json.md) instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sithsctl;orgs' {
            [CompletionResult]::new('--output-version', '--output-version', [CompletionResultType]::ParameterName, 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and advice: sv or en [default: from the locale]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Print the configuration file''s path (set SITHSCTL_CONFIG to use another) and nothing else')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (versioned, see docs/json.md) instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sithsctl;watch' {
            [CompletionResult]::new('--append', '--append', [CompletionResultType]::ParameterName, 'Also append each record as one JSON line to FILE (JSON Lines, whole lines only)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after N cards')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Stop after this many seconds')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias (jönköping, rjl, gbg) [default: `org` in the configuration file]')
            [CompletionResult]::new('--card-expiry', '--card-expiry', [CompletionResultType]::ParameterName, 'The expiry date printed on the card (YYYY-MM-DD), not its certificates''')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in the configuration file]')
            [CompletionResult]::new('--hsa-id', '--hsa-id', [CompletionResultType]::ParameterName, 'Require a valid identification certificate with exactly this HSA-ID')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the reader or card after this many seconds')
            [CompletionResult]::new('--warn-days', '--warn-days', [CompletionResultType]::ParameterName, 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Extra CA certificate (DER or PEM) to check signatures against; repeatable')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'HTTP proxy for the plain-http requests, `none` for none [default: `proxy` in [revocation], else http_proxy / HTTP_PROXY]')
            [CompletionResult]::new('--revocation-timeout', '--revocation-timeout', [CompletionResultType]::ParameterName, 'Give up asking after this many seconds in all [default: 5, or `timeout` in [revocation]]')
            [CompletionResult]::new('--output-version', '--output-version', [CompletionResultType]::ParameterName, 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and advice: sv or en [default: from the locale]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]')
            [CompletionResult]::new('--require-signature', '--require-signature', [CompletionResultType]::ParameterName, 'Also require the signature certificate with the same HSA-ID')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Warnings fail the check too')
            [CompletionResult]::new('--show-personal-numbers', '--show-personal-numbers', [CompletionResultType]::ParameterName, 'Show personnummer in full (personal data: masked by default)')
            [CompletionResult]::new('--no-pin-status', '--no-pin-status', [CompletionResultType]::ParameterName, 'Never ask the card for its PINs'' state. By default sithsctl asks only cards known to answer without counting a try (IDPrime), with a VERIFY that carries no PIN [default: ask, or `pin_status = false` in the configuration file]')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Ask no OCSP responder or CRL; answers still valid in the cache are used [default: `offline` in [revocation] of the configuration file]')
            [CompletionResult]::new('--online', '--online', [CompletionResultType]::ParameterName, 'Ask also for a card image or the demo card (by default only a card in a reader is checked)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Ask about every person certificate, not only the ones a login uses')
            [CompletionResult]::new('--kiosk', '--kiosk', [CompletionResultType]::ParameterName, 'A desk for a queue of staff: per card one large result (the name and the HSA-ID to register, or the data to order the --org certificate, or "new card needed"), then ready for the next card')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (versioned, see docs/json.md) instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sithsctl;fleet' {
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Count which cards lack this organisation''s identification certificate')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now')
            [CompletionResult]::new('--orders', '--orders', [CompletionResultType]::ParameterName, 'The order list for ORG: one row per person whose card lacks a valid identification certificate of ORG (name, HSA-IDs, card number, issuer, valid until, card expiry). Printed as CSV unless --xlsx is given; with --lang sv Swedish headers, `;` and a BOM')
            [CompletionResult]::new('--register', '--register', [CompletionResultType]::ParameterName, 'The registration list for ORG: one row per person whose card has it (name, the HSA-ID to register in the record system, valid to). Printed as CSV unless --xlsx is given')
            [CompletionResult]::new('--xlsx', '--xlsx', [CompletionResultType]::ParameterName, 'Write the lists asked for (--orders, --register; both for --org when neither is given) to FILE as an Excel workbook, one sheet per list. Not overwritten without --force')
            [CompletionResult]::new('--html', '--html', [CompletionResultType]::ParameterName, 'Write a report to FILE as one self-contained HTML page (summary, expiry calendar, cards that need action, the lists). Not overwritten without --force')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'CSV of printed card dates (`card number,printed expiry[,note]`), for reports that do not give the card''s date [default: `inventory` in the configuration file]')
            [CompletionResult]::new('--output-version', '--output-version', [CompletionResultType]::ParameterName, 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of messages and advice: sv or en [default: from the locale]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Print the cards that need action as CSV instead of the summary table (not with --json)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite the --xlsx and --html files if they exist')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (versioned, see docs/json.md) instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sithsctl;help' {
            [CompletionResult]::new('readers', 'readers', [CompletionResultType]::ParameterValue, 'List card readers and the state of their slots')
            [CompletionResult]::new('certs', 'certs', [CompletionResultType]::ParameterValue, 'List the certificates on the card: role, holder, HSA-ID, card number, issuer, expiry')
            [CompletionResult]::new('dump', 'dump', [CompletionResultType]::ParameterValue, 'Save the card''s public files as a card image, to reproduce the card elsewhere with --image')
            [CompletionResult]::new('virtual-card', 'virtual-card', [CompletionResultType]::ParameterValue, 'Serve a card image as a virtual card in a vpcd reader (vsmartcard), for tests and training')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Everything about the card on one screen: reader, card, certificates by card number and organisation, issuers, and findings with what to do')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the card against a policy (organisation, HSA-ID, signature); exit 0 pass, 1 fail')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Find out why a card login fails ("namnet kommer inte upp"): every layer from the service to the certificate, most likely cause first')
            [CompletionResult]::new('order-info', 'order-info', [CompletionResultType]::ParameterValue, 'The data to order an organisation''s certificate for the card the person already has: issuer, card number, latest end date; or the HSA-ID to register if it is there')
            [CompletionResult]::new('orgs', 'orgs', [CompletionResultType]::ParameterValue, 'List the known organisations, built in and from the configuration file')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Follow the readers: check every card inserted, one line (or JSON record) per card. Needs readers: for a card image or the demo card use `check`')
            [CompletionResult]::new('fleet', 'fleet', [CompletionResultType]::ParameterValue, 'Summarise many reports (inspect/check documents, watch records): verdicts, expiry, organisations, issuers and the cards that need action. Exit 1 if any input was skipped')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sithsctl;help;readers' {
            break
        }
        'sithsctl;help;certs' {
            break
        }
        'sithsctl;help;dump' {
            break
        }
        'sithsctl;help;virtual-card' {
            break
        }
        'sithsctl;help;completions' {
            break
        }
        'sithsctl;help;inspect' {
            break
        }
        'sithsctl;help;check' {
            break
        }
        'sithsctl;help;doctor' {
            break
        }
        'sithsctl;help;order-info' {
            break
        }
        'sithsctl;help;orgs' {
            break
        }
        'sithsctl;help;watch' {
            break
        }
        'sithsctl;help;fleet' {
            break
        }
        'sithsctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
