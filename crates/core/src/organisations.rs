//! The Organisations page of a provider connection: one row per client organisation, so that
//! "whose certificates expire this month?" or "which client has users JIT would turn away?" is
//! answered for every organisation at once instead of opening each.
//!
//! Promises: a row is drawn from one read of the organisation's applications (kept in the
//! organisation's own folder, so it shows at once next time with when it was read) and from the
//! organisation's last JIT readiness run, when there is one; certificate bands are recomputed for
//! `now`; a failed read keeps the last good figures and says why on the row; the CSV export guards
//! formula-leading cells like every other export.

use std::borrow::Borrow;

use serde::{Deserialize, Serialize};

use crate::applications::ApplicationRow;
use crate::connections::organisations::Organisation;
use crate::desk::CertificateRow;
use crate::jumpcloud::Application;
use crate::readiness::{push_cell, ReadinessRun};
use crate::sso::certificate::{health_of_object, parse_rfc3339};
use crate::sso::ExpiryBand;

/// What one read of an organisation's applications tells its row (kept per organisation).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgFacts {
    pub applications: u32,
    pub jit_applications: u32,
    /// Every SAML application's certificate expiry (seconds since the Unix epoch; `None` when
    /// unknown).
    pub certificate_expiries: Vec<Option<f64>>,
}

impl OrgFacts {
    pub fn of<A: Borrow<Application>>(applications: &[A], now: i64) -> Self {
        let each = || applications.iter().map(Borrow::borrow);
        Self {
            applications: count(applications.len()),
            jit_applications: count(each().filter(|a| a.sso_jit()).count()),
            certificate_expiries: each()
                .filter(|a| a.sso_type() == Some("saml"))
                .map(|a| expiry_of(a, now))
                .collect(),
        }
    }
}

/// When `app`'s IdP certificate runs out, as [`health_of_object`] finds it (JumpCloud's stated
/// `sso.idpCertExpirationAt` first), without copying the application or parsing the certificate
/// when the date is stated: a row of a hundred organisations needs only the date.
fn expiry_of(app: &Application, now: i64) -> Option<f64> {
    let stated = app
        .json()
        .get("sso")
        .and_then(|sso| sso.get("idpCertExpirationAt"))
        .and_then(serde_json::Value::as_str)
        .and_then(parse_rfc3339);
    match stated {
        Some(at) => Some(at as f64),
        None => health_of_object(app.json(), now).expires_at,
    }
}

/// One organisation's row.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgRow {
    pub org_id: String,
    pub org_name: String,
    /// The organisation every other page works on.
    pub chosen: bool,
    /// `None` until its applications were read once.
    pub applications: Option<u32>,
    pub jit_applications: Option<u32>,
    /// The worst band among its SAML applications' certificates; `None` with none.
    pub worst_band: Option<ExpiryBand>,
    /// How many certificates are in that band.
    pub worst_band_count: u32,
    /// Distinct users JIT would turn away, as of the organisation's last readiness run; `None`
    /// when readiness was never checked there.
    pub users_turned_away: Option<u32>,
    /// When the applications were read, in milliseconds since the Unix epoch.
    pub read_at_ms: Option<f64>,
    /// Why the last read failed (the figures, if any, are the last good ones).
    pub problem: Option<String>,
}

impl OrgRow {
    pub fn new(
        org: &Organisation,
        chosen: bool,
        facts: Option<(&OrgFacts, f64)>,
        run: Option<&ReadinessRun>,
        now: i64,
    ) -> Self {
        let (worst_band, worst_band_count) = facts
            .map(|(f, _)| worst_band(&f.certificate_expiries, now))
            .unwrap_or((None, 0));
        Self {
            org_id: org.id.clone(),
            org_name: org.name.clone(),
            chosen,
            applications: facts.map(|(f, _)| f.applications),
            jit_applications: facts.map(|(f, _)| f.jit_applications),
            worst_band,
            worst_band_count,
            users_turned_away: run.map(users_turned_away),
            read_at_ms: facts.map(|(_, at)| at),
            problem: None,
        }
    }
}

/// Worst first: expired, then 7, 30 and 60 days, fine, unknown.
fn severity(band: ExpiryBand) -> u8 {
    match band {
        ExpiryBand::Expired => 0,
        ExpiryBand::Within7Days => 1,
        ExpiryBand::Within30Days => 2,
        ExpiryBand::Within60Days => 3,
        ExpiryBand::Fine => 4,
        ExpiryBand::Unknown => 5,
    }
}

fn band_at(expires_at: Option<f64>, now: i64) -> ExpiryBand {
    match expires_at {
        Some(at) => ExpiryBand::of_days(((at as i64) - now).div_euclid(86_400)),
        None => ExpiryBand::Unknown,
    }
}

