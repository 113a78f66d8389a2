//! Answers kept on disk until their nextUpdate, so a repeated check asks
//! nobody.
//!
//! An entry is the DER exactly as the responder or CRL server sent it; on
//! use it is verified again like a fresh answer (signature, dates), so a
//! corrupt, truncated or planted file is only an entry that does not count
//! and is fetched again, never an error. Entries are written to a
//! temporary file in the same directory and renamed into place, so a
//! reader never sees half an entry. Writing is best effort: a read-only or
//! full disk only means no cache.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use super::options::CacheLocation;
use crate::base::input::read_capped;

/// The cache directory for `location`, if there is one.
pub fn directory(location: &CacheLocation) -> Option<PathBuf> {
    match location {
        CacheLocation::Off => None,
        CacheLocation::Dir(dir) => Some(dir.clone()),
        CacheLocation::Default => directories::ProjectDirs::from("se", "", "sithsctl")
            .map(|d| d.cache_dir().join("revocation")),
    }
}

/// The file name of an entry: a kind and the SHA-256 of what identifies it
/// (for OCSP the responder URL and the CertID; for a CRL its URL), so no
/// name or serial appears in the file system.
pub fn key(kind: &str, parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    format!("{kind}-{}.der", hex::encode(h.finalize()))
}

/// The entry, if it is there and at most `max` bytes.
pub fn read(dir: &Path, key: &str, max: usize) -> Option<Vec<u8>> {
    read_capped(&dir.join(key), max as u64).ok()
}

/// Writes the entry atomically (temporary file, then rename). Errors are
/// returned for tests; callers ignore them.
pub fn write(dir: &Path, key: &str, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    std::fs::create_dir_all(dir)?;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{key}.{}.{n}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, dir.join(key)));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Removes an entry that no longer counts (best effort).
pub fn remove(dir: &Path, key: &str) {
    let _ = std::fs::remove_file(dir.join(key));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_caps() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        let k = key("ocsp", &[b"http://x/", b"id"]);
        assert_ne!(k, key("ocsp", &[b"http://x/i", b"d"]));
        assert!(k.starts_with("ocsp-") && k.ends_with(".der") && k.len() == 5 + 64 + 4);
        assert_eq!(read(&sub, &k, 10), None);
        write(&sub, &k, b"hello").unwrap();
        write(&sub, &k, b"hello again").unwrap();
        assert_eq!(read(&sub, &k, 100).as_deref(), Some(&b"hello again"[..]));
        assert_eq!(read(&sub, &k, 5), None);
        let leftovers: Vec<_> = std::fs::read_dir(&sub).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
        remove(&sub, &k);
        assert_eq!(read(&sub, &k, 100), None);
        assert_eq!(directory(&CacheLocation::Off), None);
        assert_eq!(directory(&CacheLocation::Dir(sub.clone())), Some(sub));
    }
}
