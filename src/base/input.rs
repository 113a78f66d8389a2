//! Reading the files people give us (card images, configuration, CA
//! certificates, inventories) without trusting their size: a pipe or
//! `/dev/zero` reports size 0, and a file can grow after it was looked at,
//! so the read itself stops one byte past the cap.

use std::io::Read;
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("larger than {0} bytes")]
    TooLarge(u64),
    #[error("not UTF-8 text")]
    NotText,
}

/// The whole file, if it holds at most `max` bytes.
pub fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(max + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(InputError::TooLarge(max));
    }
    Ok(bytes)
}

/// The whole file as text, if it holds at most `max` bytes of UTF-8.
pub fn read_text_capped(path: &Path, max: u64) -> Result<String, InputError> {
    String::from_utf8(read_capped(path, max)?).map_err(|_| InputError::NotText)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_hold_even_for_endless_files() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small");
        std::fs::write(&small, "abc").unwrap();
        assert_eq!(read_text_capped(&small, 3).unwrap(), "abc");
        assert!(matches!(
            read_capped(&small, 2),
            Err(InputError::TooLarge(2))
        ));
        #[cfg(unix)]
        assert!(matches!(
            read_capped(Path::new("/dev/zero"), 1024),
            Err(InputError::TooLarge(1024))
        ));
        std::fs::write(&small, [0xFF, 0xFE]).unwrap();
        assert!(matches!(
            read_text_capped(&small, 10),
            Err(InputError::NotText)
        ));
        assert!(matches!(
            read_capped(&dir.path().join("missing"), 1),
            Err(InputError::Io(_))
        ));
    }
}
