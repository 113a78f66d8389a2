//! Just enough HTTP/1.1 for OCSP and CRLs, over `std::net`, as a hospital
//! network needs it.
//!
//! Why not a client crate: through a proxy, ureq 3 and minreq send every
//! request as `CONNECT host:80`, which proxies that allow CONNECT only to
//! port 443 (Squid's default) refuse. ureq 2 sends plain http in absolute
//! form but does not read `NO_PROXY`, and brings `url` with its
//! internationalised-domain tables. One request shape (POST or GET, a
//! Content-Length body, one answer, connection closed) is small enough to
//! own, and owning it lets the whole exchange run under one deadline.
//!
//! Through a proxy a request goes in absolute form (RFC 9112 §3.2.2,
//! `POST http://host/path HTTP/1.1`), never `CONNECT`. Only `http://`:
//! TLS is not spoken at all.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::result::Code;

/// An HTTP status line and headers longer than this are not an OCSP
/// responder or a CRL server talking.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Why an exchange failed.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("not a plain http:// URL: {0}")]
    UnsupportedScheme(String),
    #[error("not a usable URL: {0}")]
    BadUrl(String),
    #[error("no answer in time ({0})")]
    Timeout(&'static str),
    #[error("could not connect to {0}: {1}")]
    Connect(String, String),
    #[error("could not reach the proxy {0}: {1}")]
    ProxyUnreachable(String, String),
    #[error("the proxy {0} refused the request (HTTP {1})")]
    ProxyRefused(String, u16),
    #[error("HTTP status {0}")]
    Status(u16),
    #[error("the answer is larger than {0} bytes")]
    TooLarge(usize),
    #[error("not an HTTP answer: {0}")]
    Malformed(String),
    #[error("the connection broke: {0}")]
    Io(String),
}

impl HttpError {
    /// The result code for it.
    pub fn code(&self) -> Code {
        match self {
            HttpError::UnsupportedScheme(_) => Code::UnsupportedScheme,
            HttpError::BadUrl(_) => Code::BadUrl,
            HttpError::Timeout(_) => Code::Timeout,
            HttpError::Connect(..) | HttpError::Io(_) => Code::ConnectFailed,
            HttpError::ProxyUnreachable(..) => Code::ProxyUnreachable,
            HttpError::ProxyRefused(..) => Code::ProxyRefused,
            HttpError::Status(_) => Code::HttpStatus,
            HttpError::TooLarge(_) => Code::TooLarge,
            HttpError::Malformed(_) => Code::BadResponse,
        }
    }
}

/// An `http://` URL, split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl {
    /// Host name or address (IPv6 without brackets).
    pub host: String,
    /// Port (80 when not given).
    pub port: u16,
    /// Path and query, at least `/`.
    pub path: String,
}

impl HttpUrl {
    /// Parses `http://host[:port][/path]`. Any other scheme is
    /// [`HttpError::UnsupportedScheme`]; user information is refused (a
    /// certificate's URL never has it).
    pub fn parse(url: &str) -> Result<Self, HttpError> {
        let Some((scheme, rest)) = url.split_once("://") else {
            return Err(HttpError::BadUrl(url.to_string()));
        };
        if !scheme.eq_ignore_ascii_case("http") {
            return Err(HttpError::UnsupportedScheme(url.to_string()));
        }
        let (authority, path) = match rest.find(['/', '?']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let path = if path.starts_with('?') {
            format!("/{path}")
        } else {
            path.to_string()
        };
        let (host, port) =
            split_host_port(authority).ok_or_else(|| HttpError::BadUrl(url.to_string()))?;
        if path.bytes().any(|b| b <= b' ' || b == 0x7F) {
            return Err(HttpError::BadUrl(url.to_string()));
        }
        Ok(HttpUrl {
            host,
            port: port.unwrap_or(80),
            path,
        })
    }

    /// `host[:port]` as the Host header wants it.
    pub fn authority(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == 80 {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }

    /// The URL again, normalised.
    pub fn absolute(&self) -> String {
        format!("http://{}{}", self.authority(), self.path)
    }
}

/// `host`, `host:port`, `[v6]`, `[v6]:port`; no user information.
pub(crate) fn split_host_port(authority: &str) -> Option<(String, Option<u16>)> {
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        match after {
            "" => (host, None),
            p => (host, Some(p.strip_prefix(':')?)),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) if !h.contains(':') => (h, Some(p)),
            Some(_) => return None,
            None => (authority, None),
        }
    };
    let valid = |c: char| c.is_ascii_alphanumeric() || "-._:%".contains(c);
    if host.is_empty() || !host.chars().all(valid) {
        return None;
    }
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok().filter(|p| *p != 0)?),
        None => None,
    };
    Some((host.to_ascii_lowercase(), port))
}

