//! JumpCloud's v1 routes SSO Desk uses: templates, applications, system users, organizations.
//!
//! Promises: lists answer `{"results": [...], "totalCount": N}`; `PUT /api/applications/{id}`
//! replaces the whole document (only `_id`, `id`, `organization` and `created` survive from the
//! stored one: that is how JumpCloud makes careless clients lose data); `PUT /api/systemusers/{id}`
//! updates only the fields sent; POST validates `name` (an existing template) and `displayLabel`,
//! and, as JumpCloud does on activation, gives an application sent without an IdP certificate a
//! fresh one (certificate, private key, `sso` dates); an application's IdP metadata is served as
//! SAML 2.0 XML, without an API key (see [`public_routes`]).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::doc::{self, Doc};
use crate::http::{ok_json, ApiError, ApiResult};
use crate::query::{pairs, Dialect, ListQuery};
use crate::seed::ids;
use crate::state::Shared;
use crate::store::{Collection, Collections, Docs};

/// Fields the server owns on an application; a PUT cannot change or drop them.
const SERVER_FIELDS: [&str; 4] = ["_id", "id", "organization", "created"];

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/application-templates", get(list_templates))
        .route("/api/application-templates/{id}", get(get_template))
        .route(
            "/api/applications",
            get(list_applications).post(create_application),
        )
        .route(
            "/api/applications/{id}",
            get(get_application)
                .put(replace_application)
                .delete(delete_application),
        )
        .route("/api/systemusers", get(list_users))
        .route("/api/systemusers/{id}", get(get_user).put(update_user))
        .route("/api/organizations", get(list_organizations))
}

/// Routes served without an API key: an application's IdP metadata, which the service provider
/// fetches itself from the URL the admin copies (Zuora's JumpCloud guide, "Copy Metadata URL";
/// see `shared/jumpcloud-api/wire-evidence.md`).
pub(crate) fn public_routes() -> Router<Arc<Shared>> {
    Router::new().route(
        "/api/organizations/{organization}/applications/{application}/metadata.xml",
        get(idp_metadata),
    )
}

/// A v1 list's answer, `{"results": [...], "totalCount": N}`.
#[derive(Serialize)]
struct Page {
    results: Vec<Doc>,
    #[serde(rename = "totalCount")]
    total_count: usize,
}

fn list(shared: &Shared, q: Option<String>, pick: fn(&Collections) -> &Docs) -> ApiResult {
    let query = ListQuery::parse(&pairs(q.as_deref()), Dialect::V1)?;
    let (results, total_count) = {
        let db = shared.read();
        query.apply(pick(&db).iter())
    };
    ok_json(Page {
        results,
        total_count,
    })
}

fn one(
    shared: &Shared,
    q: Option<String>,
    id: &str,
    what: &str,
    pick: fn(&Collections) -> &Docs,
) -> ApiResult {
    let query = ListQuery::parse(&pairs(q.as_deref()), Dialect::V1)?;
    let doc = {
        let db = shared.read();
        pick(&db).get(id).map(|d| query.project(&d))
    };
    ok_json(doc.ok_or_else(|| ApiError::not_found(what, id))?)
}

async fn list_templates(State(s): State<Arc<Shared>>, RawQuery(q): RawQuery) -> ApiResult {
    list(&s, q, |c| &c.templates)
}

async fn get_template(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    one(&s, q, &id, "application template", |c| &c.templates)
}

/// The applications; a filtered list leaves out those the filter does not see yet (see
/// `SandboxOptions::filter_lag_ms`).
async fn list_applications(State(s): State<Arc<Shared>>, RawQuery(q): RawQuery) -> ApiResult {
    let pairs = pairs(q.as_deref());
    let filtered = pairs.iter().any(|(k, v)| k == "filter" && !v.is_empty());
    let lagging = if filtered {
        s.faults.lagging()
    } else {
        Vec::new()
    };
    let query = ListQuery::parse(&pairs, Dialect::V1)?;
    let (results, total_count) = {
        let db = s.read();
        let seen = db
            .applications
            .iter()
            .filter(|d| !d.id.is_some_and(|id| lagging.iter().any(|l| l == id)));
        query.apply(seen)
    };
    ok_json(Page {
        results,
        total_count,
    })
}

async fn get_application(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    one(&s, q, &id, "application", |c| &c.applications)
}

