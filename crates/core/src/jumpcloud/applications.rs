//! Templates and applications: read, create, update, delete.
//!
//! Writes follow JumpCloud's rules and the admin's interest:
//! - `PUT /api/applications/{id}` replaces the whole object, so an update always sends the
//!   complete object ([`Client::put_application`]); building it (the server's current copy with
//!   the admin's edits merged in) is the save layer's job (`edits::save`), not the client's.
//! - A create (`POST`) is not safe to repeat. When its outcome is unknown (connection lost after
//!   sending, timeout, 5xx, answer cut off), the client looks for the application it tried to
//!   make (same `name` and `displayLabel`, and not there before it started) before trying again,
//!   so the admin never ends up with two copies. The look-ups list every application without a
//!   server-side filter (only `_id`, `name` and `displayLabel` of each, so the pages are small)
//!   and match here: a filter may be served by an index that does not see a just-created
//!   application yet, and a look-up through it made a second copy. If the server is still working
//!   on the first POST when we look, we may not see it yet; the look happens after the backoff
//!   wait to make that unlikely.
//! - A delete of an application that is already gone succeeds: the admin's intent holds.

use super::brief::ApplicationBrief;
use super::error::Error;
use super::http::{decode, Call};
use super::models::{Application, Template};
use super::paging::{Keyed, OnProgress};
use super::retry::Repeat;
use super::{seg, Client};
use reqwest::Method;
use std::collections::HashSet;

impl Keyed for Application {
    fn key(&self) -> Option<&str> {
        self.id()
    }
}

impl Keyed for Template {
    fn key(&self) -> Option<&str> {
        Some(self.id.as_str()).filter(|s| !s.is_empty())
    }
}

/// Narrows an application list on the server (v1 `filter=field:$eq:value`). The results are
/// checked again on this side, so a server that ignores a filter cannot mislead the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplicationFilter {
    /// The template's name.
    pub name: Option<String>,
    pub display_label: Option<String>,
}

impl ApplicationFilter {
    /// The server narrows by template name only; the label is matched here. A label filter on
    /// the server would make duplicate-create avoidance depend on the server's `$eq` seeing a
    /// just-created application (or a label with characters the filter syntax mangles).
    fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        if let Some(n) = &self.name {
            q.push(("filter", format!("name:$eq:{n}")));
        } else if let Some(l) = &self.display_label {
            q.push(("filter", format!("displayLabel:$eq:{l}")));
        }
        q
    }

    fn matches(&self, app: &Application) -> bool {
        self.name.as_deref().is_none_or(|n| app.name() == Some(n))
            && self
                .display_label
                .as_deref()
                .is_none_or(|l| app.display_label() == Some(l))
    }
}

/// The body a create sends: the application without `_id` (the server assigns it).
#[doc(hidden)]
pub fn create_body(app: &Application) -> serde_json::Value {
    let mut body = app.to_value();
    if let Some(m) = body.as_object_mut() {
        m.shift_remove("_id");
    }
    body
}

/// What create's look-ups read of each application: enough to match it and know it.
const LOOKUP_FIELDS: &str = "_id name displayLabel";

/// Every field [`Template`] reads but `config`; sent as v1's space-separated `fields=`.
pub(crate) const TEMPLATE_SUMMARY_FIELDS: &str =
    "_id name displayName displayLabel keywords status beta logo color ssoUrl sso jit provision";

impl Client {
    /// Every connector in JumpCloud's catalogue.
    pub async fn list_templates(
        &self,
        on_progress: OnProgress<'_>,
    ) -> Result<Vec<Template>, Error> {
        self.list_v1("/api/application-templates", &[], on_progress)
            .await
    }

    /// Every connector in JumpCloud's catalogue without its `config` (the form a new application
    /// starts from, most of a template's bytes): what the applications list, readiness and an
    /// application's overview read of a template. Not for creating an application.
    pub async fn list_template_summaries(
        &self,
        on_progress: OnProgress<'_>,
    ) -> Result<Vec<Template>, Error> {
        self.list_v1(
            "/api/application-templates",
            &[("fields", TEMPLATE_SUMMARY_FIELDS.into())],
            on_progress,
        )
        .await
    }

    pub async fn get_template(&self, id: &str) -> Result<Template, Error> {
        self.get_json(&Call::get(
            self,
            &format!("/api/application-templates/{}", seg(id)),
        ))
        .await
    }

    /// Every application of the organisation, complete (all fields, as the server sent them).
    pub async fn list_applications(
        &self,
        on_progress: OnProgress<'_>,
    ) -> Result<Vec<Application>, Error> {
        self.list_v1("/api/applications", &[], on_progress).await
    }

    /// Every application of the organisation, each with only what a read-only view needs (see
    /// [`ApplicationBrief`]): for the certificates and an organisation's row.
    pub async fn list_application_briefs(
        &self,
        on_progress: OnProgress<'_>,
    ) -> Result<Vec<ApplicationBrief>, Error> {
        self.list_v1("/api/applications", &[], on_progress).await
    }

    /// Applications matching `filter` (exact `name` and/or `displayLabel`).
    pub async fn find_applications(
        &self,
        filter: &ApplicationFilter,
    ) -> Result<Vec<Application>, Error> {
        let found: Vec<Application> = self
            .list_v1("/api/applications", &filter.query(), &super::no_progress)
            .await?;
        Ok(found.into_iter().filter(|a| filter.matches(a)).collect())
    }

    /// The ids of the applications matching `filter`, from a list without a server-side filter
    /// (see the module notes): what a create compares before and after it tries.
    async fn ids_matching(&self, filter: &ApplicationFilter) -> Result<HashSet<String>, Error> {
        let all: Vec<Application> = self
            .list_v1(
                "/api/applications",
                &[("fields", LOOKUP_FIELDS.into())],
                &super::no_progress,
            )
            .await?;
        Ok(all
            .iter()
            .filter(|a| filter.matches(a))
            .filter_map(|a| a.id().map(str::to_owned))
            .collect())
    }

