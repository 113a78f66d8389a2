//! One judgement per question: for each organisation asked about, the
//! identification certificate a login would use and its signature
//! partner. The rules after this speak of these certificates only, so a
//! check of validity or of the signature never judges a certificate the
//! login for that organisation would not use.

use super::end_entity::Ee;
use super::types::{Login, LoginState, Options};
use crate::understanding::cert::{ChainCheck, Role, Validity};
use crate::understanding::siths::issuers::IssuerClass;
use crate::understanding::siths::orgs::{Org, Registry};

/// A question answered: the organisation and the certificates chosen.
pub(super) struct Choice<'e, 'a> {
    pub(super) org: Option<Org>,
    pub(super) ident: Option<&'e Ee<'a>>,
    pub(super) partner: Option<&'e Ee<'a>>,
    pub(super) state: Option<LoginState>,
}

impl Choice<'_, '_> {
    /// What the evaluation keeps of it.
    pub(super) fn outcome(&self) -> Login {
        Login {
            org: self.org.clone(),
            org_number: self
                .ident
                .and_then(|e| e.c.hsa_id.as_ref())
                .and_then(|h| h.org_number.clone()),
            identification: self.ident.map(|e| e.c.sha256.clone()),
            signature: self.partner.map(|e| e.c.sha256.clone()),
            hsa_id: self.ident.and_then(|e| e.hsa()).map(str::to_string),
            state: self.state,
        }
    }
}

/// How a candidate stands for a production login.
pub(super) fn state_of(e: &Ee, o: &Options) -> LoginState {
    if e.c.issuer_info.class == IssuerClass::Test || e.c.hsa_id.as_ref().is_some_and(|h| h.test) {
        return LoginState::TestPki;
    }
    let untrusted = matches!(e.chain, ChainCheck::SignatureInvalid { .. })
        || e.c.issuer_info.class == IssuerClass::Unknown
        || (o.policy.trusted_chain && !e.chain.is_trusted());
    if untrusted {
        return LoginState::Untrusted;
    }
    match e.validity(o) {
        Validity::Expired => LoginState::Expired,
        Validity::NotYetValid => LoginState::NotYetValid,
        Validity::Valid | Validity::Expiring => LoginState::Usable,
    }
}

/// The organisations to judge: the one asked for, else each organisation
/// the card holds an identification certificate of (in card order); a
/// card with none is one question about no organisation in particular.
pub(super) fn questions(ees: &[Ee], o: &Options) -> Vec<Option<Org>> {
    if let Some(org) = &o.policy.org {
        return vec![Some(org.clone())];
    }
    let registry = Registry::builtin();
    let mut orgs: Vec<Option<Org>> = Vec::new();
    for e in ees.iter().filter(|e| e.c.role == Role::Identification) {
        let Some(number) = e.c.hsa_id.as_ref().and_then(|h| h.org_number.as_deref()) else {
            continue;
        };
        if orgs.iter().flatten().any(|org| org.number == number) {
            continue;
        }
        let org = registry
            .by_number(number)
            .cloned()
            .unwrap_or_else(|| Org::unlisted(number));
        orgs.push(Some(org));
    }
    if orgs.is_empty() {
        orgs.push(None);
    }
    orgs
}

/// The signature certificate that goes with `ident`: same HSA-ID, the
/// current one first, then the latest.
pub(super) fn partner_of<'e, 'a>(ident: &Ee, ees: &'e [Ee<'a>], o: &Options) -> Option<&'e Ee<'a>> {
    let hsa = ident.hsa()?;
    ees.iter()
        .filter(|s| s.c.role == Role::Signature && s.hsa() == Some(hsa))
        .max_by_key(|s| (s.current(o), s.c.not_after))
}

/// The certificate a login for `org` would use: among the identification
/// certificates with an HSA-ID of that organisation (and the HSA-ID asked
/// for, if any), the usable one first, then one not yet valid, then an
/// expired one, then an untrusted one, then a test one; one with a
/// signature partner before one without; the latest last day first.
pub(super) fn choose<'e, 'a>(ees: &'e [Ee<'a>], org: Option<Org>, o: &Options) -> Choice<'e, 'a> {
    let wanted = o.policy.hsa_id.as_deref().map(str::trim);
    let candidates = ees.iter().filter(|e| {
        e.c.role == Role::Identification
            && e.hsa().is_some()
            && org.as_ref().is_none_or(|org| {
                e.c.hsa_id.as_ref().and_then(|h| h.org_number.as_deref()) == Some(&org.number)
            })
            && wanted.is_none_or(|w| e.hsa().is_some_and(|h| h.eq_ignore_ascii_case(w)))
    });
    let rank = |s: LoginState| match s {
        LoginState::Usable => 0,
        LoginState::NotYetValid => 1,
        LoginState::Expired => 2,
        LoginState::Untrusted => 3,
        LoginState::TestPki => 4,
    };
    let ident = candidates.min_by_key(|e| {
        (
            rank(state_of(e, o)),
            partner_of(e, ees, o).is_none(),
            std::cmp::Reverse(e.c.not_after),
        )
    });
    Choice {
        org,
        ident,
        partner: ident.and_then(|e| partner_of(e, ees, o)),
        state: ident.map(|e| state_of(e, o)),
    }
}
