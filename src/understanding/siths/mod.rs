//! Knowledge of the SITHS field: HSA-IDs, personal numbers, card numbers,
//! the known issuers, the organisations, and the bundled public CA
//! certificates. Nothing here talks to a card or prints.

pub mod atr;
pub mod ca;
pub mod card_number;
pub mod hsa;
pub mod issuers;
pub mod luhn;
pub mod orgs;
pub mod personnummer;

#[cfg(test)]
mod tests {
    #[test]
    fn bundled_ca_files_match_the_public_fixtures() {
        assert_eq!(
            super::ca::SITHS_EID_ROOT_CA_V2,
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/public-certs/sithseidrootcav2.der"
            ))
        );
        assert_eq!(super::ca::BUNDLED.len(), 4);
        for (demo, pki) in super::ca::DEMO_ROOTS
            .iter()
            .zip(["ca-root-v2.der", "ca-legacy-root-v1.der"])
        {
            let path = format!("{}/tests/data/pki/{pki}", env!("CARGO_MANIFEST_DIR"));
            assert_eq!(*demo, std::fs::read(&path).unwrap().as_slice(), "{path}");
        }
    }
}
