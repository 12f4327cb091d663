//! X.509 certificates as an admin sees them: who it names, who signed it, when it is valid, and
//! how soon the IdP certificate of an application runs out. Parsing only: SSO Desk shows and
//! checks certificates, it never verifies signatures with them (the one hash it computes is a
//! fingerprint, to tell two certificates apart).
//!
//! Real objects hold a certificate in one of three encodings, and SSO Desk reads them alike and
//! writes a value back in the encoding the application already uses ([`CertificateEncoding`]):
//! PEM (what the sandbox and the portal's upload store), base64 of the PEM text (public provider
//! code reads `idpCertificate.value` that way: loadsmart/terraform-provider-jumpcloud, see
//! `shared/jumpcloud-api/wire-evidence.md`) and bare base64 of the DER (what SAML metadata
//! carries). Dates are computed with checked arithmetic: a certificate or an `sso` date from
//! outside can hold any year, and none of them may panic or wrap.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde::{Deserialize, Serialize};
use x509_parser::pem::parse_x509_pem;
use x509_parser::prelude::FromDer;

/// What a certificate says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CertificateInfo {
    pub subject: String,
    pub issuer: String,
    /// Seconds since the Unix epoch (a double: exact for any date a certificate holds).
    pub not_before: f64,
    pub not_after: f64,
}

/// How a certificate is written in a `config` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum CertificateEncoding {
    /// PEM text, `-----BEGIN CERTIFICATE-----` and 64-character lines.
    Pem,
    /// Base64 of the PEM text, on one line.
    Base64Pem,
    /// Base64 of the DER, on one line (as SAML metadata carries a certificate).
    Base64Der,
}

/// Base64 as people paste it: padding optional.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The DER of the first certificate in `text` and the encoding it was written in. The error
/// says what is wrong, for the field.
pub fn decode_certificate(text: &str) -> Result<(Vec<u8>, CertificateEncoding), String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("no certificate was given".to_owned());
    }
    if trimmed.starts_with("-----BEGIN") {
        return Ok((der_of_pem(trimmed)?, CertificateEncoding::Pem));
    }
    let compact: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = LENIENT.decode(compact.as_bytes()).map_err(|_| {
        "this is not a certificate: neither PEM (-----BEGIN CERTIFICATE----- …) nor base64"
            .to_owned()
    })?;
    let inner = bytes.trim_ascii_start();
    if inner.starts_with(b"-----BEGIN") {
        let pem = std::str::from_utf8(inner)
            .map_err(|_| "the base64 holds PEM armour around bytes that are not text".to_owned())?;
        return Ok((der_of_pem(pem)?, CertificateEncoding::Base64Pem));
    }
    if bytes.first() == Some(&0x30) {
        return Ok((bytes, CertificateEncoding::Base64Der));
    }
    Err("this base64 holds neither a PEM certificate nor a DER one".to_owned())
}

fn der_of_pem(text: &str) -> Result<Vec<u8>, String> {
    let (_, pem) = parse_x509_pem(text.as_bytes())
        .map_err(|_| "this is not a PEM certificate (-----BEGIN CERTIFICATE----- …)".to_owned())?;
    if pem.label != "CERTIFICATE" {
        return Err(format!(
            "this PEM block is a {}, not a CERTIFICATE",
            pem.label.to_lowercase()
        ));
    }
    Ok(pem.contents)
}

/// Reads a certificate in any of the three encodings (see [`CertificateEncoding`]).
pub fn parse_certificate(text: &str) -> Result<CertificateInfo, String> {
    let (der, _) = decode_certificate(text)?;
    info_of_der(&der)
}

/// [`parse_certificate`], under the name the callers of PEM-only days use.
pub fn parse_pem(text: &str) -> Result<CertificateInfo, String> {
    parse_certificate(text)
}

fn info_of_der(der: &[u8]) -> Result<CertificateInfo, String> {
    let (_, cert) = x509_parser::certificate::X509Certificate::from_der(der)
        .map_err(|e| format!("the certificate could not be read as X.509: {e}"))?;
    let validity = cert.validity();
    Ok(CertificateInfo {
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        not_before: validity.not_before.timestamp() as f64,
        not_after: validity.not_after.timestamp() as f64,
    })
}

