//! Single sign-on settings of SAML applications: the fields of an application's `config` with a
//! check next to each ([`settings`], built on [`kinds`] and [`checks`]), several ACS URLs in one
//! field ([`acs`]), X.509 certificates and their expiry ([`certificate`]), service-provider
//! metadata ([`metadata`]) and what its import changes ([`import`]), and the Single sign-on tab's
//! kind of draft for the edit engine ([`draft`]). The desk's `sso` and `certificates` use cases
//! build on these.
//!
//! One rule runs through all of it: the IdP private key (`config.idpPrivateKey.value`) is never
//! kept, shown or returned. Every copy SSO Desk keeps goes through
//! [`private_key::strip_private_key`]; saves merge onto the server's fresh copy, which keeps the
//! key, and [`private_key::lacks_usable_private_key`] tells when that copy holds none.

pub mod acs;
pub mod certificate;
pub mod checks;
pub mod draft;
pub mod idp_metadata;
pub mod import;
pub mod kinds;
pub mod metadata;
pub mod private_key;
pub mod settings;

pub use acs::{add_acs_url, remove_acs_url, set_default_acs_url, AcsUrl};
pub use certificate::{
    certificate_value_like, fingerprint_sha256, idp_certificate_fingerprint, parse_certificate,
    CertificateEncoding, CertificateHealth, CertificateInfo, ExpiryBand,
};
pub use import::{metadata_edits, MetadataEdits};
pub use metadata::{
    parse_sp_metadata, parse_sp_metadata_off_thread, AssertionConsumer, SpMetadata,
    MAX_METADATA_BYTES,
};
pub use private_key::{lacks_usable_private_key, private_key_state, PrivateKeyState};
pub use settings::{
    apply_edit, draft_checks, fields_of, fields_of_draft, strip_private_key, without_private_key,
    SsoChecks, SsoEdit, SsoEditError, SsoField, SsoFieldIssue, SsoFieldKind, SsoValue,
};
