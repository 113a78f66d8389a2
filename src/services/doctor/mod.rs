//! `doctor`: why does the user's name not come up ("namnet kommer inte
//! upp")? Every layer from the PC/SC library to the certificate the login
//! needs is checked on its own, so one failure never hides another, and
//! the causes come out ranked, most likely first, each with what to do.
//!
//! The rooms: [`layer`] (what an answer is made of), [`diagnosis`] (the
//! question and the answer), [`environment`] (the world, or a fake of it),
//! then one room per group of layers in the order a login depends on
//! them: [`system`] (1-6), [`card`] (7-8), [`certificates`] (9-11, 13),
//! [`revocation`] (12), [`pin`] (14) and [`middleware`]. A new layer goes into the group it depends on, or a
//! room of its own after it.

mod card;
mod certificates;
pub mod diagnosis;
pub mod environment;
pub mod layer;
pub mod middleware;
mod pin;
mod revocation;
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
        pins: Vec::new(),
        revocation: None,
    };
    if let Some((reader, inserted_at)) = system::system_layers(env, opts, &mut b, &mut diagnosis) {
        if let Some((read, analysed)) =
            card::card_layers(env, opts, &mut b, &mut diagnosis, &reader, inserted_at)
        {
            let mut evaluation = certificates::certificate_layers(opts, &mut b, &read, &analysed);
            match &opts.revocation {
                Some(plan) => {
                    let (layer, answers) =
                        revocation::revocation_layer(opts, plan, &analysed, &mut evaluation);
                    b.layers.push(layer);
                    diagnosis.revocation = Some(answers);
                }
                None => b.set(
                    LayerId::Revocation,
                    Status::Skipped,
                    b.text("Hoppades över: inte efterfrågat.", "Skipped: not asked."),
                    None,
                ),
            }
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
    let mut middleware_pins = Vec::new();
    if let (true, Some(probe)) = (tried, env.middleware()) {
        let (layer, pins) =
            middleware::middleware_check(probe.as_ref(), d.read.as_ref(), opts.timeout, opts.lang);
        b.layers.push(layer);
        middleware_pins = pins;
    }
    // The PINs, once the card was read and what the middleware reports is
    // known (a layer skipped earlier stays skipped).
    if let Some(read) = &d.read {
        if !b.layers.iter().any(|l| l.name == LayerId::Pin) {
            let (layer, pins) = pin::pin_layer(read, middleware_pins, opts.lang);
            b.layers.push(layer);
            if let Some(evaluation) = d.evaluation.as_mut() {
                let policy = crate::understanding::rules::Policy {
                    org: opts.org.clone(),
                    ..Default::default()
                };
                crate::understanding::rules::apply_pins(evaluation, &pins, &policy);
            }
            d.pins = pins;
        }
    }
    d.layers = b.layers;
    d.layers.sort_by_key(|l| l.name);
    d.causes = rank(&d.layers);
    d
}

#[cfg(test)]
mod tests;