/// The encoding `text` is written in; `None` when it holds no readable certificate.
pub fn encoding_of(text: &str) -> Option<CertificateEncoding> {
    decode_certificate(text).ok().map(|(_, e)| e)
}

/// `der` written in `encoding`.
pub fn encode_certificate(der: &[u8], encoding: CertificateEncoding) -> String {
    match encoding {
        CertificateEncoding::Pem => pem_of_der(der),
        CertificateEncoding::Base64Pem => STANDARD.encode(pem_of_der(der)),
        CertificateEncoding::Base64Der => STANDARD.encode(der),
    }
}

fn pem_of_der(der: &[u8]) -> String {
    pem_from_base64(&STANDARD.encode(der))
}

/// The value to store for `certificate` (any encoding) in a field that holds `current`: written
/// in the encoding `current` uses, PEM when it holds no readable certificate (an empty field).
/// What the SP metadata import writes into `spCertificate`.
pub fn certificate_value_like(current: &str, certificate: &str) -> Result<String, String> {
    let (der, _) = decode_certificate(certificate)?;
    info_of_der(&der)?;
    let encoding = encoding_of(current).unwrap_or(CertificateEncoding::Pem);
    Ok(encode_certificate(&der, encoding))
}

/// The SHA-256 fingerprint of a certificate (any encoding): the hash of its DER, as upper-case
/// hex pairs joined by colons (`AB:CD:…`, as browsers and `openssl x509 -fingerprint` show it).
/// Two values with the same fingerprint hold the same certificate, whatever their encoding.
pub fn fingerprint_sha256(text: &str) -> Result<String, String> {
    let (der, _) = decode_certificate(text)?;
    let digest = ring::digest::digest(&ring::digest::SHA256, &der);
    Ok(digest
        .as_ref()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":"))
}

/// The fingerprint of `application`'s IdP certificate (`config.idpCertificate.value`), to compare
/// the copy before a PUT with the one after: a different fingerprint means JumpCloud holds another
/// certificate, and the service provider needs it. `None` when there is none or it is unreadable.
pub fn idp_certificate_fingerprint(application: &serde_json::Value) -> Option<String> {
    application
        .pointer("/config/idpCertificate/value")
        .and_then(serde_json::Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .and_then(|s| fingerprint_sha256(s).ok())
}

/// Wraps bare base64 certificate data in PEM armour (64 characters a line).
pub fn pem_from_base64(data: &str) -> String {
    let compact: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in compact.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

/// How close a certificate is to its end.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum ExpiryBand {
    Expired,
    /// 7 days or fewer left.
    Within7Days,
    Within30Days,
    Within60Days,
    Fine,
    /// No certificate, or no date could be found.
    Unknown,
}

impl ExpiryBand {
    pub fn of_days(days_left: i64) -> Self {
        match days_left {
            d if d < 0 => ExpiryBand::Expired,
            0..=7 => ExpiryBand::Within7Days,
            8..=30 => ExpiryBand::Within30Days,
            31..=60 => ExpiryBand::Within60Days,
            _ => ExpiryBand::Fine,
        }
    }

    /// Words for a CSV cell or a tooltip.
    pub fn words(self) -> &'static str {
        match self {
            ExpiryBand::Expired => "expired",
            ExpiryBand::Within7Days => "7 days or fewer",
            ExpiryBand::Within30Days => "30 days or fewer",
            ExpiryBand::Within60Days => "60 days or fewer",
            ExpiryBand::Fine => "fine",
            ExpiryBand::Unknown => "unknown",
        }
    }
}

/// The IdP certificate of one SAML application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CertificateHealth {
    /// The application holds an IdP certificate.
    pub present: bool,
    pub subject: Option<String>,
    /// Seconds since the Unix epoch: `sso.idpCertExpirationAt`, else the certificate's notAfter.
    pub expires_at: Option<f64>,
    /// Whole days left (negative once expired).
    #[specta(type = Option<i32>)]
    pub days_left: Option<i64>,
    pub band: ExpiryBand,
    /// Why the certificate could not be read, when it could not.
    pub problem: Option<String>,
}

