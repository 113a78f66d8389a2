//! End to end with two readers: choosing one by number, by part of its
//! name or by its full name; ambiguous and unknown names; an empty reader;
//! and the default, the first reader that holds a SITHS card.

use std::collections::BTreeSet;

use super::cards::{card, write_foreign_image, write_image};
use super::harness::{sithsctl, stack, CardOptions, Run, VirtualCard, READER_0, READER_1};

/// The HSA-IDs in a `certs --json` document.
fn hsa_ids(run: &Run) -> BTreeSet<String> {
    run.json()["certificates"]
        .as_array()
        .unwrap_or_else(|| panic!("no certificates: {run:?}"))
        .iter()
        .filter_map(|c| c["hsa_id"].as_str().map(str::to_string))
        .collect()
}

/// The HSA-IDs on a card image, read without pcscd.
fn hsa_ids_of_image(image: &std::path::Path) -> BTreeSet<String> {
    let run = sithsctl(&["certs", "--json", "--image", image.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run:?}");
    let ids = hsa_ids(&run);
    assert!(!ids.is_empty(), "{} has no HSA-ID", image.display());
    ids
}

#[test]
fn reader_choice_with_two_cards() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let image_a = write_image(&card('a'), dir.path(), "a");
    let image_c = write_image(&card('c'), dir.path(), "c");
    let (ids_a, ids_c) = (hsa_ids_of_image(&image_a), hsa_ids_of_image(&image_c));
    assert!(ids_a.is_disjoint(&ids_c), "cards A and C share an HSA-ID");
    let _a = VirtualCard::insert(&stack, &image_a, 0, CardOptions::default());
    let _c = VirtualCard::insert(&stack, &image_c, 1, CardOptions::default());

    for (query, reader, ids) in [
        ("00 01", READER_1, &ids_c),
        ("1", READER_1, &ids_c),
        (READER_0, READER_0, &ids_a),
        ("0", READER_0, &ids_a),
        ("pcd 00 00", READER_0, &ids_a),
    ] {
        let run = sithsctl(&["certs", "--json", "--reader", query]);
        assert_eq!(run.code, 0, "--reader {query:?}: {run:?}");
        assert_eq!(run.json()["card"]["reader"], reader, "--reader {query:?}");
        assert_eq!(&hsa_ids(&run), ids, "--reader {query:?}");
    }

    // No --reader: the first reader with a SITHS card.
    let run = sithsctl(&["certs", "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["card"]["reader"], READER_0);
    assert_eq!(hsa_ids(&run), ids_a);

    let run = sithsctl(&["certs", "--reader", "virtual"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("matches more than one reader")
            && run.stderr.contains(READER_0)
            && run.stderr.contains(READER_1),
        "{run:?}"
    );
    let run = sithsctl(&["certs", "--json", "--reader", "virtual"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.json()["error"]["code"], "reader_ambiguous");

    for query in ["nosuch", "7"] {
        let run = sithsctl(&["certs", "--reader", query]);
        assert_eq!(run.code, 2, "--reader {query}: {run:?}");
        assert!(
            run.stderr.contains(&format!("no reader matches '{query}'"))
                && run.stderr.contains(READER_0),
            "--reader {query}: {run:?}"
        );
    }
}

#[test]
fn empty_reader_and_the_first_siths_card() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let image_c = write_image(&card('c'), dir.path(), "c");
    let ids_c = hsa_ids_of_image(&image_c);
    let c = VirtualCard::insert(&stack, &image_c, 1, CardOptions::default());

    // Slot 0 is empty: named, it is "no card"; unnamed, slot 1 is used.
    let run = sithsctl(&["certs", "--reader", "0"]);
    assert_eq!(run.code, 4, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("no card in reader '{READER_0}'")),
        "{run:?}"
    );
    let run = sithsctl(&["certs", "--json", "--reader", READER_0]);
    assert_eq!(run.code, 4, "{run:?}");
    assert_eq!(run.json()["error"]["code"], "no_card");
    let run = sithsctl(&["certs", "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["card"]["reader"], READER_1);
    assert_eq!(hsa_ids(&run), ids_c);

    // A card that is not SITHS in slot 0 is passed over for card C.
    let foreign = write_foreign_image(dir.path(), "foreign");
    let f = VirtualCard::insert(&stack, &foreign, 0, CardOptions::default());
    let run = sithsctl(&["certs", "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["card"]["reader"], READER_1);
    assert_eq!(hsa_ids(&run), ids_c);
    // Named, the foreign card is what it is.
    let run = sithsctl(&["certs", "--reader", "0"]);
    assert_eq!(run.code, 4, "{run:?}");
    assert!(run.stderr.contains("is not a SITHS card"), "{run:?}");
    f.remove();
    c.remove();
}
