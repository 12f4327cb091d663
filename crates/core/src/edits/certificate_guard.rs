//! What keeps a save from costing the admin the IdP certificate (#22). JumpCloud's `PUT` of an
//! application whose IdP private key it was not sent makes it issue a new key pair and
//! certificate, and sign-in breaks until the service provider has the new metadata. So:
//!
//! - before any `PUT` of an application that has an IdP certificate, the fresh copy (the `GET`
//!   right before it) must hold a usable private key ([`refusal`]); else nothing is written;
//! - after every `PUT`, the certificate of the copy before and of the read-back are compared
//!   ([`change_of`]); a change is returned with the save and recorded, never silent.

use serde::Serialize;
use serde_json::Value;

use crate::sso::{idp_certificate_fingerprint, lacks_usable_private_key};

/// Why a save of an application whose private key JumpCloud did not return is refused.
pub const MASKED_KEY_REFUSAL: &str = "JumpCloud did not return this application's IdP private key \
(masked or absent); saving would make JumpCloud issue a new certificate and break sign-in until \
the service provider has it. Nothing was saved. Edit this application in the JumpCloud console, \
or ask JumpCloud support why the API masks its private key.";

/// JumpCloud issued another IdP certificate during a save: the service provider needs the new
/// metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CertificateChange {
    pub before_fingerprint: Option<String>,
    pub after_fingerprint: Option<String>,
    /// `sso.idpCertExpirationAt` of the read-back.
    pub expires: Option<String>,
}

impl CertificateChange {
    /// The change log's line.
    pub fn detail(&self) -> String {
        format!(
            "JumpCloud issued a new IdP certificate (SHA-256 {} -> {}, expires {}): the service provider needs the new metadata",
            self.before_fingerprint.as_deref().unwrap_or("none"),
            self.after_fingerprint.as_deref().unwrap_or("none"),
            self.expires.as_deref().unwrap_or("unknown"),
        )
    }
}

fn expiration(application: &Value) -> Option<&str> {
    application
        .pointer("/sso/idpCertExpirationAt")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// Whether `application` has an IdP certificate (an expiry date, or a certificate entry).
fn has_idp_certificate(application: &Value) -> bool {
    expiration(application).is_some()
        || application
            .pointer("/config/idpCertificate/value")
            .and_then(Value::as_str)
            .is_some_and(|s| !s.trim().is_empty())
}

/// Why `fresh` must not be written back, if it must not.
pub fn refusal(fresh: &Value) -> Option<&'static str> {
    (has_idp_certificate(fresh) && lacks_usable_private_key(fresh)).then_some(MASKED_KEY_REFUSAL)
}

/// The IdP certificate change between `before` and `after` a write, if any.
pub fn change_of(before: &Value, after: &Value) -> Option<CertificateChange> {
    let (fp_before, fp_after) = (
        idp_certificate_fingerprint(before),
        idp_certificate_fingerprint(after),
    );
    if fp_before == fp_after && expiration(before) == expiration(after) {
        return None;
    }
    Some(CertificateChange {
        before_fingerprint: fp_before,
        after_fingerprint: fp_after,
        expires: expiration(after).map(str::to_owned),
    })
}