const DAY: i64 = 24 * 60 * 60;

/// Whole days from `now` to `expires_at` (seconds), rounded down; negative once past. Dates too
/// far apart for an `i64` of seconds saturate (their band is the same either way).
pub fn days_left(expires_at: i64, now: i64) -> i64 {
    expires_at.saturating_sub(now).div_euclid(DAY)
}

/// The health of `application`'s IdP certificate at `now` (seconds since the epoch).
pub fn health_of(application: &serde_json::Value, now: i64) -> CertificateHealth {
    health_from(|pointer| application.pointer(pointer), now)
}

/// [`health_of`] for an application's JSON object as the client holds it, without copying it
/// into a `Value` (lists hold thousands).
pub fn health_of_object(
    application: &serde_json::Map<String, serde_json::Value>,
    now: i64,
) -> CertificateHealth {
    health_from(
        |pointer| {
            let (first, rest) = pointer.trim_start_matches('/').split_once('/')?;
            application.get(first)?.pointer(&format!("/{rest}"))
        },
        now,
    )
}

fn health_from<'a>(
    at: impl Fn(&str) -> Option<&'a serde_json::Value>,
    now: i64,
) -> CertificateHealth {
    let pem = at("/config/idpCertificate/value")
        .and_then(serde_json::Value::as_str)
        .filter(|s| !s.trim().is_empty());
    let stated = at("/sso/idpCertExpirationAt")
        .and_then(serde_json::Value::as_str)
        .and_then(parse_rfc3339);
    let parsed = pem.map(parse_certificate);
    let (subject, not_after, problem) = match parsed {
        Some(Ok(info)) => (Some(info.subject), Some(info.not_after as i64), None),
        Some(Err(e)) => (None, None, Some(e)),
        None => (None, None, None),
    };
    let expires = stated.or(not_after);
    let days = expires.map(|at| days_left(at, now));
    CertificateHealth {
        present: pem.is_some(),
        subject,
        expires_at: expires.map(|s| s as f64),
        days_left: days,
        band: days.map_or(ExpiryBand::Unknown, ExpiryBand::of_days),
        problem,
    }
}

/// Seconds since the epoch of an RFC 3339 time (`2027-01-02T03:04:05Z`, fractions and offsets
/// allowed). `None` when it is not one.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let t = text.trim();
    let (date, rest) = t.split_once(['T', 't', ' '])?;
    let mut d = date.split('-');
    let (y, m, day): (i64, i64, i64) = (
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
    );
    if d.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let (clock, offset) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else {
        let at = rest.rfind(['+', '-'])?;
        let (c, o) = rest.split_at(at);
        let sign = if o.starts_with('-') { -1 } else { 1 };
        let (oh, om) = o[1..].split_once(':')?;
        let (oh, om): (i64, i64) = (oh.parse().ok()?, om.parse().ok()?);
        if !(0..24).contains(&oh) || !(0..60).contains(&om) {
            return None;
        }
        (c, sign * (oh * 3600 + om * 60))
    };
    let clock = clock.split('.').next()?;
    let mut c = clock.split(':');
    let (h, mi, s): (i64, i64, i64) = (
        c.next()?.parse().ok()?,
        c.next()?.parse().ok()?,
        c.next()?.parse().ok()?,
    );
    if !(0..24).contains(&h) || !(0..60).contains(&mi) || !(0..=60).contains(&s) {
        return None;
    }
    days_from_civil(y, m, day)?
        .checked_mul(DAY)?
        .checked_add(h * 3600 + mi * 60 + s)?
        .checked_sub(offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm); `None` when
/// the year is too large for the arithmetic (a date from outside can hold any year).
fn days_from_civil(y: i64, m: i64, d: i64) -> Option<i64> {
    let y = if m <= 2 { y.checked_sub(1)? } else { y };
    let era = y.div_euclid(400);
    let yoe = y.checked_sub(era.checked_mul(400)?)?;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era.checked_mul(146_097)?
        .checked_add(doe)?
        .checked_sub(719_468)
}

