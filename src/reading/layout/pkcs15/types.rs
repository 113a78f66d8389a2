//! The PKCS#15 room's vocabulary: the application's identifier and file
//! names, the limits a read keeps to, and what a read gives back
//! ([`Pkcs15Card`] with its certificates and token info) and is asked for
//! ([`Wanted`]). Apart so the parser, the reader and the image builder
//! share it without importing one another.

use serde::Serialize;

use crate::reading::card::image::FileData;
use crate::reading::layout::pins::DeclaredPin;

/// The PKCS#15 application identifier.
pub const PKCS15_AID: [u8; 12] = [
    0xA0, 0x00, 0x00, 0x00, 0x63, 0x50, 0x4B, 0x43, 0x53, 0x2D, 0x31, 0x35,
];
/// Where the application usually sits when nothing says otherwise.
pub const DEFAULT_APP_PATH: [u8; 4] = [0x3F, 0x00, 0x50, 0x15];
pub(super) const EF_DIR: [u8; 4] = [0x3F, 0x00, 0x2F, 0x00];
pub(super) const EF_ODF: [u8; 2] = [0x50, 0x31];
pub(super) const EF_TOKEN_INFO: [u8; 2] = [0x50, 0x32];

/// Largest directory or info file we read. Real ones are a few hundred
/// bytes; 16 KiB holds a hundred certificate entries.
pub const MAX_DIRECTORY_BYTES: usize = 16 * 1024;
/// Largest certificate we accept. SITHS certificates are 1.2 to 2.5 KiB,
/// an RSA-4096 CA about 2 KiB; 16 KiB leaves room for long extensions and
/// refuses a header that claims gigabytes before anything is allocated.
pub const MAX_CERT_BYTES: usize = 16 * 1024;
/// Most certificates one card may list. A card for two organisations holds
/// about ten; 64 keeps a looping directory from reading forever.
pub const MAX_CERTIFICATES: usize = 64;

/// Which certificate directory an object was listed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Directory {
    /// ODF tag A4: the card's own certificates.
    Certificates,
    /// A5: trusted certificates (CAs).
    TrustedCertificates,
    /// A6: useful certificates.
    UsefulCertificates,
}

/// How the application was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Located {
    Aid,
    EfDir,
    DefaultPath,
    /// No PKCS#15 application: the certificates came from the IDPrime applet.
    Idprime,
    /// Read through the middleware's PKCS#11 module, not from the card.
    Pkcs11,
}

/// EF.TokenInfo, the card's name tag.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    /// The token serial number as the middleware shows it (printable text,
    /// else hex).
    pub serial: Option<String>,
    pub manufacturer: Option<String>,
    pub label: Option<String>,
}

/// One certificate as the card lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CardCertificate {
    pub label: Option<String>,
    /// The PKCS#15 iD (links a certificate to its key), hex.
    pub id: String,
    pub authority: bool,
    pub directory: Directory,
    /// Path in hex, with `[index+length]` when it points into a shared file.
    pub path: String,
    #[serde(skip)]
    pub der: Vec<u8>,
}

/// What a PKCS#15 read found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pkcs15Card {
    /// The application's path, when the card told us.
    pub app_path: Option<String>,
    pub located: Located,
    pub token: Option<TokenInfo>,
    pub certificates: Vec<CardCertificate>,
    /// Every file as far as it was read, for `dump`. Paths are absolute
    /// when the card gave them so, else relative to the application.
    #[serde(skip)]
    pub files: Vec<(Vec<u8>, FileData)>,
    /// The PINs the authentication directory (AODF) declares, when asked
    /// for ([`Wanted::pins`]).
    #[serde(skip)]
    pub pins: Vec<DeclaredPin>,
}

/// What a read should fetch besides the certificates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wanted {
    /// EF.TokenInfo (token serial, label, manufacturer): two commands that
    /// a plain certificate listing can do without.
    pub token_info: bool,
    /// The PINs the card declares (the PKCS#15 AODF, the IDPrime key
    /// references): reading them is reading files, nothing more.
    pub pins: bool,
    /// Also ask the card for each declared PIN's state, with the VERIFY
    /// status query, where the card type is known to answer it without
    /// counting a try (see `reading::pin`). Off unless a command asks.
    pub pin_status: bool,
}

impl Wanted {
    /// Every public file the card shows: certificates, token info, PINs.
    /// No PIN status query.
    pub const EVERYTHING: Wanted = Wanted {
        token_info: true,
        pins: true,
        pin_status: false,
    };
    pub const CERTIFICATES: Wanted = Wanted {
        token_info: false,
        pins: false,
        pin_status: false,
    };

    /// The same, asking for the PINs' state too when `ask` (and reading
    /// the PIN declarations it needs).
    pub const fn asking_pin_status(self, ask: bool) -> Wanted {
        Wanted {
            pins: self.pins || ask,
            pin_status: ask,
            ..self
        }
    }
}
