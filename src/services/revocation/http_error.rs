//! Why an HTTP exchange failed, with the result code each failure gives.
//! Its own room: the client, the answer reader and the URL parser all
//! speak of it, and none of them should import another for it.

use std::io;

use super::result::Code;

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

pub(super) fn io_error(e: io::Error, doing: &'static str) -> HttpError {
    match e.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => HttpError::Timeout(doing),
        _ => HttpError::Io(e.to_string()),
    }
}
