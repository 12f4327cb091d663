//! Service-provider metadata (SAML 2.0 `EntityDescriptor`): what an SP publishes about itself,
//! read so an admin can fill the SSO settings from a file instead of copying fields by hand.
//!
//! The file comes from outside, so it is read defensively, before and while parsing:
//! - at most [`MAX_METADATA_BYTES`];
//! - a cheap linear pre-scan refuses an element with more than [`MAX_NAMESPACES_PER_ELEMENT`]
//!   namespace declarations or [`MAX_ATTRIBUTES_PER_ELEMENT`] attributes, and a file with more
//!   than [`MAX_NAMESPACES`] declarations in all. roxmltree copies every namespace in scope into
//!   each element, so a file of about 660 KB whose root declares 20,000 prefixes and whose 20,000
//!   children each declare one more takes hours and about 800 MB; real SP metadata declares a
//!   handful. With at most [`MAX_NAMESPACES`] in scope, the copying is bounded by
//!   `MAX_NAMESPACES × MAX_NODES`;
//! - roxmltree's node limit ([`MAX_NODES`]) bounds the tree;
//! - no DTD at all (roxmltree refuses `<!DOCTYPE` unless told otherwise, which closes the door on
//!   entity expansion: "billion laughs", external entities).
//!
//! Even bounded, parsing is CPU work: async callers use [`parse_sp_metadata_off_thread`], which
//! runs it on tokio's blocking pool instead of an async worker. Elements are matched by their
//! namespace and local name, so any prefix (`md:`, `saml2:`, none) reads the same.

use serde::{Deserialize, Serialize};

use super::certificate::{parse_pem, pem_from_base64, CertificateInfo};

/// The largest metadata file read. Real SP metadata is a few kilobytes (a signing and an
/// encryption certificate, a handful of endpoints).
pub const MAX_METADATA_BYTES: usize = 1024 * 1024;

/// Namespace declarations (`xmlns`, `xmlns:p`) allowed on one element.
pub const MAX_NAMESPACES_PER_ELEMENT: usize = 64;

/// Attributes (declarations included) allowed on one element.
pub const MAX_ATTRIBUTES_PER_ELEMENT: usize = 256;

/// Namespace declarations allowed in the whole file: what can be in scope at once.
pub const MAX_NAMESPACES: usize = 256;

/// Nodes (elements, text, comments) roxmltree may build. SP metadata has a few hundred.
pub const MAX_NODES: u32 = 10_000;

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

impl SpMetadata {
    /// Every `AssertionConsumerService` with the HTTP-POST binding and a location, in the file's
    /// order, with its `index` and `isDefault`: what a multi-ACS application takes.
    pub fn post_consumers(&self) -> Vec<&AssertionConsumer> {
        self.assertion_consumers
            .iter()
            .filter(|a| a.binding == HTTP_POST && !a.location.is_empty())
            .collect()
    }
}

