//! End to end: the built binary, a real pcscd, the vpcd reader driver and
//! our virtual card. Card tests run one at a time (see `harness::stack`).

use super::cards::{layouts, write_image};
use super::harness::{sithsctl, stack, CardOptions, VirtualCard, READER_0};

#[test]
fn readers_and_certs_through_pcscd_for_every_layout() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    for (name, spec) in layouts() {
        let image = write_image(&spec, dir.path(), name);
        let card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());

        let readers = sithsctl(&["readers", "--json"]);
        assert_eq!(readers.code, 0, "{name}: {readers:?}");
        let listed = readers.json();
        let r0 = listed["readers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == READER_0)
            .unwrap_or_else(|| panic!("{name}: {READER_0} not listed"));
        assert_eq!(r0["state"], "present", "{name}");
        assert_eq!(r0["atr"], hex::encode_upper(&spec.atr), "{name}");

        let certs = sithsctl(&["certs", "--json"]);
        assert_eq!(certs.code, 0, "{name}: {certs:?}");
        let doc = certs.json();
        assert_eq!(doc["card"]["source"], "pcsc");
        assert_eq!(doc["card"]["reader"], READER_0);
        let got: Vec<String> = doc["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["sha256"].as_str().unwrap().to_string())
            .collect();
        let want: Vec<String> = spec
            .certificates
            .iter()
            .map(|c| sithsctl::understanding::cert::sha256_hex(&c.der))
            .collect();
        assert_eq!(got, want, "{name}: certificates differ");

        // Read-only and polite: nothing but reads reached the card, and no
        // reset or power-off while the tool talked to it.
        for command in card.commands() {
            let ins = &command[2..4];
            assert!(
                ["A4", "B0", "B2", "C0", "CA"].contains(&ins),
                "{name}: the card received {command}"
            );
        }
        let events = card.events();
        let first_apdu = events.iter().position(|e| e["event"] == "apdu").unwrap();
        assert!(
            !events[first_apdu..]
                .iter()
                .any(|e| e["event"] == "reset" || e["event"] == "power_off"),
            "{name}: the card was reset or powered off after the tool connected: {events:?}"
        );
        card.remove();
    }
}

/// Issue #6: `dump` of a card in a reader, read back with `--image`, gives
/// the same report as the card itself.
#[test]
fn dump_round_trip_through_pcscd() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    for (name, spec) in layouts() {
        let image = write_image(&spec, dir.path(), name);
        let card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());
        let dumped = dir.path().join(format!("{name}-dump.json"));
        let dump = sithsctl(&[
            "dump",
            "--include-personal-numbers",
            "-o",
            dumped.to_str().unwrap(),
        ]);
        assert_eq!(dump.code, 0, "{name}: {dump:?}");
        let from_card = sithsctl(&["inspect", "--json", "--at", "2026-11-24"]);
        card.remove();
        let from_image = sithsctl(&[
            "inspect",
            "--json",
            "--at",
            "2026-11-24",
            "--image",
            dumped.to_str().unwrap(),
        ]);
        assert_eq!(from_card.code, 0, "{name}: {from_card:?}");
        assert_eq!(from_image.code, 0, "{name}: {from_image:?}");
        let (mut a, mut b) = (from_card.json(), from_image.json());
        // The card in a reader was asked about revocation, the image was
        // not (`--online`): that answer is the one thing meant to differ.
        for doc in [&mut a, &mut b] {
            for c in doc["certificates"].as_array_mut().unwrap() {
                c.as_object_mut().unwrap().remove("revocation");
            }
        }
        for key in [
            "certificates",
            "findings",
            "verdict",
            "card_number",
            "card_numbers",
            "issuers",
        ] {
            assert_eq!(a[key], b[key], "{name}: {key} differs after the round trip");
        }
        assert_eq!(a["card"]["token"], b["card"]["token"], "{name}");
        assert_eq!(a["card"]["atr"], b["card"]["atr"], "{name}");
        assert_eq!(b["card"]["source"], "image");
    }
}
