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

/// Whether `text` (valid JSON) is exactly what [`doc`] writes for the value it holds, so it can
/// be stored as it is. False for anything it is not sure of: whitespace between tokens, an escape
/// `doc` would not write, a repeated key in an object, a number with a fraction or exponent or out
/// of the integer ranges, nesting deeper than [`MAX_CANONICAL_DEPTH`].
pub(crate) fn is_canonical(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    // One entry per open container: `Some(keys seen)` for an object, `None` for an array.
    let mut open: Vec<Option<Vec<&[u8]>>> = Vec::new();
    loop {
        // A value starts at `i`.
        match b.get(i) {
            Some(b'{' | b'[') if open.len() == MAX_CANONICAL_DEPTH => return false,
            Some(b'{') if b.get(i + 1) == Some(&b'}') => i += 2,
            Some(b'[') if b.get(i + 1) == Some(&b']') => i += 2,
            Some(b'{') => {
                i += 1;
                let Some(key) = string(b, &mut i) else {
                    return false;
                };
                if b.get(i) != Some(&b':') {
                    return false;
                }
                i += 1;
                open.push(Some(vec![key]));
                continue;
            }
            Some(b'[') => {
                i += 1;
                open.push(None);
                continue;
            }
            Some(b'"') => {
                if string(b, &mut i).is_none() {
                    return false;
                }
            }
            Some(b't') if b[i..].starts_with(b"true") => i += 4,
            Some(b'f') if b[i..].starts_with(b"false") => i += 5,
            Some(b'n') if b[i..].starts_with(b"null") => i += 4,
            Some(b'-' | b'0'..=b'9') => {
                if !integer(b, &mut i) {
                    return false;
                }
            }
            _ => return false,
        }
        // A value ended at `i`: close what ends here, then expect the next value.
        loop {
            match (open.last_mut(), b.get(i)) {
                (None, None) => return true,
                (None, Some(_)) => return false,
                (Some(None), Some(b',')) => {
                    i += 1;
                    break;
                }
                (Some(Some(keys)), Some(b',')) => {
                    i += 1;
                    let Some(key) = string(b, &mut i) else {
                        return false;
                    };
                    if keys.contains(&key) || b.get(i) != Some(&b':') {
                        return false;
                    }
                    keys.push(key);
                    i += 1;
                    break;
                }
                (Some(None), Some(b']')) | (Some(Some(_)), Some(b'}')) => {
                    i += 1;
                    open.pop();
                }
                _ => return false,
            }
        }
    }
}

/// Nesting [`is_canonical`] vouches for: well within what the parser reads back (128 levels),
/// even for a document that sits in a file's array.
const MAX_CANONICAL_DEPTH: usize = 100;

/// The string starting at `b[*i]` (its raw bytes between the quotes) when every escape in it is
/// one `doc` writes; moves `i` past it.
fn string<'a>(b: &'a [u8], i: &mut usize) -> Option<&'a [u8]> {
    if b.get(*i) != Some(&b'"') {
        return None;
    }
    let start = *i + 1;
    let mut j = start;
    loop {
        match *b.get(j)? {
            b'"' => break,
            b'\\' => {
                match *b.get(j + 1)? {
                    b'"' | b'\\' | b'b' | b't' | b'n' | b'f' | b'r' => j += 2,
                    b'u' => {
                        // Only the control characters without a short escape, as \u00xx.
                        let hex = b.get(j + 2..j + 6)?;
                        let digit = |c: u8| match c {
                            b'0'..=b'9' => Some(c - b'0'),
                            b'a'..=b'f' => Some(c - b'a' + 10),
                            _ => None,
                        };
                        let (hi, lo) = (digit(hex[2])?, digit(hex[3])?);
                        let code = hi * 16 + lo;
                        if &hex[..2] != b"00"
                            || code >= 0x20
                            || matches!(code, 8 | 9 | 10 | 12 | 13)
                        {
                            return None;
                        }
                        j += 6;
                    }
                    _ => return None,
                }
            }
            c if c < 0x20 => return None,
            _ => j += 1,
        }
    }
    *i = j + 1;
    Some(&b[start..j])
}

/// Whether the number starting at `b[*i]` is an integer the parser keeps as one (u64, or a
/// negative i64 other than `-0`), written without a fraction or exponent; moves `i` past it.
fn integer(b: &[u8], i: &mut usize) -> bool {
    let negative = b.get(*i) == Some(&b'-');
    let start = *i + usize::from(negative);
    let mut j = start;
    let mut n: u64 = 0;
    while let Some(&c @ b'0'..=b'9') = b.get(j) {
        let Some(next) = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(c - b'0')))
        else {
            return false;
        };
        n = next;
        j += 1;
    }
    let digits = j - start;
    let leading_zero = digits > 1 && b[start] == b'0';
    if digits == 0 || leading_zero || matches!(b.get(j), Some(b'.' | b'e' | b'E')) {
        return false;
    }
    if negative && (n == 0 || n > 1 << 63) {
        return false;
    }
    *i = j;
    true
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

    #[test]
    fn is_canonical_vouches_only_for_what_doc_writes() {
        let control: String = (0u8..0x20).map(char::from).collect();
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let written = [
            json!({}),
            json!([]),
            json!({"a": {}, "b": [], "c": [[], {}], "d": [1, {"e": null}]}),
            json!({"s": control, "q": "\"\\/", "u": "é\u{7f}\u{2028}😀"}),
            json!([0, 1, -1, u64::MAX, i64::MIN, true, false, null, ""]),
            json!({"a": 1, "A": 2, "a ": 3}),
        ];
        for v in &written {
            let text = doc(v);
            assert!(is_canonical(text.get()), "doc's own text: {text}");
        }
        assert!(is_canonical(&deep(MAX_CANONICAL_DEPTH)));
        let not = [
            deep(MAX_CANONICAL_DEPTH + 1),
            "[1, 2]".into(),
            "{ }".into(),
            " 1".into(),
            "1 ".into(),
            r#"{"a":1,"a":2}"#.into(),
            r#"{"a":{"b":1,"b":1}}"#.into(),
            r#""\/""#.into(),
            r#""\u0041""#.into(),
            r#""\u001F""#.into(),
            r#""\u0008""#.into(),
            r#""\ud83d\ude00""#.into(),
            "1.0".into(),
            "1.5".into(),
            "1e3".into(),
            "-0".into(),
            "-9223372036854775809".into(),
            "18446744073709551616".into(),
        ];
        for text in &not {
            assert!(!is_canonical(text), "{text}");
        }
        // Sound: what it vouches for reads back to the same text (the too-deep and the float
        // texts above are doc's own, refused only because it does not check them).
        for text in not.iter().chain([
            &r#""\u001f\b""#.to_string(),
            &"-9223372036854775808".to_string(),
            &"18446744073709551615".to_string(),
        ]) {
            let v: Value = serde_json::from_str(text).expect("valid JSON");
            if is_canonical(text) {
                assert_eq!(doc(&v).get(), text);
            }
        }
        assert!(is_canonical(r#""\u001f\b""#));
    }
}
