//! Organisations that own HSA-IDs: the regions and a few others, plus any
//! the user adds.
//!
//! The contact person asks "is there a certificate for *our* organisation on
//! this card?". They name their organisation however they like: by number,
//! by an HSA-ID prefix, by its name or a local short name (`RJL`, `vgr`,
//! `gbg`). [`resolve`] turns any of those into one [`Org`], or says which
//! organisations the query could mean. Matching on HSA-IDs is always on the
//! 10-digit organisation number.

use serde::{Deserialize, Serialize};

use super::hsa;
use crate::base::lang::Lang;

/// Where an organisation entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgSource {
    /// Built into the tool from the domain notes.
    BuiltIn,
    /// Added by the user (configuration or command line).
    User,
    /// Not in the registry: a valid organisation number asked for as it
    /// is, named by its number.
    Unlisted,
}

/// One organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Org {
    /// The 10-digit organisation number, digits only.
    pub number: String,
    /// The official Swedish name.
    pub name: String,
    /// Short names and other names people use.
    pub aliases: Vec<String>,
    /// Built in or added by the user.
    pub source: OrgSource,
}

impl Org {
    /// A user-defined organisation. The number may be given with a dash or
    /// in the 12-digit `16` form; it is stored as 10 digits.
    pub fn user(number: &str, name: &str, aliases: Vec<String>) -> Result<Self, OrgError> {
        let number = normalise_number(number).ok_or_else(|| OrgError::InvalidNumber {
            number: number.to_string(),
        })?;
        if name.trim().is_empty() {
            return Err(OrgError::EmptyName { number });
        }
        Ok(Self {
            number,
            name: name.trim().to_string(),
            aliases,
            source: OrgSource::User,
        })
    }

    /// An organisation known only by its number (10 digits, check digit
    /// already verified), named "organisation NNNNNN-NNNN": the same word
    /// in Swedish and English.
    pub fn unlisted(number: &str) -> Self {
        let name = match (number.get(..6), number.get(6..)) {
            (Some(a), Some(b)) => format!("organisation {a}-{b}"),
            _ => format!("organisation {number}"),
        };
        Self {
            number: number.to_string(),
            name,
            aliases: Vec::new(),
            source: OrgSource::Unlisted,
        }
    }

    /// The HSA-ID prefix of the ordinary form, e.g. `SE2321000057`.
    pub fn hsa_prefix(&self) -> String {
        format!("SE{}", self.number)
    }
}

/// Errors from looking up or defining organisations.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrgError {
    /// No organisation matches.
    #[error("no organisation matches {query:?}{}", list_hint(.candidates))]
    Unknown {
        /// What the user asked for.
        query: String,
        /// Near matches, as "name (number)", possibly empty.
        candidates: Vec<String>,
    },
    /// An organisation number whose last digit is not its check digit.
    #[error("{number} is not an organisation number: its check digit (the last digit) is wrong")]
    BadCheckDigit {
        /// The number as given.
        number: String,
    },
    /// Ten digits whose third is 0 or 1: the form of a personnummer (a
    /// month), never of an organisation number (whose third digit is 2 or
    /// more). The digits are not repeated: they may be personal data.
    #[error("that is the form of a personnummer, not of an organisation number (its third digit is 2 or more)")]
    PersonalNumberForm,
    /// More than one organisation matches.
    #[error("{query:?} matches several organisations{}", list_hint(.candidates))]
    Ambiguous {
        /// What the user asked for.
        query: String,
        /// Every match, as "name (number)".
        candidates: Vec<String>,
    },
    /// A user-given organisation number is not 10 digits (or the 12-digit
    /// `16` form).
    #[error(
        "organisation number {number:?} is not 10 digits (NNNNNN-NNNN) or the 12-digit 16 form"
    )]
    InvalidNumber {
        /// The number as given.
        number: String,
    },
    /// A user-given organisation has no name.
    #[error("organisation {number} has an empty name")]
    EmptyName {
        /// Its number.
        number: String,
    },
    /// The organisation configuration is not valid TOML or has the wrong shape.
    #[error("organisation configuration, line {line}: {message}")]
    Config {
        /// 1-based line of the error (0 when the parser gave no position).
        line: usize,
        /// What the parser said.
        message: String,
    },
}

