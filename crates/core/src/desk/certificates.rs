//! The Certificates page: every SAML application's IdP certificate, soonest expiry first, with
//! the bands JumpCloud's expiry mails use (expired, 7, 30, 60 days), and a CSV export.

use std::borrow::Borrow;

use serde::Serialize;

use super::{AppError, Desk};
use crate::jumpcloud::{no_progress, Application};
use crate::readiness::push_cell;
use crate::sso::certificate::{health_of_object, now_secs, CertificateHealth};

/// One application's IdP certificate.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CertificateRow {
    pub application_id: String,
    pub display_label: String,
    pub active: bool,
    pub health: CertificateHealth,
}

/// The rows for `applications` at `now`: SAML ones only, soonest expiry first, those without a
/// known expiry last (by label).
pub fn certificate_rows<A: Borrow<Application>>(
    applications: &[A],
    now: i64,
) -> Vec<CertificateRow> {
    let mut rows: Vec<CertificateRow> = applications
        .iter()
        .map(Borrow::borrow)
        .filter(|a| a.sso_type() == Some("saml"))
        .map(|a| CertificateRow {
            application_id: a.id().unwrap_or_default().to_owned(),
            display_label: a.display_label().unwrap_or_default().to_owned(),
            active: a
                .json()
                .get("active")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(true),
            health: health_of_object(a.json(), now),
        })
        .collect();
    rows.sort_by(|a, b| {
        let key = |r: &CertificateRow| r.health.expires_at.unwrap_or(f64::INFINITY);
        key(a)
            .total_cmp(&key(b))
            .then_with(|| {
                a.display_label
                    .to_lowercase()
                    .cmp(&b.display_label.to_lowercase())
            })
            .then_with(|| a.application_id.cmp(&b.application_id))
    });
    rows
}

/// The rows as CSV (RFC 4180, CRLF, formula-leading cells kept as text).
pub fn certificates_csv(rows: &[CertificateRow]) -> String {
    let mut out = String::new();
    let header = [
        "application id",
        "application",
        "active",
        "certificate",
        "subject",
        "expires (UTC)",
        "days left",
        "band",
    ];
    for (i, h) in header.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(&mut out, h);
    }
    out.push_str("\r\n");
    for r in rows {
        let h = &r.health;
        let cells = [
            r.application_id.clone(),
            r.display_label.clone(),
            if r.active { "yes" } else { "no" }.to_owned(),
            if h.present { "present" } else { "missing" }.to_owned(),
            h.subject.clone().unwrap_or_default(),
            h.expires_at.map(|s| utc(s as i64)).unwrap_or_default(),
            h.days_left.map(|d| d.to_string()).unwrap_or_default(),
            h.band.words().to_owned(),
        ];
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_cell(&mut out, c);
        }
        out.push_str("\r\n");
    }
    out
}

/// `YYYY-MM-DD HH:MM` in UTC.
fn utc(secs: i64) -> String {
    crate::dates::minutes(secs)
}

/// The Certificates page.
pub struct Certificates<'a>(pub(super) &'a Desk);

impl Certificates<'_> {
    /// Every SAML application's IdP certificate, soonest expiry first.
    pub async fn list(&self) -> Result<Vec<CertificateRow>, AppError> {
        let connected = self.0.session().connect().await?;
        let apps = connected
            .client
            .list_application_briefs(&no_progress)
            .await?;
        Ok(certificate_rows(&apps, now_secs()))
    }

    /// [`Certificates::list`] as CSV.
    pub async fn csv(&self) -> Result<String, AppError> {
        Ok(certificates_csv(&self.list().await?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sso::certificate::parse_rfc3339;
    use crate::sso::ExpiryBand;
    use serde_json::json;

    fn app(id: &str, label: &str, expires: Option<&str>, saml: bool) -> Application {
        let mut v = json!({"_id": id, "displayLabel": label,
            "sso": {"type": if saml { "saml" } else { "oidc" }},
            "config": {"idpCertificate": {"value": ""}}});
        if let Some(e) = expires {
            v["sso"]["idpCertExpirationAt"] = json!(e);
        }
        Application::from_json(v).unwrap()
    }

    #[test]
    fn rows_are_saml_only_soonest_first_with_bands() {
        let now = parse_rfc3339("2030-01-01T00:00:00Z").unwrap();
        let apps = [
            app("a", "Later", Some("2030-12-01T00:00:00Z"), true),
            app("b", "Gone", Some("2029-12-01T00:00:00Z"), true),
            app("c", "Unknown", None, true),
            app("d", "Soon", Some("2030-01-05T00:00:00Z"), true),
            app("e", "Oidc", Some("2029-01-01T00:00:00Z"), false),
        ];
        let rows = certificate_rows(&apps, now);
        let ids: Vec<&str> = rows.iter().map(|r| r.application_id.as_str()).collect();
        assert_eq!(ids, ["b", "d", "a", "c"]);
        let bands: Vec<ExpiryBand> = rows.iter().map(|r| r.health.band).collect();
        assert_eq!(
            bands,
            [
                ExpiryBand::Expired,
                ExpiryBand::Within7Days,
                ExpiryBand::Fine,
                ExpiryBand::Unknown
            ]
        );
    }

    #[test]
    fn list_rows_carry_the_certificate_expiry() {
        let gone = app("a", "Gone", Some("2001-01-01T00:00:00Z"), true);
        let row = crate::applications::ApplicationRow::new(&gone, None, 0);
        assert_eq!(row.cert_band, Some(ExpiryBand::Expired));
        assert_eq!(row.cert_expires_at, Some(978_307_200.0));
        assert!(row.cert_days_left.unwrap() < 0);
        let oidc = app("b", "Oidc", Some("2001-01-01T00:00:00Z"), false);
        let row = crate::applications::ApplicationRow::new(&oidc, None, 0);
        assert_eq!(row.cert_band, None);
    }

    #[test]
    fn csv_guards_formula_cells_and_writes_dates() {
        let now = parse_rfc3339("2030-01-01T00:00:00Z").unwrap();
        let rows = certificate_rows(
            &[app(
                "a",
                "=HYPERLINK(\"x\")",
                Some("2030-01-05T06:07:00Z"),
                true,
            )],
            now,
        );
        let csv = certificates_csv(&rows);
        let line = csv.lines().nth(1).unwrap();
        assert!(line.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{line}");
        assert!(line.contains("2030-01-05 06:07"), "{line}");
        assert!(line.contains(",4,7 days or fewer"), "{line}");
        assert!(csv.ends_with("\r\n"));
    }
}
