//! A provider connection's organisations: the switcher (which one every page works on), the
//! admin's pick of the ones to work with, the Organisations page (kept rows at once, then every
//! organisation read through the connection's one limit of requests in flight, each failure on
//! its own row) and what spans every organisation (certificates, application search). See
//! [`crate::organisations`] for what a row shows.

use futures_util::future::join_all;
use serde::Serialize;

use super::templates::MAX_AGE;
use super::{certificate_rows, AppError, Desk};
use crate::applications::load_with_templates;
use crate::connections::organisations::{OrgScope, Organisation};
use crate::connections::session::Connected;
use crate::jumpcloud::no_progress;
use crate::organisations::{
    matches, OrgApplicationRow, OrgCertificateRow, OrgFacts, OrgLoadProgress, OrgLoadState, OrgRow,
};
use crate::profile::{now_ms, ConnectionDir, Stored};
use crate::readiness::ReadinessRun;
use crate::sso::certificate::now_secs;

/// The file an organisation's row is kept in (in the organisation's folder), and its format.
const FACTS_FILE: &str = "organisation.json";
const FACTS_FORMAT: u32 = 1;

/// The switcher's picture of the active connection.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgChoices {
    /// A provider connection: the rest is filled.
    pub provider: bool,
    /// Every organisation the connection can act on.
    pub organisations: Vec<Organisation>,
    /// The ones the admin works with (all by default).
    pub working: Vec<String>,
    /// The one every page works on.
    pub chosen: Option<Organisation>,
}

impl From<Option<OrgScope>> for OrgChoices {
    fn from(scope: Option<OrgScope>) -> Self {
        match scope {
            None => OrgChoices {
                provider: false,
                organisations: Vec::new(),
                working: Vec::new(),
                chosen: None,
            },
            Some(s) => OrgChoices {
                provider: true,
                working: s.working().into_iter().map(|o| o.id).collect(),
                chosen: s.chosen().cloned(),
                organisations: s.organisations,
            },
        }
    }
}

/// The switcher and the Organisations page.
pub struct Organisations<'a>(pub(super) &'a Desk);

