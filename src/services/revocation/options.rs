//! What a revocation check may do: how long, through which proxy, with
//! which cache; and the configuration-file keys and flags that set it
//! (plumbing only: the command layer wires them in).

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::http::HttpError;
use super::url::{split_host_port, HttpUrl, Proxy};

/// The whole revocation step, every certificate and every request, ends
/// within this by default: a person at the desk waits for it.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(5);

/// Where answers are cached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheLocation {
    /// The user's cache directory (`~/.cache/sithsctl/revocation` on
    /// Linux), from the `directories` crate.
    Default,
    /// This directory.
    Dir(PathBuf),
    /// No cache: every check asks.
    Off,
}

/// How to reach responders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxySettings {
    /// The proxy for `http://` requests, if any.
    pub proxy: Option<String>,
    /// Hosts reached without the proxy (the `NO_PROXY` list: `*`, a host,
    /// a domain and its subdomains as `example.org` or `.example.org`, an
    /// IP address; each optionally with `:port`).
    pub no_proxy: Vec<String>,
}

impl ProxySettings {
    /// From the environment: `http_proxy`, else `HTTP_PROXY`; `no_proxy`,
    /// else `NO_PROXY`. `HTTPS_PROXY` and `ALL_PROXY` are not read: only
    /// plain http is ever sent.
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`ProxySettings::from_env`] over any lookup (for tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let first = |names: [&str; 2]| {
            names.into_iter().find_map(|n| {
                lookup(n)
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
            })
        };
        ProxySettings {
            proxy: first(["http_proxy", "HTTP_PROXY"]),
            no_proxy: first(["no_proxy", "NO_PROXY"])
                .map(|v| parse_no_proxy(&v))
                .unwrap_or_default(),
        }
    }

    /// The proxy to use for `url`: none when no proxy is set or `url`'s
    /// host is in the no-proxy list.
    pub fn proxy_for(&self, url: &HttpUrl) -> Result<Option<Proxy>, HttpError> {
        let Some(proxy) = &self.proxy else {
            return Ok(None);
        };
        if self
            .no_proxy
            .iter()
            .any(|entry| no_proxy_matches(entry, url))
        {
            return Ok(None);
        }
        Proxy::parse(proxy).map(Some)
    }
}

/// A `NO_PROXY` value, split on commas and white space.
pub fn parse_no_proxy(value: &str) -> Vec<String> {
    value
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

fn no_proxy_matches(entry: &str, url: &HttpUrl) -> bool {
    if entry == "*" {
        return true;
    }
    let (host, port) = match split_host_port(entry.trim_start_matches("*.").trim_start_matches('.'))
    {
        Some(hp) => hp,
        None => return false,
    };
    if port.is_some_and(|p| p != url.port) {
        return false;
    }
    url.host == host || url.host.ends_with(&format!(".{host}"))
}

/// Everything a check needs to know.
#[derive(Debug, Clone)]
pub struct Options {
    /// The bound for the whole check ([`DEFAULT_TOTAL_TIMEOUT`]).
    pub total_timeout: Duration,
    /// Ask nothing over the network; answers still valid in the cache are
    /// used, everything else is not_checked (`offline`).
    pub offline: bool,
    /// Proxy and no-proxy list.
    pub proxy: ProxySettings,
    /// Response cache.
    pub cache: CacheLocation,
    /// Fall back to the CRL when OCSP cannot answer (default true).
    pub use_crl: bool,
    /// Judge dates as of this instant instead of now (an injected clock,
    /// for tests and `--at`); the time bound always runs on the real
    /// clock.
    pub at: Option<DateTime<Utc>>,
}

impl Default for Options {
    /// Five seconds, online, proxy from the environment, the user's cache.
    fn default() -> Self {
        Options {
            total_timeout: DEFAULT_TOTAL_TIMEOUT,
            offline: false,
            proxy: ProxySettings::from_env(),
            cache: CacheLocation::Default,
            use_crl: true,
            at: None,
        }
    }
}

/// The `[revocation]` table of the configuration file:
///
/// ```toml
/// [revocation]
/// timeout = 5                 # seconds for the whole check
/// offline = false
/// proxy = "http://proxy.region.se:3128"   # else http_proxy / HTTP_PROXY
/// no_proxy = ["ocsp1.siths.se"]           # added to no_proxy / NO_PROXY
/// cache_dir = "/var/cache/sithsctl"       # or cache = false
/// crl = true
/// ```
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RevocationConfig {
    /// Seconds for the whole check.
    pub timeout: Option<f64>,
    /// Ask nothing.
    pub offline: Option<bool>,
    /// An explicit proxy (wins over the environment).
    pub proxy: Option<String>,
    /// More hosts to reach without the proxy.
    #[serde(default)]
    pub no_proxy: Vec<String>,
    /// Cache directory.
    pub cache_dir: Option<PathBuf>,
    /// `false` turns the cache off.
    pub cache: Option<bool>,
    /// `false` turns the CRL fallback off.
    pub crl: Option<bool>,
}

/// Flags that override the file (`--revocation-timeout`, `--offline`,
/// `--proxy`, `--revocation-cache`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RevocationFlags {
    /// `--revocation-timeout SECONDS`.
    pub timeout: Option<Duration>,
    /// `--offline`.
    pub offline: bool,
    /// `--proxy URL` (`--proxy ""` or `none`: no proxy at all).
    pub proxy: Option<String>,
    /// `--revocation-cache DIR`.
    pub cache_dir: Option<PathBuf>,
}

