
use builtin;
use str;

set edit:completion:arg-completer[sithsctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'sithsctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'sithsctl'= {
            cand --output-version 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4'
            cand --lang 'Language of messages and advice: sv or en [default: from the locale]'
            cand --color 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --width 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]'
            cand --json 'Print JSON (versioned, see docs/json.md) instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand readers 'List card readers and the state of their slots'
            cand certs 'List the certificates on the card: role, holder, HSA-ID, card number, issuer, expiry'
            cand dump 'Save the card''s public files as a card image, to reproduce the card elsewhere with --image'
            cand virtual-card 'Serve a card image as a virtual card in a vpcd reader (vsmartcard), for tests and training'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand inspect 'Everything about the card on one screen: reader, card, certificates by card number and organisation, issuers, and findings with what to do'
            cand check 'Check the card against a policy (organisation, HSA-ID, signature); exit 0 pass, 1 fail'
            cand doctor 'Find out why a card login fails ("namnet kommer inte upp"): every layer from the service to the certificate, most likely cause first'
            cand order-info 'The data to order an organisation''s certificate for the card the person already has: issuer, card number, latest end date; or the HSA-ID to register if it is there'
            cand orgs 'List the known organisations, built in and from the configuration file'
            cand watch 'Follow the readers: check every card inserted, one line (or JSON record) per card. Needs readers: for a card image or the demo card use `check`'
            cand fleet 'Summarise many reports (inspect/check documents, watch records): verdicts, expiry, organisations, issuers and the cards that need action. Exit 1 if any input was skipped'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sithsctl;readers'= {
            cand --image 'Read a card image (as written by `sithsctl dump`) instead of a reader'
            cand --timeout 'Give up on the reader or card after this many seconds'
            cand --output-version 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4'
            cand --lang 'Language of messages and advice: sv or en [default: from the locale]'
            cand --color 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --width 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]'
            cand --demo 'Read the bundled demo card (made up; no reader needed)'
            cand --json 'Print JSON (versioned, see docs/json.md) instead of text'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sithsctl;certs'= {
            cand --export 'Also write each certificate to DIR as DER and PEM, named by role and HSA-ID. Personnummer certificates only with --show-personal-numbers'
            cand -r 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]'
            cand --reader 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]'
            cand --image 'Read a card image (as written by `sithsctl dump`) instead of a reader'
            cand --pkcs11 'Read through the middleware''s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN'
            cand --timeout 'Give up on the reader or card after this many seconds'
            cand --warn-days 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]'
            cand --ca 'Extra CA certificate (DER or PEM) to check signatures against; repeatable'
            cand --at 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now'
            cand --output-version 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4'
            cand --lang 'Language of messages and advice: sv or en [default: from the locale]'
            cand --color 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --width 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]'
            cand --demo 'Read the bundled demo card (made up; no reader needed)'
            cand --show-personal-numbers 'Show personnummer in full (personal data: masked by default)'
            cand --force 'Overwrite files that already exist in the --export folder'
            cand --json 'Print JSON (versioned, see docs/json.md) instead of text'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sithsctl;dump'= {
            cand -o 'Where to write the image (JSON); `-` for standard output. An existing file is not overwritten without --force'
            cand --output 'Where to write the image (JSON); `-` for standard output. An existing file is not overwritten without --force'
            cand -r 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]'
            cand --reader 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]'
            cand --image 'Read a card image (as written by `sithsctl dump`) instead of a reader'
            cand --pkcs11 'Read through the middleware''s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN'
            cand --timeout 'Give up on the reader or card after this many seconds'
            cand --output-version 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4'
            cand --lang 'Language of messages and advice: sv or en [default: from the locale]'
            cand --color 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --width 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]'
            cand --demo 'Read the bundled demo card (made up; no reader needed)'
            cand --include-personal-numbers 'Keep the personnummer certificates in the image (left out by default: personal data)'
            cand --force 'Overwrite the output file if it exists'
            cand --json 'Print JSON (versioned, see docs/json.md) instead of text'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sithsctl;virtual-card'= {
            cand --image 'The card image to serve (JSON, as written by `sithsctl dump`)'
            cand --slot 'vpcd reader slot: 0 is `Virtual PCD 00 00`, 1 is `Virtual PCD 00 01`'
            cand --host 'Host where vpcd listens'
            cand --delay-ms 'Wait this many milliseconds before each answer (a slow card)'
            cand --pull-after 'Pull the card out on the Nth command (card removed mid-read)'
            cand --log 'Append every command and control message as a JSON line to FILE'
            cand --connect-timeout 'Give up reaching vpcd after this many seconds'
            cand --output-version 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4'
            cand --lang 'Language of messages and advice: sv or en [default: from the locale]'
            cand --color 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --width 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]'
            cand --json 'Print JSON (versioned, see docs/json.md) instead of text'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sithsctl;completions'= {
            cand --output-version 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4'
            cand --lang 'Language of messages and advice: sv or en [default: from the locale]'
            cand --color 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --width 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]'
            cand --json 'Print JSON (versioned, see docs/json.md) instead of text'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sithsctl;inspect'= {
            cand --org 'Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias (jönköping, rjl, gbg) [default: `org` in the configuration file]'
            cand --card-expiry 'The expiry date printed on the card (YYYY-MM-DD), not its certificates'''
            cand --inventory 'CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in the configuration file]'
            cand -r 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]'
            cand --reader 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]'
            cand --image 'Read a card image (as written by `sithsctl dump`) instead of a reader'
            cand --pkcs11 'Read through the middleware''s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN'
            cand --timeout 'Give up on the reader or card after this many seconds'
            cand --warn-days 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]'
            cand --ca 'Extra CA certificate (DER or PEM) to check signatures against; repeatable'
            cand --at 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now'
            cand --proxy 'HTTP proxy for the plain-http requests, `none` for none [default: `proxy` in [revocation], else http_proxy / HTTP_PROXY]'
            cand --revocation-timeout 'Give up asking after this many seconds in all [default: 5, or `timeout` in [revocation]]'
            cand --output-version 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4'
            cand --lang 'Language of messages and advice: sv or en [default: from the locale]'
            cand --color 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --width 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]'
            cand --demo 'Read the bundled demo card (made up; no reader needed)'
            cand --show-personal-numbers 'Show personnummer in full (personal data: masked by default)'
            cand --no-pin-status 'Never ask the card for its PINs'' state. By default sithsctl asks only cards known to answer without counting a try (IDPrime), with a VERIFY that carries no PIN [default: ask, or `pin_status = false` in the configuration file]'
            cand --offline 'Ask no OCSP responder or CRL; answers still valid in the cache are used [default: `offline` in [revocation] of the configuration file]'
            cand --online 'Ask also for a card image or the demo card (by default only a card in a reader is checked)'
            cand --all 'Ask about every person certificate, not only the ones a login uses'
            cand --json 'Print JSON (versioned, see docs/json.md) instead of text'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sithsctl;check'= {
            cand --org 'Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias (jönköping, rjl, gbg) [default: `org` in the configuration file]'
            cand --card-expiry 'The expiry date printed on the card (YYYY-MM-DD), not its certificates'''
            cand --inventory 'CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in the configuration file]'
            cand --hsa-id 'Require a valid identification certificate with exactly this HSA-ID'
            cand -r 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]'
            cand --reader 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]'
            cand --image 'Read a card image (as written by `sithsctl dump`) instead of a reader'
            cand --pkcs11 'Read through the middleware''s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN'
            cand --timeout 'Give up on the reader or card after this many seconds'
            cand --warn-days 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]'
            cand --ca 'Extra CA certificate (DER or PEM) to check signatures against; repeatable'
            cand --at 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now'
            cand --proxy 'HTTP proxy for the plain-http requests, `none` for none [default: `proxy` in [revocation], else http_proxy / HTTP_PROXY]'
            cand --revocation-timeout 'Give up asking after this many seconds in all [default: 5, or `timeout` in [revocation]]'
            cand --output-version 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4'
            cand --lang 'Language of messages and advice: sv or en [default: from the locale]'
            cand --color 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --width 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]'
            cand --require-signature 'Also require the signature certificate with the same HSA-ID'
            cand --strict 'Warnings fail the check too'
            cand --demo 'Read the bundled demo card (made up; no reader needed)'
            cand --show-personal-numbers 'Show personnummer in full (personal data: masked by default)'
            cand --no-pin-status 'Never ask the card for its PINs'' state. By default sithsctl asks only cards known to answer without counting a try (IDPrime), with a VERIFY that carries no PIN [default: ask, or `pin_status = false` in the configuration file]'
            cand --offline 'Ask no OCSP responder or CRL; answers still valid in the cache are used [default: `offline` in [revocation] of the configuration file]'
            cand --online 'Ask also for a card image or the demo card (by default only a card in a reader is checked)'
            cand --all 'Ask about every person certificate, not only the ones a login uses'
            cand --json 'Print JSON (versioned, see docs/json.md) instead of text'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sithsctl;doctor'= {
            cand --org 'Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias (jönköping, rjl, gbg) [default: `org` in the configuration file]'
            cand --card-expiry 'The expiry date printed on the card (YYYY-MM-DD), not its certificates'''
            cand --inventory 'CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in the configuration file]'
            cand --wait 'Wait up to this many seconds for a card to be inserted, and tell how long it took from insertion until the certificates could be read'
            cand -r 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]'
            cand --reader 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]'
            cand --image 'Read a card image (as written by `sithsctl dump`) instead of a reader'
            cand --pkcs11 'Read through the middleware''s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN'
            cand --timeout 'Give up on the reader or card after this many seconds'
            cand --warn-days 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]'
            cand --ca 'Extra CA certificate (DER or PEM) to check signatures against; repeatable'
            cand --at 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now'
            cand --proxy 'HTTP proxy for the plain-http requests, `none` for none [default: `proxy` in [revocation], else http_proxy / HTTP_PROXY]'
            cand --revocation-timeout 'Give up asking after this many seconds in all [default: 5, or `timeout` in [revocation]]'
            cand --output-version 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4'
            cand --lang 'Language of messages and advice: sv or en [default: from the locale]'
            cand --color 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --width 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]'
            cand --ticket 'Print a block to paste into a support ticket (no personnummer). `--json` wins'
            cand --demo 'Read the bundled demo card (made up; no reader needed)'
            cand --show-personal-numbers 'Show personnummer in full (personal data: masked by default)'
            cand --no-pin-status 'Never ask the card for its PINs'' state. By default sithsctl asks only cards known to answer without counting a try (IDPrime), with a VERIFY that carries no PIN [default: ask, or `pin_status = false` in the configuration file]'
            cand --offline 'Ask no OCSP responder or CRL; answers still valid in the cache are used [default: `offline` in [revocation] of the configuration file]'
            cand --online 'Ask also for a card image or the demo card (by default only a card in a reader is checked)'
            cand --all 'Ask about every person certificate, not only the ones a login uses'
            cand --json 'Print JSON (versioned, see docs/json.md) instead of text'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sithsctl;order-info'= {
            cand --org 'Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias (jönköping, rjl, gbg) [default: `org` in the configuration file]'
            cand --card-expiry 'The expiry date printed on the card (YYYY-MM-DD), not its certificates'''
            cand --inventory 'CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in the configuration file]'
            cand -r 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]'
            cand --reader 'Reader: its number in `sithsctl readers` or a unique part of its name [default: the first reader holding a SITHS card]'
            cand --image 'Read a card image (as written by `sithsctl dump`) instead of a reader'
            cand --pkcs11 'Read through the middleware''s PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what the login software sees. Never a PIN'
            cand --timeout 'Give up on the reader or card after this many seconds'
            cand --warn-days 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]'
            cand --ca 'Extra CA certificate (DER or PEM) to check signatures against; repeatable'
            cand --at 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now'
            cand --output-version 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4'
            cand --lang 'Language of messages and advice: sv or en [default: from the locale]'
            cand --color 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --width 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]'
            cand --demo 'Read the bundled demo card (made up; no reader needed)'
            cand --show-personal-numbers 'Show personnummer in full (personal data: masked by default)'
            cand --json 'Print JSON (versioned, see docs/json.md) instead of text'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sithsctl;orgs'= {
            cand --output-version 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4'
            cand --lang 'Language of messages and advice: sv or en [default: from the locale]'
            cand --color 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --width 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]'
            cand --path 'Print the configuration file''s path (set SITHSCTL_CONFIG to use another) and nothing else'
            cand --json 'Print JSON (versioned, see docs/json.md) instead of text'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sithsctl;watch'= {
            cand --append 'Also append each record as one JSON line to FILE (JSON Lines, whole lines only)'
            cand --count 'Stop after N cards'
            cand --for 'Stop after this many seconds'
            cand --org 'Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias (jönköping, rjl, gbg) [default: `org` in the configuration file]'
            cand --card-expiry 'The expiry date printed on the card (YYYY-MM-DD), not its certificates'''
            cand --inventory 'CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in the configuration file]'
            cand --hsa-id 'Require a valid identification certificate with exactly this HSA-ID'
            cand --timeout 'Give up on the reader or card after this many seconds'
            cand --warn-days 'A certificate counts as expiring this many days before its end [default: 30, or `warn_days` in the configuration file]'
            cand --ca 'Extra CA certificate (DER or PEM) to check signatures against; repeatable'
            cand --at 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now'
            cand --proxy 'HTTP proxy for the plain-http requests, `none` for none [default: `proxy` in [revocation], else http_proxy / HTTP_PROXY]'
            cand --revocation-timeout 'Give up asking after this many seconds in all [default: 5, or `timeout` in [revocation]]'
            cand --output-version 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4'
            cand --lang 'Language of messages and advice: sv or en [default: from the locale]'
            cand --color 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --width 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]'
            cand --require-signature 'Also require the signature certificate with the same HSA-ID'
            cand --strict 'Warnings fail the check too'
            cand --show-personal-numbers 'Show personnummer in full (personal data: masked by default)'
            cand --no-pin-status 'Never ask the card for its PINs'' state. By default sithsctl asks only cards known to answer without counting a try (IDPrime), with a VERIFY that carries no PIN [default: ask, or `pin_status = false` in the configuration file]'
            cand --offline 'Ask no OCSP responder or CRL; answers still valid in the cache are used [default: `offline` in [revocation] of the configuration file]'
            cand --online 'Ask also for a card image or the demo card (by default only a card in a reader is checked)'
            cand --all 'Ask about every person certificate, not only the ones a login uses'
            cand --kiosk 'A desk for a queue of staff: per card one large result (the name and the HSA-ID to register, or the data to order the --org certificate, or "new card needed"), then ready for the next card'
            cand --json 'Print JSON (versioned, see docs/json.md) instead of text'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sithsctl;fleet'= {
            cand --org 'Count which cards lack this organisation''s identification certificate'
            cand --at 'Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now'
            cand --orders 'The order list for ORG: one row per person whose card lacks a valid identification certificate of ORG (name, HSA-IDs, card number, issuer, valid until, card expiry). Printed as CSV unless --xlsx is given; with --lang sv Swedish headers, `;` and a BOM'
            cand --register 'The registration list for ORG: one row per person whose card has it (name, the HSA-ID to register in the record system, valid to). Printed as CSV unless --xlsx is given'
            cand --xlsx 'Write the lists asked for (--orders, --register; both for --org when neither is given) to FILE as an Excel workbook, one sheet per list. Not overwritten without --force'
            cand --html 'Write a report to FILE as one self-contained HTML page (summary, expiry calendar, cards that need action, the lists). Not overwritten without --force'
            cand --inventory 'CSV of printed card dates (`card number,printed expiry[,note]`), for reports that do not give the card''s date [default: `inventory` in the configuration file]'
            cand --output-version 'Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4'
            cand --lang 'Language of messages and advice: sv or en [default: from the locale]'
            cand --color 'Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --width 'Lay text out for N columns [default: the terminal''s, COLUMNS, or 100]'
            cand --csv 'Print the cards that need action as CSV instead of the summary table (not with --json)'
            cand --force 'Overwrite the --xlsx and --html files if they exist'
            cand --json 'Print JSON (versioned, see docs/json.md) instead of text'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sithsctl;help'= {
            cand readers 'List card readers and the state of their slots'
            cand certs 'List the certificates on the card: role, holder, HSA-ID, card number, issuer, expiry'
            cand dump 'Save the card''s public files as a card image, to reproduce the card elsewhere with --image'
            cand virtual-card 'Serve a card image as a virtual card in a vpcd reader (vsmartcard), for tests and training'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand inspect 'Everything about the card on one screen: reader, card, certificates by card number and organisation, issuers, and findings with what to do'
            cand check 'Check the card against a policy (organisation, HSA-ID, signature); exit 0 pass, 1 fail'
            cand doctor 'Find out why a card login fails ("namnet kommer inte upp"): every layer from the service to the certificate, most likely cause first'
            cand order-info 'The data to order an organisation''s certificate for the card the person already has: issuer, card number, latest end date; or the HSA-ID to register if it is there'
            cand orgs 'List the known organisations, built in and from the configuration file'
            cand watch 'Follow the readers: check every card inserted, one line (or JSON record) per card. Needs readers: for a card image or the demo card use `check`'
            cand fleet 'Summarise many reports (inspect/check documents, watch records): verdicts, expiry, organisations, issuers and the cards that need action. Exit 1 if any input was skipped'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sithsctl;help;readers'= {
        }
        &'sithsctl;help;certs'= {
        }
        &'sithsctl;help;dump'= {
        }
        &'sithsctl;help;virtual-card'= {
        }
        &'sithsctl;help;completions'= {
        }
        &'sithsctl;help;inspect'= {
        }
        &'sithsctl;help;check'= {
        }
        &'sithsctl;help;doctor'= {
        }
        &'sithsctl;help;order-info'= {
        }
        &'sithsctl;help;orgs'= {
        }
        &'sithsctl;help;watch'= {
        }
        &'sithsctl;help;fleet'= {
        }
        &'sithsctl;help;help'= {
        }
    ]
    $completions[$command]
}
