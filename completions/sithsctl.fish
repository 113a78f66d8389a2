# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sithsctl_global_optspecs
    string join \n json output-version= lang= color= width= h/help V/version
end

function __fish_sithsctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_sithsctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_sithsctl_using_subcommand
    set -l cmd (__fish_sithsctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c sithsctl -n "__fish_sithsctl_needs_command" -l output-version -d 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4' -r
complete -c sithsctl -n "__fish_sithsctl_needs_command" -l lang -d 'Language of messages and advice: sv or en [default: from the locale]' -r -f -a "sv\t''
en\t''"
complete -c sithsctl -n "__fish_sithsctl_needs_command" -l color -d 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sithsctl -n "__fish_sithsctl_needs_command" -l width -d 'Lay text out for N columns [default: the terminal\'s, COLUMNS, or 100]' -r
complete -c sithsctl -n "__fish_sithsctl_needs_command" -l json -d 'Print JSON (versioned, see docs/json.md) instead of text'
complete -c sithsctl -n "__fish_sithsctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sithsctl -n "__fish_sithsctl_needs_command" -s V -l version -d 'Print version'
complete -c sithsctl -n "__fish_sithsctl_needs_command" -f -a "readers" -d 'List card readers and the state of their slots'
complete -c sithsctl -n "__fish_sithsctl_needs_command" -f -a "certs" -d 'List the certificates on the card: role, holder, HSA-ID, card number, issuer, expiry'
complete -c sithsctl -n "__fish_sithsctl_needs_command" -f -a "dump" -d 'Save the card\'s public files as a card image, to reproduce the card elsewhere with --image'
complete -c sithsctl -n "__fish_sithsctl_needs_command" -f -a "virtual-card" -d 'Serve a card image as a virtual card in a vpcd reader (vsmartcard), for tests and training'
complete -c sithsctl -n "__fish_sithsctl_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c sithsctl -n "__fish_sithsctl_needs_command" -f -a "inspect" -d 'Everything about the card on one screen: reader, card, certificates by card number and organisation, issuers, and findings with what to do'
complete -c sithsctl -n "__fish_sithsctl_needs_command" -f -a "check" -d 'Check the card against a policy (organisation, HSA-ID, signature); exit 0 pass, 1 fail'
complete -c sithsctl -n "__fish_sithsctl_needs_command" -f -a "doctor" -d 'Find out why a card login fails ("namnet kommer inte upp"): every layer from the service to the certificate, most likely cause first'
complete -c sithsctl -n "__fish_sithsctl_needs_command" -f -a "order-info" -d 'The data to order an organisation\'s certificate for the card the person already has: issuer, card number, latest end date; or the HSA-ID to register if it is there'
complete -c sithsctl -n "__fish_sithsctl_needs_command" -f -a "orgs" -d 'List the known organisations, built in and from the configuration file'
complete -c sithsctl -n "__fish_sithsctl_needs_command" -f -a "watch" -d 'Follow the readers: check every card inserted, one line (or JSON record) per card. Needs readers: for a card image or the demo card use `check`'
complete -c sithsctl -n "__fish_sithsctl_needs_command" -f -a "fleet" -d 'Summarise many reports (inspect/check documents, watch records): verdicts, expiry, organisations, issuers and the cards that need action. Exit 1 if any input was skipped'
complete -c sithsctl -n "__fish_sithsctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand readers" -l image -d 'Read a card image (as written by `sithsctl dump`) instead of a reader' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand readers" -l timeout -d 'Give up on the reader or card after this many seconds' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand readers" -l output-version -d 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand readers" -l lang -d 'Language of messages and advice: sv or en [default: from the locale]' -r -f -a "sv\t''
en\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand readers" -l color -d 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand readers" -l width -d 'Lay text out for N columns [default: the terminal\'s, COLUMNS, or 100]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand readers" -l demo -d 'Read the bundled demo card (made up; no reader needed)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand readers" -l json -d 'Print JSON (versioned, see docs/json.md) instead of text'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand readers" -s h -l help -d 'Print help'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -l export -d 'Also write each certificate to DIR as DER and PEM, named by role and HSA-ID. Personnummer certificates only with --show-personal-numbers' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -s r -l reader -d 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -l image -d 'Read a card image (as written by `sithsctl dump`) instead of a reader' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -l pkcs11 -d 'Read through the middleware\'s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -l timeout -d 'Give up on the reader or card after this many seconds' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -l warn-days -d 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -l ca -d 'Extra CA certificate (DER or PEM) to check signatures against; repeatable' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -l at -d 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -l output-version -d 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -l lang -d 'Language of messages and advice: sv or en [default: from the locale]' -r -f -a "sv\t''
en\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -l color -d 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -l width -d 'Lay text out for N columns [default: the terminal\'s, COLUMNS, or 100]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -l demo -d 'Read the bundled demo card (made up; no reader needed)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -l show-personal-numbers -d 'Show personnummer in full (personal data: masked by default)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -l force -d 'Overwrite files that already exist in the --export folder'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -l json -d 'Print JSON (versioned, see docs/json.md) instead of text'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand certs" -s h -l help -d 'Print help'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand dump" -s o -l output -d 'Where to write the image (JSON); `-` for standard output. An existing file is not overwritten without --force' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand dump" -s r -l reader -d 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand dump" -l image -d 'Read a card image (as written by `sithsctl dump`) instead of a reader' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand dump" -l pkcs11 -d 'Read through the middleware\'s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand dump" -l timeout -d 'Give up on the reader or card after this many seconds' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand dump" -l output-version -d 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand dump" -l lang -d 'Language of messages and advice: sv or en [default: from the locale]' -r -f -a "sv\t''
en\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand dump" -l color -d 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand dump" -l width -d 'Lay text out for N columns [default: the terminal\'s, COLUMNS, or 100]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand dump" -l demo -d 'Read the bundled demo card (made up; no reader needed)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand dump" -l include-personal-numbers -d 'Keep the personnummer certificates in the image (left out by default: personal data)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand dump" -l force -d 'Overwrite the output file if it exists'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand dump" -l json -d 'Print JSON (versioned, see docs/json.md) instead of text'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand dump" -s h -l help -d 'Print help'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand virtual-card" -l image -d 'The card image to serve (JSON, as written by `sithsctl dump`)' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand virtual-card" -l slot -d 'vpcd reader slot: 0 is `Virtual PCD 00 00`, 1 is `Virtual PCD 00 01`' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand virtual-card" -l host -d 'Host where vpcd listens' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand virtual-card" -l delay-ms -d 'Wait this many milliseconds before each answer (a slow card)' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand virtual-card" -l pull-after -d 'Pull the card out on the Nth command (card removed mid-read)' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand virtual-card" -l log -d 'Append every command and control message as a JSON line to FILE' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand virtual-card" -l connect-timeout -d 'Give up reaching vpcd after this many seconds' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand virtual-card" -l output-version -d 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand virtual-card" -l lang -d 'Language of messages and advice: sv or en [default: from the locale]' -r -f -a "sv\t''
en\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand virtual-card" -l color -d 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand virtual-card" -l width -d 'Lay text out for N columns [default: the terminal\'s, COLUMNS, or 100]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand virtual-card" -l json -d 'Print JSON (versioned, see docs/json.md) instead of text'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand virtual-card" -s h -l help -d 'Print help'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand completions" -l output-version -d 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand completions" -l lang -d 'Language of messages and advice: sv or en [default: from the locale]' -r -f -a "sv\t''
en\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand completions" -l color -d 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand completions" -l width -d 'Lay text out for N columns [default: the terminal\'s, COLUMNS, or 100]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand completions" -l json -d 'Print JSON (versioned, see docs/json.md) instead of text'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l org -d 'Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias (jönköping, rjl, gbg) [default: `org` in the configuration file]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l card-expiry -d 'The expiry date printed on the card (YYYY-MM-DD), not its certificates\'' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l inventory -d 'CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in the configuration file]' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -s r -l reader -d 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l image -d 'Read a card image (as written by `sithsctl dump`) instead of a reader' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l pkcs11 -d 'Read through the middleware\'s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l timeout -d 'Give up on the reader or card after this many seconds' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l warn-days -d 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l ca -d 'Extra CA certificate (DER or PEM) to check signatures against; repeatable' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l at -d 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l proxy -d 'HTTP proxy for the plain-http requests, `none` for none [default: `proxy` in [revocation], else http_proxy / HTTP_PROXY]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l revocation-timeout -d 'Give up asking after this many seconds in all [default: 5, or `timeout` in [revocation]]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l output-version -d 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l lang -d 'Language of messages and advice: sv or en [default: from the locale]' -r -f -a "sv\t''
en\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l color -d 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l width -d 'Lay text out for N columns [default: the terminal\'s, COLUMNS, or 100]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l demo -d 'Read the bundled demo card (made up; no reader needed)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l show-personal-numbers -d 'Show personnummer in full (personal data: masked by default)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l no-pin-status -d 'Never ask the card for its PINs\' state. By default sithsctl asks only cards known to answer without counting a try (IDPrime), with a VERIFY that carries no PIN [default: ask, or `pin_status = false` in the configuration file]'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l offline -d 'Ask no OCSP responder or CRL; answers still valid in the cache are used [default: `offline` in [revocation] of the configuration file]'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l online -d 'Ask also for a card image or the demo card (by default only a card in a reader is checked)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l all -d 'Ask about every person certificate, not only the ones a login uses'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -l json -d 'Print JSON (versioned, see docs/json.md) instead of text'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l org -d 'Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias (jönköping, rjl, gbg) [default: `org` in the configuration file]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l card-expiry -d 'The expiry date printed on the card (YYYY-MM-DD), not its certificates\'' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l inventory -d 'CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in the configuration file]' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l hsa-id -d 'Require a valid identification certificate with exactly this HSA-ID' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -s r -l reader -d 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l image -d 'Read a card image (as written by `sithsctl dump`) instead of a reader' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l pkcs11 -d 'Read through the middleware\'s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l timeout -d 'Give up on the reader or card after this many seconds' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l warn-days -d 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l ca -d 'Extra CA certificate (DER or PEM) to check signatures against; repeatable' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l at -d 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l proxy -d 'HTTP proxy for the plain-http requests, `none` for none [default: `proxy` in [revocation], else http_proxy / HTTP_PROXY]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l revocation-timeout -d 'Give up asking after this many seconds in all [default: 5, or `timeout` in [revocation]]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l output-version -d 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l lang -d 'Language of messages and advice: sv or en [default: from the locale]' -r -f -a "sv\t''
en\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l color -d 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l width -d 'Lay text out for N columns [default: the terminal\'s, COLUMNS, or 100]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l require-signature -d 'Also require the signature certificate with the same HSA-ID'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l strict -d 'Warnings fail the check too'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l demo -d 'Read the bundled demo card (made up; no reader needed)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l show-personal-numbers -d 'Show personnummer in full (personal data: masked by default)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l no-pin-status -d 'Never ask the card for its PINs\' state. By default sithsctl asks only cards known to answer without counting a try (IDPrime), with a VERIFY that carries no PIN [default: ask, or `pin_status = false` in the configuration file]'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l offline -d 'Ask no OCSP responder or CRL; answers still valid in the cache are used [default: `offline` in [revocation] of the configuration file]'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l online -d 'Ask also for a card image or the demo card (by default only a card in a reader is checked)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l all -d 'Ask about every person certificate, not only the ones a login uses'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -l json -d 'Print JSON (versioned, see docs/json.md) instead of text'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand check" -s h -l help -d 'Print help'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l org -d 'Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias (jönköping, rjl, gbg) [default: `org` in the configuration file]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l card-expiry -d 'The expiry date printed on the card (YYYY-MM-DD), not its certificates\'' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l inventory -d 'CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in the configuration file]' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l wait -d 'Wait up to this many seconds for a card to be inserted, and tell how long it took from insertion until the certificates could be read' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -s r -l reader -d 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l image -d 'Read a card image (as written by `sithsctl dump`) instead of a reader' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l pkcs11 -d 'Read through the middleware\'s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l timeout -d 'Give up on the reader or card after this many seconds' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l warn-days -d 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l ca -d 'Extra CA certificate (DER or PEM) to check signatures against; repeatable' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l at -d 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l proxy -d 'HTTP proxy for the plain-http requests, `none` for none [default: `proxy` in [revocation], else http_proxy / HTTP_PROXY]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l revocation-timeout -d 'Give up asking after this many seconds in all [default: 5, or `timeout` in [revocation]]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l output-version -d 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l lang -d 'Language of messages and advice: sv or en [default: from the locale]' -r -f -a "sv\t''
en\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l color -d 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l width -d 'Lay text out for N columns [default: the terminal\'s, COLUMNS, or 100]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l ticket -d 'Print a block to paste into a support ticket (no personnummer). `--json` wins'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l demo -d 'Read the bundled demo card (made up; no reader needed)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l show-personal-numbers -d 'Show personnummer in full (personal data: masked by default)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l no-pin-status -d 'Never ask the card for its PINs\' state. By default sithsctl asks only cards known to answer without counting a try (IDPrime), with a VERIFY that carries no PIN [default: ask, or `pin_status = false` in the configuration file]'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l offline -d 'Ask no OCSP responder or CRL; answers still valid in the cache are used [default: `offline` in [revocation] of the configuration file]'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l online -d 'Ask also for a card image or the demo card (by default only a card in a reader is checked)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l all -d 'Ask about every person certificate, not only the ones a login uses'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -l json -d 'Print JSON (versioned, see docs/json.md) instead of text'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l org -d 'Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias (jönköping, rjl, gbg) [default: `org` in the configuration file]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l card-expiry -d 'The expiry date printed on the card (YYYY-MM-DD), not its certificates\'' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l inventory -d 'CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in the configuration file]' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -s r -l reader -d 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l image -d 'Read a card image (as written by `sithsctl dump`) instead of a reader' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l pkcs11 -d 'Read through the middleware\'s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l timeout -d 'Give up on the reader or card after this many seconds' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l warn-days -d 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l ca -d 'Extra CA certificate (DER or PEM) to check signatures against; repeatable' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l at -d 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l output-version -d 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l lang -d 'Language of messages and advice: sv or en [default: from the locale]' -r -f -a "sv\t''
en\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l color -d 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l width -d 'Lay text out for N columns [default: the terminal\'s, COLUMNS, or 100]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l demo -d 'Read the bundled demo card (made up; no reader needed)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l show-personal-numbers -d 'Show personnummer in full (personal data: masked by default)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -l json -d 'Print JSON (versioned, see docs/json.md) instead of text'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand order-info" -s h -l help -d 'Print help'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand orgs" -l output-version -d 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand orgs" -l lang -d 'Language of messages and advice: sv or en [default: from the locale]' -r -f -a "sv\t''
en\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand orgs" -l color -d 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand orgs" -l width -d 'Lay text out for N columns [default: the terminal\'s, COLUMNS, or 100]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand orgs" -l path -d 'Print the configuration file\'s path (set SITHSCTL_CONFIG to use another) and nothing else'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand orgs" -l json -d 'Print JSON (versioned, see docs/json.md) instead of text'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand orgs" -s h -l help -d 'Print help'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l append -d 'Also append each record as one JSON line to FILE (JSON Lines, whole lines only)' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l count -d 'Stop after N cards' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l for -d 'Stop after this many seconds' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l org -d 'Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias (jönköping, rjl, gbg) [default: `org` in the configuration file]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l card-expiry -d 'The expiry date printed on the card (YYYY-MM-DD), not its certificates\'' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l inventory -d 'CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in the configuration file]' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l hsa-id -d 'Require a valid identification certificate with exactly this HSA-ID' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l timeout -d 'Give up on the reader or card after this many seconds' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l warn-days -d 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l ca -d 'Extra CA certificate (DER or PEM) to check signatures against; repeatable' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l at -d 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l proxy -d 'HTTP proxy for the plain-http requests, `none` for none [default: `proxy` in [revocation], else http_proxy / HTTP_PROXY]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l revocation-timeout -d 'Give up asking after this many seconds in all [default: 5, or `timeout` in [revocation]]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l output-version -d 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l lang -d 'Language of messages and advice: sv or en [default: from the locale]' -r -f -a "sv\t''
en\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l color -d 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l width -d 'Lay text out for N columns [default: the terminal\'s, COLUMNS, or 100]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l require-signature -d 'Also require the signature certificate with the same HSA-ID'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l strict -d 'Warnings fail the check too'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l show-personal-numbers -d 'Show personnummer in full (personal data: masked by default)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l no-pin-status -d 'Never ask the card for its PINs\' state. By default sithsctl asks only cards known to answer without counting a try (IDPrime), with a VERIFY that carries no PIN [default: ask, or `pin_status = false` in the configuration file]'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l offline -d 'Ask no OCSP responder or CRL; answers still valid in the cache are used [default: `offline` in [revocation] of the configuration file]'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l online -d 'Ask also for a card image or the demo card (by default only a card in a reader is checked)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l all -d 'Ask about every person certificate, not only the ones a login uses'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l kiosk -d 'A desk for a queue of staff: per card one large result (the name and the HSA-ID to register, or the data to order the --org certificate, or "new card needed"), then ready for the next card'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -l json -d 'Print JSON (versioned, see docs/json.md) instead of text'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand watch" -s h -l help -d 'Print help'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand fleet" -l org -d 'Count which cards lack this organisation\'s identification certificate' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand fleet" -l at -d 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand fleet" -l orders -d 'The order list for ORG: one row per person whose card lacks a valid identification certificate of ORG (name, HSA-IDs, card number, issuer, valid until, card expiry). Printed as CSV unless --xlsx is given; with --lang sv Swedish headers, `;` and a BOM' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand fleet" -l register -d 'The registration list for ORG: one row per person whose card has it (name, the HSA-ID to register in the record system, valid to). Printed as CSV unless --xlsx is given' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand fleet" -l xlsx -d 'Write the lists asked for (--orders, --register; both for --org when neither is given) to FILE as an Excel workbook, one sheet per list. Not overwritten without --force' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand fleet" -l html -d 'Write a report to FILE as one self-contained HTML page (summary, expiry calendar, cards that need action, the lists). Not overwritten without --force' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand fleet" -l inventory -d 'CSV of printed card dates (`card number,printed expiry[,note]`), for reports that do not give the card\'s date [default: `inventory` in the configuration file]' -r -F
complete -c sithsctl -n "__fish_sithsctl_using_subcommand fleet" -l output-version -d 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand fleet" -l lang -d 'Language of messages and advice: sv or en [default: from the locale]' -r -f -a "sv\t''
en\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand fleet" -l color -d 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sithsctl -n "__fish_sithsctl_using_subcommand fleet" -l width -d 'Lay text out for N columns [default: the terminal\'s, COLUMNS, or 100]' -r
complete -c sithsctl -n "__fish_sithsctl_using_subcommand fleet" -l csv -d 'Print the cards that need action as CSV instead of the summary table (not with --json)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand fleet" -l force -d 'Overwrite the --xlsx and --html files if they exist'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand fleet" -l json -d 'Print JSON (versioned, see docs/json.md) instead of text'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand fleet" -s h -l help -d 'Print help'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand help; and not __fish_seen_subcommand_from readers certs dump virtual-card completions inspect check doctor order-info orgs watch fleet help" -f -a "readers" -d 'List card readers and the state of their slots'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand help; and not __fish_seen_subcommand_from readers certs dump virtual-card completions inspect check doctor order-info orgs watch fleet help" -f -a "certs" -d 'List the certificates on the card: role, holder, HSA-ID, card number, issuer, expiry'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand help; and not __fish_seen_subcommand_from readers certs dump virtual-card completions inspect check doctor order-info orgs watch fleet help" -f -a "dump" -d 'Save the card\'s public files as a card image, to reproduce the card elsewhere with --image'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand help; and not __fish_seen_subcommand_from readers certs dump virtual-card completions inspect check doctor order-info orgs watch fleet help" -f -a "virtual-card" -d 'Serve a card image as a virtual card in a vpcd reader (vsmartcard), for tests and training'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand help; and not __fish_seen_subcommand_from readers certs dump virtual-card completions inspect check doctor order-info orgs watch fleet help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand help; and not __fish_seen_subcommand_from readers certs dump virtual-card completions inspect check doctor order-info orgs watch fleet help" -f -a "inspect" -d 'Everything about the card on one screen: reader, card, certificates by card number and organisation, issuers, and findings with what to do'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand help; and not __fish_seen_subcommand_from readers certs dump virtual-card completions inspect check doctor order-info orgs watch fleet help" -f -a "check" -d 'Check the card against a policy (organisation, HSA-ID, signature); exit 0 pass, 1 fail'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand help; and not __fish_seen_subcommand_from readers certs dump virtual-card completions inspect check doctor order-info orgs watch fleet help" -f -a "doctor" -d 'Find out why a card login fails ("namnet kommer inte upp"): every layer from the service to the certificate, most likely cause first'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand help; and not __fish_seen_subcommand_from readers certs dump virtual-card completions inspect check doctor order-info orgs watch fleet help" -f -a "order-info" -d 'The data to order an organisation\'s certificate for the card the person already has: issuer, card number, latest end date; or the HSA-ID to register if it is there'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand help; and not __fish_seen_subcommand_from readers certs dump virtual-card completions inspect check doctor order-info orgs watch fleet help" -f -a "orgs" -d 'List the known organisations, built in and from the configuration file'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand help; and not __fish_seen_subcommand_from readers certs dump virtual-card completions inspect check doctor order-info orgs watch fleet help" -f -a "watch" -d 'Follow the readers: check every card inserted, one line (or JSON record) per card. Needs readers: for a card image or the demo card use `check`'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand help; and not __fish_seen_subcommand_from readers certs dump virtual-card completions inspect check doctor order-info orgs watch fleet help" -f -a "fleet" -d 'Summarise many reports (inspect/check documents, watch records): verdicts, expiry, organisations, issuers and the cards that need action. Exit 1 if any input was skipped'
complete -c sithsctl -n "__fish_sithsctl_using_subcommand help; and not __fish_seen_subcommand_from readers certs dump virtual-card completions inspect check doctor order-info orgs watch fleet help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
