//! Card image files (`--image`): parse, decode, write back, and read the
//! card they describe.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sithsctl::reading::card::image::CardImage;
use sithsctl::reading::card::sim::{SimCard, SimTransport};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(image) = CardImage::parse(text) else {
        return;
    };
    // What we write, we read back the same.
    let again = CardImage::parse(&image.to_json()).expect("an image we wrote parses");
    assert_eq!(again, image);
    let Ok(decoded) = image.decode() else {
        return;
    };
    let mut t = SimTransport {
        card: SimCard::new(decoded),
    };
    sithsctl_fuzz::read_checked(&mut t);
});
