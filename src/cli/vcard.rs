//! `sithsctl virtual-card`: a card image served to vpcd, for tests and
//! for trainers who want a card in a reader without a card.

use std::time::Duration;

use super::args::VirtualCardArgs;
use super::output::Context;
use super::{Exit, Failure};
use crate::reading::card::image::CardImage;
use crate::reading::card::sim::SimCard;
use crate::reading::card::vpcd::{self, VirtualCardOptions};

pub fn run(args: &VirtualCardArgs, _ctx: &Context) -> Result<Exit, Failure> {
    let image = CardImage::load(&args.image)?;
    let options = VirtualCardOptions {
        host: args.host.clone(),
        port: vpcd::VPCD_BASE_PORT + args.slot,
        delay: Duration::from_millis(args.delay_ms),
        pull_after: args.pull_after,
        log: args.log.clone(),
        connect_timeout: Duration::from_secs(args.connect_timeout),
    };
    vpcd::serve(SimCard::new(image), &options).map_err(|e| Failure::Other {
        exit: Exit::Environment,
        code: "vpcd_unreachable",
        message: e.to_string(),
        hint: Some("Install vsmartcard-vpcd and start pcscd (`pcscd --foreground`).".into()),
    })?;
    Ok(Exit::Ok)
}