async fn list_users(State(s): State<Arc<Shared>>, RawQuery(q): RawQuery) -> ApiResult {
    list(&s, q, |c| &c.users)
}

async fn get_user(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    one(&s, q, &id, "system user", |c| &c.users)
}

/// An organisation's own key lists its own organisation (a provider's lists are in
/// [`crate::tenancy`]).
async fn list_organizations(State(s): State<Arc<Shared>>) -> ApiResult {
    ok_json(json!({
        "results": [{"_id": s.org.id, "displayName": s.org.name, "logoUrl": ""}],
        "totalCount": 1,
    }))
}

/// The request body as a JSON object, or JumpCloud's 400.
fn object(body: &Bytes) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::bad_request("the body must be a JSON object")),
        Err(e) => Err(ApiError::bad_request(format!("invalid JSON body: {e}"))),
    }
}

/// JumpCloud's checks on an application body: `name` names a template, `displayLabel` is set.
fn validate_application(db: &Collections, app: &Map<String, Value>) -> Result<(), ApiError> {
    let name = match app.get("name") {
        Some(Value::String(s)) if !s.is_empty() => s,
        _ => {
            return Err(ApiError::bad_request(
                "name is required: the name of an application template",
            ))
        }
    };
    if !db.is_template_name(name) {
        return Err(ApiError::bad_request(format!(
            "name {name:?} is not an application template"
        )));
    }
    match app.get("displayLabel") {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(()),
        _ => Err(ApiError::bad_request(
            "displayLabel is required and must not be empty",
        )),
    }
}

async fn persist(s: &Shared, which: &[Collection]) -> Result<(), ApiError> {
    s.persist(which)
        .await
        .map_err(|e| ApiError::internal(e.to_string()))
}

async fn create_application(State(s): State<Arc<Shared>>, body: Bytes) -> ApiResult {
    let mut app = object(&body)?;
    validate_application(&s.read(), &app)?;
    let id = ids::fresh();
    give_certificate(&mut app, &id);
    app.insert("id".into(), json!(id));
    app.insert("_id".into(), json!(id));
    app.insert("organization".into(), json!(s.org.id));
    app.insert("created".into(), json!(now_iso8601()));
    let app = Value::Object(app);
    s.write().applications.push(&app);
    s.faults.note_created(&id);
    persist(&s, &[Collection::Applications]).await?;
    ok_json(app)
}

/// JumpCloud makes an IdP certificate and key when an application is activated: one sent without
/// a certificate gets a fresh pair, valid five years from today, and the `sso` dates that go with
/// it.
fn give_certificate(app: &mut Map<String, Value>, id: &str) {
    let serial = u64::from_str_radix(id.get(8..).unwrap_or("0"), 16).unwrap_or(0);
    if !has_certificate(app) {
        issue_certificate(app, serial);
    }
}

fn has_certificate(app: &Map<String, Value>) -> bool {
    app.get("config")
        .and_then(|c| c.pointer("/idpCertificate/value"))
        .and_then(Value::as_str)
        .is_some_and(|v| !v.trim().is_empty())
}

/// A new IdP certificate and key for `app` (serial `serial`), replacing any it had.
fn issue_certificate(app: &mut Map<String, Value>, serial: u64) {
    let label = app
        .get("displayLabel")
        .and_then(Value::as_str)
        .unwrap_or("application")
        .to_string();
    let Some(config) = app.get_mut("config").and_then(Value::as_object_mut) else {
        return;
    };
    let today = crate::seed::certs::today();
    let valid = crate::seed::certs::days_to_years_later(today, crate::seed::certs::VALID_YEARS);
    let Some(cert) = crate::seed::certs::generate(today, &[valid], &[label], serial).pop() else {
        return;
    };
    for (key, label, value) in [
        ("idpCertificate", "IdP Certificate", cert.certificate_pem),
        ("idpPrivateKey", "IdP Private Key", cert.private_key_pem),
    ] {
        match config.get_mut(key).and_then(Value::as_object_mut) {
            Some(entry) => {
                entry.insert("value".into(), Value::String(value));
            }
            None => {
                config.insert(
                    key.into(),
                    json!({"label": label, "type": "file", "required": false, "readOnly": false, "visible": true, "value": value}),
                );
            }
        }
    }
    let sso = app.entry("sso").or_insert_with(|| json!({"type": "saml"}));
    if let Some(sso) = sso.as_object_mut() {
        sso.insert("idpCertExpirationAt".into(), json!(cert.expires));
        sso.insert("idpCertificateUpdatedAt".into(), json!(cert.issued));
        sso.insert("idpPrivateKeyUpdatedAt".into(), json!(cert.issued));
    }
}

