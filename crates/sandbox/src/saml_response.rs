//! A real SAML 2.0 response for a user signing in to an application, signed with the
//! application's own IdP key, so the app's assertion debugger (and anyone with `xmlsec1`) can be
//! tried on what an identity provider actually sends, and on the ways such a response goes wrong.
//!
//! Promises: the response is IdP-initiated (no `InResponseTo`), its `Destination`, the bearer
//! confirmation's `Recipient` and the audience are the application's `config.acsUrl.value` and
//! `config.spEntityId.value`, the issuer is `config.idpEntityId.value` (else `ssoUrl`); the
//! assertion's subject and attributes are exactly [`crate::assertion`]'s JSON form (a list value
//! becomes one `AttributeValue` each, an empty value one empty `AttributeValue`). It is signed
//! with `config.idpPrivateKey.value` (PKCS#8 PEM: RSA gives RSA-SHA256, a P-256 key ECDSA-SHA256),
//! exclusive C14N, SHA-256 digests, the certificate in `KeyInfo`: the response when
//! `config.signResponse.value` is true or neither flag is, the assertion when
//! `config.signAssertion.value` is true. The time window opens a minute before now and closes five
//! minutes after. Each [`Variant`] breaks exactly one thing, described on it.

use std::hash::{BuildHasher, Hasher};

use serde_json::Value;
use xml_sec::xmldsig::{
    EcdsaP256SigningKey, RsaSigningKey, SignContext, SignatureTemplateSelection, SigningKey,
    X509CertificateKeyInfoWriter,
};
use xml_sec::IdAttributeRegistration;

const SAMLP: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
const SAML: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const ECDSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
/// Where the signature template goes until it is signed (or dropped).
const SIGNATURE_SLOT: &str = "<!--signature-->";

/// What is wrong with the response, on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// Nothing: what the IdP would send.
    Genuine,
    /// Signed, then the first non-empty attribute value (else the NameID) is changed.
    Tampered,
    /// Signed, for an audience that is not the application's SP entity ID.
    WrongAudience,
    /// Signed, with a time window that closed an hour ago.
    Expired,
    /// Signed with a newly made key; `KeyInfo` carries that key's own certificate.
    OtherKey,
    /// Signature wrapping: the assertion alone is signed, and a forged copy of it (another ID,
    /// the first attribute value changed) is put before it, so the response holds two.
    Wrapped,
    /// Signature wrapping: the response's signature covers its `Extensions` element only; the
    /// one assertion is not signed at all.
    WrappedReference,
}

impl Variant {
    /// The `variant=` names of the sandbox's `/sandbox/assertion?format=saml`.
    pub const NAMES: &'static [&'static str] = &[
        "tampered",
        "wrong-audience",
        "expired",
        "other-key",
        "wrapped",
        "wrapped-reference",
    ];

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "" | "genuine" => Self::Genuine,
            "tampered" => Self::Tampered,
            "wrong-audience" => Self::WrongAudience,
            "expired" => Self::Expired,
            "other-key" => Self::OtherKey,
            "wrapped" => Self::Wrapped,
            "wrapped-reference" => Self::WrappedReference,
            _ => return None,
        })
    }
}

/// Why no response could be made.
#[derive(Debug, thiserror::Error)]
pub enum ResponseError {
    #[error("the application has no {0}")]
    Missing(&'static str),
    #[error("the application's IdP private key is neither an RSA nor a P-256 PKCS#8 key")]
    UnsupportedKey,
    #[error("signing failed: {0}")]
    Signing(String),
}

/// A signing key the sandbox can use, with its `SignatureMethod`.
enum Key {
    Rsa(RsaSigningKey),
    Ecdsa(EcdsaP256SigningKey),
}

impl Key {
    fn from_pem(pem: &str) -> Result<Self, ResponseError> {
        if let Ok(key) = RsaSigningKey::from_pkcs8_pem(pem) {
            return Ok(Self::Rsa(key));
        }
        EcdsaP256SigningKey::from_pkcs8_pem(pem)
            .map(Self::Ecdsa)
            .map_err(|_| ResponseError::UnsupportedKey)
    }

