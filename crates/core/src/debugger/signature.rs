//! Whether a response's signatures hold, with which certificate, over which element: the XML
//! signature mathematics is the `xml-sec` crate's (exclusive C14N, RSA/ECDSA); what SAML asks on
//! top is here, because a valid signature over the wrong element is the classic way in
//! (signature wrapping).
//!
//! Promises: a signature counts for the assertion that is read only when it verifies, sits
//! directly in that assertion or in the response holding it, has exactly one reference, to that
//! element's own `ID` (`#ID`), with no transform but enveloped-signature and canonicalization, and
//! the document's `ID`s are unique and it holds one assertion. Keys come only from the caller's
//! certificates (the application's current one, older ones, other applications'); the certificate
//! inside the response is used only to say who signed, never to trust it.

use serde::Serialize;
use sha2::{Digest, Sha256};
use xml_sec::xmldsig::{
    DsigStatus, FailureReason, SignatureAlgorithm, VerificationKey, VerifyContext,
};
use xml_sec::IdAttributeRegistration;

use super::parse::{child, document, text, DSIG, SAML, SAMLP};

/// What SSO Desk knows a certificate as.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum KnownAs {
    /// The application's IdP certificate now.
    Current,
    /// A certificate this application had before (seen until then, ms since the Unix epoch).
    #[serde(rename_all = "camelCase")]
    Older { last_seen_ms: f64 },
    /// Another application's current IdP certificate.
    #[serde(rename_all = "camelCase")]
    OtherApplication { label: String },
    /// Known to nobody: only the response itself carries it.
    Unknown,
}

/// A certificate to try, PEM, and what it is.
#[derive(Debug, Clone)]
pub struct KnownCertificate {
    pub pem: String,
    pub known_as: KnownAs,
}

/// How one signature came out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Verdict {
    /// It verifies with the certificate named by `signed_by`.
    Valid,
    /// The key matches (`signed_by`), but the signed content changed after signing.
    ContentChanged,
    /// The signature value matches no certificate at hand: altered, or made with another key.
    NoMatchingKey,
    /// It could not be checked; `reason` says why.
    Unverifiable { reason: String },
}

/// Who signed, as far as can be told.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Signer {
    /// SHA-256 of the certificate's DER, colon-separated upper-case hex.
    pub fingerprint: String,
    pub subject: Option<String>,
    pub known_as: KnownAs,
}

/// One `ds:Signature` of the document.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignatureFinding {
    /// The element the signature sits in (`Response`, `Assertion`, ...).
    pub element: String,
    pub element_id: Option<String>,
    /// The reference URIs of its `SignedInfo`.
    pub references: Vec<String>,
    /// `RSA-SHA256`, `ECDSA-SHA256`, `RSA-SHA1`, ... (the URI when unknown).
    pub algorithm: String,
    /// SHA-256 or stronger for the signature and every digest.
    pub safe_algorithm: bool,
    pub verdict: Verdict,
    pub signed_by: Option<Signer>,
    /// The certificate the response carries in `KeyInfo`, if any.
    pub embedded: Option<Signer>,
    /// It verifies and, by the rules above, covers the assertion that is read.
    pub covers_assertion: bool,
    /// Why a valid signature does not count for the assertion, when it does not.
    pub coverage_issue: Option<String>,
}

/// Every signature of the document, and what holds across them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignatureFindings {
    pub signatures: Vec<SignatureFinding>,
    /// `ID` values that occur more than once (a reference to one is ambiguous).
    pub duplicate_ids: Vec<String>,
}

impl SignatureFindings {
    /// Whether some signature verifies and covers the assertion read.
    pub fn assertion_covered(&self) -> bool {
        self.signatures.iter().any(|s| s.covers_assertion)
    }
}

const ALLOWED_TRANSFORMS: &[&str] = &[
    "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
    "http://www.w3.org/2001/10/xml-exc-c14n#",
    "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
];

