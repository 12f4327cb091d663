//! The assertion debugger: JIT provisioning fails silently at the service provider, and what the
//! admin holds afterwards is the `SAMLResponse` itself (from SAML-tracer, a HAR file or the SP's
//! logs). This reads it on this computer (nothing leaves it), finds the application it is for and
//! says, line by line, what would make the service provider turn the user away.
//!
//! - [`decode`]: pasted text or a file to the response's XML (all encodings, size-capped);
//! - [`parse`]: the XML to what the response says (DTDs refused, node count capped);
//! - [`signature`]: which signatures hold, with which certificate, over which element;
//! - [`checks`]: the lines, pure, against the application, the user and the preview;
//! - [`inspect`]: reads what the lines need from JumpCloud and puts it together;
//! - [`seen`]: the IdP certificates seen per application, so an older one is recognised.

pub mod checks;
pub mod decode;
mod inspect;
pub mod parse;
pub mod seen;
pub mod signature;

use serde::Serialize;

pub use checks::{ApplicationTab, CheckKind, CheckLine, CheckOutcome};
pub use decode::{find_responses, to_xml, DecodeError, FoundResponse};
pub use inspect::inspect;
pub use parse::{AssertionFields, ParseError, ResponseFields, ResponseStatus, SentAttribute};
pub use seen::SeenCertificates;
pub use signature::{
    KnownAs, KnownCertificate, SignatureFinding, SignatureFindings, Signer, Verdict,
};

/// Why a response could not be read at all (a response that reads but fails checks is a report).
#[derive(Debug, thiserror::Error)]
pub enum DebuggerError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error(transparent)]
    Parse(#[from] ParseError),
    #[error(transparent)]
    Api(#[from] crate::jumpcloud::Error),
}

/// The application the response was matched to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationMatch {
    pub id: String,
    pub label: String,
}

/// The user the NameID names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserMatch {
    pub id: String,
    /// Their email, else username.
    pub label: String,
    pub bound: bool,
}

/// The response's time window against now, in seconds (negative: in the past).
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Clock {
    /// When the report was made, milliseconds since the Unix epoch.
    pub now_ms: f64,
    pub not_before_in: Option<f64>,
    pub not_on_or_after_in: Option<f64>,
    pub issued_in: Option<f64>,
    pub authn_in: Option<f64>,
}

/// Everything the debugger page shows for one response.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DebuggerReport {
    pub response: ResponseFields,
    pub clock: Clock,
    pub signatures: SignatureFindings,
    pub application: Option<ApplicationMatch>,
    pub user: Option<UserMatch>,
    pub checks: Vec<CheckLine>,
    /// The decoded XML, as read.
    pub xml: String,
}
