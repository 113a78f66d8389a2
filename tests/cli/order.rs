//! `order-info`, and the order block in `inspect` and `doctor --ticket`.

use super::cards::{card, write_image};
use super::harness::{sithsctl, stack, CardOptions, VirtualCard};

#[test]
fn a_card_without_the_organisation_gets_the_order_data() {
    let dir = tempfile::tempdir().unwrap();
    // Card A: Region Jönköpings län only.
    let a = write_image(&card('a'), dir.path(), "a");
    let image = a.to_str().unwrap();
    let run = sithsctl(&[
        "order-info",
        "--org",
        "2120001355",
        "--image",
        image,
        "--at",
        "2026-11-24",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let doc = run.json();
    assert_eq!(doc["document"], "order-info");
    let o = &doc["order"];
    assert_eq!(o["nothing_to_order"], false);
    assert_eq!(o["org_name"], "Göteborgs Stad");
    assert_eq!(o["issuer"], "SITHS e-id Person HSA-id 3 CA v1");
    assert_eq!(o["card_generation"], "siths_eid");
    assert_eq!(o["card_number"], "9752240000000001013");
    assert_eq!(o["valid_until"], "2029-03-01");
    assert_eq!(o["valid_until_source"], "latest_identification_certificate");

    // The printed date wins, and the Swedish text uses the order form's words.
    let sv = sithsctl(&[
        "order-info",
        "--org",
        "gbg",
        "--image",
        image,
        "--card-expiry",
        "2030-05-31",
        "--lang",
        "sv",
    ]);
    assert_eq!(sv.code, 0, "{sv:?}");
    for needle in [
        "Utfärdare:",
        "SITHS e-id Person HSA-id 3 CA v1",
        "Kortnummer:",
        "9752240000000001013",
        "Giltig till:",
        "2030-05-31",
        "kortets tryckta giltighetsdatum",
    ] {
        assert!(
            sv.stdout.contains(needle),
            "missing {needle}:\n{}",
            sv.stdout
        );
    }

    // The same block in inspect and in the doctor's ticket.
    let inspect = sithsctl(&["inspect", "--org", "gbg", "--image", image]);
    assert!(inspect.stdout.contains("Order data"), "{}", inspect.stdout);
    let ticket = sithsctl(&["doctor", "--ticket", "--org", "gbg", "--image", image]);
    assert!(
        ticket.stdout.contains("Order data")
            && ticket.stdout.contains("Card number:  9752240000000001013"),
        "{}",
        ticket.stdout
    );
}

#[test]
fn a_card_that_has_it_says_nothing_to_order_and_which_hsa_id_to_register() {
    let dir = tempfile::tempdir().unwrap();
    let c = write_image(&card('c'), dir.path(), "c");
    let image = c.to_str().unwrap();
    let run = sithsctl(&[
        "order-info",
        "--org",
        "2120001355",
        "--image",
        image,
        "--at",
        "2026-11-24",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("Nothing to order"), "{}", run.stdout);
    assert!(run.stdout.contains("SE2120001355-GBG777"), "{}", run.stdout);
    // After loading, check confirms it and names the HSA-ID to register.
    let check = sithsctl(&[
        "check",
        "--org",
        "2120001355",
        "--image",
        image,
        "--at",
        "2026-11-24",
    ]);
    assert_eq!(check.code, 0, "{check:?}");
    assert!(
        check.stdout.contains("SE2120001355-GBG777"),
        "{}",
        check.stdout
    );
    // No organisation: a usage error.
    assert_eq!(sithsctl(&["order-info", "--image", image]).code, 2);
}

#[test]
fn order_info_through_the_virtual_card() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let a = write_image(&card('a'), dir.path(), "a");
    let vc = VirtualCard::insert(&stack, &a, 0, CardOptions::default());
    let run = sithsctl(&[
        "order-info",
        "--org",
        "2120001355",
        "--json",
        "--at",
        "2026-11-24",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let doc = run.json();
    assert_eq!(doc["card"]["source"], "pcsc");
    assert_eq!(doc["order"]["card_number"], "9752240000000001013");
    assert_eq!(doc["order"]["nothing_to_order"], false);
    let has = sithsctl(&["order-info", "--org", "jonkoping", "--json"]);
    assert_eq!(
        has.json()["order"]["hsa_id_to_register"],
        "SE2321000057-ANAN01"
    );
    vc.remove();
}
