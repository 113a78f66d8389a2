//! Whether a certificate's issuer signed it: the name match, the signature
//! check against one issuer, the set of candidate CAs and the walk up to a
//! root. Apart because it is the only part that does cryptography and
//! knows about other certificates.

use serde::Serialize;
use x509_parser::error::X509Error;
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;

use super::certificate::Certificate;
use super::parse::analyse;
use crate::understanding::siths::issuers::IssuerClass;

/// How deep [`CaSet::chain`] walks before giving up: SITHS chains are two
/// or three long, so eight is plenty and stops loops in odd CA sets.
pub const MAX_CHAIN_DEPTH: usize = 8;

impl Certificate {
    /// Whether `issuer`'s subject is this certificate's issuer name: exactly
    /// the same DER, or the same decoded attributes (a CA may encode a
    /// string type differently in its own subject).
    pub fn issued_by_name(&self, issuer: &Certificate) -> bool {
        self.issuer_der == issuer.subject_der || self.issuer == issuer.subject
    }

    /// Check this certificate's signature with `issuer`'s public key. The
    /// result says verified, signature invalid, algorithm not supported, or
    /// that `issuer` is not the named issuer (nothing verified then).
    pub fn verify_signed_by(&self, issuer: &Certificate) -> ChainCheck {
        let by = IssuerRef::of(issuer);
        if !self.issued_by_name(issuer) {
            return ChainCheck::IssuerMismatch { issuer: by };
        }
        let (Ok((_, cert)), Ok((_, ca))) = (
            X509Certificate::from_der(&self.der),
            X509Certificate::from_der(&issuer.der),
        ) else {
            return ChainCheck::NotChecked {
                reason: NotCheckedReason::Unparsable,
            };
        };
        if let Some(refused) = key_refuses(&ca, &self.signature_algorithm, &by) {
            return refused;
        }
        signature_outcome(
            cert.verify_signature(Some(ca.public_key())),
            by,
            &self.signature_algorithm,
        )
    }
}

/// What the issuer's key cannot check, before trying: ring only takes RSA
/// keys of 2048 bits or more except for SHA-1 (a smaller key would come
/// back as "invalid", which is not true); and a signature made with
/// another kind of key than the issuer's (an ECDSA signature checked
/// against an RSA CA) cannot be that CA's.
fn key_refuses(ca: &X509Certificate<'_>, algorithm: &str, by: &IssuerRef) -> Option<ChainCheck> {
    if let Ok(PublicKey::RSA(rsa)) = ca.public_key().parsed() {
        let sha1 = algorithm == "sha1WithRSAEncryption";
        if rsa.key_size() < 2048 && !sha1 {
            return Some(ChainCheck::UnsupportedAlgorithm {
                issuer: by.clone(),
                algorithm: format!("{algorithm} with RSA-{}", rsa.key_size()),
            });
        }
    }
    let ec_signature = algorithm.starts_with("ecdsa");
    let rsa_signature = algorithm.contains("RSA");
    match ca.public_key().parsed() {
        Ok(PublicKey::RSA(_)) if ec_signature => {
            Some(ChainCheck::SignatureInvalid { issuer: by.clone() })
        }
        Ok(PublicKey::EC(_)) if rsa_signature => {
            Some(ChainCheck::SignatureInvalid { issuer: by.clone() })
        }
        _ => None,
    }
}

fn signature_outcome(result: Result<(), X509Error>, by: IssuerRef, algorithm: &str) -> ChainCheck {
    match result {
        Ok(()) => ChainCheck::Verified {
            issuer: by,
            anchor: None,
        },
        Err(X509Error::SignatureUnsupportedAlgorithm) => ChainCheck::UnsupportedAlgorithm {
            issuer: by,
            algorithm: algorithm.to_string(),
        },
        Err(_) => ChainCheck::SignatureInvalid { issuer: by },
    }
}

