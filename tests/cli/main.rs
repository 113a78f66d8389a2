//! One integration-test binary (it links once): the CLI on card images and
//! the demo card, and end to end through pcscd and a virtual card.

mod cards;
mod certs;
mod doctor;
mod e2e;
mod e2e_complete;
mod e2e_faults;
mod e2e_idprime;
mod e2e_opensc;
mod e2e_readers;
mod e2e_watch;
mod generated;
mod harness;
mod images;
mod order;
mod readme;
mod revocation;
mod revocation_support;
mod schemas;
