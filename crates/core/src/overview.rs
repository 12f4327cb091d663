//! The front page's picture of an organisation: how many applications of each kind, when every
//! SAML application's IdP certificate runs out, and the latest writes of the local change log.
//!
//! Promises: it is drawn from what is already kept (the applications list and the change log), so
//! it costs no request; a certificate's days and band are recomputed for `now` (a list read last
//! week still shows today's days left); every SAML application of the list has exactly one mark,
//! as the Certificates page has one row; changes come newest first and name the application by
//! its label when the list still holds it.

use serde::Serialize;

use crate::applications::ApplicationRow;
use crate::desk::changes::ChangeRecord;
use crate::sso::certificate::days_left;
use crate::sso::ExpiryBand;

/// How many changes the front page shows.
pub const LATEST_CHANGES: usize = 8;

/// The front page's numbers, each of which opens the list it counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OverviewCounts {
    pub applications: u32,
    /// Applications whose connector supports JIT provisioning.
    pub jit: u32,
    /// Applications whose connector supports SCIM (Identity Management).
    pub scim: u32,
    /// SAML applications (each holds one IdP certificate).
    pub saml: u32,
    /// SAML applications whose certificate has expired or runs out within 30 days.
    pub certificates_due: u32,
}

/// One SAML application on the certificate timeline.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CertificateMark {
    pub application_id: String,
    pub display_label: String,
    /// Seconds since the Unix epoch; `None` when the expiry is not known.
    pub expires_at: Option<f64>,
    /// Whole days left at `now` (negative once expired).
    #[specta(type = Option<i32>)]
    pub days_left: Option<i64>,
    pub band: ExpiryBand,
}

/// One write of the change log, for the front page.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChangeLine {
    /// Milliseconds since the Unix epoch.
    pub at_ms: f64,
    /// `save`, `create`, `bind`, `unbind`, `delete`, ...
    pub action: String,
    pub application_id: String,
    /// The application's label as the list has it; `None` once it is gone from the list.
    pub application_label: Option<String>,
    /// How many fields JumpCloud stored differently from what was sent.
    pub differences: u32,
}

/// The front page.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgOverview {
    /// When the applications list it is drawn from was read (milliseconds since the Unix epoch);
    /// `None` before the first read.
    pub listed_at_ms: Option<f64>,
    pub counts: OverviewCounts,
    /// Every SAML application, soonest expiry first, unknown expiries last.
    pub certificates: Vec<CertificateMark>,
    /// The latest writes, newest first.
    pub changes: Vec<ChangeLine>,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl OrgOverview {
    /// The overview of `rows` (read at `listed_at_ms`) and the change log `changes` (oldest
    /// first, as kept), at `now` (seconds since the Unix epoch).
    pub fn new(
        rows: &[ApplicationRow],
        listed_at_ms: Option<f64>,
        changes: &[ChangeRecord],
        now: i64,
    ) -> Self {
        let mut certificates: Vec<CertificateMark> = rows
            .iter()
            .filter(|r| r.sso_type.as_deref() == Some("saml"))
            .map(|r| mark(r, now))
            .collect();
        certificates.sort_by(|a, b| {
            let key = |m: &CertificateMark| m.expires_at.unwrap_or(f64::INFINITY);
            key(a)
                .total_cmp(&key(b))
                .then_with(|| {
                    a.display_label
                        .to_lowercase()
                        .cmp(&b.display_label.to_lowercase())
                })
                .then_with(|| a.application_id.cmp(&b.application_id))
        });
        let due = |m: &&CertificateMark| {
            matches!(
                m.band,
                ExpiryBand::Expired | ExpiryBand::Within7Days | ExpiryBand::Within30Days
            )
        };
        let counts = OverviewCounts {
            applications: count(rows.len()),
            jit: count(rows.iter().filter(|r| r.jit).count()),
            scim: count(rows.iter().filter(|r| r.scim).count()),
            saml: count(certificates.len()),
            certificates_due: count(certificates.iter().filter(due).count()),
        };
        let label = |id: &str| {
            rows.iter()
                .find(|r| r.id == id)
                .map(|r| r.display_label.clone())
        };
        let changes = changes
            .iter()
            .rev()
            .take(LATEST_CHANGES)
            .map(|c| ChangeLine {
                at_ms: c.at_ms,
                action: c.action.clone(),
                application_id: c.application_id.clone(),
                application_label: label(&c.application_id),
                differences: count(c.differences.len()),
            })
            .collect();
        OrgOverview {
            listed_at_ms,
            counts,
            certificates,
            changes,
        }
    }
}