/// Checks every signature in `xml` against `certificates` (tried in order). `names` are not
/// tried (another application's certificate is never a reason to trust): they only name the
/// certificate the response carries when it is one of them.
pub fn verify(
    xml: &str,
    certificates: &[KnownCertificate],
    names: &[KnownCertificate],
) -> SignatureFindings {
    let Ok(doc) = document(xml) else {
        return SignatureFindings::default();
    };
    let mut ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("ID"))
        .collect();
    ids.sort_unstable();
    let mut duplicate_ids: Vec<String> = ids
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0].to_owned())
        .collect();
    duplicate_ids.dedup();
    let assertions: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((SAML, "Assertion")))
        .collect();
    let read = assertions.first().copied();
    let root = doc.root_element();
    let signatures = doc
        .descendants()
        .filter(|n| n.has_tag_name((DSIG, "Signature")))
        .map(|signature| {
            let parent = signature.parent_element();
            let element = parent
                .map(|p| p.tag_name().name().to_owned())
                .unwrap_or_default();
            let element_id = parent.and_then(|p| p.attribute("ID")).map(str::to_owned);
            let signed_info = child(signature, DSIG, "SignedInfo");
            let method = signed_info
                .and_then(|s| child(s, DSIG, "SignatureMethod"))
                .and_then(|m| m.attribute("Algorithm"))
                .unwrap_or("")
                .to_owned();
            let references: Vec<_> = signed_info
                .into_iter()
                .flat_map(|s| s.children())
                .filter(|r| r.has_tag_name((DSIG, "Reference")))
                .collect();
            let digests_safe = references.iter().all(|r| {
                child(*r, DSIG, "DigestMethod")
                    .and_then(|d| d.attribute("Algorithm"))
                    .is_some_and(|d| !d.ends_with("sha1") && !d.ends_with("#md5"))
            });
            let algorithm = friendly(&method);
            let safe_algorithm = digests_safe
                && matches!(
                    SignatureAlgorithm::from_uri(&method),
                    Some(
                        SignatureAlgorithm::RsaSha256
                            | SignatureAlgorithm::RsaSha384
                            | SignatureAlgorithm::RsaSha512
                            | SignatureAlgorithm::EcdsaSha256
                            | SignatureAlgorithm::EcdsaSha384
                            | SignatureAlgorithm::EcdsaSha512
                    )
                );
            let embedded = signature
                .descendants()
                .find(|n| n.has_tag_name((DSIG, "X509Certificate")))
                .map(text)
                .map(|b64| crate::sso::certificate::pem_from_base64(&b64));
            let first_under_parent = parent.and_then(|p| {
                p.descendants()
                    .find(|n| n.has_tag_name((DSIG, "Signature")))
                    .map(|first| first == signature)
            }) == Some(true);
            let (verdict, signed_by) = match (&element_id, first_under_parent) {
                (None, _) => (
                    Verdict::Unverifiable {
                        reason: format!("the signed {element} has no ID"),
                    },
                    None,
                ),
                (Some(_), false) => (
                    Verdict::Unverifiable {
                        reason: format!("another signature comes first in the {element}"),
                    },
                    None,
                ),
                (Some(id), true) => {
                    check(xml, id, &method, certificates, names, embedded.as_deref())
                }
            };
            let reference_uris: Vec<String> = references
                .iter()
                .map(|r| r.attribute("URI").unwrap_or("").to_owned())
                .collect();
            let coverage_issue = coverage_issue(CoverageInput {
                parent,
                root,
                read,
                assertion_count: assertions.len(),
                references: &references,
                duplicates: !duplicate_ids.is_empty(),
            });
            SignatureFinding {
                covers_assertion: verdict == Verdict::Valid && coverage_issue.is_none(),
                element,
                element_id,
                references: reference_uris,
                algorithm,
                safe_algorithm,
                verdict,
                signed_by,
                embedded: embedded
                    .as_deref()
                    .and_then(|pem| signer(pem, KnownAs::Unknown, certificates, names)),
                coverage_issue,
            }
        })
        .collect();
    SignatureFindings {
        signatures,
        duplicate_ids,
    }
}

struct CoverageInput<'a, 'i, 'r> {
    parent: Option<roxmltree::Node<'a, 'i>>,
    root: roxmltree::Node<'a, 'i>,
    read: Option<roxmltree::Node<'a, 'i>>,
    assertion_count: usize,
    references: &'r [roxmltree::Node<'a, 'i>],
    duplicates: bool,
}

/// Why this signature, even if valid, does not vouch for the assertion read (`None`: it does).
fn coverage_issue(c: CoverageInput) -> Option<String> {
    let read = c.read?;
    let parent = c.parent?;
    if c.assertion_count > 1 {
        return Some(format!(
            "the response holds {} assertions: which one the service provider reads is not the one signed for sure (signature wrapping)",
            c.assertion_count
        ));
    }
    if c.duplicates {
        return Some("two elements share one ID, so the reference is ambiguous".into());
    }
    let [reference] = c.references else {
        return Some(format!(
            "it has {} references; a SAML signature has exactly one",
            c.references.len()
        ));
    };
    let id = parent.attribute("ID").unwrap_or("");
    let uri = reference.attribute("URI").unwrap_or("");
    if uri != format!("#{id}") || id.is_empty() {
        return Some(format!(
            "it signs {}, not the {} it sits in",
            if uri.is_empty() {
                "the whole document"
            } else {
                uri
            },
            parent.tag_name().name()
        ));
    }
    let transforms_ok = reference
        .descendants()
        .filter(|t| t.has_tag_name((DSIG, "Transform")))
        .all(|t| ALLOWED_TRANSFORMS.contains(&t.attribute("Algorithm").unwrap_or("")));
    if !transforms_ok {
        return Some(
            "it applies a transform other than enveloped-signature and canonicalization".into(),
        );
    }
    let is_read = parent == read;
    let is_holding_response = parent == c.root
        && parent.has_tag_name((SAMLP, "Response"))
        && read.parent_element() == Some(parent);
    if !(is_read || is_holding_response) {
        return Some(format!(
            "it covers the {} {uri}, not the assertion whose values are shown",
            parent.tag_name().name()
        ));
    }
    None
}

