//! `sithsctl orgs`: the organisations the tool knows, and where the user's
//! own are kept.

use super::args::OrgsArgs;
use super::output::{config_path, table, write_stdout, Context};
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
    let mut table = table(vec![
        lang.pick("Organisationsnummer", "Organisation number"),
        lang.pick("Namn", "Name"),
        lang.pick("HSA-ID-prefix", "HSA-ID prefix"),
        lang.pick("Alias", "Aliases"),
        lang.pick("Källa", "Source"),
    ]);
    for o in &report.organisations {
        table.add_row(vec![
            o.number.clone(),
            o.name.clone(),
            o.hsa_prefix(),
            o.aliases.join(", "),
            match o.source {
                OrgSource::BuiltIn => lang.pick("inbyggd", "built in"),
                OrgSource::User => lang.pick("egen", "user"),
                OrgSource::Unlisted => lang.pick("ej i listan", "not listed"),
            }
            .to_string(),
        ]);
    }
    let mut out = format!("{table}\n");
    if let Some(p) = &report.config_path {
        out.push_str(&format!(
            "{} {p}{}\n",
            lang.pick("Egna organisationer i", "Your own organisations go in"),
            if report.config_exists {
                ""
            } else {
                lang.pick(" (finns inte än)", " (does not exist yet)")
            }
        ));
    }
    write_stdout(&out);
    Ok(Exit::Ok)
}