impl Organisations<'_> {
    /// The active connection's organisations (listed on first use).
    pub async fn choices(&self) -> Result<OrgChoices, AppError> {
        Ok(self.0.session().organisations().await?.into())
    }

    /// Every page works on `org_id` from now on.
    pub async fn switch(&self, org_id: &str) -> Result<OrgChoices, AppError> {
        self.0.session().choose_org(org_id).await?;
        self.choices().await
    }

    /// Works with these organisations only (the Organisations page, cross-organisation views).
    pub async fn pick(&self, org_ids: &[String]) -> Result<OrgChoices, AppError> {
        self.0.session().pick_orgs(org_ids).await?;
        self.choices().await
    }

    /// The rows as last read, without a request (besides listing the organisations once).
    pub async fn cached(&self) -> Result<Vec<OrgRow>, AppError> {
        let scope = self.scope().await?;
        let chosen = scope.chosen().map(|o| o.id.clone());
        let now = now_secs();
        let mut rows = Vec::new();
        for org in scope.working() {
            let c = self.0.session().connect_org(&org.id).await?;
            rows.push(self.kept_row(&c, &org, chosen.as_deref() == Some(&org.id), now));
        }
        Ok(rows)
    }

    /// Reads every organisation the admin works with, all started at once: the connection's
    /// limit of requests in flight is what paces them. Each one's progress is reported; one that
    /// fails keeps its last figures and says why, the others carry on.
    pub async fn refresh(
        &self,
        on_progress: &(dyn Fn(OrgLoadProgress) + Send + Sync),
    ) -> Result<Vec<OrgRow>, AppError> {
        let scope = self.scope().await?;
        let chosen = scope.chosen().map(|o| o.id.clone());
        let working = scope.working();
        let total = u32::try_from(working.len()).unwrap_or(u32::MAX);
        let done = std::sync::atomic::AtomicU32::new(0);
        let report = |org: &Organisation, state, problem: Option<String>| {
            let finished = if state == OrgLoadState::Reading {
                done.load(std::sync::atomic::Ordering::SeqCst)
            } else {
                done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1
            };
            on_progress(OrgLoadProgress {
                org_id: org.id.clone(),
                state,
                done: finished,
                total,
                problem,
            });
        };
        let now = now_secs();
        let rows = join_all(working.iter().map(|org| async {
            let is_chosen = chosen.as_deref() == Some(&org.id);
            let c = self.0.session().connect_org(&org.id).await?;
            report(org, OrgLoadState::Reading, None);
            match c.client.list_application_briefs(&no_progress).await {
                Ok(apps) => {
                    let facts = OrgFacts::of(&apps, now);
                    let dir = self.0.profile().connection(&c.id);
                    // Kept off the runtime's threads: a write waits for the disk twice, and a
                    // hundred of them there held up the other organisations' replies. The row is
                    // drawn from the facts just read, not from the file just written.
                    let writer = dir.clone();
                    let written = tokio::task::spawn_blocking(move || {
                        let at = writer.write(FACTS_FILE, FACTS_FORMAT, &facts);
                        (facts, at)
                    })
                    .await;
                    report(org, OrgLoadState::Read, None);
                    let row = match written {
                        // A row that could not be kept still shows what was just read.
                        Ok((value, at)) => {
                            let saved_at_ms = at.unwrap_or_else(|err| {
                                tracing::warn!("could not keep an organisation's row: {err}");
                                now_ms()
                            });
                            let facts = Stored { saved_at_ms, value };
                            row_of(&dir, org, is_chosen, Some(facts), now)
                        }
                        Err(err) => {
                            tracing::warn!("could not keep an organisation's row: {err}");
                            self.kept_row(&c, org, is_chosen, now)
                        }
                    };
                    Ok::<_, AppError>(row)
                }
                Err(err) => {
                    let problem = AppError::from(err).to_string();
                    report(org, OrgLoadState::Failed, Some(problem.clone()));
                    let mut row = self.kept_row(&c, org, is_chosen, now);
                    row.problem = Some(problem);
                    Ok(row)
                }
            }
        }))
        .await;
        rows.into_iter().collect()
    }

    /// [`Organisations::cached`] as CSV.
    pub async fn csv(&self) -> Result<String, AppError> {
        Ok(crate::organisations::csv(&self.cached().await?))
    }

    /// Every SAML application's certificate in every organisation the admin works with, soonest
    /// expiry first, each naming its organisation. One organisation that cannot be read fails
    /// the whole view: a list of certificates must not silently leave one out.
    pub async fn certificates(&self) -> Result<Vec<OrgCertificateRow>, AppError> {
        let scope = self.scope().await?;
        let now = now_secs();
        let lists = join_all(scope.working().into_iter().map(|org| async move {
            let c = self.0.session().connect_org(&org.id).await?;
            let apps = c.client.list_application_briefs(&no_progress).await?;
            Ok::<_, AppError>((org, certificate_rows(&apps, now)))
        }))
        .await;
        let mut rows = Vec::new();
        for list in lists {
            let (org, certificates) = list?;
            rows.extend(
                certificates
                    .into_iter()
                    .map(|certificate| OrgCertificateRow {
                        org_id: org.id.clone(),
                        org_name: org.name.clone(),
                        certificate,
                    }),
            );
        }
        rows.sort_by(|a, b| {
            let key =
                |r: &OrgCertificateRow| r.certificate.health.expires_at.unwrap_or(f64::INFINITY);
            key(a)
                .total_cmp(&key(b))
                .then_with(|| a.org_name.cmp(&b.org_name))
        });
        Ok(rows)
    }

    /// Applications of every organisation the admin works with whose label, connector or
    /// template name holds `query` ("slack" with `jit_only`: which clients use Slack with JIT),
    /// each row naming its organisation, sorted by organisation then label. Every organisation is
    /// read afresh, all at once through the connection's limit of requests in flight; one that
    /// cannot be read fails the search, as the certificates view does: an answer about "every
    /// client" must not silently leave one out.
    pub async fn search_applications(
        &self,
        query: &str,
        jit_only: bool,
    ) -> Result<Vec<OrgApplicationRow>, AppError> {
        let scope = self.scope().await?;
        let lists = join_all(scope.working().into_iter().map(|org| async move {
            let c = self.0.session().connect_org(&org.id).await?;
            let templates = self
                .0
                .templates
                .get(&c.id, &c.client, MAX_AGE, &no_progress);
            let list = load_with_templates(&c.client, templates, &|_| {}).await?;
            Ok::<_, AppError>((org, list.rows))
        }))
        .await;
        let mut rows = Vec::new();
        for list in lists {
            let (org, found) = list?;
            rows.extend(
                found
                    .into_iter()
                    .filter(|r| matches(r, query, jit_only))
                    .map(|application| OrgApplicationRow {
                        org_id: org.id.clone(),
                        org_name: org.name.clone(),
                        application,
                    }),
            );
        }
        rows.sort_by(|a, b| {
            (&a.org_name, &a.application.display_label)
                .cmp(&(&b.org_name, &b.application.display_label))
        });
        Ok(rows)
    }

    async fn scope(&self) -> Result<OrgScope, AppError> {
        self.0.session().organisations().await?.ok_or_else(|| {
            AppError::not_found(
                "The active connection acts on one organisation: there are no others to list.",
            )
        })
    }

    fn kept_row(&self, c: &Connected, org: &Organisation, chosen: bool, now: i64) -> OrgRow {
        let dir = self.0.profile().connection(&c.id);
        let facts: Option<Stored<OrgFacts>> = dir.read(FACTS_FILE, FACTS_FORMAT).ok().flatten();
        row_of(&dir, org, chosen, facts, now)
    }
}

/// An organisation's row from its facts (as kept, or as just read) and its last readiness run.
fn row_of(
    dir: &ConnectionDir,
    org: &Organisation,
    chosen: bool,
    facts: Option<Stored<OrgFacts>>,
    now: i64,
) -> OrgRow {
    let run = ReadinessRun::last(dir);
    OrgRow::new(
        org,
        chosen,
        facts.as_ref().map(|f| (&f.value, f.saved_at_ms as f64)),
        run.as_ref(),
        now,
    )
}