/// Check a signature over `data` (the signed part of an OCSP response or
/// of a CRL) with `signer`'s key, under the same rules as
/// [`Certificate::verify_signed_by`]: one verifier for chains, OCSP and
/// CRLs. `algorithm` and `signature` are the DER of the
/// AlgorithmIdentifier and of the BIT STRING that came with the data.
pub fn verify_data_signed_by(
    data: &[u8],
    algorithm: &[u8],
    signature: &[u8],
    signer: &Certificate,
) -> ChainCheck {
    use x509_parser::der_parser::asn1_rs::BitString;
    use x509_parser::x509::AlgorithmIdentifier;
    let by = IssuerRef::of(signer);
    let (Ok((_, ca)), Ok((_, alg)), Ok((_, sig))) = (
        X509Certificate::from_der(&signer.der),
        AlgorithmIdentifier::from_der(algorithm),
        BitString::from_der(signature),
    ) else {
        return ChainCheck::NotChecked {
            reason: NotCheckedReason::Unparsable,
        };
    };
    let name = super::parse::algorithm_name(&alg.algorithm.to_id_string());
    if let Some(refused) = key_refuses(&ca, &name, &by) {
        return refused;
    }
    let result = x509_parser::verify::verify_signature(ca.public_key(), &alg, &sig, data);
    signature_outcome(result, by, &name)
}

/// The issuer a check was made against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuerRef {
    /// The issuer certificate's subject, as text.
    pub subject: String,
    /// SHA-256 of the issuer certificate.
    pub sha256: String,
}

impl IssuerRef {
    fn of(c: &Certificate) -> Self {
        Self {
            subject: c.subject.to_string(),
            sha256: c.sha256.clone(),
        }
    }
}

/// Why a signature was not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotCheckedReason {
    /// No candidate CA certificate has this certificate's issuer name.
    IssuerNotKnown,
    /// A certificate's DER could not be parsed again.
    Unparsable,
}

/// The outcome of checking a certificate's signature against an issuer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ChainCheck {
    /// The issuer's key verifies the signature. From [`CaSet::trust`]
    /// (the `chain` of every certificate in a report) only when the
    /// issuer's own chain reaches a trust anchor, which `anchor` names.
    Verified {
        /// The issuer used.
        issuer: IssuerRef,
        /// The trust anchor the chain reached; `None` for a single
        /// signature check ([`Certificate::verify_signed_by`]).
        #[serde(skip_serializing_if = "Option::is_none")]
        anchor: Option<AnchorRef>,
    },
    /// The issuer's key verifies the signature, but the issuer itself does
    /// not lead to a trust anchor (a CA certificate from the card that
    /// copies a SITHS name without the SITHS key, or an unknown root): the
    /// certificate is not verified.
    NotAnchored {
        /// The issuer whose key verified the signature.
        issuer: IssuerRef,
    },
    /// The issuer's name matches but its key does not verify the signature.
    SignatureInvalid {
        /// The issuer tried.
        issuer: IssuerRef,
    },
    /// The signature algorithm (or key size) is not one this tool can check.
    UnsupportedAlgorithm {
        /// The issuer tried.
        issuer: IssuerRef,
        /// The algorithm.
        algorithm: String,
    },
    /// The certificate given as issuer is not the one named in the
    /// certificate; nothing was verified.
    IssuerMismatch {
        /// The certificate given.
        issuer: IssuerRef,
    },
    /// Not checked: no issuer known. Never a guess either way.
    NotChecked {
        /// Why.
        reason: NotCheckedReason,
    },
}

impl ChainCheck {
    /// True only for a verified signature.
    pub fn is_verified(&self) -> bool {
        matches!(self, ChainCheck::Verified { .. })
    }

    /// True only when the chain reached a trust anchor.
    pub fn is_trusted(&self) -> bool {
        matches!(
            self,
            ChainCheck::Verified {
                anchor: Some(_),
                ..
            }
        )
    }

    /// The kind of trust anchor reached, if one was.
    pub fn anchor(&self) -> Option<Anchor> {
        match self {
            ChainCheck::Verified {
                anchor: Some(a), ..
            } => Some(a.kind),
            _ => None,
        }
    }

    /// The stable name of the outcome, as in JSON `chain.status`.
    pub fn status(&self) -> &'static str {
        match self {
            ChainCheck::Verified { .. } => "verified",
            ChainCheck::NotAnchored { .. } => "not_anchored",
            ChainCheck::SignatureInvalid { .. } => "signature_invalid",
            ChainCheck::UnsupportedAlgorithm { .. } => "unsupported_algorithm",
            ChainCheck::IssuerMismatch { .. } => "issuer_mismatch",
            ChainCheck::NotChecked { .. } => "not_checked",
        }
    }
}

/// What kind of trust anchor a chain ends in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// A bundled root of the production SITHS PKI.
    Production,
    /// A bundled root of the SITHS test PKI: never good for a production
    /// login.
    Test,
    /// A certificate the user gave (`--ca`, `ca_files`): trusted because
    /// the user said so.
    User,
    /// The made-up PKI of the bundled demo card (`--demo` only).
    Demo,
}

