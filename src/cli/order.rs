//! `sithsctl order-info`: what to send the certificate administrator to put
//! an organisation's certificate on the card the person already has.

use super::args::OrderInfoArgs;
use super::inspect::{evaluate, resolve_org};
use super::output::{write_stdout, Context};
use super::{Exit, Failure};
use crate::report::OrderInfoReport;
use crate::services::order;
use crate::understanding::rules::Policy;

pub fn run(args: &OrderInfoArgs, ctx: &Context) -> Result<Exit, Failure> {
    let Some(org) = resolve_org(&args.facts, ctx)? else {
        return Err(Failure::Other {
            exit: Exit::Usage,
            code: "usage",
            message: ctx
                .lang
                .pick(
                    "order-info behöver en organisation: --org ORG (eller `org` i konfigurationsfilen)",
                    "order-info needs an organisation: --org ORG (or `org` in the configuration file)",
                )
                .to_string(),
            hint: None,
        });
    };
    let policy = Policy {
        org: Some(org.clone()),
        ..Default::default()
    };
    let (inspect, eval, analysed) = evaluate(&args.facts, policy, "order-info", ctx, &ctx.source)?;
    let info = order::order_info(&analysed, &eval, &org, ctx.view.now);
    if ctx.json {
        ctx.print_json(&OrderInfoReport {
            meta: ctx.meta("order-info"),
            card: inspect.card,
            order: info,
            certificates: inspect.certificates,
            card_numbers: inspect.card_numbers,
        })?;
    } else {
        write_stdout(&order::render(&info, ctx.lang));
    }
    Ok(Exit::Ok)
}
