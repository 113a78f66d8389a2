//! The user's configuration file: defaults for flags and the user's own
//! organisations. Flags always win over the file.
//!
//! ```toml
//! org = "jönköping"          # default organisation for inspect and check
//! warn_days = 60
//! lang = "sv"
//! inventory = "kort.csv"     # relative to this file
//! ca_files = ["extra-ca.pem"]
//! pkcs11_modules = ["/opt/netid/lib/libiidp11.so"]   # checked by doctor
//! pin_status = false         # never ask the card for its PINs' state
//!
//! [revocation]               # see docs/revocation.md
//! timeout = 5
//! offline = false
//! proxy = "http://proxy.region.se:3128"
//! cache_dir = "revocation"   # relative to this file; or cache = false
//!
//! [[organisation]]
//! number = "212000-0142"
//! name = "Linköpings kommun"
//! aliases = ["linköping"]
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::base::lang::Lang;
use crate::services::revocation::RevocationConfig;
use crate::understanding::siths::orgs::{self, Org, OrgError};

/// The file name inside the configuration folder.
pub const FILE_NAME: &str = "config.toml";
/// Largest configuration file read: a configuration names a few
/// organisations and rules, so 1 MiB is thousands of lines and still stops
/// a pipe or a device that never ends.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Settings read from the configuration file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// Where it was read from (`None`: no file).
    pub path: Option<PathBuf>,
    pub org: Option<String>,
    pub warn_days: Option<u32>,
    pub lang: Option<Lang>,
    pub inventory: Option<PathBuf>,
    pub ca_files: Vec<PathBuf>,
    pub organisations: Vec<Org>,
    /// PKCS#11 modules (middleware) for `doctor` to try besides the usual places.
    pub pkcs11_modules: Vec<PathBuf>,
    /// `false`: never ask the card for its PINs' state (as `--no-pin-status`).
    pub pin_status: Option<bool>,
    /// The `[revocation]` table: time bound, offline, proxy, cache.
    pub revocation: RevocationConfig,
}

/// What is wrong with the configuration file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration file {}, line {line}: {message}", path.display())]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line (0 when unknown).
    pub line: usize,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    org: Option<String>,
    warn_days: Option<u32>,
    lang: Option<String>,
    inventory: Option<PathBuf>,
    #[serde(default)]
    ca_files: Vec<PathBuf>,
    #[serde(default)]
    pkcs11_modules: Vec<PathBuf>,
    pin_status: Option<bool>,
    #[serde(default)]
    revocation: RevocationConfig,
    /// Parsed by [`orgs::parse_config`].
    #[serde(default)]
    #[allow(dead_code)]
    organisation: Vec<toml::Value>,
}

/// Where the configuration file is: `override_path` (from
/// `SITHSCTL_CONFIG`) if given, else the platform's usual place
/// (`~/.config/sithsctl/config.toml` on Linux, `%APPDATA%\sithsctl\config\config.toml`
/// on Windows, `~/Library/Application Support/se.sithsctl/config.toml` on macOS).
pub fn path(override_path: Option<PathBuf>) -> Option<PathBuf> {
    override_path
        .filter(|p| !p.as_os_str().is_empty())
        .or_else(|| {
            directories::ProjectDirs::from("se", "", "sithsctl")
                .map(|d| d.config_dir().join(FILE_NAME))
        })
}

