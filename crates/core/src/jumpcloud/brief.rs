//! An application list read for a view that shows a few fields of each: the certificates (of one
//! organisation or of all of them) and an organisation's row. Only those fields are kept while
//! the page is decoded; the rest of each object (the connector's form, its keys, its logo) is
//! skipped without being allocated. Decoding every field of a hundred organisations' lists was
//! most of the time the client spent on them.
//!
//! Promises: a brief holds exactly what the complete object holds under the kept names (and
//! `config` holds only the kept entries), so every read accessor of [`Application`] answers on a
//! brief as on the complete object; a `config` that is not an object reads as absent, as
//! [`Application::config`] reads it. A brief is never the base of a write: it lacks fields a PUT
//! would reset, so it gives out a borrowed [`Application`] only.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::models::Application;
use super::paging::Keyed;

/// Top-level fields a brief keeps whole.
const KEPT: &[&str] = &["_id", "name", "displayLabel", "active", "sso"];
/// The object of which a brief keeps only some entries, and those entries.
const CONFIG: (&str, &[&str]) = ("config", &["idpCertificate"]);

/// An application with only what a read-only view of it needs (see the module notes).
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationBrief(Application);

impl std::ops::Deref for ApplicationBrief {
    type Target = Application;
    fn deref(&self) -> &Application {
        &self.0
    }
}

impl std::borrow::Borrow<Application> for ApplicationBrief {
    fn borrow(&self) -> &Application {
        &self.0
    }
}

impl Keyed for ApplicationBrief {
    fn key(&self) -> Option<&str> {
        self.0.id()
    }
}

impl<'de> Deserialize<'de> for ApplicationBrief {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let object = d.deserialize_map(Keep {
            names: KEPT,
            nested: Some(CONFIG),
        })?;
        Application::from_json(Value::Object(object))
            .map(ApplicationBrief)
            .ok_or_else(|| serde::de::Error::custom("an application is an object"))
    }
}

/// An object's entries named in `names` (whole) and `nested` (filtered the same way).
#[derive(Clone, Copy)]
struct Keep {
    names: &'static [&'static str],
    nested: Option<(&'static str, &'static [&'static str])>,
}

enum Key {
    Whole(String),
    Nested(String, &'static [&'static str]),
    Skip,
}

/// Names a key of a [`Keep`]'s object without allocating for the ones skipped.
struct KeyOf(Keep);

impl<'de> DeserializeSeed<'de> for KeyOf {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyOf {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match self.0.nested {
            Some((name, inner)) if name == v => Key::Nested(v.to_owned(), inner),
            _ if self.0.names.contains(&v) => Key::Whole(v.to_owned()),
            _ => Key::Skip,
        })
    }
}

impl<'de> Visitor<'de> for Keep {
    type Value = Map<String, Value>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(KeyOf(self))? {
            match key {
                Key::Whole(k) => {
                    out.insert(k, map.next_value::<Value>()?);
                }
                Key::Nested(k, names) => {
                    let inner = map.next_value_seed(Nested(names))?;
                    out.insert(k, inner);
                }
                Key::Skip => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

/// A nested object filtered to `names`; anything that is not an object is skipped and reads as
/// `null` (absent to every accessor).
struct Nested(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Nested {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Nested {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        let keep = Keep {
            names: self.0,
            nested: None,
        };
        keep.visit_map(map).map(Value::Object)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_str<E>(self, _: &str) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn brief(v: Value) -> ApplicationBrief {
        serde_json::from_value(v).expect("a brief")
    }

    #[test]
    fn a_brief_keeps_the_named_fields_and_the_idp_certificate_only() {
        let full = json!({
            "_id": "a1", "name": "slack", "displayLabel": "Slack", "active": false,
            "sso": {"type": "saml", "jit": true, "idpCertExpirationAt": "2030-01-01T00:00:00Z"},
            "config": {
                "idpCertificate": {"type": "file", "value": "PEM"},
                "idpPrivateKey": {"type": "file", "value": "KEY"},
                "acsUrl": {"value": "https://sp.example/acs"}
            },
            "logo": {"url": "https://x/l.png"}, "learnMore": "https://x", "beta": false
        });
        let b = brief(full.clone());
        let expected = json!({
            "_id": "a1", "name": "slack", "displayLabel": "Slack", "active": false,
            "sso": full["sso"].clone(),
            "config": {"idpCertificate": {"type": "file", "value": "PEM"}}
        });
        assert_eq!(b.to_value(), expected);
        let complete = Application::from_json(full).unwrap();
        assert_eq!(b.id(), complete.id());
        assert_eq!(b.display_label(), complete.display_label());
        assert_eq!(b.sso_type(), complete.sso_type());
        assert_eq!(b.sso_jit(), complete.sso_jit());
    }

    #[test]
    fn a_config_of_another_shape_reads_as_absent_and_escaped_names_are_matched() {
        for config in [json!("text"), json!([1, {"a": 2}]), json!(null), json!(3.5)] {
            let b = brief(json!({"_id": "x", "config": config, "other": [1, 2]}));
            assert_eq!(b.config(), None, "{config}");
            assert_eq!(b.id(), Some("x"));
        }
        let b: ApplicationBrief =
            serde_json::from_str(r#"{"\u005fid": "y", "display\u004cabel": "L"}"#).unwrap();
        assert_eq!(b.id(), Some("y"));
        assert_eq!(b.display_label(), Some("L"));
    }

    #[test]
    fn a_list_entry_that_is_not_an_object_is_an_error() {
        assert!(serde_json::from_value::<ApplicationBrief>(json!("app")).is_err());
        assert!(serde_json::from_value::<ApplicationBrief>(json!([1])).is_err());
    }
}
