//! Single sign-on settings of SAML applications: the fields of an application's `config` with a
//! check next to each ([`settings`]), X.509 certificates and their expiry ([`certificate`]), and
//! service-provider metadata import ([`metadata`]). The desk's `sso` and `certificates` use cases
//! build on these; nothing here talks to JumpCloud.
//!
//! One rule runs through all of it: the IdP private key (`config.idpPrivateKey.value`) is never
//! kept, shown or returned. Every copy SSO Desk keeps goes through
//! [`settings::strip_private_key`]; saves merge onto the server's fresh copy, which keeps the key.

pub mod certificate;
pub mod metadata;
pub mod settings;

pub use certificate::{
    certificate_value_like, fingerprint_sha256, idp_certificate_fingerprint, parse_certificate,
    CertificateEncoding, CertificateHealth, CertificateInfo, ExpiryBand,
};
pub use metadata::{
    parse_sp_metadata, parse_sp_metadata_off_thread, AssertionConsumer, SpMetadata,
    MAX_METADATA_BYTES,
};
pub use settings::{
    apply_edit, fields_of, strip_private_key, without_private_key, SsoEdit, SsoEditError, SsoField,
    SsoFieldKind, SsoValue,
};