/// A proxy to send plain-http requests through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    /// Where it listens.
    pub host: String,
    /// Its port.
    pub port: u16,
    /// `Proxy-Authorization: Basic ...` value, when the proxy URL carried
    /// `user:password@`.
    pub authorization: Option<String>,
}

impl Proxy {
    /// Parses `http://[user:password@]host[:port][/]` or `host:port`
    /// (the forms `HTTP_PROXY` is seen in); port 80 when none is given.
    pub fn parse(text: &str) -> Result<Self, HttpError> {
        let rest = match text.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some(_) => return Err(HttpError::UnsupportedScheme(text.to_string())),
            None => text,
        };
        let rest = rest.trim_end_matches('/');
        let (userinfo, authority) = match rest.rsplit_once('@') {
            Some((u, a)) => (Some(u), a),
            None => (None, rest),
        };
        let (host, port) =
            split_host_port(authority).ok_or_else(|| HttpError::BadUrl(text.to_string()))?;
        let authorization = userinfo.map(|u| {
            use base64::Engine;
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(u)
            )
        });
        Ok(Proxy {
            host,
            port: port.unwrap_or(80),
            authorization,
        })
    }

    fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// One request.
pub struct Request<'a> {
    /// `POST` with a body, or `GET`.
    pub body: Option<(&'a str, &'a [u8])>,
    /// Where to.
    pub url: &'a HttpUrl,
    /// The Accept header.
    pub accept: &'a str,
}

/// Sends `request` (through `proxy` when given) and returns the body of a
/// 200 answer of at most `max_body` bytes. Nothing of it, name resolution
/// included, runs past `deadline`.
pub fn exchange(
    request: &Request<'_>,
    proxy: Option<&Proxy>,
    deadline: Instant,
    max_body: usize,
) -> Result<Vec<u8>, HttpError> {
    let (host, port) = match proxy {
        Some(p) => (p.host.as_str(), p.port),
        None => (request.url.host.as_str(), request.url.port),
    };
    let via = proxy.map(|p| p.authority());
    let unreachable = |e: String| match &via {
        Some(p) => HttpError::ProxyUnreachable(p.clone(), e),
        None => HttpError::Connect(request.url.authority(), e),
    };
    let addrs = resolve(host, port, deadline)?.map_err(unreachable)?;
    let mut stream = connect(&addrs, deadline)?.map_err(unreachable)?;

    let target = match proxy {
        Some(_) => request.url.absolute(),
        None => request.url.path.clone(),
    };
    let method = if request.body.is_some() {
        "POST"
    } else {
        "GET"
    };
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {}\r\nUser-Agent: sithsctl/{}\r\nAccept: {}\r\nConnection: close\r\n",
        request.url.authority(),
        env!("CARGO_PKG_VERSION"),
        request.accept
    );
    if let Some(auth) = proxy.and_then(|p| p.authorization.as_ref()) {
        head.push_str(&format!("Proxy-Authorization: {auth}\r\n"));
    }
    if let Some((content_type, body)) = request.body {
        head.push_str(&format!(
            "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    if let Some((_, body)) = request.body {
        out.extend_from_slice(body);
    }
    let write = (|| {
        stream.set_write_timeout(Some(remaining(deadline).ok_or(io::ErrorKind::TimedOut)?))?;
        stream.write_all(&out)?;
        stream.flush()
    })();
    write.map_err(|e| io_error(e, "sending the request"))?;

    let response = read_response(&mut DeadlineStream { stream, deadline }, max_body)?;
    match (response.status, &via) {
        (200, _) => Ok(response.body),
        (403 | 407, Some(p)) => Err(HttpError::ProxyRefused(p.clone(), response.status)),
        (status, _) => Err(HttpError::Status(status)),
    }
}

fn remaining(deadline: Instant) -> Option<Duration> {
    deadline
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
}

fn io_error(e: io::Error, doing: &'static str) -> HttpError {
    match e.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => HttpError::Timeout(doing),
        _ => HttpError::Io(e.to_string()),
    }
}

