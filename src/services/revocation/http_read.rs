//! Reading one HTTP/1.x answer, within caps: the status line and headers,
//! then the body by Content-Length, chunked, or until the connection
//! closes. Works on any reader (the fuzz target feeds it bytes).

use std::io::Read;

use super::http_error::{io_error, HttpError};

/// An HTTP status line and headers longer than this are not an OCSP
/// responder or a CRL server talking.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

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