impl Options {
    /// Flags over the file over the environment over the defaults.
    pub fn resolve(
        config: &RevocationConfig,
        flags: &RevocationFlags,
        env: ProxySettings,
    ) -> Options {
        let mut proxy = env;
        if let Some(p) = flags.proxy.as_ref().or(config.proxy.as_ref()) {
            let p = p.trim();
            proxy.proxy = (!p.is_empty() && !p.eq_ignore_ascii_case("none")).then(|| p.to_string());
        }
        proxy
            .no_proxy
            .extend(config.no_proxy.iter().flat_map(|v| parse_no_proxy(v)));
        let cache = match (&flags.cache_dir, &config.cache_dir, config.cache) {
            (Some(dir), _, _) => CacheLocation::Dir(dir.clone()),
            (None, _, Some(false)) => CacheLocation::Off,
            (None, Some(dir), _) => CacheLocation::Dir(dir.clone()),
            (None, None, _) => CacheLocation::Default,
        };
        let timeout = flags.timeout.or_else(|| {
            config
                .timeout
                .filter(|t| t.is_finite() && *t > 0.0)
                .map(|t| Duration::from_secs_f64(t.min(600.0)))
        });
        Options {
            total_timeout: timeout.unwrap_or(DEFAULT_TOTAL_TIMEOUT),
            offline: flags.offline || config.offline.unwrap_or(false),
            proxy,
            cache,
            use_crl: config.crl.unwrap_or(true),
            at: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(u: &str) -> HttpUrl {
        HttpUrl::parse(u).unwrap()
    }

    #[test]
    fn environment_lowercase_first() {
        let env = |name: &str| match name {
            "http_proxy" => Some("http://low:3128".to_string()),
            "HTTP_PROXY" => Some("http://up:3128".to_string()),
            "NO_PROXY" => Some("siths.se, .sjunet.org,10.0.0.1:8080".to_string()),
            _ => None,
        };
        let s = ProxySettings::from_lookup(env);
        assert_eq!(s.proxy.as_deref(), Some("http://low:3128"));
        assert_eq!(s.no_proxy, ["siths.se", ".sjunet.org", "10.0.0.1:8080"]);
        assert_eq!(s.proxy_for(&url("http://ocsp1.siths.se/")).unwrap(), None);
        assert_eq!(s.proxy_for(&url("http://siths.se/")).unwrap(), None);
        assert_eq!(
            s.proxy_for(&url("http://crl1.siths.sjunet.org/x.crl"))
                .unwrap(),
            None
        );
        assert_eq!(s.proxy_for(&url("http://10.0.0.1:8080/")).unwrap(), None);
        assert!(s.proxy_for(&url("http://10.0.0.1/")).unwrap().is_some());
        assert!(s.proxy_for(&url("http://notsiths.se/")).unwrap().is_some());
        assert_eq!(
            s.proxy_for(&url("http://ocsp.example/"))
                .unwrap()
                .unwrap()
                .host,
            "low"
        );
        let none = ProxySettings::from_lookup(|_| Some("  ".into()));
        assert_eq!(none, ProxySettings::default());
        let star = ProxySettings {
            proxy: Some("p:1".into()),
            no_proxy: vec!["*".into()],
        };
        assert_eq!(star.proxy_for(&url("http://a/")).unwrap(), None);
    }

    #[test]
    fn flags_over_file_over_environment() {
        let env = ProxySettings {
            proxy: Some("http://env:1".into()),
            no_proxy: vec!["a".into()],
        };
        let file: RevocationConfig = toml::from_str(
            "timeout = 2.5\nproxy = \"http://file:2\"\nno_proxy = [\"b, c\"]\ncache = false\n",
        )
        .unwrap();
        let o = Options::resolve(&file, &RevocationFlags::default(), env.clone());
        assert_eq!(o.total_timeout, Duration::from_millis(2500));
        assert_eq!(o.proxy.proxy.as_deref(), Some("http://file:2"));
        assert_eq!(o.proxy.no_proxy, ["a", "b", "c"]);
        assert_eq!(o.cache, CacheLocation::Off);
        let flags = RevocationFlags {
            timeout: Some(Duration::from_secs(1)),
            offline: true,
            proxy: Some("none".into()),
            cache_dir: Some("revocation-cache".into()),
        };
        let o = Options::resolve(&file, &flags, env.clone());
        assert_eq!(o.total_timeout, Duration::from_secs(1));
        assert!(o.offline && o.proxy.proxy.is_none());
        assert_eq!(o.cache, CacheLocation::Dir("revocation-cache".into()));
        let o = Options::resolve(
            &RevocationConfig::default(),
            &RevocationFlags::default(),
            env,
        );
        assert_eq!(o.total_timeout, DEFAULT_TOTAL_TIMEOUT);
        assert_eq!(o.proxy.proxy.as_deref(), Some("http://env:1"));
        assert!(toml::from_str::<RevocationConfig>("tiemout = 1").is_err());
    }
}
