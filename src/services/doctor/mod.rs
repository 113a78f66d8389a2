//! `doctor`: why does the user's name not come up ("namnet kommer inte
//! upp")? Every layer from the PC/SC library to the certificate the login
//! needs is checked on its own, so one failure never hides another, and
//! the causes come out ranked, most likely first, each with what to do.
//!
//! The rooms: [`layer`] (what an answer is made of), [`diagnosis`] (the
//! question and the answer), [`environment`] (the world, or a fake of it),
//! then one room per group of layers in the order a login depends on
//! them: [`system`] (1-6), [`card`] (7-8), [`certificates`] (9-12) and
//! [`middleware`]. A new layer goes into the group it depends on, or a
//! room of its own after it.

mod card;
mod certificates;
pub mod diagnosis;
pub mod environment;
pub mod layer;
pub mod middleware;
mod system;

pub use diagnosis::{Diagnosis, DoctorOptions};
pub use environment::{Environment, ImageEnvironment, PcscEnvironment};
pub use layer::{Cause, FailureKind, Layer, LayerId, Status};

use layer::{rank, Builder};

/// Runs every layer. Never stops at the first failure, never hangs: each
/// call into the environment has its own time bound.
pub fn diagnose(env: &dyn Environment, opts: &DoctorOptions) -> Diagnosis {
    let mut b = Builder {
        lang: opts.lang,
        layers: Vec::new(),
    };
    let mut diagnosis = Diagnosis {
        layers: Vec::new(),
        causes: Vec::new(),
        readers: Vec::new(),
        read: None,
        analysed: Vec::new(),
        ready_after_insertion_ms: None,
        evaluation: None,
    };
    if let Some((reader, inserted_at)) = system::system_layers(env, opts, &mut b, &mut diagnosis) {
        if let Some((read, analysed)) =
            card::card_layers(env, opts, &mut b, &mut diagnosis, &reader, inserted_at)
        {
            let evaluation = certificates::certificate_layers(opts, &mut b, &read, &analysed);
            diagnosis.read = Some(read);
            diagnosis.analysed = analysed;
            diagnosis.evaluation = Some(evaluation);
        }
    }
    finish(env, opts, b, diagnosis)
}

/// Adds the middleware layer once a direct read was tried, then orders the
/// layers and ranks the causes.
fn finish(
    env: &dyn Environment,
    opts: &DoctorOptions,
    mut b: Builder,
    mut d: Diagnosis,
) -> Diagnosis {
    let tried = b.layers.iter().any(|l| {
        matches!(l.name, LayerId::Pkcs15 | LayerId::Certificates) && l.status != Status::Skipped
    }) || d.read.is_some();
    if let (true, Some(probe)) = (tried, env.middleware()) {
        b.layers.push(middleware::middleware_layer(
            probe.as_ref(),
            d.read.as_ref(),
            opts.timeout,
            opts.lang,
        ));
    }
    d.layers = b.layers;
    d.layers.sort_by_key(|l| l.name);
    d.causes = rank(&d.layers);
    d
}

#[cfg(test)]
mod tests;
