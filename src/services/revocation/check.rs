//! The check itself: OCSP first, the CRL when OCSP cannot answer, every
//! certificate at once, all of it inside one time bound.
//!
//! Time: the whole call ends by `start + total_timeout` whatever the
//! servers do (each connect, write and read waits at most until the
//! deadline, name resolution included). When a certificate also names a
//! CRL, OCSP gets the first three fifths of the time, so that a dead
//! responder still leaves time for the CRL; otherwise OCSP gets it all.
//! One thread per certificate for OCSP, then one per distinct CRL URL.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use chrono::{DateTime, Utc};

use super::cache;
use super::crl::{self, MAX_CRL_BYTES};
use super::http::{self, HttpError, HttpUrl};
use super::ocsp::{self, NonceCheck, MAX_RESPONSE_BYTES};
use super::options::Options;
use super::result::{Code, Failure, RevocationResult, Source, Status};
use super::target::{Target, TargetError};

/// A certificate to check, with its issuer's certificate (both DER).
#[derive(Debug, Clone)]
pub struct Query {
    /// The certificate.
    pub certificate: Vec<u8>,
    /// The certificate of the CA that issued it.
    pub issuer: Vec<u8>,
}

/// One CRL fetch: the certificates it was for, its URL, and the look-up
/// (with whether it came from the cache) or why there is none.
type CrlOutcome = (Vec<usize>, String, Result<(crl::Lookup, bool), Failure>);

/// Codes that mean nothing was asked, rather than that asking failed.
fn not_asked(code: Code) -> bool {
    matches!(
        code,
        Code::Offline | Code::NoResponder | Code::UnsupportedScheme
    )
}

fn failure(code: Code, detail: impl Into<String>, url: Option<&str>) -> Failure {
    Failure {
        code,
        detail: detail.into(),
        url: url.map(str::to_string),
    }
}

fn from_http(e: HttpError, url: &str) -> Failure {
    failure(e.code(), e.to_string(), Some(url))
}

/// The first location this tool can ask, or why there is none.
fn pick_url(urls: &[String], what: &str) -> Result<HttpUrl, Failure> {
    let mut last = None;
    for u in urls {
        match HttpUrl::parse(u) {
            Ok(url) => return Ok(url),
            Err(e) => last = Some(from_http(e, u)),
        }
    }
    Err(last.unwrap_or_else(|| {
        failure(
            Code::NoResponder,
            format!("the certificate names no {what}"),
            None,
        )
    }))
}

struct Context<'a> {
    options: &'a Options,
    cache: Option<PathBuf>,
    now: DateTime<Utc>,
    start: Instant,
}

impl Context<'_> {
    fn deadline(&self, share: u32) -> Instant {
        self.start + self.options.total_timeout * share / 5
    }
}

