//! Deserialisers that accept what JumpCloud actually sends.
//!
//! The spec marks some fields `x-nullable`, and in practice many others arrive as `null` too; a
//! list of a thousand users must not fail because one of them has `"department": null`. These
//! helpers turn `null` into the field's default, and accept numbers and booleans where a string
//! is documented (a custom attribute value typed as a number, say). A value of a truly different
//! shape (an object where a string belongs) is still an error, reported with its path.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// `null` → `T::default()`.
pub(crate) fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A string, or `None` for `null`; numbers and booleans become their text.
pub(crate) fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        other => Err(serde::de::Error::custom(format!(
            "expected a string, found {}",
            kind(&other)
        ))),
    }
}

/// `true`/`false`, or `None` for `null` or absent.
pub(crate) fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Option::<bool>::deserialize(d)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
