//! A stored copy of an application (a version from history, a file of a snapshot) applied onto the
//! application as JumpCloud holds it now: the edited object a restore or an applied snapshot hands
//! to the one save ([`super::save`]), never a copy of the save itself.
//!
//! What it promises ([`onto_current`]):
//! - The stored copy's content wins, field by field, at any depth of objects; a list is taken
//!   whole (ACS URLs, attribute rows: their order is their meaning).
//! - What JumpCloud owns stays as JumpCloud holds it now, whatever the stored copy says
//!   ([`OWNED`]): the ids, the organisation, the creation date, the connector an application was
//!   made from, the SSO URL (the IdP URL is fixed at creation: wire-evidence.md, "SAML
//!   configuration notes"), the IdP certificate and the dates JumpCloud keeps about its
//!   certificates (v1 spec: `sso.idp*UpdatedAt` are `readOnly`), and every private key at any
//!   depth. A certificate from a stored copy is never sent: if it differs from today's, JumpCloud
//!   keeps today's, and [`certificate_changed`] says so, so the admin learns that the service
//!   provider has the current one, not the stored one.
//! - A field the stored copy lacks is kept as JumpCloud holds it now: JumpCloud may have added it
//!   since the copy was taken, and `PUT` replaces the whole object, so leaving it out would reset
//!   it (never send fewer fields than JumpCloud gave).
//! - Nothing secret comes from the stored copy: it is stripped of private keys before use (stored
//!   copies never hold one; this is the second lock on that door).
//!
//! Saving `onto_current(current, stored)` with `current` as the base therefore changes exactly
//! what differs in the fields the admin owns, and nothing JumpCloud owns.

use serde_json::{Map, Value};

use super::certificate_guard::{change_of, CertificateChange};
use crate::sso::private_key::is_private_key_name;
use crate::sso::without_private_key;

/// The fields JumpCloud owns, as JSON pointers: kept from the current copy (or left out when it
/// has none), never taken from a stored copy. Private keys (any depth) are owned too, see the
/// module notes.
pub const OWNED: &[&str] = &[
    // Identity and tenancy (the sandbox's `SERVER_FIELDS`; a PUT cannot change them).
    "/_id",
    "/id",
    "/organization",
    "/created",
    // The connector the application was made from, fixed at creation.
    "/name",
    "/parentApp",
    // The IdP URL, issued by JumpCloud at creation.
    "/ssoUrl",
    // The IdP certificate, issued by JumpCloud (or uploaded with its key, as a pair).
    "/config/idpCertificate",
    // What JumpCloud records about its certificates.
    "/sso/idpCertExpirationAt",
    "/sso/idpCertificateUpdatedAt",
    "/sso/idpPrivateKeyUpdatedAt",
    "/sso/spCertificateUpdatedAt",
];

/// The edited object that makes JumpCloud's `current` copy hold `stored`'s content, except what
/// JumpCloud owns (see the module notes). `current` may hold the private key (a fresh read) or
/// not; whichever it holds is kept.
pub fn onto_current(current: &Value, stored: &Value) -> Value {
    let mut target = current.clone();
    overlay(&mut target, &without_private_key(stored.clone()));
    for pointer in OWNED {
        match current.pointer(pointer) {
            Some(value) => set(&mut target, pointer, value.clone()),
            None => remove(&mut target, pointer),
        }
    }
    // The stored copy has no private key, so `overlay` leaves the current ones in place, unless
    // it replaced a whole object around one (a stored copy of another shape): put them back.
    for (parent, key, value) in private_keys(current) {
        if let Some(Value::Object(map)) = target.pointer_mut(&parent) {
            map.insert(key, value);
        }
    }
    target
}

/// The IdP certificate change from `stored` to `current`, if they hold different certificates: a
/// restore or an applied snapshot keeps today's certificate, and the admin is told.
pub fn certificate_changed(stored: &Value, current: &Value) -> Option<CertificateChange> {
    change_of(stored, current)
}

/// Whether the IdP certificate of two copies differs.
pub fn certificate_differs(a: &Value, b: &Value) -> bool {
    certificate_changed(a, b).is_some()
}

/// The stored copy's content without what JumpCloud owns and without any private key: what a
/// recreate sends as a new application's content, and what a comparison of two copies looks at.
pub fn without_owned(stored: &Value) -> Value {
    let mut out = without_private_key(stored.clone());
    for pointer in OWNED {
        remove(&mut out, pointer);
    }
    out
}

