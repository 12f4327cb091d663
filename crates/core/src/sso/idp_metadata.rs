//! The IdP metadata a service provider needs, when JumpCloud will not hand it over.
//!
//! JumpCloud serves an application's IdP metadata at `…/metadata.xml`. The service provider fetches
//! that URL itself with no key, but a fetch with an API key can be refused (401, 403 or 404: a
//! key that may not read it, an organisation route the key cannot reach). The admin still needs
//! the file: SSO Desk then builds it from what the application holds, the IdP entity ID
//! (`config.idpEntityId.value`), the SSO URL (`ssoUrl`) and the IdP certificate
//! (`config.idpCertificate.value`, read in any of its three encodings), and says it was built
//! locally.
//!
//! Promises: every value is XML-escaped; the certificate goes in as base64 DER on one line (what
//! SAML metadata carries), whatever its encoding in JumpCloud; an application lacking the entity
//! ID or the SSO URL gets no file but an error naming what is missing (a file without them would
//! break the service provider's sign-in quietly). No private key is read.

use serde::Serialize;
use serde_json::Value;

use super::certificate::{decode_certificate, encode_certificate, CertificateEncoding};

/// The IdP metadata handed to the admin, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IdpMetadata {
    pub xml: String,
    /// `None` when JumpCloud served it; otherwise why it was built locally, for the admin.
    pub built_locally: Option<String>,
}

impl IdpMetadata {
    /// What the admin is told about a metadata file built locally after JumpCloud answered
    /// `status`.
    pub fn built_after(status: u16, xml: String) -> Self {
        Self {
            xml,
            built_locally: Some(format!(
                "JumpCloud refused the metadata (HTTP {status}), so it was built locally from the \
                 IdP entity ID, the SSO URL and the IdP certificate."
            )),
        }
    }
}

/// The statuses after which the metadata is built locally: the key may not read it.
pub fn refused(status: Option<u16>) -> bool {
    matches!(status, Some(401 | 403 | 404))
}

/// The SAML 2.0 `EntityDescriptor` of `application`'s IdP, as JumpCloud's export has it.
pub fn build_idp_metadata(application: &Value) -> Result<String, String> {
    let text = |pointer: &str| {
        application
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let entity_id = text("/config/idpEntityId/value")
        .ok_or("the application has no IdP entity ID, so no metadata can be built")?;
    let sso_url =
        text("/ssoUrl").ok_or("the application has no SSO URL, so no metadata can be built")?;
    let key = match text("/config/idpCertificate/value") {
        None => String::new(),
        Some(value) => {
            let (der, _) = decode_certificate(value)
                .map_err(|e| format!("the IdP certificate cannot be read: {e}"))?;
            let body = encode_certificate(&der, CertificateEncoding::Base64Der);
            format!(
                "    <md:KeyDescriptor use=\"signing\">\n      <ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\n        <ds:X509Data>\n          <ds:X509Certificate>{body}</ds:X509Certificate>\n        </ds:X509Data>\n      </ds:KeyInfo>\n    </md:KeyDescriptor>\n"
            )
        }
    };
    let (entity_id, sso_url) = (escape(entity_id), escape(sso_url));
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"{entity_id}\">\n\
  <md:IDPSSODescriptor WantAuthnRequestsSigned=\"false\" protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\n\
{key}\
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>\n\
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>\n\
    <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"{sso_url}\"/>\n\
    <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\"{sso_url}\"/>\n\
  </md:IDPSSODescriptor>\n\
</md:EntityDescriptor>\n"
    ))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use serde_json::json;

    const PEM: &str = include_str!("testdata/sp-cert.pem");

    fn der_body(pem: &str) -> String {
        pem.lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<String>()
    }

    fn app(cert: &str) -> Value {
        json!({
            "ssoUrl": "https://sso.jumpcloud.com/saml2/slack?a=1&b=2",
            "config": {
                "idpEntityId": {"value": "JumpCloud \"Slack\""},
                "idpCertificate": {"value": cert},
                "idpPrivateKey": {"value": "SECRET-KEY-MATERIAL"},
            }
        })
    }

    #[test]
    fn every_certificate_encoding_gives_the_same_base64_der_and_values_are_escaped() {
        let base64_pem = base64::engine::general_purpose::STANDARD.encode(PEM);
        let bare = der_body(PEM);
        let from_pem = build_idp_metadata(&app(PEM)).expect("built");
        assert_eq!(
            build_idp_metadata(&app(&base64_pem)).expect("built"),
            from_pem
        );
        assert_eq!(build_idp_metadata(&app(&bare)).expect("built"), from_pem);
        assert!(from_pem.contains(&format!("<ds:X509Certificate>{bare}</ds:X509Certificate>")));
        assert!(from_pem.contains("entityID=\"JumpCloud &quot;Slack&quot;\""));
        assert!(from_pem.contains("Location=\"https://sso.jumpcloud.com/saml2/slack?a=1&amp;b=2\""));
        assert!(!from_pem.contains("SECRET"), "no private key in metadata");
        roxmltree::Document::parse(&from_pem).expect("well-formed XML");
    }

    #[test]
    fn missing_entity_id_or_sso_url_is_named_and_no_file_is_made() {
        let mut no_url = app(PEM);
        no_url.as_object_mut().expect("object").remove("ssoUrl");
        assert!(build_idp_metadata(&no_url)
            .expect_err("refused")
            .contains("SSO URL"));
        let mut no_entity = app(PEM);
        no_entity["config"]["idpEntityId"]["value"] = json!("  ");
        assert!(build_idp_metadata(&no_entity)
            .expect_err("refused")
            .contains("IdP entity ID"));
        let broken = app("not a certificate");
        assert!(build_idp_metadata(&broken)
            .expect_err("refused")
            .contains("IdP certificate"));
    }

    #[test]
    fn only_a_refusal_builds_locally() {
        assert!(refused(Some(401)) && refused(Some(403)) && refused(Some(404)));
        assert!(!refused(Some(500)) && !refused(Some(429)) && !refused(None));
    }
}