/// `GET /api/organizations/{organizationId}/applications/{applicationId}/metadata.xml`: the
/// application's IdP metadata (SAML 2.0 `EntityDescriptor`), as the console's export gives it.
async fn idp_metadata(
    State(s): State<Arc<Shared>>,
    Path((organization, application)): Path<(String, String)>,
) -> ApiResult {
    if !organization.eq_ignore_ascii_case(&s.org.id) {
        return Err(ApiError::not_found("organization", &organization));
    }
    let app = s
        .read()
        .applications
        .value(&application)
        .ok_or_else(|| ApiError::not_found("application", &application))?;
    let text = |pointer: &str| {
        app.pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let entity_id = text("/config/idpEntityId/value");
    let sso_url = text("/ssoUrl");
    let certificate = crate::seed::certs::pem_body(&text("/config/idpCertificate/value"));
    let key = if certificate.is_empty() {
        String::new()
    } else {
        format!(
            "    <md:KeyDescriptor use=\"signing\">\n      <ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\n        <ds:X509Data>\n          <ds:X509Certificate>{certificate}</ds:X509Certificate>\n        </ds:X509Data>\n      </ds:KeyInfo>\n    </md:KeyDescriptor>\n"
        )
    };
    let (entity_id, sso_url) = (xml_escape(&entity_id), xml_escape(&sso_url));
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"{entity_id}\">\n\
  <md:IDPSSODescriptor WantAuthnRequestsSigned=\"false\" protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\n\
{key}\
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>\n\
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>\n\
    <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"{sso_url}\"/>\n\
    <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\"{sso_url}\"/>\n\
  </md:IDPSSODescriptor>\n\
</md:EntityDescriptor>\n"
    );
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            "application/samlmetadata+xml",
        )],
        xml,
    )
        .into_response())
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

async fn replace_application(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut app = object(&body)?;
    let replaced = {
        let mut db = s.write();
        validate_application(&db, &app)?;
        let stored = db
            .applications
            .get(&id)
            .ok_or_else(|| ApiError::not_found("application", &id))?;
        let stored = doc::pick(stored.doc, &SERVER_FIELDS, None).0;
        for field in SERVER_FIELDS {
            match stored.get(field) {
                Some(v) => app.insert(field.into(), v.clone()),
                None => app.remove(field),
            };
        }
        // `regenerateCertificate`: JumpCloud issues a new certificate with this write.
        if s.faults.config().regenerate_certificate && has_certificate(&app) {
            let serial = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64);
            issue_certificate(&mut app, serial);
        }
        let app = Value::Object(app);
        db.applications.replace(&id, &app);
        app
    };
    persist(&s, &[Collection::Applications]).await?;
    ok_json(replaced)
}

async fn delete_application(State(s): State<Arc<Shared>>, Path(id): Path<String>) -> ApiResult {
    let removed = {
        let mut db = s.write();
        let removed = db
            .applications
            .remove(&id)
            .ok_or_else(|| ApiError::not_found("application", &id))?;
        db.graph.forget(&id);
        removed
    };
    persist(&s, &[Collection::Applications, Collection::Graph]).await?;
    ok_json(removed)
}

async fn update_user(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let changes = object(&body)?;
    let updated = {
        let mut db = s.write();
        let mut user = db
            .users
            .value(&id)
            .ok_or_else(|| ApiError::not_found("system user", &id))?;
        if let Some(obj) = user.as_object_mut() {
            for (k, v) in changes {
                if !SERVER_FIELDS.contains(&k.as_str()) {
                    obj.insert(k, v);
                }
            }
        }
        db.users.replace(&id, &user);
        user
    };
    persist(&s, &[Collection::Users]).await?;
    ok_json(updated)
}

/// Now as `YYYY-MM-DDTHH:MM:SS.000Z` (JumpCloud's `created` format), without a date library.
fn now_iso8601() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
        rem / 3_600,
        (rem % 3_600) / 60,
        rem % 60
    )
}