impl Config {
    /// Reads the file at `path`; a missing file is an empty configuration.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match crate::base::input::read_text_capped(path, MAX_CONFIG_BYTES) {
            Ok(text) => text,
            Err(crate::base::input::InputError::TooLarge(_)) => {
                return Err(ConfigError {
                    path: path.to_path_buf(),
                    line: 0,
                    message: format!(
                        "larger than {MAX_CONFIG_BYTES} bytes: not a configuration file"
                    ),
                })
            }
            Err(crate::base::input::InputError::Io(e))
                if e.kind() == std::io::ErrorKind::NotFound =>
            {
                return Ok(Config::default())
            }
            Err(e) => {
                return Err(ConfigError {
                    path: path.to_path_buf(),
                    line: 0,
                    message: e.to_string(),
                })
            }
        };
        let mut config = Config::parse(&text).map_err(|(line, message)| ConfigError {
            path: path.to_path_buf(),
            line,
            message,
        })?;
        // Paths in the file are relative to the file.
        let base = path.parent().unwrap_or(Path::new("."));
        config.inventory = config.inventory.map(|p| base.join(p));
        config.ca_files = config.ca_files.iter().map(|p| base.join(p)).collect();
        config.revocation.cache_dir = config.revocation.cache_dir.map(|p| base.join(p));
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses configuration text; errors are (line, message).
    pub fn parse(text: &str) -> Result<Config, (usize, String)> {
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text.bytes().take(s.start).filter(|b| *b == b'\n').count() + 1)
                .unwrap_or(0);
            (line, e.message().trim().to_string())
        })?;
        let organisations = orgs::parse_config(text).map_err(|e| match e {
            OrgError::Config { line, message } => (line, message),
            other => (0, other.to_string()),
        })?;
        let lang = match raw.lang.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None => None,
            Some("sv") => Some(Lang::Sv),
            Some("en") => Some(Lang::En),
            Some(other) => {
                let line = text
                    .lines()
                    .position(|l| l.trim_start().starts_with("lang"))
                    .map_or(0, |n| n + 1);
                return Err((
                    line,
                    format!("lang must be \"sv\" or \"en\", not {other:?}"),
                ));
            }
        };
        Ok(Config {
            path: None,
            org: raw.org,
            warn_days: raw.warn_days,
            lang,
            inventory: raw.inventory,
            ca_files: raw.ca_files,
            organisations,
            pkcs11_modules: raw.pkcs11_modules,
            pin_status: raw.pin_status,
            revocation: raw.revocation,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn an_endless_file_is_refused_not_read_forever() {
        let err = Config::load(Path::new("/dev/zero")).unwrap_err();
        assert!(err.message.contains("larger"), "{}", err.message);
    }

    #[test]
    fn parses_every_key() {
        let c = Config::parse(
            "org = \"rjl\"\nwarn_days = 60\nlang = \"sv\"\ninventory = \"k.csv\"\nca_files = [\"a.pem\"]\n\n[[organisation]]\nnumber = \"212000-0142\"\nname = \"Linköpings kommun\"\naliases = [\"linköping\"]\n",
        )
        .unwrap();
        assert_eq!(c.org.as_deref(), Some("rjl"));
        assert_eq!(c.warn_days, Some(60));
        assert_eq!(c.lang, Some(Lang::Sv));
        assert_eq!(c.inventory, Some(PathBuf::from("k.csv")));
        assert_eq!(c.ca_files, vec![PathBuf::from("a.pem")]);
        assert_eq!(c.organisations.len(), 1);
        assert_eq!(c.organisations[0].number, "2120000142");
        assert_eq!(c.pin_status, None);
        assert_eq!(
            Config::parse("pin_status = false\n").unwrap().pin_status,
            Some(false)
        );
        assert!(Config::parse("pin_status = \"no\"\n").is_err());
    }

    #[test]
    fn revocation_table() {
        let c = Config::parse(
            "[revocation]\ntimeout = 2\noffline = true\nproxy = \"http://p:3128\"\ncache = false\n",
        )
        .unwrap();
        assert_eq!(c.revocation.timeout, Some(2.0));
        assert_eq!(c.revocation.offline, Some(true));
        assert_eq!(c.revocation.proxy.as_deref(), Some("http://p:3128"));
        assert_eq!(c.revocation.cache, Some(false));
        let (line, msg) = Config::parse("org = \"x\"\n[revocation]\ntimout = 2\n").unwrap_err();
        assert_eq!(line, 3, "{msg}");
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "[revocation]\ncache_dir = \"rev\"\n").unwrap();
        let c = Config::load(&p).unwrap();
        assert_eq!(c.revocation.cache_dir, Some(dir.path().join("rev")));
    }

    #[test]
    fn errors_name_the_line() {
        let (line, _) = Config::parse("org = \"rjl\"\nwarn_days = \"many\"\n").unwrap_err();
        assert_eq!(line, 2);
        let (line, msg) = Config::parse("\n\ncolour = true\n").unwrap_err();
        assert_eq!(line, 3, "{msg}");
        let (line, _) = Config::parse("org = \"x\"\nlang = \"de\"\n").unwrap_err();
        assert_eq!(line, 2);
        let (line, _) =
            Config::parse("[[organisation]]\nnumber = \"12\"\nname = \"X\"\n").unwrap_err();
        assert_eq!(line, 2);
    }

    #[test]
    fn missing_file_is_empty_and_paths_are_relative_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        assert_eq!(Config::load(&p).unwrap(), Config::default());
        std::fs::write(&p, "inventory = \"k.csv\"\n").unwrap();
        let c = Config::load(&p).unwrap();
        assert_eq!(c.inventory, Some(dir.path().join("k.csv")));
        assert_eq!(c.path, Some(p.clone()));
        assert_eq!(path(Some(p.clone())), Some(p));
    }
}
