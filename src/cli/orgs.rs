//! `sithsctl orgs`: the organisations the tool knows, and where the user's
//! own are kept.

use super::args::OrgsArgs;
use super::output::{config_path, write_stdout, Context};
use super::render::table::{Kind, Table};
use super::render::words::org_number;
use super::render::wrap::hanging;
use super::{Exit, Failure};
use crate::report::OrgsReport;
use crate::understanding::siths::orgs::OrgSource;

pub fn run(args: &OrgsArgs, ctx: &Context) -> Result<Exit, Failure> {
    let path = config_path();
    if args.path {
        let Some(path) = path else {
            return Err(Failure::Other {
                exit: Exit::Environment,
                code: "no_config_dir",
                message: "no configuration folder on this system (no home folder)".into(),
                hint: Some("Set SITHSCTL_CONFIG to a file path.".into()),
            });
        };
        if ctx.json {
            ctx.print_json(&serde_json::json!({ "config_path": path.display().to_string() }))?;
        } else {
            write_stdout(&format!("{}\n", path.display()));
        }
        return Ok(Exit::Ok);
    }
    let report = OrgsReport {
        meta: ctx.meta("orgs"),
        config_exists: path.as_ref().is_some_and(|p| p.exists()),
        config_path: path.map(|p| p.display().to_string()),
        organisations: ctx.registry.orgs().to_vec(),
    };
    if ctx.json {
        ctx.print_json(&report)?;
        return Ok(Exit::Ok);
    }
    let lang = ctx.lang;
    let mut table = Table::new(&[
        (
            lang.pick("Organisationsnummer", "Organisation number"),
            Kind::Ident,
        ),
        (lang.pick("Namn", "Name"), Kind::Text),
        (lang.pick("HSA-ID-prefix", "HSA-ID prefix"), Kind::Ident),
        (lang.pick("Alias", "Aliases"), Kind::Text),
        (lang.pick("Källa", "Source"), Kind::Text),
    ]);
    for o in &report.organisations {
        table.row(vec![
            org_number(&o.number).into(),
            o.name.clone().into(),
            o.hsa_prefix().into(),
            o.aliases.join(", ").into(),
            match o.source {
                OrgSource::BuiltIn => lang.pick("inbyggd", "built in"),
                OrgSource::User => lang.pick("egen", "user"),
                OrgSource::Unlisted => lang.pick("ej i listan", "not listed"),
            }
            .into(),
        ]);
    }
    let width = ctx.out.width;
    let mut out = table.render_or_blocks(width, ctx.out.colour);
    if let Some(p) = &report.config_path {
        let text = format!(
            "{} {p}{}",
            lang.pick("Egna organisationer i", "Your own organisations go in"),
            if report.config_exists {
                ""
            } else {
                lang.pick(" (finns inte än)", " (does not exist yet)")
            }
        );
        out.push('\n');
        out.push_str(&hanging("", 0, &text, width));
    }
    write_stdout(&out);
    Ok(Exit::Ok)
}