/// ": A (1), B (2)" for an error message, or nothing for an empty list.
impl OrgError {
    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            OrgError::Unknown { query, candidates } => format!(
                "{} {query:?}{}",
                lang.pick("ingen organisation matchar", "no organisation matches"),
                list_hint(candidates)
            ),
            OrgError::Ambiguous { query, candidates } => format!(
                "{query:?} {}{}",
                lang.pick(
                    "matchar flera organisationer",
                    "matches several organisations"
                ),
                list_hint(candidates)
            ),
            OrgError::PersonalNumberForm => lang
                .pick(
                    "det är formen för ett personnummer, inte för ett organisationsnummer (vars tredje siffra är 2 eller mer); en enskild firma med personnumret som organisationsnummer läggs till i konfigurationsfilen ([[organisation]])",
                    "that is the form of a personnummer, not of an organisation number (its third digit is 2 or more); a sole trader whose personnummer is the organisation number is added in the configuration file ([[organisation]])",
                )
                .to_string(),
            OrgError::BadCheckDigit { number } => format!(
                "{number}: {}",
                lang.pick(
                    "inget organisationsnummer: kontrollsiffran (sista siffran) stämmer inte",
                    "not an organisation number: its check digit (the last digit) is wrong"
                )
            ),
            _ => self.to_string(),
        }
    }
}

fn list_hint(candidates: &[String]) -> String {
    if candidates.is_empty() {
        String::new()
    } else {
        format!(": {}", candidates.join(", "))
    }
}

/// The organisations known to the tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Registry {
    orgs: Vec<Org>,
}

/// Built-in organisations: (number, official name, aliases). From the
/// domain notes: all 21 regions, Region Gotland (a municipality), Göteborgs
/// Stad and Inera AB.
#[rustfmt::skip]
const BUILT_IN: &[(&str, &str, &[&str])] = &[
    ("2321000016", "Region Stockholm", &["stockholm", "sll"]),
    ("2321000024", "Region Uppsala", &["uppsala"]),
    ("2321000032", "Region Sörmland", &["sörmland", "sodermanland", "södermanland"]),
    ("2321000040", "Region Östergötland", &["östergötland"]),
    ("2321000057", "Region Jönköpings län", &["jönköping", "jönköpings län", "rjl"]),
    ("2321000065", "Region Kronoberg", &["kronoberg"]),
    ("2321000073", "Region Kalmar län", &["kalmar", "kalmar län"]),
    ("2321000081", "Region Blekinge", &["blekinge"]),
    ("2321000115", "Region Halland", &["halland"]),
    ("2321000131", "Västra Götalandsregionen", &["vgr", "västra götaland", "region västra götaland"]),
    ("2321000156", "Region Värmland", &["värmland"]),
    ("2321000164", "Region Örebro län", &["örebro", "örebro län"]),
    ("2321000172", "Region Västmanland", &["västmanland"]),
    ("2321000180", "Region Dalarna", &["dalarna"]),
    ("2321000198", "Region Gävleborg", &["gävleborg"]),
    ("2321000206", "Region Västernorrland", &["västernorrland"]),
    ("2321000214", "Region Jämtland Härjedalen", &["jämtland", "härjedalen", "jämtland härjedalen", "rjh"]),
    ("2321000222", "Region Västerbotten", &["västerbotten"]),
    ("2321000230", "Region Norrbotten", &["norrbotten"]),
    ("2321000255", "Region Skåne", &["skåne"]),
    ("2120000803", "Region Gotland", &["gotland"]),
    ("2120001355", "Göteborgs Stad", &["göteborg", "gbg", "gothenburg", "göteborgs stad"]),
    ("5565594230", "Inera AB", &["inera"]),
];

impl Registry {
    /// The built-in organisations only.
    pub fn builtin() -> Self {
        let orgs = BUILT_IN
            .iter()
            .map(|(number, name, aliases)| Org {
                number: (*number).to_string(),
                name: (*name).to_string(),
                aliases: aliases.iter().map(|a| (*a).to_string()).collect(),
                source: OrgSource::BuiltIn,
            })
            .collect();
        Self { orgs }
    }