/// Name resolution has no time-out of its own: it runs on a thread of its
/// own, and is abandoned (left to finish by itself) at the deadline.
fn resolve(
    host: &str,
    port: u16,
    deadline: Instant,
) -> Result<Result<Vec<SocketAddr>, String>, HttpError> {
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return Ok(Ok(vec![SocketAddr::new(ip, port)]));
    }
    let (tx, rx) = mpsc::channel();
    let name = host.to_string();
    std::thread::spawn(move || {
        let _ = tx.send(
            (name.as_str(), port)
                .to_socket_addrs()
                .map(|a| a.collect::<Vec<_>>()),
        );
    });
    let wait = remaining(deadline).ok_or(HttpError::Timeout("resolving the name"))?;
    match rx.recv_timeout(wait) {
        Ok(Ok(addrs)) if !addrs.is_empty() => Ok(Ok(addrs)),
        Ok(Ok(_)) => Ok(Err(format!("{host} has no address"))),
        Ok(Err(e)) => Ok(Err(format!("{host}: {e}"))),
        Err(_) => Err(HttpError::Timeout("resolving the name")),
    }
}

fn connect(
    addrs: &[SocketAddr],
    deadline: Instant,
) -> Result<Result<TcpStream, String>, HttpError> {
    let mut last = String::from("no address");
    for addr in addrs {
        let wait = remaining(deadline).ok_or(HttpError::Timeout("connecting"))?;
        match TcpStream::connect_timeout(addr, wait) {
            Ok(s) => return Ok(Ok(s)),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
                ) =>
            {
                return Err(HttpError::Timeout("connecting"))
            }
            Err(e) => last = e.to_string(),
        }
    }
    Ok(Err(last))
}

/// A stream whose every read waits at most until the deadline.
struct DeadlineStream {
    stream: TcpStream,
    deadline: Instant,
}

impl Read for DeadlineStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let wait = remaining(self.deadline).ok_or(io::ErrorKind::TimedOut)?;
        self.stream.set_read_timeout(Some(wait))?;
        self.stream.read(buf)
    }
}

/// A parsed answer.
#[derive(Debug)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Body (de-chunked), at most the cap; empty unless the status is 200.
    pub body: Vec<u8>,
}

/// Reads one HTTP/1.x answer: status line, headers (at most
/// [`MAX_HEADER_BYTES`]), then a body by Content-Length, chunked, or up to
/// the end of the connection, never more than `max_body` bytes. Public for
/// the fuzz target.
pub fn read_response(reader: &mut impl Read, max_body: usize) -> Result<Response, HttpError> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_HEADER_BYTES {
            return Err(HttpError::Malformed("headers too long".into()));
        }
        let n = reader
            .read(&mut chunk)
            .map_err(|e| io_error(e, "waiting for the answer"))?;
        if n == 0 {
            return Err(HttpError::Malformed(
                "the connection closed before an answer".into(),
            ));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buf[..header_end])
        .map_err(|_| HttpError::Malformed("headers not text".into()))?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let (version, code) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    if !version.starts_with("HTTP/1.") || code.len() != 3 {
        return Err(HttpError::Malformed(format!(
            "status line {:?}",
            truncate(status_line)
        )));
    }
    let status: u16 = code
        .parse()
        .ok()
        .filter(|c| (100..600).contains(c))
        .ok_or_else(|| HttpError::Malformed(format!("status line {:?}", truncate(status_line))))?;
    let mut length: Option<u64> = None;
    let mut chunked = false;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(HttpError::Malformed("a header line without a colon".into()));
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            let n: u64 = value
                .parse()
                .map_err(|_| HttpError::Malformed("Content-Length".into()))?;
            length = Some(n);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.to_ascii_lowercase().contains("chunked");
        }
    }
    // Only a 200 answer's body is used. Another's is not read: a proxy
    // that refuses often closes (resetting the connection) right after
    // its status line.
    if status != 200 {
        return Ok(Response {
            status,
            body: Vec::new(),
        });
    }
    if length.is_some_and(|n| n > max_body as u64) {
        return Err(HttpError::TooLarge(max_body));
    }
    let rest = buf.split_off(header_end + 4);
    let body = Body {
        reader,
        pending: rest,
        max: max_body,
    };
    let body = if chunked {
        body.chunked()?
    } else if let Some(n) = length {
        body.exactly(n as usize)?
    } else {
        body.until_closed()?
    };
    Ok(Response { status, body })
}

