//! The ground floor: what every other room may use and which uses nothing
//! of ours: the user's language, capped reading of input files, and the
//! two facts of our documents that reading them needs too (their names
//! with the version each appeared in, and how times are written).

pub mod documents;
pub mod input;
pub mod lang;
