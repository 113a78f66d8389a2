//! What the revocation tests run against, all on 127.0.0.1: a test PKI
//! made at run time (rcgen), a real `openssl ocsp` responder, a small
//! HTTP server of our own (CRLs, canned answers, a responder that hangs or
//! talks nonsense), and a real tinyproxy. Every process started here is
//! stopped by a Drop guard, also when a test panics; readiness is awaited
//! by polling connect, never by a fixed sleep.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Datelike, Utc};
use rcgen::{
    date_time_ymd, BasicConstraints, Certificate, CertificateParams,
    CertificateRevocationListParams, CrlDistributionPoint, CustomExtension, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyIdMethod, KeyPair, KeyUsagePurpose, RevocationReason,
    RevokedCertParams, SerialNumber,
};

/// A free TCP port on 127.0.0.1 (bound and released: the caller binds it
/// again right away).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until something accepts connections on 127.0.0.1:`port` (for
/// servers that take a connection that sends nothing in their stride).
pub fn wait_listening(port: u16, child: &mut Child, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before listening: {status}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("{what} does not listen on port {port}");
}

/// A CA and the certificates the tests need, with the files `openssl
/// ocsp` reads.
pub struct Pki {
    pub dir: tempfile::TempDir,
    pub ca: Certificate,
    pub ca_key: KeyPair,
    pub signer: Certificate,
    pub signer_key: KeyPair,
}

/// Midnight (UTC) of the day `days` from today, as rcgen takes dates
/// (a macro, so its time crate need not be named here).
macro_rules! date {
    ($days:expr) => {{
        let d = (Utc::now() + chrono::Duration::days($days)).date_naive();
        date_time_ymd(d.year(), d.month() as u8, d.day() as u8)
    }};
}

/// AIA with one OCSP URL, DER of the extension value.
fn aia(url: &str) -> Vec<u8> {
    let uri = url.as_bytes();
    let oid = [0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01];
    let mut ad = oid.to_vec();
    ad.push(0x86);
    ad.push(uri.len() as u8);
    ad.extend_from_slice(uri);
    let mut inner = vec![0x30, ad.len() as u8];
    inner.extend(ad);
    let mut outer = vec![0x30, inner.len() as u8];
    outer.extend(inner);
    outer
}

fn ca_params(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CountryName, "SE");
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    p.not_before = date!(-30);
    p.not_after = date!(3650);
    p
}

pub const CA_NAME: &str = "Revocation Test CA v1";

impl Pki {
    pub fn new() -> Pki {
        let dir = tempfile::tempdir().unwrap();
        let ca_key = KeyPair::generate().unwrap();
        let ca = ca_params(CA_NAME).self_signed(&ca_key).unwrap();
        let signer_key = KeyPair::generate().unwrap();
        let signer = Self::ocsp_signer_params("Revocation Test OCSP", true)
            .signed_by(&signer_key, &ca, &ca_key)
            .unwrap();
        let pki = Pki {
            dir,
            ca,
            ca_key,
            signer,
            signer_key,
        };
        std::fs::write(pki.path("ca.pem"), pki.ca.pem()).unwrap();
        std::fs::write(pki.path("ca.key"), pki.ca_key.serialize_pem()).unwrap();
        std::fs::write(pki.path("signer.pem"), pki.signer.pem()).unwrap();
        std::fs::write(pki.path("signer.key"), pki.signer_key.serialize_pem()).unwrap();
        pki
    }

