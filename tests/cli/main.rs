//! One integration-test binary (it links once): the CLI on card images and
//! the demo card, and end to end through pcscd and a virtual card.

mod architecture;
mod cards;
mod certs;
mod doctor;
mod drive_html;
mod e2e;
mod e2e_complete;
mod e2e_drive;
mod e2e_faults;
mod e2e_idprime;
mod e2e_opensc;
mod e2e_pin;
mod e2e_readers;
mod e2e_revocation;
mod e2e_watch;
mod flags;
mod generated;
mod harness;
mod images;
mod languages;
mod order;
mod personal_files;
mod readme;
mod revocation;
mod revocation_support;
mod schemas;
mod text;
mod verdicts;
mod verdicts_pcscd;
mod windows;
