//! The catalogue of findings: everything `inspect` and `check` can say
//! about a card, each with a stable code, a severity, and a message and a
//! hint in Swedish and English.
//!
//! Texts are templates: `{cert}`, `{date}`, `{card_date}`, `{days}`,
//! `{card_number}`, `{other_card_number}`, `{org}`, `{hsa_id}`, `{issuer}`,
//! `{found}`, `{level}`, `{pin}` and `{url}` are filled from a finding's [`Params`]. The codes
//! are part of the JSON contract: never rename one, add new ones.

use serde::Serialize;

use crate::base::lang::Lang;
use crate::reading::layout::pins::PinName;
use crate::understanding::cert::Role;

mod catalogue;
mod severity;

pub use catalogue::{Code, Entry, CATALOGUE};
pub use severity::Severity;

/// The outcome of a run, from the worst finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
}

impl Verdict {
    /// `fail` with any failing finding, `warn` with any warning, else `pass`.
    pub fn of(findings: &[Finding]) -> Verdict {
        match findings.iter().map(|f| f.severity()).max() {
            Some(Severity::Fail) => Verdict::Fail,
            Some(Severity::Warn) => Verdict::Warn,
            _ => Verdict::Pass,
        }
    }

    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Pass => lang.pick("godkänt", "pass"),
            Verdict::Warn => lang.pick("varning", "warning"),
            Verdict::Fail => lang.pick("underkänt", "fail"),
        }
    }
}

impl Code {
    /// This code's catalogue entry.
    pub fn entry(self) -> &'static Entry {
        // Every variant is in the catalogue by construction of the macro.
        CATALOGUE
            .iter()
            .find(|(c, _)| *c == self)
            .map(|(_, e)| e)
            .unwrap_or(&CATALOGUE[0].1)
    }

    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        self.entry().code
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The certificate a finding is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertRef {
    pub sha256: String,
    pub role: Role,
    /// The label the card gives it.
    pub label: Option<String>,
    /// HSA-ID, or the personal number as it may be shown (masked unless
    /// asked for).
    pub holder_id: Option<String>,
}

impl CertRef {
    /// `"Legitimering" (identification, SE2321000057-ANAN01)`.
    pub fn describe(&self, lang: Lang) -> String {
        let role = role_word(self.role, lang);
        let mut inner = role.to_string();
        if let Some(id) = &self.holder_id {
            inner.push_str(", ");
            inner.push_str(id);
        }
        match &self.label {
            Some(l) if !l.is_empty() => format!("\"{l}\" ({inner})"),
            _ => format!("({inner})"),
        }
    }
}

/// The field's word for a certificate's role.
pub fn role_word(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Identification => lang.pick("legitimering", "identification"),
        Role::Signature => lang.pick("underskrift", "signature"),
        Role::Other => lang.pick("övrigt", "other"),
    }
}

/// The values a finding's texts are filled with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    pub cert: Option<CertRef>,
    /// A certificate date, YYYY-MM-DD.
    pub date: Option<String>,
    /// The card's printed expiry, YYYY-MM-DD.
    pub card_date: Option<String>,
    pub days: Option<i64>,
    pub card_number: Option<String>,
    pub other_card_number: Option<String>,
    /// An organisation, "name (number)".
    pub org: Option<String>,
    pub hsa_id: Option<String>,
    pub issuer: Option<String>,
    /// What was found instead, as a list.
    pub found: Option<String>,
    pub level: Option<u8>,
    /// The PIN it is about.
    pub pin: Option<PinName>,
    /// A responder or CRL location (revocation).
    pub url: Option<String>,
}

/// One finding about a card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub params: Params,
    /// How bad it is here: the catalogue's severity, unless the rules
    /// judged this instance otherwise (a problem of a certificate the
    /// login does not use is only information).
    pub severity: Severity,
    /// Related facts that share this finding's cause and advice (the
    /// signature certificate that expired with the identification one):
    /// shown under it, never as further failures.
    pub details: Vec<Finding>,
}

