//! Applying a stored application (a version from history, a snapshot's file) onto the one
//! JumpCloud holds now, keeping what JumpCloud owns: the result is what a restore or an applied
//! snapshot asks the edit engine to save.
//!
//! What JumpCloud owns is never taken from a stored copy: the ids and the organisation, the IdP
//! certificate and private key (sending an old certificate, or any key, would replace the pair
//! the service provider trusts now), the IdP entity ID and SSO URL, and the certificate's dates.
//! The current copy's values stay; where the current copy has none, the field is left out.

use serde_json::{Map, Value};

use crate::sso::{idp_certificate_fingerprint, strip_private_key};

/// The fields JumpCloud owns, by path.
pub const OWNED: &[&[&str]] = &[
    &["_id"],
    &["id"],
    &["organization"],
    &["created"],
    &["ssoUrl"],
    &["config", "idpCertificate"],
    &["config", "idpPrivateKey"],
    &["config", "idpEntityId"],
    &["sso", "idpCertExpirationAt"],
    &["sso", "idpCertificateUpdatedAt"],
    &["sso", "idpPrivateKeyUpdatedAt"],
];

fn get<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(*key))
}

/// Sets (or with `None` removes) `path` in `value`, making the objects on the way when needed.
fn set(value: &mut Value, path: &[&str], new: Option<&Value>) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = value;
    for key in parents {
        let Some(obj) = at.as_object_mut() else {
            return;
        };
        if new.is_none() && !obj.contains_key(*key) {
            return;
        }
        at = obj
            .entry((*key).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if let Some(obj) = at.as_object_mut() {
        match new {
            Some(v) => {
                obj.insert((*last).to_owned(), v.clone());
            }
            None => {
                obj.shift_remove(*last);
            }
        }
    }
}

/// `stored` made ready to save onto `current`: every field as stored, except what JumpCloud
/// owns, which is `current`'s; never a private key.
pub fn apply_stored(current: &Value, stored: &Value) -> Value {
    let mut target = stored.clone();
    for path in OWNED {
        set(&mut target, path, get(current, path));
    }
    strip_private_key(&mut target);
    target
}

/// `app` without what JumpCloud owns: what "equal apart from what JumpCloud owns" compares.
pub fn without_owned(app: &Value) -> Value {
    let mut out = app.clone();
    for path in OWNED {
        set(&mut out, path, None);
    }
    strip_private_key(&mut out);
    out
}

/// Whether the IdP certificate of `current` is another than the one `stored` had.
pub fn certificate_changed(current: &Value, stored: &Value) -> bool {
    idp_certificate_fingerprint(current) != idp_certificate_fingerprint(stored)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    /// An application-shaped object: some top-level fields, a `config` of labelled entries and
    /// its `sso` block, with any of JumpCloud's own fields present or not.
    fn application() -> impl Strategy<Value = Value> {
        let text = "[a-z]{0,6}";
        (
            proptest::collection::btree_map("[a-z]{1,5}", text, 0..5),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("idpCertificate".to_owned()),
                    Just("idpPrivateKey".to_owned()),
                    Just("idpEntityId".to_owned()),
                    "[a-z]{1,5}"
                ],
                text,
                0..6,
            ),
            proptest::option::of(text),
            proptest::option::of(text),
        )
            .prop_map(|(top, config, sso_url, expires)| {
                let mut app = json!({"_id": "a1"});
                for (k, v) in top {
                    app[k] = json!(v);
                }
                app["config"] = json!({});
                for (k, v) in config {
                    app["config"][k] = json!({"label": "L", "value": v});
                }
                if let Some(u) = sso_url {
                    app["ssoUrl"] = json!(u);
                }
                // Every application has its `sso` block; JumpCloud's dates may be in it.
                app["sso"] = json!({"type": "saml"});
                if let Some(e) = expires {
                    app["sso"]["idpCertExpirationAt"] = json!(e);
                }
                app
            })
    }

    proptest! {
        /// Restore N then compare with N: nothing differs but what JumpCloud owns, which is the
        /// current copy's, and no private key is ever in what a restore sends.
        #[test]
        fn a_restored_copy_is_the_stored_one_apart_from_what_jumpcloud_owns(
            current in application(),
            stored in application(),
        ) {
            let target = apply_stored(&current, &stored);
            prop_assert_eq!(without_owned(&target), without_owned(&stored));
            for path in OWNED.iter().filter(|p| !p.iter().any(|k| k.ends_with("PrivateKey"))) {
                prop_assert_eq!(get(&target, path), get(&current, path), "{:?}", path);
            }
            prop_assert!(get(&target, &["config", "idpPrivateKey"]).is_none());
        }
    }

    #[test]
    fn what_jumpcloud_owns_stays_and_the_rest_is_the_stored_copy() {
        let current = json!({"_id": "a1", "displayLabel": "Now", "ssoUrl": "https://sso/now",
            "config": {"idpCertificate": {"value": "NEW"}, "idpPrivateKey": {"value": "KEY"},
                       "spEntityId": {"value": "now"}}});
        let stored = json!({"_id": "a1", "displayLabel": "Then", "ssoUrl": "https://sso/then",
            "config": {"idpCertificate": {"value": "OLD"}, "spEntityId": {"value": "then"},
                       "idpPrivateKey": {"value": "OLD KEY"}}});
        let target = apply_stored(&current, &stored);
        assert_eq!(target["displayLabel"], "Then");
        assert_eq!(target["config"]["spEntityId"]["value"], "then");
        assert_eq!(
            target["ssoUrl"], "https://sso/now",
            "the SSO URL is JumpCloud's"
        );
        assert_eq!(target["config"]["idpCertificate"]["value"], "NEW");
        assert!(
            !target.to_string().contains("KEY"),
            "no private key is ever sent from history: {target}"
        );
        assert_eq!(without_owned(&target), without_owned(&stored));
    }
}