    /// The built-in organisations plus the user's. A user entry with the
    /// same organisation number as a built-in one replaces its name and adds
    /// its aliases: the user knows their own organisation best.
    pub fn with_user_orgs(user: Vec<Org>) -> Self {
        let mut registry = Self::builtin();
        for mut org in user {
            if let Some(n) = normalise_number(&org.number) {
                org.number = n;
            }
            match registry.orgs.iter_mut().find(|o| o.number == org.number) {
                Some(existing) => {
                    existing.name = org.name;
                    for alias in org.aliases {
                        if !existing.aliases.contains(&alias) {
                            existing.aliases.push(alias);
                        }
                    }
                    existing.source = OrgSource::User;
                }
                None => registry.orgs.push(org),
            }
        }
        registry
    }

    /// Every organisation, built-in first.
    pub fn orgs(&self) -> &[Org] {
        &self.orgs
    }

    /// The organisation with this 10-digit number, if known.
    pub fn by_number(&self, number: &str) -> Option<&Org> {
        self.orgs.iter().find(|o| o.number == number)
    }
}

/// Find the one organisation a user means.
///
/// Accepts an organisation number (with or without dash, 10 digits or the
/// 12-digit `16` form, with or without `SE`), an HSA-ID prefix
/// (`SE2321000057`) or a full HSA-ID, an official name or an alias,
/// ignoring case and the Swedish diacritics (`jonkoping` finds Jönköping).
/// A name that only partly matches is accepted when exactly one
/// organisation fits. A valid number that is not in the registry is that
/// organisation all the same ([`Org::unlisted`]): every municipality and
/// care provider has one; a number with a wrong check digit is refused.
pub fn resolve(query: &str, registry: &Registry) -> Result<Org, OrgError> {
    resolve_ref(query, registry).map(|found| match found {
        Found::Listed(org) => org.clone(),
        Found::Unlisted(number) => Org::unlisted(&number),
    })
}

/// What a query found: an organisation of the registry, or a valid number.
enum Found<'r> {
    Listed(&'r Org),
    Unlisted(String),
}

fn resolve_ref<'r>(query: &str, registry: &'r Registry) -> Result<Found<'r>, OrgError> {
    let q = query.trim();
    let unknown = |candidates: Vec<String>| OrgError::Unknown {
        query: q.to_string(),
        candidates,
    };

    // A personnummer in its 12-digit form (born 19xx or 20xx).
    let digits: String = q.chars().filter(|c| *c != '-' && *c != ' ').collect();
    if digits.len() == 12
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.starts_with("19") || digits.starts_with("20"))
    {
        return Err(OrgError::PersonalNumberForm);
    }
    // A number, or something carrying one (HSA-ID or its prefix).
    if let Some(number) = number_in_query(q) {
        if let Some(org) = registry.by_number(&number) {
            return Ok(Found::Listed(org));
        }
        if number.as_bytes().get(2).is_some_and(|d| *d < b'2') {
            return Err(OrgError::PersonalNumberForm);
        }
        if !super::luhn::is_valid(&number) {
            return Err(OrgError::BadCheckDigit {
                number: q.to_string(),
            });
        }
        return Ok(Found::Unlisted(number));
    }

    let folded = fold(q);
    if folded.is_empty() {
        return Err(unknown(Vec::new()));
    }
    let names = |o: &Org| -> Vec<String> {
        std::iter::once(&o.name)
            .chain(o.aliases.iter())
            .map(|n| fold(n))
            .collect()
    };

    // Exact name or alias.
    let exact: Vec<&Org> = registry
        .orgs
        .iter()
        .filter(|o| names(o).contains(&folded))
        .collect();
    match exact.as_slice() {
        [one] => return Ok(Found::Listed(one)),
        [] => {}
        many => {
            return Err(OrgError::Ambiguous {
                query: q.to_string(),
                candidates: many.iter().map(|o| describe(o)).collect(),
            })
        }
    }

    // Partial: the query is a prefix of a word sequence in a name or alias.
    let partial: Vec<&Org> = registry
        .orgs
        .iter()
        .filter(|o| names(o).iter().any(|n| n.contains(&folded)))
        .collect();
    match partial.as_slice() {
        [one] => Ok(Found::Listed(one)),
        [] => {
            // Suggest organisations sharing any word of the query.
            let words: Vec<&str> = folded.split(' ').filter(|w| w.len() >= 3).collect();
            let near = registry
                .orgs
                .iter()
                .filter(|o| {
                    names(o).iter().any(|n| {
                        words
                            .iter()
                            .any(|w| n.split(' ').any(|nw| nw.starts_with(w)))
                    })
                })
                .map(describe)
                .collect();
            Err(unknown(near))
        }
        many => Err(OrgError::Ambiguous {
            query: q.to_string(),
            candidates: many.iter().map(|o| describe(o)).collect(),
        }),
    }
}