impl Finding {
    pub fn new(code: Code, params: Params) -> Finding {
        Finding {
            code,
            params,
            severity: code.entry().severity,
            details: Vec::new(),
        }
    }

    /// The same finding with another severity.
    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The message in `lang`, parameters filled in.
    pub fn message(&self, lang: Lang) -> String {
        let e = self.code.entry();
        fill(lang.pick(e.message_sv, e.message_en), &self.params, lang)
    }

    /// What to do, in `lang`.
    pub fn hint(&self, lang: Lang) -> String {
        let e = self.code.entry();
        fill(lang.pick(e.hint_sv, e.hint_en), &self.params, lang)
    }

    /// SHA-256 of the certificate the finding is about, if any.
    pub fn certificate_sha256(&self) -> Option<&str> {
        self.params.cert.as_ref().map(|c| c.sha256.as_str())
    }
}

/// The placeholders texts may use.
pub const PLACEHOLDERS: &[&str] = &[
    "cert",
    "date",
    "card_date",
    "days",
    "card_number",
    "other_card_number",
    "org",
    "hsa_id",
    "issuer",
    "found",
    "level",
    "pin",
    "url",
];

/// Fills `{name}` placeholders; a missing value shows as `?`.
fn fill(template: &str, p: &Params, lang: Lang) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = &after[..end];
        let value = match name {
            "cert" => p.cert.as_ref().map(|c| c.describe(lang)),
            "date" => p.date.clone(),
            "card_date" => p.card_date.clone(),
            "days" => p.days.map(|d| d.to_string()),
            "card_number" => p.card_number.clone(),
            "other_card_number" => p.other_card_number.clone(),
            "org" => p.org.clone(),
            "hsa_id" => p.hsa_id.clone(),
            "issuer" => p.issuer.clone(),
            "found" => p
                .found
                .clone()
                .or_else(|| Some(lang.pick("inga", "none").to_string())),
            "level" => p.level.map(|l| l.to_string()),
            "pin" => p.pin.as_ref().map(|pin| pin.describe(lang)),
            "url" => p.url.clone(),
            _ => Some(format!("{{{name}}}")),
        };
        out.push_str(value.as_deref().unwrap_or("?"));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The placeholders a template uses, sorted.
pub fn placeholders_in(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        names.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    names.sort();
    names.dedup();
    names
}

/// `docs/findings.md`, generated from the catalogue.
pub fn catalogue_markdown() -> String {
    let mut out = String::from(
        "# Findings\n\n\
         Every finding `sithsctl inspect` and `sithsctl check` can report. \
         Generated from `src/understanding/findings/catalogue.rs` by the test `findings_doc_is_current` \
         (`SITHSCTL_UPDATE_DOCS=1 cargo test findings_doc` rewrites it); do not edit by hand.\n\n\
         Severity: `ok` (a check that was asked for passed; marked ✔), `info` (worth knowing, marked ℹ), \
         `warn` (act soon, marked !; fails `check` only with `--strict`), \
         `fail` (login fails or the policy is not met, marked ✘; `check` exits 1). \
         The severity below is the one a finding has about the certificate the login uses; \
         about another certificate on the card (one the login does not use) a finding is `info`, \
         and about the signature certificate `warn` (`fail` with `--require-signature`).\n\n\
         Placeholders in braces are filled in from the card: `{cert}` the certificate (label, role, HSA-ID), \
         `{date}` a certificate date, `{card_date}` the card's printed expiry, `{org}` an organisation, \
         `{pin}` a PIN (its name on the card and what it is for), \
         `{url}` the OCSP responder or CRL asked.\n",
    );
    for (_, e) in CATALOGUE {
        out.push_str(&format!(
            "\n## `{}` ({})\n\n| | en | sv |\n|---|---|---|\n| message | {} | {} |\n| hint | {} | {} |\n",
            e.code,
            match e.severity {
                Severity::Ok => "ok",
                Severity::Info => "info",
                Severity::Warn => "warn",
                Severity::Fail => "fail",
            },
            e.message_en,
            e.message_sv,
            e.hint_en,
            e.hint_sv
        ));
    }
    out
}

#[cfg(test)]
mod tests;
