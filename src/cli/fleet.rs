//! `sithsctl fleet`: a summary of many reports.
use super::args::FleetArgs;
use super::output::Context;
use super::{Exit, Failure};

pub fn run(_args: &FleetArgs, _ctx: &Context) -> Result<Exit, Failure> {
    Ok(Exit::Ok)
}
