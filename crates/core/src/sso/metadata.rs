//! Service-provider metadata (SAML 2.0 `EntityDescriptor`): what an SP publishes about itself,
//! read so an admin can fill the SSO settings from a file instead of copying fields by hand.
//!
//! The file comes from outside, so it is read defensively: at most [`MAX_METADATA_BYTES`], and
//! no DTD at all (roxmltree refuses `<!DOCTYPE` unless told otherwise, which closes the door on
//! entity expansion: "billion laughs", external entities). Elements are matched by their
//! namespace and local name, so any prefix (`md:`, `saml2:`, none) reads the same.

use serde::{Deserialize, Serialize};

use super::certificate::{parse_pem, pem_from_base64, CertificateInfo};

/// The largest metadata file read.
pub const MAX_METADATA_BYTES: usize = 1024 * 1024;

const MD: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
pub const HTTP_POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

/// One `AssertionConsumerService`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AssertionConsumer {
    pub binding: String,
    pub location: String,
    pub index: Option<u32>,
    pub is_default: bool,
}

/// What an SP's metadata says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SpMetadata {
    pub entity_id: String,
    pub assertion_consumers: Vec<AssertionConsumer>,
    /// The ACS URL the settings take: the default HTTP-POST one, else the first HTTP-POST one.
    pub acs_url: String,
    /// The signing certificate as PEM, when the metadata has one.
    pub signing_certificate: Option<String>,
    pub signing_certificate_info: Option<CertificateInfo>,
    pub name_id_formats: Vec<String>,
}