/// Writes `stored` onto `target`: objects key by key, at any depth; anything else whole.
fn overlay(target: &mut Value, stored: &Value) {
    match (target, stored) {
        (Value::Object(t), Value::Object(s)) => {
            for (key, value) in s {
                match t.get_mut(key) {
                    Some(existing) => overlay(existing, value),
                    None => {
                        t.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (t, s) => *t = s.clone(),
    }
}

fn split(pointer: &str) -> Option<(&str, &str)> {
    pointer.rsplit_once('/')
}

/// Sets `pointer` in `doc`, making the parent objects it needs (and keeping key order).
fn set(doc: &mut Value, pointer: &str, value: Value) {
    let Some((parent, key)) = split(pointer) else {
        return;
    };
    let mut here = doc;
    for segment in parent.split('/').skip(1) {
        let Some(map) = object(here) else { return };
        here = map
            .entry(segment.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if let Some(map) = object(here) {
        map.insert(key.to_owned(), value);
    }
}

/// Removes `pointer` from `doc`, if it is there (keeping the order of the rest).
fn remove(doc: &mut Value, pointer: &str) {
    let Some((parent, key)) = split(pointer) else {
        return;
    };
    let parent = if parent.is_empty() {
        Some(doc)
    } else {
        doc.pointer_mut(parent)
    };
    if let Some(Value::Object(map)) = parent {
        map.shift_remove(key);
    }
}

fn object(value: &mut Value) -> Option<&mut Map<String, Value>> {
    if !value.is_object() {
        *value = Value::Object(Map::new());
    }
    value.as_object_mut()
}

/// Every private key of `doc`: the JSON pointer of its parent, its key and its value.
fn private_keys(doc: &Value) -> Vec<(String, String, Value)> {
    fn walk(doc: &Value, path: &str, out: &mut Vec<(String, String, Value)>) {
        match doc {
            Value::Object(map) => {
                for (k, v) in map {
                    if is_private_key_name(k) {
                        out.push((path.to_owned(), k.clone(), v.clone()));
                    } else {
                        let escaped = k.replace('~', "~0").replace('/', "~1");
                        walk(v, &format!("{path}/{escaped}"), out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{path}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, "", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CERT_NOW: &str = "-----BEGIN CERTIFICATE-----\nNOW\n-----END CERTIFICATE-----";
    const CERT_THEN: &str = "-----BEGIN CERTIFICATE-----\nTHEN\n-----END CERTIFICATE-----";

    fn current() -> Value {
        json!({
            "_id": "app-1", "id": "app-1", "organization": "org-1", "created": "2026-01-01T00:00:00.000Z",
            "name": "zoom", "parentApp": "tpl-zoom", "active": true, "displayLabel": "Zoom (now)",
            "ssoUrl": "https://sso.jumpcloud.com/saml2/zoom-now",
            "config": {
                "acsUrl": {"label": "ACS URL", "value": "https://now.example.com/acs"},
                "idpCertificate": {"label": "IdP Certificate", "value": CERT_NOW},
                "idpPrivateKey": {"label": "IdP Private Key", "value": "KEY-NOW"},
                "databaseAttributes": {"value": [{"name": "email", "value": "email"}]},
                "addedLater": {"value": "kept"}
            },
            "sso": {"type": "saml", "jit": false, "idpCertExpirationAt": "2031-01-01T00:00:00.000Z"},
            "x-new-field": {"kept": true}
        })
    }

    fn stored() -> Value {
        json!({
            "_id": "app-OLD", "id": "app-OLD", "organization": "org-OTHER", "created": "2020-01-01T00:00:00.000Z",
            "name": "slack", "parentApp": "tpl-slack", "active": false, "displayLabel": "Zoom (then)",
            "ssoUrl": "https://sso.jumpcloud.com/saml2/zoom-then",
            "config": {
                "acsUrl": {"label": "ACS URL", "value": "https://then.example.com/acs"},
                "idpCertificate": {"label": "IdP Certificate", "value": CERT_THEN},
                "idpPrivateKey": {"label": "IdP Private Key", "value": "KEY-FROM-A-STORED-COPY"},
                "databaseAttributes": {"value": [{"name": "mail", "value": "email"}, {"name": "uid", "value": "username"}]}
            },
            "sso": {"type": "saml", "jit": true, "idpCertExpirationAt": "2029-01-01T00:00:00.000Z"}
        })
    }

    #[test]
    fn the_stored_content_wins_except_what_jumpcloud_owns() {
        let target = onto_current(&current(), &stored());
        assert_eq!(target["displayLabel"], "Zoom (then)");
        assert_eq!(target["active"], false);
        assert_eq!(
            target["config"]["acsUrl"]["value"],
            "https://then.example.com/acs"
        );
        assert_eq!(target["sso"]["jit"], true);
        assert_eq!(
            target["config"]["databaseAttributes"]["value"],
            stored()["config"]["databaseAttributes"]["value"],
            "a list is taken whole"
        );
        for owned in [
            "/_id",
            "/id",
            "/organization",
            "/created",
            "/name",
            "/parentApp",
            "/ssoUrl",
            "/config/idpCertificate",
            "/sso/idpCertExpirationAt",
        ] {
            assert_eq!(
                target.pointer(owned),
                current().pointer(owned),
                "{owned} is JumpCloud's: kept as it is now"
            );
        }
    }

    #[test]
    fn no_private_key_comes_from_a_stored_copy_and_the_current_one_stays() {
        let target = onto_current(&current(), &stored());
        assert_eq!(target["config"]["idpPrivateKey"]["value"], "KEY-NOW");
        assert!(!target.to_string().contains("KEY-FROM-A-STORED-COPY"));
        // A current copy read without its key (as stored copies are): none appears.
        let bare = without_private_key(current());
        let target = onto_current(&bare, &stored());
        assert!(target["config"].get("idpPrivateKey").is_none());
    }

    #[test]
    fn a_stored_copy_of_another_shape_does_not_take_the_current_key_away() {
        let mut odd = stored();
        odd["config"] = json!({"acsUrl": "not an entry"});
        odd["config"]["idpPrivateKey"] = json!("KEY-FROM-A-STORED-COPY");
        let target = onto_current(&current(), &odd);
        assert_eq!(target["config"]["idpPrivateKey"]["value"], "KEY-NOW");
        assert_eq!(target["config"]["acsUrl"], "not an entry");
        let mut flat = current();
        flat["nested"] = json!([{"privateKey": "NESTED-KEY", "x": 1}]);
        let mut other = stored();
        other["nested"] = json!([{"x": 2}]);
        let target = onto_current(&flat, &other);
        assert_eq!(
            target["nested"],
            json!([{"x": 2, "privateKey": "NESTED-KEY"}])
        );
    }

    #[test]
    fn fields_the_stored_copy_lacks_are_kept_so_nothing_is_reset() {
        let target = onto_current(&current(), &stored());
        assert_eq!(target["x-new-field"], json!({"kept": true}));
        assert_eq!(target["config"]["addedLater"]["value"], "kept");
    }

    #[test]
    fn an_owned_field_the_current_copy_lacks_is_not_taken_from_the_stored_one() {
        let mut now = current();
        now.as_object_mut().unwrap().shift_remove("ssoUrl");
        let target = onto_current(&now, &stored());
        assert!(target.get("ssoUrl").is_none());
    }

    #[test]
    fn the_current_copy_applied_onto_itself_changes_nothing() {
        let now = current();
        assert_eq!(onto_current(&now, &now), now);
        assert_eq!(onto_current(&now, &without_private_key(now.clone())), now);
    }

    #[test]
    fn a_different_certificate_is_said() {
        assert!(certificate_differs(&stored(), &current()));
        assert!(!certificate_differs(&current(), &current()));
        let change = certificate_changed(&stored(), &current()).expect("a change");
        assert_eq!(
            change.expires.as_deref(),
            Some("2031-01-01T00:00:00.000Z"),
            "the certificate JumpCloud keeps is today's"
        );
    }

    #[test]
    fn without_owned_leaves_the_admins_content_only() {
        let content = without_owned(&stored());
        for owned in OWNED {
            assert!(content.pointer(owned).is_none(), "{owned}");
        }
        assert!(!content.to_string().contains("KEY-FROM-A-STORED-COPY"));
        assert_eq!(content["displayLabel"], "Zoom (then)");
        assert_eq!(content["sso"]["jit"], true);
    }
}