    pub async fn get_application(&self, id: &str) -> Result<Application, Error> {
        self.get_json(&Call::get(self, &format!("/api/applications/{}", seg(id))))
            .await
    }

    /// Creates `app` (no `_id`; `name` and `displayLabel` set) and returns it as stored.
    /// Never creates two: see the module notes.
    pub async fn create_application(&self, app: &Application) -> Result<Application, Error> {
        let filter = ApplicationFilter {
            name: app.name().map(str::to_owned),
            display_label: app.display_label().map(str::to_owned),
        };
        let (Some(_), Some(_)) = (&filter.name, &filter.display_label) else {
            return Err(Error::Invalid {
                message: "a new application needs a template name and a label".into(),
            });
        };
        let body = create_body(app);
        // What already exists with this label, so a copy that appears later is recognisably ours.
        let existing = self.ids_matching(&filter).await?;
        let policy = &self.inner.options.retry;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let call = Call::new(
                self,
                Method::POST,
                "/api/applications",
                Some(&body),
                Repeat::Once,
            );
            let failure = match self
                .execute(&call, |a| decode::<Application>(&a.body))
                .await
            {
                Ok(created) => return Ok(created),
                Err(f) if f.ambiguous => f,
                Err(f) => return Err(f.error),
            };
            tracing::debug!(
                attempt,
                code = failure.error.code(),
                "create outcome unknown; looking for it"
            );
            tokio::time::sleep(policy.delay(attempt, None)).await;
            let now = self.ids_matching(&filter).await?;
            if let Some(mine) = now.iter().find(|id| !existing.contains(*id)) {
                // The look-up read three fields; the caller gets the application as stored.
                return self.get_application(mine).await;
            }
            if attempt >= policy.max_attempts {
                return Err(failure.error);
            }
        }
    }

    /// `PUT` of a complete object (JumpCloud resets whatever a `PUT` omits). Repeated only when
    /// the server provably did not act (429, or no connection was made): an unknown outcome is
    /// the caller's to settle by reading again (see `edits::save`), so an edit made meanwhile is
    /// merged, never overwritten by a resent body.
    pub async fn put_application(
        &self,
        id: &str,
        complete: &serde_json::Value,
    ) -> Result<Application, Error> {
        let call = Call::new(
            self,
            Method::PUT,
            &format!("/api/applications/{}", seg(id)),
            Some(complete),
            Repeat::Once,
        );
        Ok(self
            .execute(&call, |a| decode::<Application>(&a.body))
            .await?)
    }

    /// Deletes an application. Already gone counts as done.
    pub async fn delete_application(&self, id: &str) -> Result<(), Error> {
        let call = Call::new(
            self,
            Method::DELETE,
            &format!("/api/applications/{}", seg(id)),
            None,
            Repeat::Safe,
        );
        match self.execute(&call, |_| Ok(())).await {
            Ok(()) => Ok(()),
            Err(f) if matches!(f.error, Error::NotFound { .. }) => Ok(()),
            Err(f) => Err(f.error),
        }
    }

    /// The path of an application's IdP metadata (v1
    /// `GET /organizations/{organizationId}/applications/{applicationId}/metadata.xml`).
    pub fn idp_metadata_path(org_id: &str, application_id: &str) -> String {
        format!(
            "/api/organizations/{}/applications/{}/metadata.xml",
            seg(org_id),
            seg(application_id)
        )
    }

    /// The full URL of an application's IdP metadata, for the admin to copy.
    pub fn idp_metadata_url(&self, org_id: &str, application_id: &str) -> String {
        self.url(&Self::idp_metadata_path(org_id, application_id))
    }

    /// An application's IdP metadata XML, as JumpCloud serves it.
    pub async fn idp_metadata(&self, org_id: &str, application_id: &str) -> Result<String, Error> {
        let call = Call::get(self, &Self::idp_metadata_path(org_id, application_id));
        Ok(self
            .execute(&call, |a| {
                String::from_utf8(a.body.clone()).map_err(|_| super::http::DecodeFailure {
                    error: Error::Decode {
                        path: "(document)".into(),
                        message: "the metadata is not UTF-8 text".into(),
                    },
                    truncated: false,
                })
            })
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use axum::routing::get;

    const XML: &str = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" \
                       entityID=\"https://sso.example.com/app\"/>";

    use crate::jumpcloud::test_server::{client, serve};

    #[tokio::test]
    async fn idp_metadata_is_read_from_the_organisations_application_path() {
        let app = axum::Router::new().route(
            "/api/organizations/{org}/applications/{app}/metadata.xml",
            get(|axum::extract::Path((org, app)): axum::extract::Path<(String, String)>| async move {
                if org == "5f0000000000000000000001" && app == "a1" {
                    Ok(([("content-type", "application/xml")], XML))
                } else {
                    Err(axum::http::StatusCode::NOT_FOUND)
                }
            }),
        );
        let base = serve(app).await;
        let client = client(&base, 100);
        let xml = client
            .idp_metadata("5f0000000000000000000001", "a1")
            .await
            .expect("the metadata");
        assert_eq!(xml, XML);
        assert_eq!(
            client.idp_metadata_url("5f0000000000000000000001", "a1"),
            format!(
                "{base}/api/organizations/5f0000000000000000000001/applications/a1/metadata.xml"
            )
        );
        assert!(matches!(
            client
                .idp_metadata("5f0000000000000000000001", "other")
                .await,
            Err(super::Error::NotFound { .. })
        ));
    }
}