/// Checks every query; the results come in the same order. Never fails as
/// a whole: each certificate gets its own status.
pub fn check(queries: &[Query], options: &Options) -> Vec<RevocationResult> {
    let cx = Context {
        options,
        cache: cache::directory(&options.cache),
        now: options.at.unwrap_or_else(Utc::now),
        start: Instant::now(),
    };
    let targets: Vec<Result<Target, TargetError>> = queries
        .iter()
        .map(|q| Target::new(&q.certificate, &q.issuer))
        .collect();

    // OCSP, all certificates at once.
    let ocsp: Vec<Result<RevocationResult, Failure>> = std::thread::scope(|s| {
        let handles: Vec<_> = targets
            .iter()
            .map(|t| {
                let cx = &cx;
                s.spawn(move || match t {
                    Ok(t) => ask_ocsp(t, cx),
                    Err(e) => Err(failure(Code::BadInput, e.to_string(), None)),
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(failure(
                        Code::BadResponse,
                        "the OCSP check failed unexpectedly",
                        None,
                    ))
                })
            })
            .collect()
    });

    // The CRL for those OCSP could not answer, one fetch per URL.
    // Grouped by URL and issuer: a CRL is verified against one issuer.
    let mut by_url: BTreeMap<(String, String), (HttpUrl, Vec<usize>)> = BTreeMap::new();
    let mut crl_failures: Vec<Option<Failure>> = vec![None; targets.len()];
    for (i, (t, o)) in targets.iter().zip(&ocsp).enumerate() {
        let (Ok(t), Err(_)) = (t, o) else { continue };
        if !options.use_crl {
            continue;
        }
        match pick_url(&t.crl_urls, "CRL") {
            Ok(url) => by_url
                .entry((url.absolute(), t.issuer.sha256.clone()))
                .or_insert_with(|| (url, Vec::new()))
                .1
                .push(i),
            Err(f) => crl_failures[i] = Some(f),
        }
    }
    let crls: Vec<CrlOutcome> = std::thread::scope(|s| {
        let handles: Vec<_> = by_url
            .into_values()
            .map(|(url, members)| {
                let cx = &cx;
                let targets = &targets;
                s.spawn(move || {
                    let group: Vec<&Target> = members
                        .iter()
                        .filter_map(|i| targets[*i].as_ref().ok())
                        .collect();
                    let result = ask_crl(&url, &group, cx);
                    (members, url.absolute(), result)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let mut crl_results: Vec<Option<Result<RevocationResult, Failure>>> = vec![None; targets.len()];
    for (members, url, result) in crls {
        for i in members {
            let Ok(t) = &targets[i] else { continue };
            crl_results[i] = Some(match &result {
                Ok((lookup, from_cache)) => Ok(from_crl(t, &url, lookup, *from_cache)),
                Err(f) => Err(f.clone()),
            });
        }
    }

    targets
        .iter()
        .enumerate()
        .zip(ocsp)
        .map(|((i, t), o)| {
            let serial = match t {
                Ok(t) => t.serial_hex.clone(),
                Err(_) => String::new(),
            };
            let ocsp_failure = match o {
                Ok(r) => return r,
                Err(f) => f,
            };
            let crl = crl_results[i]
                .take()
                .or_else(|| crl_failures[i].take().map(Err));
            match crl {
                Some(Ok(mut r)) => {
                    r.ocsp_failure = Some(ocsp_failure);
                    r
                }
                Some(Err(crl_failure)) if !not_asked(crl_failure.code) => {
                    let mut r = RevocationResult::failed(
                        &serial,
                        Status::Unavailable,
                        crl_failure,
                        Some(Source::Crl),
                    );
                    r.ocsp_failure = Some(ocsp_failure);
                    r
                }
                _ => {
                    let status = if not_asked(ocsp_failure.code) {
                        Status::NotChecked
                    } else {
                        Status::Unavailable
                    };
                    let source = (!not_asked(ocsp_failure.code)
                        && ocsp_failure.code != Code::BadInput)
                        .then_some(Source::Ocsp);
                    RevocationResult::failed(&serial, status, ocsp_failure, source)
                }
            }
        })
        .collect()
}

fn from_answer(t: &Target, url: &str, a: &ocsp::Answer, from_cache: bool) -> RevocationResult {
    let status = match a.status {
        ocsp::CertAnswer::Good => Status::Good,
        ocsp::CertAnswer::Revoked { .. } => Status::Revoked,
        ocsp::CertAnswer::Unknown => Status::Unknown,
    };
    let mut r = RevocationResult::bare(&t.serial_hex, status);
    r.source = Some(Source::Ocsp);
    r.responder_url = Some(url.to_string());
    r.produced_at = Some(a.produced_at);
    r.this_update = Some(a.this_update);
    r.next_update = a.next_update;
    if let ocsp::CertAnswer::Revoked { at, reason } = a.status {
        r.revoked_at = Some(at);
        r.reason = reason.map(Into::into);
    }
    r.from_cache = from_cache;
    r
}

fn from_crl(t: &Target, url: &str, l: &crl::Lookup, from_cache: bool) -> RevocationResult {
    let entry = l.revoked.get(&t.serial);
    let mut r = RevocationResult::bare(
        &t.serial_hex,
        if entry.is_some() {
            Status::Revoked
        } else {
            Status::Good
        },
    );
    r.source = Some(Source::Crl);
    r.responder_url = Some(url.to_string());
    r.this_update = Some(l.this_update);
    r.next_update = Some(l.next_update);
    if let Some(e) = entry {
        r.revoked_at = Some(e.revoked_at);
        r.reason = e.reason.map(Into::into);
    }
    r.from_cache = from_cache;
    r
}

fn ask_ocsp(t: &Target, cx: &Context<'_>) -> Result<RevocationResult, Failure> {
    let url = pick_url(&t.ocsp_urls, "OCSP responder")?;
    let shown = url.absolute();
    let key = cache::key(
        "ocsp",
        &[
            shown.as_bytes(),
            &t.issuer_name_hash,
            &t.issuer_key_hash,
            &t.serial,
        ],
    );
    if let Some(dir) = &cx.cache {
        if let Some(der) = cache::read(dir, &key, MAX_RESPONSE_BYTES) {
            match ocsp::verify_response(&der, t, NonceCheck::Cached, cx.now) {
                Ok(a) if a.next_update.is_some() => return Ok(from_answer(t, &shown, &a, true)),
                _ => cache::remove(dir, &key),
            }
        }
    }
    if cx.options.offline {
        return Err(failure(
            Code::Offline,
            "offline: no OCSP responder was asked",
            Some(&shown),
        ));
    }
    let has_crl = cx.options.use_crl && t.crl_urls.iter().any(|u| HttpUrl::parse(u).is_ok());
    let deadline = cx.deadline(if has_crl { 3 } else { 5 });
    let nonce = ocsp::new_nonce().ok_or_else(|| {
        failure(
            Code::BadInput,
            "no random source for the nonce",
            Some(&shown),
        )
    })?;
    let body = ocsp::build_request(t, Some(&nonce)).map_err(|e| {
        failure(
            Code::BadInput,
            format!("the request cannot be made: {e}"),
            Some(&shown),
        )
    })?;
    let proxy = cx
        .options
        .proxy
        .proxy_for(&url)
        .map_err(|e| from_http(e, &shown))?;
    let request = http::Request {
        body: Some(("application/ocsp-request", &body)),
        url: &url,
        accept: "application/ocsp-response",
    };
    let der = http::exchange(&request, proxy.as_ref(), deadline, MAX_RESPONSE_BYTES)
        .map_err(|e| from_http(e, &shown))?;
    let answer = ocsp::verify_response(&der, t, NonceCheck::Sent(&nonce), cx.now)
        .map_err(|e| failure(e.code(), e.to_string(), Some(&shown)))?;
    if let (Some(dir), Some(_)) = (&cx.cache, answer.next_update) {
        let _ = cache::write(dir, &key, &der);
    }
    Ok(from_answer(t, &shown, &answer, false))
}

fn ask_crl(
    url: &HttpUrl,
    group: &[&Target],
    cx: &Context<'_>,
) -> Result<(crl::Lookup, bool), Failure> {
    let shown = url.absolute();
    let Some(first) = group.first() else {
        return Err(failure(
            Code::BadInput,
            "no certificate for this CRL",
            Some(&shown),
        ));
    };
    let serials: Vec<&[u8]> = group.iter().map(|t| t.serial.as_slice()).collect();
    // The group shares the URL and the issuer.
    let issuer = &first.issuer;
    let key = cache::key("crl", &[shown.as_bytes()]);
    if let Some(dir) = &cx.cache {
        if let Some(der) = cache::read(dir, &key, MAX_CRL_BYTES) {
            match crl::lookup(&der, issuer, &serials, cx.now) {
                Ok(l) => return Ok((l, true)),
                Err(_) => cache::remove(dir, &key),
            }
        }
    }
    if cx.options.offline {
        return Err(failure(
            Code::Offline,
            "offline: no CRL was fetched",
            Some(&shown),
        ));
    }
    let proxy = cx
        .options
        .proxy
        .proxy_for(url)
        .map_err(|e| from_http(e, &shown))?;
    let request = http::Request {
        body: None,
        url,
        accept: "application/pkix-crl, */*",
    };
    let der = http::exchange(&request, proxy.as_ref(), cx.deadline(5), MAX_CRL_BYTES)
        .map_err(|e| from_http(e, &shown))?;
    let lookup = crl::lookup(&der, issuer, &serials, cx.now)
        .map_err(|e| failure(e.code(), e.to_string(), Some(&shown)))?;
    if let Some(dir) = &cx.cache {
        let _ = cache::write(dir, &key, &der);
    }
    Ok((lookup, false))
}

/// Where the default cache is, for `doctor` to show.
pub fn default_cache_dir() -> Option<PathBuf> {
    cache::directory(&super::options::CacheLocation::Default)
}
