//! The ground floor: what every other room may use and which uses nothing
//! of ours: the user's language and capped reading of input files.

pub mod input;
pub mod lang;
