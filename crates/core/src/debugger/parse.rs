//! What a SAML response says, read from its XML: the response's own fields, its one assertion
//! (subject, conditions, authentication, attributes) and where its signatures are.
//!
//! Promises: a DTD is refused (never expanded), the node count is capped, the root must be a SAML
//! 2.0 `Response` (or a bare `Assertion`); a response with an `EncryptedAssertion` is read as far
//! as it is readable and says so. Nothing is trusted here: which element a signature covers is
//! the signature module's question.

use roxmltree::{Document, Node, ParsingOptions};
use serde::Serialize;

pub(crate) const SAMLP: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
pub(crate) const SAML: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
pub(crate) const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";

/// How many XML nodes a response may have (a large one has a few thousand).
pub const MAX_NODES: u32 = 50_000;

/// Why the XML is not a response that can be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error(
        "this response has a DTD (<!DOCTYPE …>), which is refused: a SAML response never needs one"
    )]
    Dtd,
    #[error("this response has more than {MAX_NODES} XML nodes")]
    TooManyNodes,
    #[error("this is not well-formed XML: {0}")]
    NotXml(String),
    #[error("this XML is a {0}, not a SAML 2.0 Response")]
    NotResponse(String),
}

/// The response's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResponseStatus {
    /// The top-level code, e.g. `urn:oasis:names:tc:SAML:2.0:status:Success`.
    pub code: String,
    /// The second-level code, if any (`...:status:AuthnFailed`).
    pub sub_code: Option<String>,
    pub message: Option<String>,
}

/// One attribute statement entry and its values, as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SentAttribute {
    pub name: String,
    pub name_format: Option<String>,
    pub friendly_name: Option<String>,
    pub values: Vec<String>,
}

/// The assertion, as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AssertionFields {
    pub id: Option<String>,
    pub issuer: Option<String>,
    pub issue_instant: Option<String>,
    pub name_id: Option<String>,
    pub name_id_format: Option<String>,
    /// The bearer confirmation's `Recipient`.
    pub recipient: Option<String>,
    /// The bearer confirmation's `NotOnOrAfter`.
    pub confirmation_not_on_or_after: Option<String>,
    pub confirmation_in_response_to: Option<String>,
    pub not_before: Option<String>,
    pub not_on_or_after: Option<String>,
    pub audiences: Vec<String>,
    pub authn_instant: Option<String>,
    pub session_index: Option<String>,
    pub attributes: Vec<SentAttribute>,
}

/// What the response says, before anything is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResponseFields {
    /// `Response`, or `Assertion` when a bare assertion was given.
    pub root: String,
    pub id: Option<String>,
    pub issuer: Option<String>,
    pub destination: Option<String>,
    pub in_response_to: Option<String>,
    pub issue_instant: Option<String>,
    pub status: Option<ResponseStatus>,
    /// How many `Assertion` elements the document holds, anywhere.
    pub assertion_count: u32,
    /// How many `EncryptedAssertion` elements it holds.
    pub encrypted_assertion_count: u32,
    /// The assertion read (the first one), when there is a readable one.
    pub assertion: Option<AssertionFields>,
}

/// Parses the XML with a DTD refused and the node count capped.
pub(crate) fn document(xml: &str) -> Result<Document<'_>, ParseError> {
    let head = &xml[..xml.floor_char_boundary(4_096)];
    if head.contains("<!DOCTYPE") {
        return Err(ParseError::Dtd);
    }
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(xml, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => ParseError::Dtd,
        roxmltree::Error::NodesLimitReached => ParseError::TooManyNodes,
        other => ParseError::NotXml(other.to_string()),
    })
}

