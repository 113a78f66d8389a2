//! One integration-test binary (it links once): the CLI on card images and
//! the demo card, and end to end through pcscd and a virtual card.

mod cards;
mod e2e;
mod harness;
mod images;