/// [`parse_sp_metadata`] on tokio's blocking pool, so that reading a file never holds an async
/// worker. What the desk's import calls.
pub async fn parse_sp_metadata_off_thread(bytes: Vec<u8>) -> Result<SpMetadata, String> {
    tokio::task::spawn_blocking(move || parse_sp_metadata(&bytes))
        .await
        .map_err(|e| format!("the metadata could not be read: {e}"))?
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
    prescan(text)?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => {
            "the file declares a DTD (<!DOCTYPE …>); SAML metadata never needs one, and it is \
             refused because entity declarations can be used to attack the reader"
                .to_owned()
        }
        roxmltree::Error::NodesLimitReached => format!(
            "the file has more than {MAX_NODES} XML nodes; SP metadata has a few hundred, so it \
             is not read"
        ),
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

/// Counts the attributes and namespace declarations of every start tag in one linear pass and
/// refuses a file over the limits, before roxmltree (whose namespace handling is quadratic) sees
/// it. Comments, CDATA and processing instructions are skipped; at a `<!DOCTYPE` the scan stops,
/// since the parser refuses a DTD before it reaches any element. A start tag the scan cannot
/// follow is refused too (fail closed), naming where.
fn prescan(text: &str) -> Result<(), String> {
    let b = text.as_bytes();
    let mut at = 0;
    let mut declared = 0usize;
    while let Some(open) = b[at..].iter().position(|&c| c == b'<') {
        at += open + 1;
        let rest = &b[at..];
        let skip_past = |end: &[u8]| -> Result<usize, String> {
            rest.windows(end.len())
                .position(|w| w == end)
                .map(|p| p + end.len())
                .ok_or_else(|| {
                    format!(
                        "the file is not well-formed XML: nothing closes the markup at byte {at}"
                    )
                })
        };
        if rest.starts_with(b"!--") {
            at += skip_past(b"-->")?;
        } else if rest.starts_with(b"![CDATA[") {
            at += skip_past(b"]]>")?;
        } else if rest.starts_with(b"?") {
            at += skip_past(b"?>")?;
        } else if rest.starts_with(b"!") {
            return Ok(());
        } else if rest.starts_with(b"/") {
            at += skip_past(b">")?;
        } else {
            let tag = start_tag(rest).ok_or_else(|| {
                format!(
                    "the file is not well-formed XML: the start tag at byte {} cannot be read",
                    at - 1
                )
            })?;
            if tag.namespaces > MAX_NAMESPACES_PER_ELEMENT {
                return Err(format!(
                    "an element declares {} namespaces (more than {MAX_NAMESPACES_PER_ELEMENT}); SP \
                     metadata declares a handful, and so many make the reader slow, so the file \
                     is not read",
                    tag.namespaces
                ));
            }
            if tag.attributes > MAX_ATTRIBUTES_PER_ELEMENT {
                return Err(format!(
                    "an element has {} attributes (more than {MAX_ATTRIBUTES_PER_ELEMENT}); the \
                     file is not SP metadata as services publish it, so it is not read",
                    tag.attributes
                ));
            }
            declared += tag.namespaces;
            if declared > MAX_NAMESPACES {
                return Err(format!(
                    "the file declares more than {MAX_NAMESPACES} namespaces; SP metadata declares \
                     a handful, and so many make the reader slow, so the file is not read"
                ));
            }
            at += tag.length;
        }
    }
    Ok(())
}

/// What the pre-scan learns of one start tag.
struct StartTag {
    attributes: usize,
    namespaces: usize,
    /// Bytes from after the `<` to after the closing `>`.
    length: usize,
}

/// Reads the start tag at the beginning of `b` (just after its `<`), by XML's grammar:
/// `Name (S Name S? '=' S? ('"' [^"]* '"' | "'" [^']* "'"))* S? '/'? '>'`. `None` when `b` does
/// not follow it.
fn start_tag(b: &[u8]) -> Option<StartTag> {
    let is_space = |c: u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
    let is_name_end = |c: u8| is_space(c) || matches!(c, b'=' | b'>' | b'/' | b'<' | b'"' | b'\'');
    let mut i = b.iter().position(|&c| is_name_end(c))?;
    if i == 0 {
        return None;
    }
    let mut tag = StartTag {
        attributes: 0,
        namespaces: 0,
        length: 0,
    };
    loop {
        let spaced = i < b.len() && is_space(b[i]);
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        match b.get(i)? {
            b'>' => break,
            b'/' if b.get(i + 1) == Some(&b'>') => {
                i += 1;
                break;
            }
            _ if !spaced => return None,
            _ => {}
        }
        let name_start = i;
        while i < b.len() && !is_name_end(b[i]) {
            i += 1;
        }
        let name = &b[name_start..i];
        if name.is_empty() {
            return None;
        }
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let quote = *b.get(i).filter(|q| matches!(q, b'"' | b'\''))?;
        i += 1 + b[i + 1..].iter().position(|&c| c == quote)? + 1;
        tag.attributes += 1;
        if name == b"xmlns" || name.starts_with(b"xmlns:") {
            tag.namespaces += 1;
        }
    }
    tag.length = i + 1;
    Some(tag)
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

    /// The file of the security finding: a root declaring 20,000 prefixes, and 20,000 children
    /// each declaring one more (about 660 KB, under the size cap).
    fn namespace_flood() -> String {
        let mut xml = String::from("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"urn:x\"");
        for n in 0..20_000 {
            xml.push_str(&format!(" xmlns:p{n}=\"u\""));
        }
        xml.push('>');
        for n in 0..20_000 {
            xml.push_str(&format!("<c xmlns:q{n}=\"v\"/>"));
        }
        xml.push_str("</md:EntityDescriptor>");
        xml
    }

    #[test]
    fn a_namespace_flood_is_refused_at_once_with_a_clear_error() {
        let xml = namespace_flood();
        assert!(xml.len() < MAX_METADATA_BYTES, "{} bytes", xml.len());
        let started = std::time::Instant::now();
        let err = parse_sp_metadata(xml.as_bytes()).unwrap_err();
        // Reported, not asserted: tests do not time (the benchmarks do).
        eprintln!(
            "namespace flood of {} bytes refused in {:?}",
            xml.len(),
            started.elapsed()
        );
        assert!(err.contains("namespaces"), "{err}");
    }

    #[test]
    fn each_limit_of_the_prescan_holds_and_real_files_pass() {
        let wrap = |inner: &str, root_extra: &str| {
            format!(
                "<EntityDescriptor xmlns=\"{MD}\" entityID=\"urn:sp\"{root_extra}><SPSSODescriptor>\
                 <AssertionConsumerService Binding=\"{HTTP_POST}\" Location=\"https://a/1\"/>\
                 {inner}</SPSSODescriptor></EntityDescriptor>"
            )
        };
        let decls = |n: usize| {
            (0..n)
                .map(|i| format!(" xmlns:n{i}=\"u\""))
                .collect::<String>()
        };
        let attrs = |n: usize| (0..n).map(|i| format!(" a{i}='v'")).collect::<String>();
        let read = |xml: String| parse_sp_metadata(xml.as_bytes());
        // At the limits: read.
        read(wrap("", &decls(MAX_NAMESPACES_PER_ELEMENT - 1))).unwrap();
        read(wrap(
            &format!("<x{} />", attrs(MAX_ATTRIBUTES_PER_ELEMENT)),
            "",
        ))
        .unwrap();
        // One over: refused, saying why.
        let e = read(wrap("", &decls(MAX_NAMESPACES_PER_ELEMENT))).unwrap_err();
        assert!(e.contains("65 namespaces"), "{e}");
        let e = read(wrap(
            &format!("<x{}/>", attrs(MAX_ATTRIBUTES_PER_ELEMENT + 1)),
            "",
        ))
        .unwrap_err();
        assert!(e.contains("257 attributes"), "{e}");
        let spread: String = (0..MAX_NAMESPACES)
            .map(|i| format!("<x xmlns:n{i}=\"u\"/>"))
            .collect();
        let e = read(wrap(&spread, "")).unwrap_err();
        assert!(e.contains("more than 256 namespaces"), "{e}");
        let many: String = "<x/>".repeat(MAX_NODES as usize);
        let e = read(wrap(&many, "")).unwrap_err();
        assert!(e.contains("XML nodes"), "{e}");
        // Markup the scan skips, and a '>' inside a value, do not confuse it.
        let tricky = wrap(
            "<!-- <x xmlns:a='1' xmlns:b='2'> --><![CDATA[<y a='1'>]]><?pi <z?><Extensions a=\"x>y\" b = 'z'/>",
            "",
        );
        read(tricky).unwrap();
        let e = read(wrap("<x a='1'b='2'/>", "")).unwrap_err();
        assert!(e.contains("not well-formed"), "{e}");
    }

    #[tokio::test]
    async fn the_async_entry_reads_off_the_async_workers() {
        let m = parse_sp_metadata_off_thread(prefixed().into_bytes())
            .await
            .unwrap();
        assert_eq!(m, parse_sp_metadata(prefixed().as_bytes()).unwrap());
        let err = parse_sp_metadata_off_thread(namespace_flood().into_bytes())
            .await
            .unwrap_err();
        assert!(err.contains("namespaces"), "{err}");
    }

    #[test]
    fn every_post_endpoint_is_listed_with_its_index_and_default() {
        let m = parse_sp_metadata(prefixed().as_bytes()).unwrap();
        let posts: Vec<(&str, Option<u32>, bool)> = m
            .post_consumers()
            .iter()
            .map(|a| (a.location.as_str(), a.index, a.is_default))
            .collect();
        assert_eq!(
            posts,
            [
                ("https://sp.example.com/acs/1", Some(1), false),
                ("https://sp.example.com/acs/2", Some(2), true)
            ]
        );
        assert_eq!(
            m.name_id_formats,
            [
                "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
            ]
        );
    }
}
