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
//!
//! [`url`](super::url) splits URLs and proxy settings;
//! [`http_read`](super::http_read) reads the answer.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub(super) use super::http_error::io_error;
pub use super::http_error::HttpError;
pub use super::http_read::{read_response, Response, MAX_HEADER_BYTES};
pub use super::url::{HttpUrl, Proxy};

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
