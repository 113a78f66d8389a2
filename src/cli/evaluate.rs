//! The steps `inspect`, `check`, `order-info`, `doctor` and `watch` share
//! before rendering: which organisation and inventory the flags name, and
//! the rules' evaluation of the card into an `inspect` document. Apart
//! from `inspect` so the commands that render order data or findings can
//! use it without importing each other.

use super::args::CardFactArgs;
use super::common::read_and_analyse_from;
use super::output::{Context, Spinner};
use super::{Exit, Failure};
use crate::reading::layout::pkcs15::Wanted;
use crate::reading::read::Source;
use crate::report::{
    cert_entries, issuer_summaries, CardNumberOut, CardSummary, CertEntry, FindingOut,
    InspectReport,
};
use crate::services::card_revocation::{self, CardRevocation};
use crate::understanding::analysis::AnalysedCert;
use crate::understanding::inventory::Inventory;
use crate::understanding::rules::{self, Evaluation, Options, Policy};
use crate::understanding::siths::orgs::{self, Org};

/// The organisation from `--org` or the configuration's `org`.
pub fn resolve_org(facts: &CardFactArgs, ctx: &Context) -> Result<Option<Org>, Failure> {
    match facts.org.as_ref().or(ctx.config.org.as_ref()) {
        Some(query) => resolve_org_query(query, ctx).map(Some),
        None => Ok(None),
    }
}

/// The organisation a query names (a number, an HSA-ID, a name or an
/// alias); a usage error in the user's language when none or several fit.
pub fn resolve_org_query(query: &str, ctx: &Context) -> Result<Org, Failure> {
    orgs::resolve(query, &ctx.registry).map_err(|e| {
        let hint = match e {
            orgs::OrgError::BadCheckDigit { .. } | orgs::OrgError::PersonalNumberForm => ctx.lang.pick(
                "Kontrollera numret: ett organisationsnummer har tio siffror, den sista en kontrollsiffra.",
                "Check the number: an organisation number has ten digits, the last one a check digit.",
            ),
            _ => ctx.lang.pick(
                "Se `sithsctl orgs` för kända organisationer; lägg till egna i konfigurationsfilen ([[organisation]]), eller ange organisationsnumret.",
                "See `sithsctl orgs` for the known organisations; add your own in the configuration file ([[organisation]]), or give the organisation number.",
            ),
        };
        Failure::Other {
            exit: Exit::Usage,
            code: match e {
                orgs::OrgError::BadCheckDigit { .. } | orgs::OrgError::PersonalNumberForm => {
                    "bad_organisation_number"
                }
                _ => "unknown_organisation",
            },
            message: e.message(ctx.lang),
            hint: Some(hint.to_string()),
        }
    })
}

/// The inventory from `--inventory` or the configuration's `inventory`.
pub fn load_inventory(facts: &CardFactArgs, ctx: &Context) -> Result<Option<Inventory>, Failure> {
    let Some(path) = facts.inventory.as_ref().or(ctx.config.inventory.as_ref()) else {
        return Ok(None);
    };
    let bad = |message: String| {
        Failure::Other {
        exit: Exit::Input,
        code: "bad_inventory",
        message: format!("inventory {}: {message}", path.display()),
        hint: Some(
            ctx.lang
                .pick(
                    "Varje rad: kortnummer,tryckt giltighetsdatum (ÅÅÅÅ-MM-DD)[,anteckning]; rubrikrad valfri.",
                    "Each line: card number,printed expiry (YYYY-MM-DD)[,note]; a header line is optional.",
                )
                .to_string(),
        ),
    }
    };
    let text = crate::base::input::read_text_capped(
        path,
        crate::understanding::inventory::MAX_INVENTORY_BYTES,
    )
    .map_err(|e| bad(e.to_string()))?;
    Inventory::parse(&text)
        .map(Some)
        .map_err(|e| bad(e.to_string()))
}

/// Reads the card at `source`, applies the rules and builds the inspect document.
pub fn evaluate(
    facts: &CardFactArgs,
    policy: Policy,
    document: &'static str,
    ctx: &Context,
    source: &Source,
) -> Result<(InspectReport, Evaluation, Vec<AnalysedCert>), Failure> {
    let inventory = load_inventory(facts, ctx)?;
    let wanted = Wanted::EVERYTHING.asking_pin_status(ctx.pin_status);
    let (read, analysed, cas) = read_and_analyse_from(ctx, source, wanted)?;
    let options = Options {
        now: ctx.view.now,
        warn_days: ctx.view.warn_days,
        show_personal_numbers: ctx.view.show_personal_numbers,
        card_expiry: facts.card_expiry,
        inventory: inventory.as_ref(),
        policy,
    };
    let token_serial = read.card.token.as_ref().and_then(|t| t.serial.as_deref());
    let mut eval = rules::evaluate(&analysed, token_serial, &options);
    rules::apply_pins(&mut eval, &read.pins, &options.policy);
    let revocation = ctx.revocation.as_ref().map(|plan| {
        // Only while something is asked: an image without --online asks nothing.
        let spinner = plan.ask.then(|| {
            Spinner::start(
                ctx,
                ctx.lang.pick(
                    "Frågar om certifikaten är spärrade…",
                    "Asking whether the certificates are revoked…",
                ),
            )
        });
        let answers = card_revocation::check_card(&analysed, &cas, &eval, plan);
        drop(spinner);
        card_revocation::apply(
            &mut eval,
            &answers,
            &analysed,
            ctx.view.show_personal_numbers,
        );
        answers
    });
    let (mut certificates, unreadable) = cert_entries(&analysed, &ctx.view);
    if let Some(answers) = &revocation {
        with_revocation(&mut certificates, answers);
    }
    let report = InspectReport {
        meta: ctx.meta(document),
        card: CardSummary::new(&read),
        card_number: eval.card_number.clone(),
        card_numbers: eval.groups.iter().map(CardNumberOut::new).collect(),
        issuers: issuer_summaries(&certificates),
        certificates,
        unreadable_certificates: unreadable,
        findings: eval
            .findings
            .iter()
            .map(|f| FindingOut::new(f, ctx.lang))
            .collect(),
        verdict: eval.verdict,
        order_info: None,
        pins: read.pins.clone(),
    };
    Ok((report, eval, analysed))
}

/// Puts each certificate's revocation answer beside it; certificates that
/// were not in question keep none.
pub fn with_revocation(certificates: &mut [CertEntry], answers: &CardRevocation) {
    for c in certificates {
        c.revocation = answers.get(&c.sha256).cloned();
    }
}