    fn method(&self) -> &'static str {
        match self {
            Self::Rsa(_) => RSA_SHA256,
            Self::Ecdsa(_) => ECDSA_SHA256,
        }
    }

    fn signer(&self) -> &dyn SigningKey {
        match self {
            Self::Rsa(k) => k,
            Self::Ecdsa(k) => k,
        }
    }
}

/// A key pair and its certificate, PEM.
struct Credentials {
    key: Key,
    certificate_pem: String,
}

/// The response XML for `user` (a v1 system user) signing in to `application` (a v1 application),
/// whose groups reaching the application are `groups`, at `now` (seconds since the Unix epoch).
pub fn response_xml(
    application: &Value,
    user: &Value,
    groups: &[String],
    variant: Variant,
    now: i64,
) -> Result<String, ResponseError> {
    let statement = crate::assertion::assertion_with_groups(application, user, groups);
    let config = |key: &str| {
        application
            .pointer(&format!("/config/{key}/value"))
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
    };
    let flag =
        |key: &str| application.pointer(&format!("/config/{key}/value")) == Some(&true.into());
    let acs = config("acsUrl").ok_or(ResponseError::Missing("ACS URL"))?;
    let sp = config("spEntityId").ok_or(ResponseError::Missing("SP entity ID"))?;
    let issuer = config("idpEntityId")
        .or_else(|| application.get("ssoUrl").and_then(Value::as_str))
        .ok_or(ResponseError::Missing("IdP entity ID"))?;
    let credentials = match variant {
        Variant::OtherKey => other_credentials()?,
        _ => Credentials {
            key: Key::from_pem(
                config("idpPrivateKey").ok_or(ResponseError::Missing("IdP private key"))?,
            )?,
            certificate_pem: config("idpCertificate")
                .ok_or(ResponseError::Missing("IdP certificate"))?
                .to_owned(),
        },
    };
    let (sign_response, sign_assertion) = match variant {
        Variant::Wrapped => (false, true),
        Variant::WrappedReference => (true, false),
        _ => (
            flag("signResponse") || !flag("signAssertion"),
            flag("signAssertion"),
        ),
    };
    let when = if variant == Variant::Expired {
        now - 7_200
    } else {
        now
    };
    let audience = if variant == Variant::WrongAudience {
        format!("https://wrong-audience.example.net/{}", sp.len())
    } else {
        sp.to_owned()
    };
    let response_id = new_id();
    let assertion_id = new_id();
    let extensions_id = new_id();
    let parts = Parts {
        issuer,
        acs,
        audience: &audience,
        statement: &statement,
        when,
    };
    let assertion = parts.assertion(&assertion_id, sign_assertion);
    let extensions = if variant == Variant::WrappedReference {
        format!(
            r#"<samlp:Extensions ID="{extensions_id}"><sandbox:Note xmlns:sandbox="urn:example:sso-desk-sandbox">signed, but not the assertion</sandbox:Note></samlp:Extensions>"#
        )
    } else {
        String::new()
    };
    let mut xml = format!(
        r#"<samlp:Response xmlns:samlp="{SAMLP}" xmlns:saml="{SAML}" ID="{response_id}" Version="2.0" IssueInstant="{instant}" Destination="{acs}"><saml:Issuer>{issuer}</saml:Issuer>{slot}{extensions}<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>{assertion}</samlp:Response>"#,
        instant = iso(when),
        acs = escape(acs),
        issuer = escape(issuer),
        slot = if sign_response { SIGNATURE_SLOT } else { "" },
    );
    if sign_assertion {
        xml = sign(&xml, &assertion_id, &credentials)?;
    }
    if sign_response {
        let target = if variant == Variant::WrappedReference {
            &extensions_id
        } else {
            &response_id
        };
        xml = sign_under(&xml, &response_id, target, &credentials)?;
    }
    Ok(match variant {
        Variant::Tampered => tamper(&xml),
        Variant::Wrapped => wrap(&xml, &assertion_id),
        _ => xml,
    })
}