/// Now, in seconds since the epoch.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// A self-signed certificate for `CN=sp.example.com, O=Example SP`, valid ten years.
    pub(crate) const SP_CERT: &str = include_str!("testdata/sp-cert.pem");

    #[test]
    fn a_pem_certificate_shows_subject_issuer_and_validity() {
        let info = parse_pem(SP_CERT).unwrap();
        assert!(
            info.subject.contains("CN=sp.example.com"),
            "{}",
            info.subject
        );
        assert!(info.issuer.contains("O=Example SP"), "{}", info.issuer);
        assert!(info.not_after > info.not_before);
    }

    #[test]
    fn bare_base64_from_metadata_is_accepted() {
        let body: String = SP_CERT
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        assert_eq!(parse_pem(&body).unwrap(), parse_pem(SP_CERT).unwrap());
    }

    #[test]
    fn garbage_and_other_pem_blocks_are_refused_with_a_reason() {
        assert!(parse_pem("").unwrap_err().contains("no certificate"));
        assert!(parse_pem("hello").is_err());
        let key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert!(parse_pem(key).unwrap_err().contains("private key"));
        let broken = SP_CERT.replace("MII", "MIJ");
        assert!(parse_pem(&broken).is_err());
    }

    /// `SP_CERT`'s fingerprint as `openssl x509 -noout -fingerprint -sha256` prints it.
    const SP_CERT_SHA256: &str = "67:F1:15:B8:C8:73:47:67:E4:DC:CE:28:96:6E:15:4B:A1:4F:9F:65:F4:A5:D9:6D:40:F3:48:74:92:D5:9C:F1";

    fn base64_der() -> String {
        SP_CERT
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect()
    }

    #[test]
    fn pem_base64_of_pem_and_bare_der_read_alike() {
        let pem = parse_certificate(SP_CERT).unwrap();
        let of_pem = STANDARD.encode(SP_CERT);
        assert_eq!(
            parse_certificate(&of_pem).unwrap(),
            pem,
            "base64 of the PEM text"
        );
        let wrapped: String = of_pem
            .as_bytes()
            .chunks(76)
            .map(|c| format!("{}\r\n", String::from_utf8_lossy(c)))
            .collect();
        assert_eq!(parse_certificate(&wrapped).unwrap(), pem, "wrapped base64");
        assert_eq!(parse_certificate(&base64_der()).unwrap(), pem, "bare DER");
        assert_eq!(encoding_of(SP_CERT), Some(CertificateEncoding::Pem));
        assert_eq!(encoding_of(&of_pem), Some(CertificateEncoding::Base64Pem));
        assert_eq!(
            encoding_of(&base64_der()),
            Some(CertificateEncoding::Base64Der)
        );
        assert_eq!(encoding_of(""), None);
        assert!(parse_certificate(&STANDARD.encode("hello"))
            .unwrap_err()
            .contains("neither"));
        let key = STANDARD.encode("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assert!(parse_certificate(&key).unwrap_err().contains("private key"));
    }

    #[test]
    fn a_value_is_written_back_in_the_encoding_the_field_uses() {
        let der = base64_der();
        let of_pem = STANDARD.encode(SP_CERT);
        // The field's encoding wins, whatever the new certificate came in.
        for current in [
            SP_CERT.to_owned(),
            of_pem.clone(),
            der.clone(),
            String::new(),
        ] {
            for new in [SP_CERT.to_owned(), of_pem.clone(), der.clone()] {
                let written = certificate_value_like(&current, &new).unwrap();
                let want = encoding_of(&current).unwrap_or(CertificateEncoding::Pem);
                assert_eq!(
                    encoding_of(&written),
                    Some(want),
                    "{current:.20} <- {new:.20}"
                );
                assert_eq!(
                    parse_certificate(&written).unwrap(),
                    parse_certificate(SP_CERT).unwrap()
                );
            }
        }
        assert_eq!(
            certificate_value_like(&of_pem, SP_CERT).unwrap(),
            of_pem,
            "the same certificate in the same encoding is the same text"
        );
        assert_eq!(certificate_value_like(&der, SP_CERT).unwrap(), der);
        assert!(certificate_value_like(SP_CERT, "not a certificate").is_err());
    }

    #[test]
    fn the_fingerprint_is_the_sha256_of_the_der_whatever_the_encoding() {
        assert_eq!(fingerprint_sha256(SP_CERT).unwrap(), SP_CERT_SHA256);
        assert_eq!(
            fingerprint_sha256(&STANDARD.encode(SP_CERT)).unwrap(),
            SP_CERT_SHA256
        );
        assert_eq!(fingerprint_sha256(&base64_der()).unwrap(), SP_CERT_SHA256);
        let app = json!({"config": {"idpCertificate": {"value": SP_CERT}}});
        assert_eq!(
            idp_certificate_fingerprint(&app).as_deref(),
            Some(SP_CERT_SHA256)
        );
        assert_eq!(idp_certificate_fingerprint(&json!({"config": {}})), None);
    }

    #[test]
    fn absurd_dates_never_panic_nor_wrap() {
        for text in [
            "9223372036854775807-01-01T00:00:00Z",
            "-9223372036854775808-03-01T00:00:00Z",
            "292277026596-12-04T15:30:08Z",
            "25252734927766554-07-15T00:00:00Z",
            "2030-01-01T00:00:00+99:00",
            "2030-01-01T99:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(text), None, "{text}");
        }
        assert_eq!(
            parse_rfc3339("9999-12-31T23:59:59Z"),
            Some(253_402_300_799),
            "the largest four-digit year still reads"
        );
        assert_eq!(days_left(i64::MAX, i64::MIN), i64::MAX.div_euclid(DAY));
        assert_eq!(days_left(i64::MIN, i64::MAX), i64::MIN.div_euclid(DAY));
        // An absurd stated expiry falls back to the certificate's own date.
        let app = json!({"sso": {"idpCertExpirationAt": "9223372036854775807-01-01T00:00:00Z"},
            "config": {"idpCertificate": {"value": SP_CERT}}});
        let h = health_of(&app, 0);
        assert_eq!(
            h.expires_at,
            Some(parse_certificate(SP_CERT).unwrap().not_after)
        );
    }

    #[test]
    fn bands_follow_the_expiry_mails() {
        assert_eq!(ExpiryBand::of_days(-1), ExpiryBand::Expired);
        assert_eq!(ExpiryBand::of_days(0), ExpiryBand::Within7Days);
        assert_eq!(ExpiryBand::of_days(7), ExpiryBand::Within7Days);
        assert_eq!(ExpiryBand::of_days(8), ExpiryBand::Within30Days);
        assert_eq!(ExpiryBand::of_days(30), ExpiryBand::Within30Days);
        assert_eq!(ExpiryBand::of_days(60), ExpiryBand::Within60Days);
        assert_eq!(ExpiryBand::of_days(61), ExpiryBand::Fine);
    }

    #[test]
    fn rfc3339_times_are_read() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2000-03-01T00:00:00.123Z"), Some(951_868_800));
        assert_eq!(
            parse_rfc3339("2000-03-01T02:00:00+02:00"),
            Some(951_868_800)
        );
        assert_eq!(parse_rfc3339("soon"), None);
    }

    #[test]
    fn health_prefers_the_stated_expiry_and_falls_back_to_not_after() {
        let now = parse_rfc3339("2030-01-01T00:00:00Z").unwrap();
        let stated = json!({"sso": {"idpCertExpirationAt": "2030-01-11T12:00:00Z"},
            "config": {"idpCertificate": {"value": SP_CERT}}});
        let h = health_of(&stated, now);
        assert!(h.present);
        assert_eq!(h.days_left, Some(10));
        assert_eq!(h.band, ExpiryBand::Within30Days);
        assert!(h.subject.unwrap().contains("sp.example.com"));

        let parsed = json!({"config": {"idpCertificate": {"value": SP_CERT}}});
        let h = health_of(&parsed, now);
        let not_after = parse_pem(SP_CERT).unwrap().not_after as i64;
        assert_eq!(h.days_left, Some(days_left(not_after, now)));

        let missing = json!({"config": {"idpCertificate": {"value": ""}}});
        let h = health_of(&missing, now);
        assert!(!h.present);
        assert_eq!(h.band, ExpiryBand::Unknown);
    }
}