/// Verifies the signature first under the element with ID `id` with each certificate in turn,
/// then the embedded one (to say who signed, not to trust it).
fn check(
    xml: &str,
    id: &str,
    method: &str,
    certificates: &[KnownCertificate],
    names: &[KnownCertificate],
    embedded: Option<&str>,
) -> (Verdict, Option<Signer>) {
    let Some(algorithm) = SignatureAlgorithm::from_uri(method).filter(|a| {
        !matches!(
            a,
            SignatureAlgorithm::HmacSha1
                | SignatureAlgorithm::HmacSha224
                | SignatureAlgorithm::HmacSha256
                | SignatureAlgorithm::HmacSha384
                | SignatureAlgorithm::HmacSha512
        )
    }) else {
        return (
            Verdict::Unverifiable {
                reason: format!(
                    "its algorithm ({method}) is not a public-key signature SSO Desk checks"
                ),
            },
            None,
        );
    };
    let mut tried: Vec<(&str, KnownAs)> = certificates
        .iter()
        .map(|c| (c.pem.as_str(), c.known_as.clone()))
        .collect();
    if let Some(pem) = embedded {
        tried.push((pem, KnownAs::Unknown));
    }
    let mut last_error = None;
    for (pem, known_as) in tried {
        let Some(key) = verification_key(pem, algorithm) else {
            continue;
        };
        let ids = [IdAttributeRegistration::global("ID")];
        let result = VerifyContext::new()
            .key(&key)
            .id_attributes(&ids)
            .start_node_id(id)
            .verify(xml);
        match result {
            Ok(r) if r.status == DsigStatus::Valid => {
                return (Verdict::Valid, signer(pem, known_as, certificates, names));
            }
            Ok(r)
                if matches!(
                    r.status,
                    DsigStatus::Invalid(FailureReason::ReferenceDigestMismatch { .. })
                ) =>
            {
                return (
                    Verdict::ContentChanged,
                    signer(pem, known_as, certificates, names),
                );
            }
            Ok(_) => {}
            Err(e) => last_error = Some(e.to_string()),
        }
    }
    match last_error {
        Some(reason) if certificates.is_empty() && embedded.is_none() => {
            (Verdict::Unverifiable { reason }, None)
        }
        _ => (Verdict::NoMatchingKey, None),
    }
}

/// The key of a PEM certificate, for `algorithm`.
fn verification_key(pem: &str, algorithm: SignatureAlgorithm) -> Option<VerificationKey> {
    let (_, block) = x509_parser::pem::parse_x509_pem(pem.trim().as_bytes()).ok()?;
    let cert = block.parse_x509().ok()?;
    Some(VerificationKey {
        algorithm,
        public_key_bytes: cert.tbs_certificate.subject_pki.raw.to_vec(),
        certificate_der: Some(block.contents.clone()),
        name: None,
    })
}

/// Who a PEM certificate is, named as the caller knows it when its fingerprint is one of theirs.
fn signer(
    pem: &str,
    known_as: KnownAs,
    certificates: &[KnownCertificate],
    names: &[KnownCertificate],
) -> Option<Signer> {
    let fingerprint = fingerprint(pem)?;
    let known_as = match known_as {
        KnownAs::Unknown => certificates
            .iter()
            .chain(names)
            .find(|c| fingerprint_matches(&c.pem, &fingerprint))
            .map(|c| c.known_as.clone())
            .unwrap_or(KnownAs::Unknown),
        other => other,
    };
    let subject = crate::sso::certificate::parse_pem(pem)
        .ok()
        .map(|c| c.subject);
    Some(Signer {
        fingerprint,
        subject,
        known_as,
    })
}

fn fingerprint_matches(pem: &str, fingerprint: &str) -> bool {
    self::fingerprint(pem).as_deref() == Some(fingerprint)
}

/// SHA-256 of a PEM certificate's DER, `AB:CD:...`.
pub fn fingerprint(pem: &str) -> Option<String> {
    let (_, block) = x509_parser::pem::parse_x509_pem(pem.trim().as_bytes()).ok()?;
    let digest = Sha256::digest(&block.contents);
    Some(
        digest
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(":"),
    )
}

/// `RSA-SHA256` for `...xmldsig-more#rsa-sha256`, and so on.
fn friendly(uri: &str) -> String {
    let name = uri.rsplit('#').next().unwrap_or(uri);
    match name {
        "" => "none".into(),
        "rsa-sha1" | "rsa-sha256" | "rsa-sha384" | "rsa-sha512" | "ecdsa-sha1" | "ecdsa-sha256"
        | "ecdsa-sha384" | "ecdsa-sha512" | "dsa-sha1" | "dsa-sha256" => name.to_ascii_uppercase(),
        _ => uri.to_owned(),
    }
}
