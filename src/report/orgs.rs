//! The `orgs` document: the organisations the tool knows.

use serde::Serialize;

use super::meta::Meta;
use crate::understanding::siths::orgs::Org;

/// `sithsctl orgs --json` (since 1.1.0).
#[derive(Debug, Serialize)]
pub struct OrgsReport {
    #[serde(flatten)]
    pub meta: Meta,
    /// The configuration file the user's organisations come from.
    pub config_path: Option<String>,
    /// Whether that file exists.
    pub config_exists: bool,
    pub organisations: Vec<Org>,
}