    fn ocsp_signer_params(cn: &str, eku: bool) -> CertificateParams {
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name.push(DnType::CommonName, cn);
        p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        if eku {
            p.extended_key_usages = vec![ExtendedKeyUsagePurpose::OcspSigning];
        }
        p.not_before = date!(-1);
        p.not_after = date!(365);
        p
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn ca_der(&self) -> Vec<u8> {
        self.ca.der().to_vec()
    }

    /// A signer certificate + key written as `NAME.pem` / `NAME.key`:
    /// issued by the CA (`by_ca`) or self-signed, with or without EKU
    /// OCSPSigning.
    pub fn other_signer(&self, name: &str, by_ca: bool, eku: bool) {
        let key = KeyPair::generate().unwrap();
        let params = Self::ocsp_signer_params(name, eku);
        let cert = if by_ca {
            params.signed_by(&key, &self.ca, &self.ca_key).unwrap()
        } else {
            params.self_signed(&key).unwrap()
        };
        std::fs::write(self.path(&format!("{name}.pem")), cert.pem()).unwrap();
        std::fs::write(self.path(&format!("{name}.key")), key.serialize_pem()).unwrap();
    }

    /// A person certificate with `serial`, naming `ocsp` in its AIA and
    /// `crl` as its distribution point.
    pub fn person(&self, serial: u64, ocsp: Option<&str>, crl: Option<&str>) -> Vec<u8> {
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name.push(DnType::CountryName, "SE");
        p.distinguished_name
            .push(DnType::CommonName, format!("Test Person {serial:x}"));
        p.serial_number = Some(SerialNumber::from(serial.to_be_bytes().to_vec()));
        p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        // basicConstraints cA=false; without it (or another extension
        // rcgen counts) rcgen 0.13 writes no extensions at all.
        p.is_ca = IsCa::ExplicitNoCa;
        p.not_before = date!(-10);
        p.not_after = date!(700);
        if let Some(url) = ocsp {
            p.custom_extensions.push(CustomExtension::from_oid_content(
                &[1, 3, 6, 1, 5, 5, 7, 1, 1],
                aia(url),
            ));
        }
        if let Some(url) = crl {
            p.crl_distribution_points = vec![CrlDistributionPoint {
                uris: vec![url.to_string()],
            }];
        }
        let key = KeyPair::generate().unwrap();
        p.signed_by(&key, &self.ca, &self.ca_key)
            .unwrap()
            .der()
            .to_vec()
    }

    /// A CRL revoking `revoked` (serial, reason), valid from `from` to `to`
    /// days from today, signed by the CA or (`forged`) by another key
    /// under the CA's name.
    pub fn crl(
        &self,
        revoked: &[(u64, RevocationReason)],
        from: i64,
        to: i64,
        forged: bool,
    ) -> Vec<u8> {
        let params = CertificateRevocationListParams {
            this_update: date!(from),
            next_update: date!(to),
            crl_number: SerialNumber::from(vec![1]),
            issuing_distribution_point: None,
            revoked_certs: revoked
                .iter()
                .map(|(serial, reason)| RevokedCertParams {
                    serial_number: SerialNumber::from(serial.to_be_bytes().to_vec()),
                    revocation_time: date!(-3),
                    reason_code: Some(*reason),
                    invalidity_date: None,
                })
                .collect(),
            key_identifier_method: KeyIdMethod::Sha256,
        };
        if forged {
            let key = KeyPair::generate().unwrap();
            let fake = ca_params(CA_NAME).self_signed(&key).unwrap();
            params.signed_by(&fake, &key).unwrap().der().to_vec()
        } else {
            params
                .signed_by(&self.ca, &self.ca_key)
                .unwrap()
                .der()
                .to_vec()
        }
    }

    /// Writes `index.txt` for `openssl ocsp`: (serial, revoked reason or
    /// None for valid).
    pub fn write_index(&self, name: &str, entries: &[(u64, Option<&str>)]) -> PathBuf {
        let mut text = String::new();
        for (serial, revoked) in entries {
            let (status, when) = match revoked {
                Some(reason) => (
                    "R",
                    format!("{},{reason}", Utc::now().format("%y%m%d%H%M%SZ")),
                ),
                None => ("V", String::new()),
            };
            text.push_str(&format!("{status}\t351231235959Z\t{when}\t{serial:X}\tunknown\t/CN=Test Person {serial:x}\n"));
        }
        let path = self.path(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

/// A running child process, killed and reaped on drop.
pub struct Running {
    pub child: Child,
    pub port: u16,
    pub log: PathBuf,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// `openssl ocsp` answering from `index` on a free port, signing with
/// `rsigner`/`rkey` (files in the PKI directory, without extension).
/// Its log says "Received request" for each request.
pub fn openssl_responder(pki: &Pki, index: &Path, signer: &str, extra: &[&str]) -> Running {
    let port = free_port();
    let log = pki.path(&format!("ocsp-{port}.log"));
    let out = std::fs::File::create(&log).unwrap();
    let mut child = Command::new("openssl")
        .args(["ocsp", "-index"])
        .arg(index)
        .args(["-port", &port.to_string(), "-rsigner"])
        .arg(pki.path(&format!("{signer}.pem")))
        .arg("-rkey")
        .arg(pki.path(&format!("{signer}.key")))
        .arg("-CA")
        .arg(pki.path("ca.pem"))
        .args(extra)
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .stdin(Stdio::null())
        .spawn()
        .expect("openssl must be installed (scripts/deps.sh test)");
    // Not by connecting: `openssl ocsp` serves one connection at a time
    // and waits for ever on one that sends nothing. It says when it
    // listens.
    let deadline = Instant::now() + Duration::from_secs(15);
    while !std::fs::read_to_string(&log)
        .unwrap_or_default()
        .contains("waiting for OCSP client connections")
    {
        if let Ok(Some(status)) = child.try_wait() {
            panic!(
                "openssl ocsp exited: {status}: {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        assert!(
            Instant::now() < deadline,
            "openssl ocsp does not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Running { child, port, log }
}

/// What our own test server does with a connection.
#[derive(Clone)]
pub enum Behaviour {
    /// Answer with this status and body.
    Answer(u16, Vec<u8>),
    /// Accept, then never answer (the connection is held open).
    Hang,
}

/// A small HTTP server on 127.0.0.1 that records each request line.
pub struct TestServer {
    pub port: u16,
    pub requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    pub fn start(behaviour: Behaviour) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (reqs, stopping) = (requests.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let mut held = Vec::new();
            for conn in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut conn) = conn else { continue };
                match &behaviour {
                    Behaviour::Hang => held.push(conn),
                    Behaviour::Answer(status, body) => {
                        let line = read_request(&mut conn);
                        reqs.lock().unwrap().push(line);
                        let head = format!("HTTP/1.1 {status} Test\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                        let _ = conn.write_all(head.as_bytes());
                        let _ = conn.write_all(body);
                    }
                }
            }
        });
        TestServer {
            port,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Reads a request's head and its Content-Length body; returns the
/// request line.
fn read_request(conn: &mut TcpStream) -> String {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") && buf.len() < 65536 {
        match conn.read(&mut byte) {
            Ok(1) => buf.push(byte[0]),
            _ => break,
        }
    }
    let head = String::from_utf8_lossy(&buf).to_string();
    let length = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
        })
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    let _ = conn.read_exact(&mut body);
    head.lines().next().unwrap_or_default().to_string()
}

/// tinyproxy on a free port, plain-http forwarding allowed, CONNECT only
/// to port 443 (as hospital proxies are set up), logging each request.
/// With `deny_host`, requests to that host are refused (403, "Filtered").
pub fn tinyproxy(dir: &Path, deny_host: Option<&str>) -> Running {
    let port = free_port();
    let log = dir.join(format!("tinyproxy-{port}.log"));
    let mut conf = format!(
        "Port {port}\nListen 127.0.0.1\nTimeout 30\nLogFile \"{}\"\nLogLevel Info\nMaxClients 20\nConnectPort 443\nDisableViaHeader Yes\n",
        log.display()
    );
    if let Some(host) = deny_host {
        let filter = dir.join(format!("filter-{port}"));
        std::fs::write(&filter, format!("{}\n", host.replace('.', "\\."))).unwrap();
        conf.push_str(&format!(
            "Filter \"{}\"\nFilterDefaultDeny No\n",
            filter.display()
        ));
    }
    let conf_path = dir.join(format!("tinyproxy-{port}.conf"));
    std::fs::write(&conf_path, conf).unwrap();
    let mut child = Command::new("tinyproxy")
        .arg("-d")
        .arg("-c")
        .arg(&conf_path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("tinyproxy must be installed (scripts/deps.sh test)");
    wait_listening(port, &mut child, "tinyproxy");
    Running { child, port, log }
}
