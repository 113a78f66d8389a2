//! sithsctl: read SITHS cards over PC/SC and check their certificates.

pub mod cert;
pub mod siths;