/// The fixed parts of one response.
struct Parts<'a> {
    issuer: &'a str,
    acs: &'a str,
    audience: &'a str,
    statement: &'a Value,
    when: i64,
}

impl Parts<'_> {
    fn assertion(&self, id: &str, signed: bool) -> String {
        let name_id = self
            .statement
            .get("nameId")
            .and_then(Value::as_str)
            .unwrap_or("");
        let format = if name_id.contains('@') {
            "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
        } else {
            "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
        };
        let (start, end) = (iso(self.when - 60), iso(self.when + 300));
        let mut attributes = String::new();
        for statement in self
            .statement
            .get("attributes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = statement.get("name").and_then(Value::as_str).unwrap_or("");
            attributes.push_str(&format!(
                r#"<saml:Attribute Name="{}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified">"#,
                escape(name)
            ));
            let values: Vec<&str> = match statement.get("value") {
                Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
                Some(Value::String(s)) => vec![s.as_str()],
                _ => vec![""],
            };
            for value in values {
                attributes.push_str(&format!(
                    r#"<saml:AttributeValue xsi:type="xs:string">{}</saml:AttributeValue>"#,
                    escape(value)
                ));
            }
            attributes.push_str("</saml:Attribute>");
        }
        format!(
            r#"<saml:Assertion xmlns:saml="{SAML}" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="{id}" Version="2.0" IssueInstant="{instant}"><saml:Issuer>{issuer}</saml:Issuer>{slot}<saml:Subject><saml:NameID Format="{format}">{name_id}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{end}" Recipient="{acs}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="{start}" NotOnOrAfter="{end}"><saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="{instant}" SessionIndex="{id}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>{attributes}</saml:AttributeStatement></saml:Assertion>"#,
            instant = iso(self.when),
            issuer = escape(self.issuer),
            slot = if signed { SIGNATURE_SLOT } else { "" },
            name_id = escape(name_id),
            acs = escape(self.acs),
            audience = escape(self.audience),
        )
    }
}

/// Signs the element with ID `id`, whose signature template goes in its slot.
fn sign(xml: &str, id: &str, credentials: &Credentials) -> Result<String, ResponseError> {
    sign_under(xml, id, id, credentials)
}

/// Fills the first signature slot under the element `start` with a signature over the element
/// with ID `target`, and signs it.
fn sign_under(
    xml: &str,
    start: &str,
    target: &str,
    credentials: &Credentials,
) -> Result<String, ResponseError> {
    let at = slot_under(xml, start).ok_or(ResponseError::Signing(format!(
        "no signature slot under {start}"
    )))?;
    let mut templated = String::with_capacity(xml.len() + 1_024);
    templated.push_str(&xml[..at]);
    templated.push_str(&template(target, credentials.key.method()));
    templated.push_str(&xml[at + SIGNATURE_SLOT.len()..]);
    let key_info = X509CertificateKeyInfoWriter::from_pem(&credentials.certificate_pem)
        .map_err(|e| ResponseError::Signing(e.to_string()))?;
    let ids = [IdAttributeRegistration::global("ID")];
    SignContext::new(credentials.key.signer())
        .key_info_writer(&key_info)
        .id_attributes(&ids)
        .start_node_id(start)
        .signature_template_selection(SignatureTemplateSelection::FirstDescendant)
        .sign_template(&templated)
        .map_err(|e| ResponseError::Signing(e.to_string()))
}

