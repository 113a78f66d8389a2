//! BER-TLV: whatever the bytes, parsing ends with values inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sithsctl::reading::layout::tlv;

fuzz_target!(|data: &[u8]| {
    if let Ok((tag, head, len)) = tlv::header(data) {
        assert!(head <= data.len() && head <= 9);
        let _ = (tag, len);
    }
    if let Ok((one, rest)) = tlv::parse_one(data) {
        assert_eq!(one.raw.len() + rest.len(), data.len());
        assert!(one.value.len() <= one.raw.len());
        // A well-formed TLV encodes back to the same value.
        let again = tlv::encode(one.tag, one.value);
        let (back, _) = tlv::parse_one(&again).expect("encode gives a TLV");
        assert_eq!((back.tag, back.value), (one.tag, one.value));
        if one.is_constructed() {
            let _ = one.children();
        }
    }
    if let Ok(all) = tlv::parse_all(data) {
        let total: usize = all.iter().map(|t| t.raw.len()).sum();
        assert!(total <= data.len());
        for t in all {
            let _ = t.children().map(|c| c.len());
            let _ = tlv::integer(t.value);
        }
    }
});
