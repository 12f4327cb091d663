//! The check next to each SSO field: what must be fixed before a value the admin *typed* can be
//! saved (an issue), and advice that never blocks (a note).
//!
//! A value JumpCloud already holds is accepted as it is: real organisations hold values SSO Desk
//! would not let an admin type (a NameID format of a SAML version the connector does not list, a
//! tenant name as Default RelayState), and refusing every save of such an application until the
//! admin "fixes" a field they did not touch would be wrong. So the settings compute issues for
//! changed fields only, and an untouched odd value gets a note (see `settings::draft_checks`).

use super::acs::check_acs_list;
use super::certificate::{parse_certificate, CertificateInfo};
use super::kinds::{SsoFieldKind, SsoValue};

/// The longest entity ID accepted: SAML 2.0 core (section 8.3.6) limits an entity identifier to
/// a URI of at most 1,024 characters, so a longer one is refused by conforming service providers.
pub const MAX_ENTITY_ID_CHARS: usize = 1024;

/// RelayState longer than this breaks SAML's bindings rule (section 3.4.3: at most 80 bytes);
/// many service providers accept longer ones, so it is a note, never an issue.
const RELAY_STATE_BYTES: usize = 80;

/// What a check found: an issue blocks a save of a typed value, a note never does.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Check {
    pub(crate) issue: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) certificate: Option<CertificateInfo>,
}

/// Characters that change how text is shown without being seen: bidirectional controls and
/// zero-width characters. In an entity ID or a URL they make two values look alike that the
/// service provider tells apart.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
    )
}

/// Whether `host` is this computer.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Checks a URL: absolute https:// (http:// only for loopback), and no control or invisible
/// characters (a URL parser silently drops tabs and line breaks, so a value that passed would
/// not be the value sent). `None` when fine.
pub fn check_url(text: &str) -> Option<String> {
    if text != text.trim() {
        return Some("remove the spaces around the URL".to_owned());
    }
    if text.chars().any(char::is_control) {
        return Some("remove the control characters (tabs, line breaks) from the URL".to_owned());
    }
    if text.chars().any(is_invisible) {
        return Some(
            "remove the invisible characters (bidirectional or zero-width) from the URL".to_owned(),
        );
    }
    let Ok(url) = url::Url::parse(text) else {
        return Some("enter an absolute URL, such as https://sp.example.com/saml/acs".to_owned());
    };
    match url.scheme() {
        "https" if url.host().is_some() => None,
        "http" if is_loopback(&url) => None,
        "http" => Some("use https:// (http:// is allowed only for localhost)".to_owned()),
        _ => Some("enter an https:// URL".to_owned()),
    }
}

/// Checks an entity ID: non-empty, no spaces around it, no control or invisible characters, at
/// most [`MAX_ENTITY_ID_CHARS`] characters. `None` when fine.
pub fn check_entity_id(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        Some("enter an entity ID".to_owned())
    } else if text != text.trim() {
        Some("remove the spaces around the entity ID".to_owned())
    } else if text.chars().any(char::is_control) {
        Some("remove the control characters (tabs, line breaks) from the entity ID".to_owned())
    } else if text.chars().any(is_invisible) {
        Some(
            "remove the invisible characters (bidirectional or zero-width) from the entity ID"
                .to_owned(),
        )
    } else if text.chars().count() > MAX_ENTITY_ID_CHARS {
        Some(format!(
            "an entity ID has at most {MAX_ENTITY_ID_CHARS} characters (SAML 2.0); this one has {}",
            text.chars().count()
        ))
    } else {
        None
    }
}

/// The check of `value` in the field `key` of `kind`.
pub(crate) fn check(key: &str, kind: &SsoFieldKind, required: bool, value: &SsoValue) -> Check {
    let text = match value {
        SsoValue::Switch(_) => return Check::default(),
        SsoValue::AcsUrls(list) => {
            let issue = list
                .iter()
                .find_map(|e| check_url(&e.url).map(|i| format!("{}: {i}", e.url)))
                .or_else(|| check_acs_list(list, required));
            return Check {
                issue,
                ..Check::default()
            };
        }
        SsoValue::Text(t) => t.as_str(),
    };
    if text.trim().is_empty() {
        return Check {
            issue: required.then(|| "this field is required".to_owned()),
            ..Check::default()
        };
    }
    let issue = |issue: Option<String>| Check {
        issue,
        ..Check::default()
    };
    match kind {
        SsoFieldKind::Url => issue(check_url(text)),
        SsoFieldKind::EntityId => issue(check_entity_id(text)),
        SsoFieldKind::Certificate => match parse_certificate(text) {
            Ok(info) => Check {
                certificate: Some(info),
                ..Check::default()
            },
            Err(e) => issue(Some(e)),
        },
        SsoFieldKind::Choice { options } if !options.iter().any(|o| o == text) => {
            issue(Some(format!("choose one of: {}", options.join(", "))))
        }
        SsoFieldKind::Number if text.trim().parse::<f64>().is_err() => {
            issue(Some("enter a number".to_owned()))
        }
        SsoFieldKind::Text if text.chars().any(char::is_control) => issue(Some(
            "remove the control characters (tabs, line breaks)".to_owned(),
        )),
        SsoFieldKind::Text if key == "defaultTargetUrl" && text.len() > RELAY_STATE_BYTES => {
            Check {
                note: Some(format!(
                    "SAML limits RelayState to {RELAY_STATE_BYTES} bytes and this is {}; some \
                     service providers refuse a longer one",
                    text.len()
                )),
                ..Check::default()
            }
        }
        _ => Check::default(),
    }
}

