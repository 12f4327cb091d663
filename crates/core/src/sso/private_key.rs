//! The IdP private key: never kept, shown or returned by SSO Desk, and never lost on the server.
//!
//! Promises:
//! - [`strip_private_key`] removes every key named like a private key (`idpPrivateKey`,
//!   `privateKey`, `IdP_Private_Key`, …) at any depth of a document, whatever its value: a string,
//!   an object, a list. It fails closed: what looks like a private key goes, not only the one
//!   shape SSO Desk expects. Every copy SSO Desk keeps or returns goes through it.
//! - [`private_key_state`] says whether a *fresh* copy from JumpCloud holds a usable key. A save
//!   merges the admin's edits onto that copy and sends it whole; if JumpCloud served the key
//!   masked (`"********"`) or not at all, that PUT would send no key and JumpCloud would issue a
//!   new pair, breaking sign-in until the service provider has the new certificate
//!   (wire-evidence.md: unverified, and dangerous if wrong). The caller refuses such a save.

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The config key of the IdP private key.
pub const PRIVATE_KEY: &str = "idpPrivateKey";

/// Whether `key` names a private key: ignoring case and anything but letters and digits, it ends
/// in "privatekey" (`idpPrivateKey`, `privateKey`, `idp_private_key`, `spPrivateKey`). Names that
/// only mention one (`idpPrivateKeyUpdatedAt`, a date) are not keys.
pub fn is_private_key_name(key: &str) -> bool {
    let folded: String = key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    folded.ends_with("privatekey")
}

/// Removes every key named like a private key from `document`, at any depth, whatever its value.
/// A save merges the admin's changes onto the server's fresh copy, so a copy without the key
/// never removes it on the server: an untouched key stays as JumpCloud holds it.
pub fn strip_private_key(document: &mut Value) {
    match document {
        Value::Object(map) => {
            map.retain(|k, _| !is_private_key_name(k));
            map.values_mut().for_each(strip_private_key);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_private_key),
        _ => {}
    }
}

/// [`strip_private_key`] on an owned value.
pub fn without_private_key(mut document: Value) -> Value {
    strip_private_key(&mut document);
    document
}

/// What a fresh copy of an application holds as its IdP private key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PrivateKeyState {
    /// A private key: PEM (`-----BEGIN … PRIVATE KEY-----`), base64 of such PEM, or base64 DER.
    Present,
    /// No `idpPrivateKey` entry, or one without a value (or `null`).
    Absent,
    /// An empty or blank value.
    Empty,
    /// A value that is not a key: asterisks, a placeholder, anything else.
    Masked,
}

/// Whether `text` is a private key in one of the encodings certificates come in.
fn looks_like_key(text: &str) -> bool {
    let t = text.trim();
    let is_pem = |t: &str| t.starts_with("-----BEGIN") && t.contains("PRIVATE KEY-----");
    if is_pem(t) {
        return true;
    }
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) else {
        return false;
    };
    match std::str::from_utf8(&bytes) {
        Ok(inner) if is_pem(inner.trim()) => true,
        // DER: a SEQUENCE, long enough to hold a key (an Ed25519 PKCS#8 key is 48 bytes).
        _ => bytes.first() == Some(&0x30) && bytes.len() >= 48,
    }
}

/// The state of `application`'s `config.idpPrivateKey` (a fresh copy, before any stripping).
pub fn private_key_state(application: &Value) -> PrivateKeyState {
    let Some(entry) = application.get("config").and_then(|c| c.get(PRIVATE_KEY)) else {
        return PrivateKeyState::Absent;
    };
    let value = match entry {
        Value::Object(map) => map.get("value"),
        other => Some(other),
    };
    match value {
        None | Some(Value::Null) => PrivateKeyState::Absent,
        Some(Value::String(s)) if s.trim().is_empty() => PrivateKeyState::Empty,
        Some(Value::String(s)) if looks_like_key(s) => PrivateKeyState::Present,
        Some(_) => PrivateKeyState::Masked,
    }
}

