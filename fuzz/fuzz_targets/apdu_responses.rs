//! The fuzzer is the card: every command is answered with the next chunk
//! of fuzz bytes. The read must end within MAX_APDUS_PER_READ commands
//! with a result or an error, whatever the answers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(mut card) = sithsctl_fuzz::ScriptedCard::new(data) else {
        return;
    };
    sithsctl_fuzz::read_checked(&mut card);
});