/// The note shown for a stored value whose check would fail if it were typed: it is kept.
pub(crate) fn stored_note(issue: &str) -> String {
    format!(
        "JumpCloud holds this value and it is kept as it is, although SSO Desk would not accept \
         it if typed: {issue}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sso::kinds::NAME_ID_FORMATS;

    #[test]
    fn urls_must_be_absolute_https_except_for_loopback() {
        assert_eq!(check_url("https://sp.example.com/acs"), None);
        assert_eq!(check_url("http://localhost:8080/acs"), None);
        assert_eq!(check_url("http://127.0.0.1/acs"), None);
        assert_eq!(check_url("http://[::1]/acs"), None);
        assert!(check_url("http://sp.example.com/acs")
            .unwrap()
            .contains("https"));
        assert!(check_url("/saml/acs").unwrap().contains("absolute"));
        assert!(check_url("ftp://x/y").is_some());
        assert!(check_url(" https://sp.example.com")
            .unwrap()
            .contains("spaces"));
    }

    #[test]
    fn control_and_invisible_characters_are_refused_in_urls() {
        // The URL parser drops these, so they used to pass: what is sent is not what was typed.
        for bad in [
            "https://sp.exa\tmple.com/acs",
            "https://sp.example.com/a\ncs",
            "https://sp.example.com/acs\r\n/x",
            "https://sp.example.com/\u{7}acs",
        ] {
            assert!(
                check_url(bad).unwrap().contains("control"),
                "{bad:?}: {:?}",
                check_url(bad)
            );
        }
        assert!(check_url("https://sp.example.com/\u{202E}sca")
            .unwrap()
            .contains("invisible"));
    }

    #[test]
    fn entity_ids_refuse_invisible_characters_and_are_capped() {
        assert_eq!(check_entity_id("urn:x"), None);
        assert!(check_entity_id("  ").is_some());
        assert!(check_entity_id(" urn:x").unwrap().contains("spaces"));
        for c in ['\u{202E}', '\u{200B}', '\u{2066}', '\u{FEFF}', '\u{200F}'] {
            let id = format!("https://sp.example.com/{c}saml");
            assert!(check_entity_id(&id).unwrap().contains("invisible"), "{c:?}");
        }
        assert!(check_entity_id("urn:a\tb").unwrap().contains("control"));
        let at_cap = format!("urn:{}", "é".repeat(MAX_ENTITY_ID_CHARS - 4));
        assert_eq!(check_entity_id(&at_cap), None, "the cap counts characters");
        let over = format!("{at_cap}x");
        assert!(check_entity_id(&over).unwrap().contains("1024"));
    }

    #[test]
    fn every_name_id_format_is_known() {
        let kind = SsoFieldKind::Choice {
            options: NAME_ID_FORMATS.iter().map(|s| (*s).to_owned()).collect(),
        };
        for format in [
            "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:entity",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:unspecified",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:emailAddress",
            "urn:oasis:names:tc:SAML:1.0:nameid-format:unspecified",
        ] {
            let c = check(
                "overrideNameIdFormat",
                &kind,
                false,
                &SsoValue::Text(format.into()),
            );
            assert_eq!(c.issue, None, "{format}");
        }
    }

    #[test]
    fn relay_state_is_free_text_with_a_note_past_80_bytes() {
        let t = |s: &str| {
            check(
                "defaultTargetUrl",
                &SsoFieldKind::Text,
                false,
                &SsoValue::Text(s.into()),
            )
        };
        assert_eq!(t("acme-tenant"), Check::default(), "a tenant name");
        let long = t(&format!("https://app.example.com/{}", "x".repeat(80)));
        assert_eq!(long.issue, None);
        assert!(long.note.unwrap().contains("80 bytes"));
        assert!(t("a\nb").issue.unwrap().contains("control"));
    }
}
