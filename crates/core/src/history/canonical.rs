//! The content address of a version: SHA-256 of a canonical serialisation (object keys sorted at
//! every depth, no whitespace), so the same application read twice, whatever order JumpCloud
//! sent its keys in, is one version, and any change of a value is another.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// `value` with the keys of every object sorted.
pub fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut sorted = Map::with_capacity(map.len());
            for key in keys {
                sorted.insert(key.clone(), canonical(&map[key]));
            }
            Value::Object(sorted)
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// The lowercase hex SHA-256 of `value`'s canonical serialisation.
pub fn content_hash(value: &Value) -> String {
    let bytes = serde_json::to_vec(&canonical(value)).unwrap_or_default();
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

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