/// Where the first signature slot after the element with ID `id` starts (its own slot follows its
/// `Issuer`, before any child element that could hold another).
fn slot_under(xml: &str, id: &str) -> Option<usize> {
    let element = xml.find(&format!(r#" ID="{id}""#))?;
    xml[element..].find(SIGNATURE_SLOT).map(|at| element + at)
}

fn template(target: &str, method: &str) -> String {
    let enveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
    let exc = "http://www.w3.org/2001/10/xml-exc-c14n#";
    format!(
        r##"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="{exc}"/><ds:SignatureMethod Algorithm="{method}"/><ds:Reference URI="#{target}"><ds:Transforms><ds:Transform Algorithm="{enveloped}"/><ds:Transform Algorithm="{exc}"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue><ds:KeyInfo/></ds:Signature>"##
    )
}

/// A key pair the application never had (P-256, fast to make), with its own certificate.
fn other_credentials() -> Result<Credentials, ResponseError> {
    let pair = rcgen::KeyPair::generate().map_err(|e| ResponseError::Signing(e.to_string()))?;
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new())
        .map_err(|e| ResponseError::Signing(e.to_string()))?;
    params.distinguished_name.push(
        rcgen::DnType::CommonName,
        "Not the application's IdP (sample data)",
    );
    let certificate = params
        .self_signed(&pair)
        .map_err(|e| ResponseError::Signing(e.to_string()))?;
    Ok(Credentials {
        key: Key::from_pem(&pair.serialize_pem())?,
        certificate_pem: certificate.pem(),
    })
}

/// Changes the first non-empty attribute value (else the NameID) after signing.
fn tamper(xml: &str) -> String {
    for open in [
        r#"<saml:AttributeValue xsi:type="xs:string">"#,
        "<saml:NameID ",
    ] {
        let mut from = 0;
        while let Some(found) = xml[from..].find(open) {
            let start = from + found;
            let text = start + xml[start..].find('>').unwrap_or(0) + 1;
            if !xml[text..].starts_with('<') {
                return format!("{}tampered-{}", &xml[..text], &xml[text..]);
            }
            from = text;
        }
    }
    xml.to_owned()
}

/// Puts a forged copy of the signed assertion (its signature dropped, another ID, the first
/// attribute value changed) before it.
fn wrap(xml: &str, assertion_id: &str) -> String {
    let Some(start) = xml.find("<saml:Assertion ") else {
        return xml.to_owned();
    };
    let Some(end) = xml
        .find("</saml:Assertion>")
        .map(|e| e + "</saml:Assertion>".len())
    else {
        return xml.to_owned();
    };
    let original = &xml[start..end];
    let mut forged = original.replace(assertion_id, &new_id());
    if let (Some(s), Some(e)) = (forged.find("<ds:Signature"), forged.find("</ds:Signature>")) {
        forged.replace_range(s..e + "</ds:Signature>".len(), "");
    }
    let forged = tamper(&forged);
    format!("{}{forged}{}", &xml[..start], &xml[start..])
}

/// A fresh XML ID: `_` and 32 hex digits.
fn new_id() -> String {
    let state = std::collections::hash_map::RandomState::new();
    let mut a = state.build_hasher();
    a.write_u64(1);
    let mut b = state.build_hasher();
    b.write_u64(2);
    format!("_{:016x}{:016x}", a.finish(), b.finish())
}

/// `YYYY-MM-DDTHH:MM:SSZ` of seconds since the Unix epoch.
pub fn iso(secs: i64) -> String {
    let (y, m, d) = crate::seed::certs::civil(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3_600,
        s / 60 % 60,
        s % 60
    )
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Standard base64 with padding, as the HTTP-POST binding carries a `SAMLResponse`.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_as_the_binding_expects() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"<samlp:Response/>"), "PHNhbWxwOlJlc3BvbnNlLz4=");
    }

    #[test]
    fn instants_are_utc_seconds() {
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso(1_709_164_800 + 3_661), "2024-02-29T01:01:01Z");
    }

    #[test]
    fn variants_have_their_documented_names() {
        for name in Variant::NAMES {
            assert!(Variant::parse(name).is_some(), "{name}");
        }
        assert_eq!(Variant::parse(""), Some(Variant::Genuine));
        assert_eq!(Variant::parse("nonsense"), None);
    }

    #[test]
    fn tampering_changes_the_first_non_empty_value() {
        let xml = r#"<saml:AttributeValue xsi:type="xs:string"></saml:AttributeValue><saml:AttributeValue xsi:type="xs:string">Ada</saml:AttributeValue>"#;
        assert!(tamper(xml).contains(">tampered-Ada<"), "{}", tamper(xml));
    }
}
