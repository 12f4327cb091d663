//! A credential held in memory.
//!
//! An API key or client secret must never reach a log line, an error message, a serialised
//! response or a `{:?}` dump. `Secret` promises that by construction: its `Debug` prints
//! `<redacted>`, it implements neither `Display` nor `Serialize`, and the only way to read it is
//! the explicit [`Secret::expose`], used where the value goes into a request header.
//!
//! Its bytes are overwritten with zeros when it is dropped (through `zeroize`, which the compiler
//! cannot optimise away), so a freed key does not linger in memory (`tests/secret_wiped.rs` watches
//! the freed memory to prove it). Copies made outside it, such as the header value a request
//! carries, are not covered.

use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A string that is never printed or serialised, and wiped from memory when dropped.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself. Call only where it is sent to the server it belongs to.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the secret is empty or whitespace (a pasted blank line, say).
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl Zeroize for Secret {
    /// Overwrites the whole buffer (its spare capacity too) and leaves the secret empty.
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl ZeroizeOnDrop for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("jc-key-1234567890");
        let printed = format!("{secret:?} {:#?}", Some(&secret));
        assert!(
            !printed.contains("1234567890"),
            "Debug leaked the secret: {printed}"
        );
        assert!(
            printed.contains("<redacted>"),
            "Debug should say the value is hidden"
        );
    }

    #[test]
    fn expose_returns_the_value() {
        assert_eq!(Secret::from("abc").expose(), "abc");
        assert!(Secret::from("  ").is_blank(), "whitespace is blank");
    }
}