/// "Region Jönköpings län (232100-0057)" for messages.
fn describe(o: &Org) -> String {
    // `get` rather than slicing: a user-built Org may hold any text.
    match (o.number.get(..6), o.number.get(6..)) {
        (Some(a), Some(b)) if !b.is_empty() => format!("{} ({a}-{b})", o.name),
        _ => format!("{} ({})", o.name, o.number),
    }
}

/// The 10-digit organisation number in a query that is a number, an HSA-ID
/// prefix or a full HSA-ID; `None` for anything else.
fn number_in_query(q: &str) -> Option<String> {
    if let Some(n) = normalise_number(q) {
        return Some(n);
    }
    // `SE212000-0142`, `se2120000142`: the number with the country prefix.
    if let Some(n) = q
        .get(..2)
        .filter(|p| p.eq_ignore_ascii_case("SE"))
        .and_then(|_| q.get(2..))
        .and_then(normalise_number)
    {
        return Some(n);
    }
    let head = q.split_once('-').map_or(q, |(h, _)| h);
    hsa::split_prefix(head.trim()).map(|(_, n)| n.to_string())
}

/// An organisation number as 10 digits: accepts `NNNNNNNNNN`,
/// `NNNNNN-NNNN`, and the 12-digit form starting `16` (with or without dash).
fn normalise_number(s: &str) -> Option<String> {
    let s = s.trim();
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
    {
        return None;
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        10 => Some(digits),
        12 if digits.starts_with("16") => Some(digits[2..].to_string()),
        _ => None,
    }
}

/// Lowercase, Swedish (and a few other) diacritics removed, punctuation
/// dropped, whitespace collapsed: `"Region  Jönköpings län"` ->
/// `"region jonkopings lan"`.
fn fold(s: &str) -> String {
    let mapped: String = s
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' | 'ä' | 'á' | 'à' | 'â' | 'æ' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' | 'ù' => 'u',
            'í' | 'ì' | 'ï' => 'i',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The shape of the organisation section of the configuration file.
#[derive(Debug, Deserialize)]
struct OrgConfig {
    #[serde(default)]
    organisation: Vec<OrgConfigEntry>,
}

/// One `[[organisation]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrgConfigEntry {
    number: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

/// Read the user's organisations from configuration text in TOML:
///
/// ```toml
/// [[organisation]]
/// number = "212000-0142"
/// name = "Linköpings kommun"
/// aliases = ["linköping"]
/// ```
///
/// Other top-level sections are ignored (they belong to other parts of the
/// tool). Errors name the line.
pub fn parse_config(text: &str) -> Result<Vec<Org>, OrgError> {
    let config: OrgConfig = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|span| line_of(text, span.start)).unwrap_or(0);
        OrgError::Config {
            line,
            message: e.message().trim().to_string(),
        }
    })?;
    config
        .organisation
        .into_iter()
        .map(|entry| {
            Org::user(&entry.number, &entry.name, entry.aliases).map_err(|e| {
                let line = find_line(text, &entry.number);
                OrgError::Config {
                    line,
                    message: e.to_string(),
                }
            })
        })
        .collect()
}

/// 1-based line number of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.bytes().take(at).filter(|b| *b == b'\n').count() + 1
}

/// 1-based line of the first occurrence of `needle` (0 if absent).
fn find_line(text: &str, needle: &str) -> usize {
    text.find(needle).map_or(0, |at| line_of(text, at))
}

#[cfg(test)]
mod tests;