/// The trust anchor a chain reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnchorRef {
    pub kind: Anchor,
    /// The anchor's subject, as text.
    pub subject: String,
}

/// Where a candidate CA certificate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaSource {
    /// Shipped inside the tool (public SITHS CA certificates).
    Bundled,
    /// Read from the card.
    Card,
    /// Given by the user.
    User,
    /// The demo card's made-up PKI, trusted for `--demo` only.
    Demo,
}

/// The candidate CA certificates an issuer is looked for among.
#[derive(Debug, Clone, Default)]
pub struct CaSet {
    certs: Vec<(Certificate, CaSource)>,
}

/// One step of a chain walk: a certificate and how its signature checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainStep {
    /// The certificate's subject, as text.
    pub subject: String,
    /// SHA-256 of the certificate.
    pub sha256: String,
    /// Its signature check.
    pub check: ChainCheck,
}

impl CaSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// The bundled public SITHS CA certificates.
    pub fn bundled() -> Self {
        let mut set = Self::new();
        for der in crate::understanding::siths::ca::BUNDLED {
            // The bundled files are tested to parse; one that did not would
            // simply be missing from the set.
            if let Ok(c) = analyse(der) {
                set.add(c, CaSource::Bundled);
            }
        }
        set
    }

    /// The bundled CAs plus the demo card's made-up roots as anchors: for
    /// `--demo` only.
    pub fn bundled_with_demo() -> Self {
        let mut set = Self::bundled();
        for der in crate::understanding::siths::ca::DEMO_ROOTS {
            if let Ok(c) = analyse(der) {
                set.add(c, CaSource::Demo);
            }
        }
        set
    }

    /// Add a candidate; a certificate already present (same SHA-256) is not
    /// added twice.
    pub fn add(&mut self, cert: Certificate, source: CaSource) {
        if !self.certs.iter().any(|(c, _)| c.sha256 == cert.sha256) {
            self.certs.push((cert, source));
        }
    }

    /// Every candidate with its source.
    pub fn certificates(&self) -> impl Iterator<Item = (&Certificate, CaSource)> {
        self.certs.iter().map(|(c, s)| (c, *s))
    }

    /// Candidates whose subject is `cert`'s issuer name.
    pub fn issuers_of<'a>(
        &'a self,
        cert: &'a Certificate,
    ) -> impl Iterator<Item = &'a Certificate> {
        self.certs.iter().map(|(c, _)| c).filter(move |c| {
            cert.issued_by_name(c) && (c.sha256 != cert.sha256 || cert.self_signed)
        })
    }

    /// Find `cert`'s issuer by name among the candidates and verify the
    /// signature. With several candidates of that name (a re-keyed CA) any
    /// that verifies wins. No candidate: [`ChainCheck::NotChecked`].
    pub fn check(&self, cert: &Certificate) -> ChainCheck {
        let mut best: Option<ChainCheck> = None;
        for ca in self.issuers_of(cert) {
            let result = cert.verify_signed_by(ca);
            if result.is_verified() {
                return result;
            }
            // Prefer "cannot check" over "invalid" when candidates disagree:
            // an unsupported algorithm says nothing about the signature.
            let replace = matches!(
                (&best, &result),
                (None, _)
                    | (
                        Some(ChainCheck::SignatureInvalid { .. }),
                        ChainCheck::UnsupportedAlgorithm { .. },
                    )
            );
            if replace {
                best = Some(result);
            }
        }
        best.unwrap_or(ChainCheck::NotChecked {
            reason: NotCheckedReason::IssuerNotKnown,
        })
    }

    /// The anchor `cert` itself is, if it is one: a bundled self-signed
    /// root, or any certificate the user gave or the demo card's PKI.
    /// Certificates from the card are never anchors.
    fn anchor_of(&self, cert: &Certificate) -> Option<AnchorRef> {
        let (_, source) = self.certs.iter().find(|(c, _)| c.sha256 == cert.sha256)?;
        let kind = match source {
            // A self-signed root's issuer is itself, so its issuer class
            // is its own.
            CaSource::Bundled if cert.self_signed => match cert.issuer_info.class {
                IssuerClass::Test => Anchor::Test,
                _ => Anchor::Production,
            },
            CaSource::User => Anchor::User,
            CaSource::Demo => Anchor::Demo,
            CaSource::Bundled | CaSource::Card => return None,
        };
        Some(AnchorRef {
            kind,
            subject: cert.subject.to_string(),
        })
    }

    /// Whether `cert`'s chain reaches a trust anchor ([`Anchor`]): its
    /// issuer's key verifies its signature, and that issuer is an anchor
    /// or in turn leads to one. A CA certificate read from the card is an
    /// intermediate only when it verifies itself; one that does not
    /// anchors nothing, and what it signed comes out
    /// [`ChainCheck::NotAnchored`]. An anchor itself comes out verified
    /// by itself.
    pub fn trust(&self, cert: &Certificate) -> ChainCheck {
        self.trust_within(cert, MAX_CHAIN_DEPTH)
    }

    fn trust_within(&self, cert: &Certificate, depth: usize) -> ChainCheck {
        if let Some(anchor) = self.anchor_of(cert) {
            return ChainCheck::Verified {
                issuer: IssuerRef::of(cert),
                anchor: Some(anchor),
            };
        }
        let mut best: Option<ChainCheck> = None;
        for ca in self.issuers_of(cert) {
            let result = match cert.verify_signed_by(ca) {
                ChainCheck::Verified { issuer, .. } => {
                    // A root that is not an anchor, or a chain too long to
                    // be SITHS, anchors nothing.
                    let above = if ca.sha256 == cert.sha256 || depth == 0 {
                        None
                    } else {
                        match self.trust_within(ca, depth - 1) {
                            ChainCheck::Verified { anchor, .. } => anchor,
                            _ => None,
                        }
                    };
                    match above {
                        Some(anchor) => {
                            return ChainCheck::Verified {
                                issuer,
                                anchor: Some(anchor),
                            }
                        }
                        None => ChainCheck::NotAnchored { issuer },
                    }
                }
                other => other,
            };
            // When candidates of one name disagree, the most telling
            // failure is kept: a key that verifies (but leads nowhere),
            // then an algorithm that cannot be checked, then a bad
            // signature.
            let weight = |c: &ChainCheck| match c {
                ChainCheck::NotAnchored { .. } => 3,
                ChainCheck::UnsupportedAlgorithm { .. } => 2,
                ChainCheck::SignatureInvalid { .. } => 1,
                _ => 0,
            };
            if best.as_ref().is_none_or(|b| weight(&result) > weight(b)) {
                best = Some(result);
            }
        }
        best.unwrap_or(ChainCheck::NotChecked {
            reason: NotCheckedReason::IssuerNotKnown,
        })
    }

    /// Walk from `cert` up towards a root: each step's signature checked
    /// against its issuer, stopping at a self-signed certificate, at the
    /// first step that does not verify, or after [`MAX_CHAIN_DEPTH`].
    pub fn chain(&self, cert: &Certificate) -> Vec<ChainStep> {
        let mut steps = Vec::new();
        let mut current = cert;
        for _ in 0..MAX_CHAIN_DEPTH {
            let check = self.check(current);
            let next = match &check {
                ChainCheck::Verified { issuer, .. } => self
                    .certs
                    .iter()
                    .map(|(c, _)| c)
                    .find(|c| c.sha256 == issuer.sha256),
                _ => None,
            };
            steps.push(ChainStep {
                subject: current.subject.to_string(),
                sha256: current.sha256.clone(),
                check,
            });
            match next {
                Some(n) if !current.self_signed => current = n,
                _ => break,
            }
        }
        steps
    }
}

#[cfg(test)]
impl CaSet {
    /// For unit tests on the made-up test PKI (`tests/data/pki`): the
    /// bundled CAs, that PKI's roots as anchors (as for the demo card) and
    /// its intermediate CAs as if read from the card, so a test card
    /// without CA certificates still chains to a root.
    pub fn for_test_pki() -> Self {
        let mut set = Self::bundled_with_demo();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pki/");
        for name in [
            "ca-person-hsa-id-3",
            "ca-person-hsa-id-2",
            "ca-person-id-3",
            "ca-legacy-type1",
            "ca-test-person-hsa-id-3",
        ] {
            let der = std::fs::read(format!("{dir}{name}.der")).unwrap();
            set.add(analyse(&der).unwrap(), CaSource::Card);
        }
        let test_root = std::fs::read(format!("{dir}ca-test-root-v2.der")).unwrap();
        set.add(analyse(&test_root).unwrap(), CaSource::User);
        set
    }
}