fn truncate(s: &str) -> String {
    s.chars().take(60).collect()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The body part of an answer: bytes already read, then the stream.
struct Body<'r, R: Read> {
    reader: &'r mut R,
    pending: Vec<u8>,
    max: usize,
}

impl<R: Read> Body<'_, R> {
    /// Reads more until `pending` holds at least `want` bytes, or the end.
    fn fill(&mut self, want: usize) -> Result<bool, HttpError> {
        let mut chunk = [0u8; 16 * 1024];
        while self.pending.len() < want {
            let n = self
                .reader
                .read(&mut chunk)
                .map_err(|e| io_error(e, "reading the answer"))?;
            if n == 0 {
                return Ok(false);
            }
            self.pending.extend_from_slice(&chunk[..n]);
            if self.pending.len() > self.max.saturating_add(MAX_HEADER_BYTES) {
                return Err(HttpError::TooLarge(self.max));
            }
        }
        Ok(true)
    }

    fn exactly(mut self, n: usize) -> Result<Vec<u8>, HttpError> {
        if !self.fill(n)? {
            return Err(HttpError::Io(
                "the connection closed in the middle of the answer".into(),
            ));
        }
        self.pending.truncate(n);
        Ok(self.pending)
    }

    fn until_closed(mut self) -> Result<Vec<u8>, HttpError> {
        if self.fill(self.max.saturating_add(1))? || self.pending.len() > self.max {
            return Err(HttpError::TooLarge(self.max));
        }
        Ok(self.pending)
    }

    fn chunked(mut self) -> Result<Vec<u8>, HttpError> {
        let mut body = Vec::new();
        let mut at = 0;
        loop {
            let line_end = loop {
                if let Some(i) = find(&self.pending[at..], b"\r\n") {
                    break at + i;
                }
                if self.pending.len() - at > 1024 || !self.fill(self.pending.len() + 1)? {
                    return Err(HttpError::Malformed("a bad chunk".into()));
                }
            };
            let size_text = std::str::from_utf8(&self.pending[at..line_end]).unwrap_or("");
            let size_text = size_text.split(';').next().unwrap_or("").trim();
            let size = usize::from_str_radix(size_text, 16)
                .map_err(|_| HttpError::Malformed("a bad chunk size".into()))?;
            if size > self.max - body.len().min(self.max) {
                return Err(HttpError::TooLarge(self.max));
            }
            let start = line_end + 2;
            if size == 0 {
                return Ok(body);
            }
            if !self.fill(start + size + 2)? {
                return Err(HttpError::Io(
                    "the connection closed in the middle of a chunk".into(),
                ));
            }
            body.extend_from_slice(&self.pending[start..start + size]);
            if &self.pending[start + size..start + size + 2] != b"\r\n" {
                return Err(HttpError::Malformed("a chunk not ended by CRLF".into()));
            }
            // Drop what has been used, so `pending` stays small.
            self.pending.drain(..start + size + 2);
            at = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let u = HttpUrl::parse("http://ocsp1.siths.se").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.path.as_str()),
            ("ocsp1.siths.se", 80, "/")
        );
        assert_eq!(u.absolute(), "http://ocsp1.siths.se/");
        let u = HttpUrl::parse("HTTP://127.0.0.1:39601/a/b.crl?x=1").unwrap();
        assert_eq!((u.port, u.path.as_str()), (39601, "/a/b.crl?x=1"));
        assert_eq!(u.authority(), "127.0.0.1:39601");
        let u = HttpUrl::parse("http://[::1]:8080?q").unwrap();
        assert_eq!((u.host.as_str(), u.path.as_str()), ("::1", "/?q"));
        assert_eq!(u.absolute(), "http://[::1]:8080/?q");
        assert!(matches!(
            HttpUrl::parse("https://ocsp.example/"),
            Err(HttpError::UnsupportedScheme(_))
        ));
        assert!(matches!(
            HttpUrl::parse("ldap://x"),
            Err(HttpError::UnsupportedScheme(_))
        ));
        for bad in [
            "http://",
            "http://a:0/",
            "http://a:99999/",
            "http://u@h/",
            "http://h/a b",
            "nourl",
            "http://[::1/",
        ] {
            assert!(
                matches!(HttpUrl::parse(bad), Err(HttpError::BadUrl(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn proxies() {
        let p = Proxy::parse("http://proxy.region.se:3128/").unwrap();
        assert_eq!(
            (p.host.as_str(), p.port, p.authorization),
            ("proxy.region.se", 3128, None)
        );
        let p = Proxy::parse("10.1.2.3:8080").unwrap();
        assert_eq!(p.port, 8080);
        let p = Proxy::parse("http://anna:hemligt@proxy:3128").unwrap();
        assert_eq!(p.authorization.as_deref(), Some("Basic YW5uYTpoZW1saWd0"));
        assert!(Proxy::parse("socks5://proxy:1080").is_err());
        assert!(Proxy::parse("http://").is_err());
    }

    fn parse(bytes: &[u8], max: usize) -> Result<Response, HttpError> {
        read_response(&mut &bytes[..], max)
    }

    #[test]
    fn responses() {
        let r = parse(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef", 10).unwrap();
        assert_eq!((r.status, r.body.as_slice()), (200, &b"abc"[..]));
        let r = parse(b"HTTP/1.0 200 OK\r\n\r\nall of it", 100).unwrap();
        assert_eq!((r.status, r.body.as_slice()), (200, &b"all of it"[..]));
        let r = parse(
            b"HTTP/1.0 500 Oops\r\nContent-Length: 999999999\r\n\r\n",
            100,
        )
        .unwrap();
        assert_eq!((r.status, r.body.len()), (500, 0));
        let r = parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n", 10).unwrap();
        assert_eq!(r.body, b"abcde");
        assert!(matches!(
            parse(b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", 10),
            Err(HttpError::TooLarge(10))
        ));
        assert!(matches!(
            parse(b"HTTP/1.1 200 OK\r\n\r\n01234567890", 10),
            Err(HttpError::TooLarge(10))
        ));
        assert!(matches!(
            parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nb\r\n01234567890\r\n0\r\n\r\n", 10),
            Err(HttpError::TooLarge(10))
        ));
        assert!(matches!(
            parse(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc", 10),
            Err(HttpError::Io(_))
        ));
        assert!(matches!(
            parse(b"\x30\x03\x0a\x01\x01", 10),
            Err(HttpError::Malformed(_))
        ));
        assert!(matches!(
            parse(b"SSH-2.0-OpenSSH\r\n\r\n", 10),
            Err(HttpError::Malformed(_))
        ));
        assert!(matches!(
            parse(b"HTTP/1.1 200 OK\r\nbroken\r\n\r\n", 10),
            Err(HttpError::Malformed(_))
        ));
        assert!(matches!(
            parse(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                10
            ),
            Err(HttpError::Malformed(_))
        ));
        let endless = vec![b'a'; MAX_HEADER_BYTES + 10];
        assert!(matches!(parse(&endless, 10), Err(HttpError::Malformed(_))));
    }
}
