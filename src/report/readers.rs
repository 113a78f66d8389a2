//! The `readers` document: the PC/SC readers and what is in them.

use serde::Serialize;

use super::meta::Meta;
use crate::reading::card::pcsc::ReaderInfo;

/// `sithsctl readers --json`.
#[derive(Debug, Serialize)]
pub struct ReadersReport {
    #[serde(flatten)]
    pub meta: Meta,
    pub readers: Vec<ReaderInfo>,
}
