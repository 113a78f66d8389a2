//! `sithsctl check`: does the card meet a policy? Exit 0 pass, 1 fail.

use super::args::{CheckArgs, PolicyArgs};
use super::evaluate::{evaluate, resolve_org};
use super::inspect::render_findings;
use super::output::{write_stdout, Context};
use super::render::certificates;
use super::render::words::org_number;
use super::render::wrap::{field, hanging};
use super::render::{paint, Paint};
use super::{Exit, Failure};
use crate::reading::read::Source;
use crate::report::{CheckReport, OrgRef, PolicyOut};
use crate::services::order;
use crate::understanding::findings::Verdict;
use crate::understanding::rules::Policy;

pub fn run(args: &CheckArgs, ctx: &Context) -> Result<Exit, Failure> {
    let report = build(&args.policy, ctx, &ctx.source)?;
    let passed = report.policy.passed;
    if ctx.json {
        ctx.print_json(&report)?;
    } else {
        write_stdout(&render(&report, ctx));
    }
    Ok(if passed { Exit::Ok } else { Exit::CheckFailed })
}

/// Checks the flags' policy without a card: an unknown organisation is a
/// usage error before anything is read.
pub fn resolve_policy(args: &PolicyArgs, ctx: &Context) -> Result<(), Failure> {
    resolve_org(&args.facts, ctx).map(|_| ())
}

/// Reads the card at `source` and checks it against the policy the flags
/// give: the one evaluation `check` and `watch` share.
pub fn build(args: &PolicyArgs, ctx: &Context, source: &Source) -> Result<CheckReport, Failure> {
    let org = resolve_org(&args.facts, ctx)?;
    let policy = Policy {
        org: org.clone(),
        hsa_id: args.hsa_id.clone(),
        require_signature: args.require_signature,
        // A production check: the identification certificate's chain
        // must reach a trust anchor.
        trusted_chain: true,
        // A login: the identification PIN is needed.
        login: true,
    };
    let (mut inspect, eval, analysed) = evaluate(&args.facts, policy, "check", ctx, source)?;
    // As in `inspect`: the card lacks the organisation's certificate, so
    // the order data goes with the document.
    if let Some(org) = &org {
        let info = order::order_info(&analysed, &eval, org, ctx.view.now, ctx.view.warn_days);
        if !info.nothing_to_order {
            inspect.order_info = Some(info);
        }
    }
    let passed = eval.policy.satisfied
        && match eval.verdict {
            Verdict::Pass => true,
            Verdict::Warn => !args.strict,
            Verdict::Fail => false,
        };
    let report = CheckReport {
        policy: PolicyOut {
            org: org.map(|o| OrgRef {
                number: o.number,
                name: o.name,
            }),
            hsa_id: args.hsa_id.clone(),
            require_signature: args.require_signature,
            strict: args.strict,
            warn_days: ctx.view.warn_days,
            passed,
            hsa_id_to_register: eval.policy.hsa_id.clone().filter(|_| passed),
            identification_sha256: eval.policy.identification.clone(),
            signature_sha256: eval.policy.signature.clone(),
        },
        inspect,
    };
    Ok(report)
}

fn render(report: &CheckReport, ctx: &Context) -> String {
    let lang = ctx.lang;
    let style = ctx.out;
    let width = style.width;
    let p = &report.policy;
    let i = &report.inspect;
    let line = |out: &mut String, k: &str, v: &str| out.push_str(&field(0, k, 14, v, width));
    let mut out = String::new();
    line(&mut out, lang.pick("Läsare:", "Reader:"), &i.card.reader);
    if let Some(n) = &i.card_number {
        line(&mut out, lang.pick("Kortnummer:", "Card number:"), n);
    }
    let mut wanted = Vec::new();
    if let Some(o) = &p.org {
        let dashed = org_number(&o.number);
        // An unlisted organisation is named by its number already.
        wanted.push(if o.name.ends_with(&dashed) {
            o.name.clone()
        } else {
            format!(
                "{} {} ({dashed})",
                lang.pick("organisation", "organisation"),
                o.name
            )
        });
    }
    if let Some(h) = &p.hsa_id {
        wanted.push(format!("HSA-ID {h}"));
    }
    if p.require_signature {
        wanted.push(
            lang.pick("underskrift krävs", "signature required")
                .to_string(),
        );
    }
    if p.strict {
        wanted.push(
            lang.pick("varningar underkänner", "warnings fail")
                .to_string(),
        );
    }
    if wanted.is_empty() {
        wanted.push(
            lang.pick(
                "giltig legitimering med HSA-ID",
                "a valid identification certificate with an HSA-ID",
            )
            .to_string(),
        );
    }
    line(&mut out, lang.pick("Krav:", "Policy:"), &wanted.join(", "));
    out.push_str(&certificates::revocation_fields(
        &i.certificates,
        lang.pick("Spärr:", "Revocation:"),
        14,
        lang,
        style,
    ));
    out.push_str(&super::pins::render(&i.pins, lang, style.width));
    out.push_str(&render_findings(&i.findings, lang, style));
    out.push('\n');
    if p.passed {
        let mark = paint("✔", Paint::Green, style.colour);
        let verdict = paint(lang.pick("GODKÄNT", "PASS"), Paint::Green, style.colour);
        let text = match &p.hsa_id_to_register {
            Some(h) => format!(
                "{verdict}: {} {h}",
                lang.pick(
                    "HSA-ID att registrera i journalsystemet:",
                    "HSA-ID to register in the record system:"
                )
            ),
            None => verdict,
        };
        out.push_str(&hanging(&format!("{mark} "), 2, &text, width));
    } else {
        let mark = paint("✘", Paint::Red, style.colour);
        let text = format!(
            "{}: {}",
            paint(lang.pick("UNDERKÄNT", "FAIL"), Paint::Red, style.colour),
            lang.pick("se resultaten ovan.", "see the findings above.")
        );
        out.push_str(&hanging(&format!("{mark} "), 2, &text, width));
    }
    out
}
