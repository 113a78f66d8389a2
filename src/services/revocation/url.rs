//! `http://` URLs and proxy addresses, split by hand: the only forms a
//! certificate's AIA or CDP and an `HTTP_PROXY` value take here.

use super::http_error::HttpError;

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

    pub(super) fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
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
}
