//! sithsctl: read SITHS cards over PC/SC and check their certificates.
