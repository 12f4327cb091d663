//! One stored document, kept as its JSON text and read on demand.
//!
//! A parsed `serde_json::Value` takes ten times the memory of its text, and the large sample
//! organisation has tens of thousands of documents: the sandbox (and the app that embeds it) keeps
//! the text. Promises: a [`Doc`] holds exactly what serialising its value gives (compact, keys in
//! stored order), so serving the text answers the same bytes as serialising the value would, and
//! reading it back gives that value; [`pick`] reads the top-level fields a query needs without
//! building the rest.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// A document's JSON text, as [`doc`] wrote it from a value.
pub(crate) type Doc = Box<RawValue>;

/// The stored form of `value`.
pub(crate) fn doc(value: &Value) -> Doc {
    // Serialising a `Value` cannot fail: its keys are strings and its numbers finite.
    serde_json::value::to_raw_value(value).expect("a JSON value serialises")
}

/// The value a [`Doc`] was written from.
pub(crate) fn parse(doc: &RawValue) -> Value {
    // The text came from a value that was itself parsed (a body, a file) or built shallow (the
    // seed), so it is valid JSON within the parser's depth limit.
    serde_json::from_str(doc.get()).expect("a stored document is the JSON of a value")
}

/// An object document's top-level fields named in `keys`, as an object, and whether `needle`
/// (lower case) is in any of its top-level string fields, ignoring case (true without a needle);
/// the rest is skipped, not built, and reading stops once all is known. Any other document is
/// read whole (and has no string field). Looking up one of `keys` (or a path under it) in the
/// result finds what it finds in the whole document.
pub(crate) fn pick(doc: &RawValue, keys: &[&str], needle: Option<&str>) -> (Value, bool) {
    let text = doc.get();
    if text.starts_with('{') {
        let mut picked = None;
        let mut de = serde_json::Deserializer::from_str(text);
        // When the picker stops early the deserializer reports the fields left unread as an
        // error; what was picked is complete all the same (a stored object has each key once).
        let _ = Picker {
            keys,
            needle,
            picked: &mut picked,
        }
        .deserialize(&mut de);
        if let Some(picked) = picked {
            return picked;
        }
    }
    (parse(doc), needle.is_none())
}

/// Whether `needle` (lower case) is in `haystack`, ignoring case.
pub(crate) fn contains_folded(haystack: &str, needle: &str) -> bool {
    if haystack.is_ascii() {
        // Lower-casing ASCII gives ASCII: only an ASCII needle can be in it.
        let n = needle.as_bytes();
        return needle.is_ascii()
            && (n.is_empty()
                || haystack
                    .as_bytes()
                    .windows(n.len())
                    .any(|w| w.eq_ignore_ascii_case(n)));
    }
    haystack.to_lowercase().contains(needle)
}

struct Picker<'k> {
    keys: &'k [&'k str],
    needle: Option<&'k str>,
    picked: &'k mut Option<(Value, bool)>,
}

impl<'de> DeserializeSeed<'de> for Picker<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Picker<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Map::new();
        let mut found = self.needle.is_none();
        let is_in = |s: &str| self.needle.is_some_and(|n| contains_folded(s, n));
        while let Some(Text(key)) = map.next_key()? {
            if self.keys.contains(&key.as_ref()) {
                let value: Value = map.next_value()?;
                found = found || value.as_str().is_some_and(is_in);
                out.insert(key.into_owned(), value);
            } else if !found {
                let MaybeText(s) = map.next_value()?;
                found = s.is_some_and(|s| is_in(&s));
            } else {
                map.next_value::<IgnoredAny>()?;
            }
            if found && out.len() == self.keys.len() {
                break;
            }
        }
        *self.picked = Some((Value::Object(out), found));
        Ok(())
    }
}

/// A string, borrowed from the text when it has no escapes.
struct Text<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Text(Cow::Borrowed(s)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Text(Cow::Owned(s.to_owned())))
    }
    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(Text(Cow::Owned(s)))
    }
}

/// Any value, kept only when it is a string (borrowed when it can be); anything else is skipped.
struct MaybeText<'de>(Option<Cow<'de, str>>);

impl<'de> Deserialize<'de> for MaybeText<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MaybeText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(MaybeText(Some(Cow::Borrowed(s))))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(MaybeText(Some(Cow::Owned(s.to_owned()))))
            }
            fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
                Ok(MaybeText(Some(Cow::Owned(s))))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(MaybeText(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(MaybeText(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(MaybeText(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(MaybeText(None))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(MaybeText(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(MaybeText(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(MaybeText(None))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_doc_is_the_compact_text_of_its_value_and_reads_back_to_it() {
        let v = json!({"z": 1, "a": [1.5, null, "x\"y"], "m": {"k": true}, "big": 18446744073709551615u64});
        let d = doc(&v);
        assert_eq!(
            d.get(),
            serde_json::to_string(&v).expect("serialises"),
            "same bytes as serialising the value, keys in stored order"
        );
        assert_eq!(parse(&d), v);
    }

    #[test]
    fn pick_reads_the_named_fields_and_searches_the_strings() {
        let d = doc(
            &json!({"a\"b": "Q\"é", "n": 1, "o": {"deep": [1, {"x": "needle"}]}, "s": "Some TEXT", "l": ["needle"]}),
        );
        assert_eq!(
            pick(&d, &["o"], None),
            (json!({"o": {"deep": [1, {"x": "needle"}]}}), true)
        );
        assert_eq!(pick(&d, &["missing"], None), (json!({}), true));
        for (needle, found) in [
            ("text", true),
            ("me t", true),
            ("q\"é", true),
            ("needle", false),
            ("1", false),
            ("", true),
        ] {
            assert_eq!(
                pick(&d, &["n"], Some(needle)),
                (json!({"n": 1}), found),
                "{needle:?}: only top-level strings count, escaped ones too, case ignored"
            );
        }
        let list = doc(&json!(["not", "an", "object"]));
        assert_eq!(
            pick(&list, &["x"], Some("not")),
            (json!(["not", "an", "object"]), false),
            "read whole; a list has no string field"
        );
    }

    #[test]
    fn contains_folded_agrees_with_lower_casing() {
        for (hay, needle) in [
            ("Ada Adams", "ada"),
            ("ADA", "da"),
            ("x", "xy"),
            ("Straße", "strasse"),
            ("İstanbul", "i̇st"),
            ("abc", "é"),
            ("", ""),
        ] {
            assert_eq!(
                contains_folded(hay, needle),
                hay.to_lowercase().contains(needle),
                "{hay:?} {needle:?}"
            );
        }
    }
}
