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
        // ring only takes RSA keys of 2048 bits or more except for SHA-1;
        // a smaller key would come back as "invalid", which is not true.
        if let Ok(PublicKey::RSA(rsa)) = ca.public_key().parsed() {
            let sha1 = self.signature_algorithm == "sha1WithRSAEncryption";
            if rsa.key_size() < 2048 && !sha1 {
                return ChainCheck::UnsupportedAlgorithm {
                    issuer: by,
                    algorithm: format!("{} with RSA-{}", self.signature_algorithm, rsa.key_size()),
                };
            }
        }
        // A signature made with another kind of key than the issuer's (an
        // ECDSA signature checked against an RSA CA) cannot be that CA's.
        let ec_signature = self.signature_algorithm.starts_with("ecdsa");
        let rsa_signature = self.signature_algorithm.contains("RSA");
        match ca.public_key().parsed() {
            Ok(PublicKey::RSA(_)) if ec_signature => {
                return ChainCheck::SignatureInvalid { issuer: by };
            }
            Ok(PublicKey::EC(_)) if rsa_signature => {
                return ChainCheck::SignatureInvalid { issuer: by };
            }
            _ => {}
        }
        match cert.verify_signature(Some(ca.public_key())) {
            Ok(()) => ChainCheck::Verified { issuer: by },
            Err(X509Error::SignatureUnsupportedAlgorithm) => ChainCheck::UnsupportedAlgorithm {
                issuer: by,
                algorithm: self.signature_algorithm.clone(),
            },
            Err(_) => ChainCheck::SignatureInvalid { issuer: by },
        }
    }
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
    /// The issuer's key verifies the signature.
    Verified {
        /// The issuer used.
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

    /// Walk from `cert` up towards a root: each step's signature checked
    /// against its issuer, stopping at a self-signed certificate, at the
    /// first step that does not verify, or after [`MAX_CHAIN_DEPTH`].
    pub fn chain(&self, cert: &Certificate) -> Vec<ChainStep> {
        let mut steps = Vec::new();
        let mut current = cert;
        for _ in 0..MAX_CHAIN_DEPTH {
            let check = self.check(current);
            let next = match &check {
                ChainCheck::Verified { issuer } => self
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