/// Reads the response's fields.
pub fn read(xml: &str) -> Result<ResponseFields, ParseError> {
    let doc = document(xml)?;
    let root = doc.root_element();
    let is_response = root.has_tag_name((SAMLP, "Response"));
    let is_assertion = root.has_tag_name((SAML, "Assertion"));
    if !is_response && !is_assertion {
        let name = match root.tag_name().namespace() {
            Some(ns) => format!("{{{ns}}}{}", root.tag_name().name()),
            None => root.tag_name().name().to_owned(),
        };
        return Err(ParseError::NotResponse(name));
    }
    let assertions: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name((SAML, "Assertion")))
        .collect();
    let encrypted = doc
        .descendants()
        .filter(|n| n.has_tag_name((SAML, "EncryptedAssertion")))
        .count();
    Ok(ResponseFields {
        root: root.tag_name().name().to_owned(),
        id: root.attribute("ID").map(str::to_owned),
        issuer: child(root, SAML, "Issuer").map(text),
        destination: is_response
            .then(|| root.attribute("Destination").map(str::to_owned))
            .flatten(),
        in_response_to: is_response
            .then(|| root.attribute("InResponseTo").map(str::to_owned))
            .flatten(),
        issue_instant: root.attribute("IssueInstant").map(str::to_owned),
        status: is_response.then(|| status(root)).flatten(),
        assertion_count: assertions.len() as u32,
        encrypted_assertion_count: encrypted as u32,
        assertion: assertions.first().map(|a| assertion(*a)),
    })
}

fn status(root: Node) -> Option<ResponseStatus> {
    let status = child(root, SAMLP, "Status")?;
    let code = child(status, SAMLP, "StatusCode")?;
    Some(ResponseStatus {
        code: code.attribute("Value").unwrap_or("").to_owned(),
        sub_code: child(code, SAMLP, "StatusCode")
            .and_then(|c| c.attribute("Value"))
            .map(str::to_owned),
        message: child(status, SAMLP, "StatusMessage").map(text),
    })
}

fn assertion(node: Node) -> AssertionFields {
    let subject = child(node, SAML, "Subject");
    let name_id = subject.and_then(|s| child(s, SAML, "NameID"));
    let confirmation = subject
        .into_iter()
        .flat_map(|s| s.children())
        .filter(|c| c.has_tag_name((SAML, "SubjectConfirmation")))
        .find(|c| c.attribute("Method") == Some("urn:oasis:names:tc:SAML:2.0:cm:bearer"))
        .and_then(|c| child(c, SAML, "SubjectConfirmationData"));
    let conditions = child(node, SAML, "Conditions");
    let authn = child(node, SAML, "AuthnStatement");
    let attr = |n: Option<Node>, name: &str| n.and_then(|n| n.attribute(name)).map(str::to_owned);
    AssertionFields {
        id: attr(Some(node), "ID"),
        issuer: child(node, SAML, "Issuer").map(text),
        issue_instant: attr(Some(node), "IssueInstant"),
        name_id: name_id.map(text),
        name_id_format: attr(name_id, "Format"),
        recipient: attr(confirmation, "Recipient"),
        confirmation_not_on_or_after: attr(confirmation, "NotOnOrAfter"),
        confirmation_in_response_to: attr(confirmation, "InResponseTo"),
        not_before: attr(conditions, "NotBefore"),
        not_on_or_after: attr(conditions, "NotOnOrAfter"),
        audiences: conditions
            .into_iter()
            .flat_map(|c| c.children())
            .filter(|c| c.has_tag_name((SAML, "AudienceRestriction")))
            .flat_map(|r| r.children())
            .filter(|a| a.has_tag_name((SAML, "Audience")))
            .map(text)
            .collect(),
        authn_instant: attr(authn, "AuthnInstant"),
        session_index: attr(authn, "SessionIndex"),
        attributes: node
            .children()
            .filter(|c| c.has_tag_name((SAML, "AttributeStatement")))
            .flat_map(|s| s.children())
            .filter(|a| a.has_tag_name((SAML, "Attribute")))
            .map(|a| SentAttribute {
                name: a.attribute("Name").unwrap_or("").to_owned(),
                name_format: a.attribute("NameFormat").map(str::to_owned),
                friendly_name: a.attribute("FriendlyName").map(str::to_owned),
                values: a
                    .children()
                    .filter(|v| v.has_tag_name((SAML, "AttributeValue")))
                    .map(text)
                    .collect(),
            })
            .collect(),
    }
}

/// The first element child named `local` in `ns`.
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, ns: &str, local: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| c.has_tag_name((ns, local)))
}

/// An element's text content (all its text descendants), trimmed.
pub(crate) fn text(node: Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<String>()
        .trim()
        .to_owned()
}