/// The worst band of `expiries` at `now`, and how many are in it.
pub fn worst_band(expiries: &[Option<f64>], now: i64) -> (Option<ExpiryBand>, u32) {
    let bands: Vec<ExpiryBand> = expiries.iter().map(|e| band_at(*e, now)).collect();
    let Some(worst) = bands.iter().copied().min_by_key(|b| severity(*b)) else {
        return (None, 0);
    };
    (
        Some(worst),
        count(bands.iter().filter(|b| **b == worst).count()),
    )
}

/// Distinct users any JIT application of the run would turn away.
pub fn users_turned_away(run: &ReadinessRun) -> u32 {
    let mut ids: Vec<&str> = run
        .reports
        .iter()
        .flat_map(|r| r.users_not_ready.iter().map(|u| &*u.user_id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    count(ids.len())
}

/// An SAML application's certificate, naming its organisation (the Certificates page across
/// organisations).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgCertificateRow {
    pub org_id: String,
    pub org_name: String,
    pub certificate: CertificateRow,
}

/// An application found in any organisation (search across organisations).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgApplicationRow {
    pub org_id: String,
    pub org_name: String,
    pub application: ApplicationRow,
}

/// Whether `row` answers `query` (label, connector or template name, any case) and, with
/// `jit_only`, provisions just in time.
pub fn matches(row: &ApplicationRow, query: &str, jit_only: bool) -> bool {
    let q = query.trim().to_lowercase();
    (!jit_only || row.jit)
        && (q.is_empty()
            || [&row.display_label, &row.connector, &row.template_name]
                .iter()
                .any(|t| t.to_lowercase().contains(&q)))
}

/// How one organisation's read went, for the page's progress.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgLoadProgress {
    pub org_id: String,
    pub state: OrgLoadState,
    /// Organisations finished (read or failed) so far, and how many there are.
    pub done: u32,
    pub total: u32,
    /// The failure, for `failed`.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum OrgLoadState {
    Reading,
    Read,
    Failed,
}

/// The rows as CSV (RFC 4180, CRLF, formula-leading cells kept as text).
pub fn csv(rows: &[OrgRow]) -> String {
    let mut out = String::new();
    let header = [
        "organisation id",
        "organisation",
        "applications",
        "JIT applications",
        "worst certificate band",
        "certificates in that band",
        "users JIT would turn away",
        "read at (UTC ms)",
        "problem",
    ];
    push_line(&mut out, header.iter().map(|h| h.to_string()));
    let n = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    for r in rows {
        push_line(
            &mut out,
            [
                r.org_id.clone(),
                r.org_name.clone(),
                n(r.applications),
                n(r.jit_applications),
                r.worst_band.map(band_name).unwrap_or_default().to_string(),
                r.worst_band_count.to_string(),
                n(r.users_turned_away),
                r.read_at_ms
                    .map(|at| format!("{at:.0}"))
                    .unwrap_or_default(),
                r.problem.clone().unwrap_or_default(),
            ]
            .into_iter(),
        );
    }
    out
}

fn push_line(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, &cell);
    }
    out.push_str("\r\n");
}

fn band_name(band: ExpiryBand) -> &'static str {
    match band {
        ExpiryBand::Expired => "expired",
        ExpiryBand::Within7Days => "7 days or fewer",
        ExpiryBand::Within30Days => "30 days or fewer",
        ExpiryBand::Within60Days => "60 days or fewer",
        ExpiryBand::Fine => "fine",
        ExpiryBand::Unknown => "unknown",
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_band_counts_its_certificates() {
        let now = 1_000_000_000;
        let day = 86_400.0;
        let expiries = [
            Some(now as f64 + 100.0 * day),
            Some(now as f64 + 3.5 * day),
            None,
            Some(now as f64 + 5.5 * day),
        ];
        assert_eq!(
            worst_band(&expiries, now),
            (Some(ExpiryBand::Within7Days), 2)
        );
        assert_eq!(worst_band(&[], now), (None, 0), "no SAML application");
        assert_eq!(
            worst_band(&[Some(now as f64 - day)], now),
            (Some(ExpiryBand::Expired), 1)
        );
    }

    #[test]
    fn csv_guards_formula_cells() {
        let org = Organisation {
            id: "5f0000000000000000000001".into(),
            name: "=cmd()".into(),
        };
        let row = OrgRow::new(&org, false, None, None, 0);
        let csv = csv(&[row]);
        assert!(csv.starts_with("organisation id,organisation,"));
        assert!(csv.contains("'=cmd()"), "{csv}");
        assert!(csv.ends_with("\r\n"));
    }
}