/// Whether a fresh copy lacks a usable IdP private key (absent, empty or masked): a full-object
/// PUT of it would make JumpCloud issue a new key pair. A save of a SAML application refuses then.
pub fn lacks_usable_private_key(application: &Value) -> bool {
    private_key_state(application) != PrivateKeyState::Present
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PEM: &str = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";

    #[test]
    fn every_key_named_like_the_private_key_goes_at_any_depth_whatever_its_value() {
        let app = json!({
            "config": {
                "idpPrivateKey": {"label": "IdP Private Key", "value": "SECRET-1"},
                "acsUrl": {"value": "https://sp.example.com/acs"},
                "nested": {"deeper": [{"privateKey": "SECRET-2"}, {"IdP_Private_Key": {"pem": "SECRET-3"}}]},
            },
            "idpPrivateKey": "SECRET-4",
            "spPrivateKey": ["SECRET-5"],
            "sso": {"idpPrivateKeyUpdatedAt": "2026-01-01T00:00:00.000Z"},
        });
        let stripped = without_private_key(app);
        let text = stripped.to_string();
        assert!(!text.contains("SECRET"), "{text}");
        assert_eq!(
            stripped["config"]["acsUrl"]["value"],
            "https://sp.example.com/acs"
        );
        assert_eq!(
            stripped["sso"]["idpPrivateKeyUpdatedAt"], "2026-01-01T00:00:00.000Z",
            "a date about the key is not the key"
        );
        assert!(stripped["config"].get("idpPrivateKey").is_none());
        // A string at the usual place (not an object): removed too; it used to be kept.
        let mut flat = json!({"config": {"idpPrivateKey": "SECRET-6"}});
        strip_private_key(&mut flat);
        assert_eq!(flat, json!({"config": {}}));
    }

    #[test]
    fn names_like_a_private_key() {
        for yes in [
            "idpPrivateKey",
            "privateKey",
            "idp_private_key",
            "IDP-PRIVATE-KEY",
            "spPrivateKey",
        ] {
            assert!(is_private_key_name(yes), "{yes}");
        }
        for no in [
            "idpPrivateKeyUpdatedAt",
            "idpCertificate",
            "private",
            "keyPrivate",
        ] {
            assert!(!is_private_key_name(no), "{no}");
        }
    }

    #[test]
    fn a_fresh_copy_without_a_usable_key_is_recognised() {
        let with = |value: Value| json!({"config": {"idpPrivateKey": {"label": "IdP Private Key", "value": value}}});
        assert_eq!(
            private_key_state(&with(json!(PEM))),
            PrivateKeyState::Present
        );
        let b64 = base64::engine::general_purpose::STANDARD.encode(PEM);
        assert_eq!(
            private_key_state(&with(json!(b64))),
            PrivateKeyState::Present
        );
        let der = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgAAAAAAAAAAAAAAAA";
        assert_eq!(
            private_key_state(&with(json!(der))),
            PrivateKeyState::Present
        );
        assert_eq!(
            private_key_state(&with(json!("********"))),
            PrivateKeyState::Masked
        );
        assert_eq!(
            private_key_state(&with(json!("REDACTED"))),
            PrivateKeyState::Masked
        );
        assert_eq!(
            private_key_state(&with(json!({"masked": true}))),
            PrivateKeyState::Masked
        );
        assert_eq!(
            private_key_state(&with(json!("  "))),
            PrivateKeyState::Empty
        );
        assert_eq!(
            private_key_state(&with(Value::Null)),
            PrivateKeyState::Absent
        );
        assert_eq!(
            private_key_state(&json!({"config": {"idpPrivateKey": {"label": "IdP Private Key"}}})),
            PrivateKeyState::Absent
        );
        assert_eq!(
            private_key_state(&json!({"config": {}})),
            PrivateKeyState::Absent
        );
        assert!(lacks_usable_private_key(&with(json!("********"))));
        assert!(!lacks_usable_private_key(&with(json!(PEM))));
    }
}