/// The row's certificate at `now`: the days and band the list kept were true when it was read.
fn mark(row: &ApplicationRow, now: i64) -> CertificateMark {
    let days = row.cert_expires_at.map(|at| days_left(at as i64, now));
    CertificateMark {
        application_id: row.id.clone(),
        display_label: row.display_label.clone(),
        expires_at: row.cert_expires_at,
        days_left: days,
        band: days.map_or(ExpiryBand::Unknown, ExpiryBand::of_days),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::jumpcloud::Application;

    const DAY: i64 = 86_400;
    const NOW: i64 = 1_900_000_000;

    fn row(id: &str, saml: bool, expires_in_days: Option<i64>, jit: bool) -> ApplicationRow {
        let mut app = json!({"_id": id, "displayLabel": format!("App {id}"),
            "sso": {"type": if saml { "saml" } else { "oidc" }}});
        if let Some(days) = expires_in_days {
            let at = NOW + days * DAY + 60;
            app["sso"]["idpCertExpirationAt"] = json!(rfc3339(at));
        }
        let mut row = ApplicationRow::new(&Application::from_json(app).expect("an app"), None, 0);
        row.jit = jit;
        row
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for seconds since the epoch (days from civil, inverted).
    fn rfc3339(secs: i64) -> String {
        crate::dates::rfc3339(secs)
    }

    fn change(at_ms: f64, id: &str, differences: usize) -> ChangeRecord {
        let diff = crate::edits::FieldChange {
            path: vec![],
            before: None,
            after: None,
        };
        ChangeRecord {
            at_ms,
            action: "save".into(),
            application_id: id.into(),
            detail: None,
            differences: vec![diff; differences],
        }
    }

    #[test]
    fn every_saml_application_is_one_mark_with_todays_days_soonest_first() {
        let rows = [
            row("later", true, Some(200), false),
            row("gone", true, Some(-3), true),
            row("unknown", true, None, false),
            row("soon", true, Some(5), true),
            row("oidc", false, Some(1), true),
        ];
        let overview = OrgOverview::new(&rows, Some(1.0), &[], NOW);
        let ids: Vec<&str> = overview
            .certificates
            .iter()
            .map(|m| m.application_id.as_str())
            .collect();
        assert_eq!(
            ids,
            ["gone", "soon", "later", "unknown"],
            "SAML only, soonest first, unknown last"
        );
        let bands: Vec<ExpiryBand> = overview.certificates.iter().map(|m| m.band).collect();
        assert_eq!(
            bands,
            [
                ExpiryBand::Expired,
                ExpiryBand::Within7Days,
                ExpiryBand::Fine,
                ExpiryBand::Unknown
            ]
        );
        assert_eq!(overview.certificates[1].days_left, Some(5));
        assert_eq!(
            overview.counts,
            OverviewCounts {
                applications: 5,
                jit: 3,
                scim: 0,
                saml: 4,
                certificates_due: 2,
            }
        );
    }

    #[test]
    fn days_are_counted_from_now_not_from_when_the_list_was_read() {
        let rows = [row("a", true, Some(40), false)];
        let later = OrgOverview::new(&rows, None, &[], NOW + 35 * DAY);
        assert_eq!(later.certificates[0].days_left, Some(5));
        assert_eq!(later.certificates[0].band, ExpiryBand::Within7Days);
        assert_eq!(later.counts.certificates_due, 1);
    }

    #[test]
    fn the_latest_changes_come_newest_first_with_labels() {
        let rows = [row("a", true, Some(40), false)];
        let mut log: Vec<ChangeRecord> = (0..LATEST_CHANGES + 2)
            .map(|i| change(i as f64, "old", 0))
            .collect();
        log.push(change(100.0, "gone", 0));
        log.push(change(200.0, "a", 2));
        let overview = OrgOverview::new(&rows, None, &log, NOW);
        assert_eq!(overview.changes.len(), LATEST_CHANGES);
        let newest = &overview.changes[0];
        assert_eq!(newest.at_ms, 200.0);
        assert_eq!(newest.application_label.as_deref(), Some("App a"));
        assert_eq!(newest.differences, 2);
        assert_eq!(
            overview.changes[1].application_label, None,
            "a deleted application has no label"
        );
    }
}
