//! X.509 certificates as an admin sees them: who it names, who signed it, when it is valid, and
//! how soon the IdP certificate of an application runs out. Parsing only (no crypto backend):
//! SSO Desk shows and checks certificates, it never verifies signatures with them.

use serde::{Deserialize, Serialize};
use x509_parser::pem::parse_x509_pem;

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

/// Parses one PEM certificate (`-----BEGIN CERTIFICATE-----`). Bare base64 (as SAML metadata
/// carries it) is accepted too and wrapped first. The error says what is wrong, for the field.
pub fn parse_pem(text: &str) -> Result<CertificateInfo, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("no certificate was given".to_owned());
    }
    let pem_text = if trimmed.starts_with("-----BEGIN") {
        trimmed.to_owned()
    } else {
        pem_from_base64(trimmed)
    };
    let (_, pem) = parse_x509_pem(pem_text.as_bytes())
        .map_err(|_| "this is not a PEM certificate (-----BEGIN CERTIFICATE----- …)".to_owned())?;
    if pem.label != "CERTIFICATE" {
        return Err(format!(
            "this PEM block is a {}, not a CERTIFICATE",
            pem.label.to_lowercase()
        ));
    }
    let cert = pem
        .parse_x509()
        .map_err(|e| format!("the certificate could not be read as X.509: {e}"))?;
    let validity = cert.validity();
    Ok(CertificateInfo {
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        not_before: validity.not_before.timestamp() as f64,
        not_after: validity.not_after.timestamp() as f64,
    })
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

/// Whole days from `now` to `expires_at` (seconds), rounded down; negative once past.
pub fn days_left(expires_at: i64, now: i64) -> i64 {
    (expires_at - now).div_euclid(DAY)
}

/// The health of `application`'s IdP certificate at `now` (seconds since the epoch).
pub fn health_of(application: &serde_json::Value, now: i64) -> CertificateHealth {
    let pem = application
        .pointer("/config/idpCertificate/value")
        .and_then(serde_json::Value::as_str)
        .filter(|s| !s.trim().is_empty());
    let stated = application
        .pointer("/sso/idpCertExpirationAt")
        .and_then(serde_json::Value::as_str)
        .and_then(parse_rfc3339);
    let parsed = pem.map(parse_pem);
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
        (
            c,
            sign * (oh.parse::<i64>().ok()? * 3600 + om.parse::<i64>().ok()? * 60),
        )
    };
    let clock = clock.split('.').next()?;
    let mut c = clock.split(':');
    let (h, mi, s): (i64, i64, i64) = (
        c.next()?.parse().ok()?,
        c.next()?.parse().ok()?,
        c.next()?.parse().ok()?,
    );
    Some(days_from_civil(y, m, day) * DAY + h * 3600 + mi * 60 + s - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