/// Reads SP metadata. Every failure says what is wrong with the file.
pub fn parse_sp_metadata(bytes: &[u8]) -> Result<SpMetadata, String> {
    if bytes.len() > MAX_METADATA_BYTES {
        return Err(format!(
            "the file is {} KiB; SP metadata larger than {} KiB is not read",
            bytes.len() / 1024,
            MAX_METADATA_BYTES / 1024
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "the file is not UTF-8 text; SP metadata is an XML file".to_owned())?;
    if text.trim().is_empty() {
        return Err("the file is empty".to_owned());
    }
    let doc = roxmltree::Document::parse(text).map_err(|e| match e {
        roxmltree::Error::DtdDetected => {
            "the file declares a DTD (<!DOCTYPE …>); SAML metadata never needs one, and it is \
             refused because entity declarations can be used to attack the reader"
                .to_owned()
        }
        other => format!("the file is not well-formed XML: {other}"),
    })?;
    let is = |n: &roxmltree::Node, ns: &str, name: &str| {
        n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(ns)
    };
    let root = doc.root_element();
    let entity = if is(&root, MD, "EntityDescriptor") {
        root
    } else if is(&root, MD, "EntitiesDescriptor") {
        root.descendants()
            .find(|n| {
                is(n, MD, "EntityDescriptor") && n.children().any(|c| is(&c, MD, "SPSSODescriptor"))
            })
            .ok_or("the file lists entities, but none is a service provider")?
    } else {
        return Err(format!(
            "the file is XML, but not SAML metadata (its root is <{}>, expected an \
             EntityDescriptor in the SAML 2.0 metadata namespace)",
            root.tag_name().name()
        ));
    };
    let entity_id = entity
        .attribute("entityID")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or("the EntityDescriptor has no entityID")?
        .to_owned();
    let sp = entity
        .children()
        .find(|c| is(c, MD, "SPSSODescriptor"))
        .ok_or("the metadata has no SPSSODescriptor: it does not describe a service provider")?;

    let assertion_consumers: Vec<AssertionConsumer> = sp
        .children()
        .filter(|c| is(c, MD, "AssertionConsumerService"))
        .map(|c| AssertionConsumer {
            binding: c.attribute("Binding").unwrap_or_default().trim().to_owned(),
            location: c
                .attribute("Location")
                .unwrap_or_default()
                .trim()
                .to_owned(),
            index: c.attribute("index").and_then(|i| i.trim().parse().ok()),
            is_default: c
                .attribute("isDefault")
                .is_some_and(|d| matches!(d.trim(), "true" | "1")),
        })
        .collect();
    let posts: Vec<&AssertionConsumer> = assertion_consumers
        .iter()
        .filter(|a| a.binding == HTTP_POST && !a.location.is_empty())
        .collect();
    let acs = posts
        .iter()
        .find(|a| a.is_default)
        .or_else(|| posts.iter().min_by_key(|a| a.index.unwrap_or(u32::MAX)))
        .ok_or("the metadata has no AssertionConsumerService with the HTTP-POST binding")?;
    let acs_url = acs.location.clone();

    let signing = sp
        .children()
        .filter(|c| is(c, MD, "KeyDescriptor"))
        .filter(|k| k.attribute("use").is_none_or(|u| u.trim() == "signing"))
        .find_map(|k| {
            k.descendants()
                .find(|n| is(n, DS, "X509Certificate"))
                .and_then(|n| n.text())
                .map(str::trim)
                .filter(|t| !t.is_empty())
        });
    let (signing_certificate, signing_certificate_info) = match signing {
        Some(data) => {
            let pem = pem_from_base64(data);
            let info = parse_pem(&pem)
                .map_err(|e| format!("the signing certificate in the metadata: {e}"))?;
            (Some(pem), Some(info))
        }
        None => (None, None),
    };
    let name_id_formats = sp
        .children()
        .filter(|c| is(c, MD, "NameIDFormat"))
        .filter_map(|c| c.text())
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    Ok(SpMetadata {
        entity_id,
        assertion_consumers,
        acs_url,
        signing_certificate,
        signing_certificate_info,
        name_id_formats,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::sso::certificate::tests::SP_CERT;

    fn cert_body() -> String {
        SP_CERT
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect()
    }

    /// Metadata shaped like a real SP's: `md:` prefixes, a redirect ACS first, several POST ones
    /// with the default not first, an encryption key before the signing key.
    pub(crate) fn prefixed() -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID=" https://sp.example.com/saml ">
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>bm90IGEgY2VydA==</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>
{cert}
    </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://sp.example.com/redirect" index="0"/>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example.com/acs/1" index="1"/>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example.com/acs/2" index="2" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>"#,
            cert = cert_body()
        )
    }

    #[test]
    fn prefixed_metadata_with_several_acs_reads_the_default_post_one() {
        let m = parse_sp_metadata(prefixed().as_bytes()).unwrap();
        assert_eq!(m.entity_id, "https://sp.example.com/saml");
        assert_eq!(m.assertion_consumers.len(), 3);
        assert_eq!(m.acs_url, "https://sp.example.com/acs/2");
        assert_eq!(m.assertion_consumers[2].index, Some(2));
        assert!(m.assertion_consumers[2].is_default);
        assert_eq!(m.name_id_formats.len(), 2);
        let info = m.signing_certificate_info.unwrap();
        assert!(info.subject.contains("sp.example.com"));
        assert!(m
            .signing_certificate
            .unwrap()
            .starts_with("-----BEGIN CERTIFICATE-----"));
    }

    #[test]
    fn unprefixed_with_bom_and_key_without_use_reads_the_first_post_acs() {
        let xml = format!(
            "\u{feff}<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"urn:sp\">\
             <SPSSODescriptor><KeyDescriptor><KeyInfo xmlns=\"http://www.w3.org/2000/09/xmldsig#\">\
             <X509Data><X509Certificate>{}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>\
             <AssertionConsumerService Binding=\"{HTTP_POST}\" Location=\"https://a/2\" index=\"5\"/>\
             <AssertionConsumerService Binding=\"{HTTP_POST}\" Location=\"https://a/1\" index=\"3\"/>\
             </SPSSODescriptor></EntityDescriptor>",
            cert_body()
        );
        let m = parse_sp_metadata(xml.as_bytes()).unwrap();
        assert_eq!(m.entity_id, "urn:sp");
        assert_eq!(m.acs_url, "https://a/1");
        assert!(m.signing_certificate.is_some());
        assert!(m.name_id_formats.is_empty());
    }

    #[test]
    fn other_prefixes_read_the_same() {
        let xml = prefixed()
            .replace("md:", "saml2md:")
            .replace("xmlns:md=", "xmlns:saml2md=");
        assert_eq!(
            parse_sp_metadata(xml.as_bytes()).unwrap(),
            parse_sp_metadata(prefixed().as_bytes()).unwrap()
        );
    }

    #[test]
    fn dtds_and_entities_are_refused() {
        let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&lol2;"/>"#;
        let err = parse_sp_metadata(laughs.as_bytes()).unwrap_err();
        assert!(err.contains("DTD"), "{err}");
        let external = r#"<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>"#;
        assert!(parse_sp_metadata(external.as_bytes())
            .unwrap_err()
            .contains("DTD"));
        let bare = "<!DOCTYPE EntityDescriptor><EntityDescriptor/>";
        assert!(parse_sp_metadata(bare.as_bytes())
            .unwrap_err()
            .contains("DTD"));
    }

    #[test]
    fn malformed_missing_and_oversized_files_say_what_is_wrong() {
        let e = |x: &str| parse_sp_metadata(x.as_bytes()).unwrap_err();
        assert!(e("").contains("empty"));
        assert!(e("<EntityDescriptor").contains("not well-formed"));
        assert!(e("<html/>").contains("not SAML metadata"));
        let no_id = "<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\">\
                     <SPSSODescriptor/></EntityDescriptor>";
        assert!(e(no_id).contains("no entityID"));
        let no_post = prefixed().replace("HTTP-POST", "HTTP-Artifact");
        assert!(e(&no_post).contains("HTTP-POST"));
        let big = vec![b' '; MAX_METADATA_BYTES + 1];
        assert!(parse_sp_metadata(&big).unwrap_err().contains("larger than"));
        assert!(parse_sp_metadata(&[0xff, 0xfe, 0x00])
            .unwrap_err()
            .contains("UTF-8"));
    }
}
