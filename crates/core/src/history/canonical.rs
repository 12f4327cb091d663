//! The content address of a version: SHA-256 of a canonical serialisation (object keys sorted at
//! every depth, no whitespace), so the same application read twice, whatever order JumpCloud
//! sent its keys in, is one version, and any change of a value is another. The canonical form of
//! `{"b": 1, "a": "x"}` is the text `{"a":"x","b":1}`.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::sso::private_key::is_private_key_name;

/// `value` seen with the keys of every object sorted and, when `strip` is set, without any entry
/// named like a private key: what gets hashed, serialised straight into the hasher. No copy of
/// the value is made (a refresh hashes every application of the organisation).
struct Canonical<'a> {
    value: &'a Value,
    strip: bool,
}

impl Serialize for Canonical<'_> {
    fn serialize<S: Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
        let strip = self.strip;
        match self.value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map
                    .keys()
                    .filter(|k| !(strip && is_private_key_name(k)))
                    .collect();
                keys.sort();
                let mut entries = out.serialize_map(Some(keys.len()))?;
                for key in keys {
                    let value = &map[key];
                    entries.serialize_entry(key, &Canonical { value, strip })?;
                }
                entries.end()
            }
            Value::Array(items) => {
                out.collect_seq(items.iter().map(|value| Canonical { value, strip }))
            }
            other => other.serialize(out),
        }
    }
}

/// Feeds what serde_json writes to the hasher.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn hash_of(value: &Value, strip: bool) -> String {
    let mut out = HashWriter(Sha256::new());
    // Writing to the hasher cannot fail, and every `Value` serialises.
    let _ = serde_json::to_writer(&mut out, &Canonical { value, strip });
    out.0
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The lowercase hex SHA-256 of `value`'s canonical serialisation (object keys sorted at every
/// depth, no whitespace).
pub fn content_hash(value: &Value) -> String {
    hash_of(value, false)
}

/// The address `value` has in the history: [`content_hash`] of `value` without its private keys
/// (`without_private_key`), computed without copying or stripping it.
pub fn stored_hash(value: &Value) -> String {
    hash_of(value, true)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{json, Map};

    use super::*;

    #[test]
    fn key_order_does_not_matter_and_a_value_does() {
        let a = json!({"b": 1, "a": {"y": [1, {"q": 2, "p": 3}], "x": null}});
        let b = json!({"a": {"x": null, "y": [1, {"p": 3, "q": 2}]}, "b": 1});
        assert_eq!(content_hash(&a), content_hash(&b));
        let c = json!({"a": {"x": null, "y": [1, {"p": 3, "q": 2}]}, "b": 2});
        assert_ne!(content_hash(&a), content_hash(&c));
        assert_eq!(content_hash(&a).len(), 64);
    }

    /// The address of a copy is the address of the copy stripped of its private keys, which is
    /// what the store keeps: found without copying must agree with found after stripping.
    #[test]
    fn the_stored_address_is_that_of_the_stripped_copy() {
        let app = json!({
            "_id": "a1", "b": [1, {"privateKey": "x", "z": 2}],
            "config": {"idpPrivateKey": {"value": "-----BEGIN PRIVATE KEY-----"}, "acsUrl": {"value": "u"}},
        });
        let stripped = crate::sso::without_private_key(app.clone());
        assert_eq!(stored_hash(&app), content_hash(&stripped));
        assert_ne!(
            content_hash(&app),
            content_hash(&stripped),
            "the key was in the address"
        );
        // The known address of a small object, so the serialisation never drifts from the one
        // the versions already kept were named by.
        assert_eq!(
            content_hash(&json!({"b": 1, "a": "x"})),
            "cdab067e9f3beb32d1252cfd63e492592fecbf591b0d08cadb24bb17f3864246"
        );
    }

    proptest! {
        /// Reversing the key order of an object never changes its address.
        #[test]
        fn the_address_ignores_key_order(pairs in proptest::collection::btree_map("[a-z]{1,6}", 0i64..100, 0..12)) {
            let forward: Map<String, Value> = pairs.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
            let backward: Map<String, Value> = pairs.iter().rev().map(|(k, v)| (k.clone(), json!(v))).collect();
            prop_assert_eq!(content_hash(&Value::Object(forward)), content_hash(&Value::Object(backward)));
        }
    }
}
