//! The public SITHS CA certificates shipped inside the tool.
//!
//! They let the tool verify a certificate's issuer signature without network
//! access: the production e-id root and function CA, and the test PKI's root
//! and function CA (to recognise test certificates for what they are). The
//! person CAs are not public here; certificates they issued verify only
//! against CA certificates found on the card or given by the user.

/// `C=SE, O=Inera AB, CN=SITHS e-id Root CA v2` (production root).
pub const SITHS_EID_ROOT_CA_V2: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/ca/sithseidrootcav2.der"
));
/// `SITHS e-id Function CA v1`, issued by the production root.
pub const SITHS_EID_FUNCTION_CA_V1: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/ca/sithseidfunctioncav1.der"
));
/// `TEST SITHS e-id Root CA v2` (test PKI root).
pub const TEST_SITHS_EID_ROOT_CA_V2: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/ca/testsithseidrootcav2.der"
));
/// `TEST SITHS e-id Function CA v1`, issued by the test root.
pub const TEST_SITHS_EID_FUNCTION_CA_V1: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/ca/testsithseidfunctioncav1.der"
));

/// Every bundled CA certificate, as DER.
pub const BUNDLED: &[&[u8]] = &[
    SITHS_EID_ROOT_CA_V2,
    SITHS_EID_FUNCTION_CA_V1,
    TEST_SITHS_EID_ROOT_CA_V2,
    TEST_SITHS_EID_FUNCTION_CA_V1,
];

/// The roots of the made-up PKI the bundled demo card (`--demo`) was
/// issued from (the test suite's PKI, `tests/data/pki`, checked to be the
/// same files). They carry the real SITHS root names with other keys, so
/// they are trusted for the demo card only, and marked `demo` wherever a
/// chain ends in them.
pub const DEMO_ROOTS: &[&[u8]] = &[
    include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/ca/demo/demo-root-v2.der"
    )),
    include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/ca/demo/demo-legacy-root-v1.der"
    )),
];
