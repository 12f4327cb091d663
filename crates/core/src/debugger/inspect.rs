//! One response, end to end: decode and read it, find the application (issuer = IdP entity ID,
//! audience = SP entity ID), verify its signatures with that application's certificates, find the
//! user the NameID names, preview what the application sends them now, and decide the lines.
//!
//! Promises: reads only (applications, the template's JIT requirements, the user, the users bound
//! to the application); the IdP private key the applications carry is never copied out of them.

use serde_json::{json, Value};

use super::checks::{self, ApplicationFacts, Inputs, UserFacts};
use super::parse::{self, ResponseFields};
use super::seen::SeenCertificates;
use super::signature::{self, KnownAs, KnownCertificate};
use super::{decode, ApplicationMatch, Clock, DebuggerError, DebuggerReport, UserMatch};
use crate::attributes::JitRequirement;
use crate::jumpcloud::{no_progress, Application, Client, User};
use crate::readiness::{preview_application, JitFacts};
use crate::sso::certificate::parse_rfc3339;

/// Reads `value` (any form [`decode::to_xml`] takes) and checks it against the organisation.
/// `seen` is told every application's current certificate, and names older ones.
pub async fn inspect(
    client: &Client,
    value: &str,
    seen: &mut SeenCertificates,
    now_ms: f64,
) -> Result<DebuggerReport, DebuggerError> {
    let xml = decode::to_xml(value)?;
    let response = parse::read(&xml)?;
    let applications = client.list_applications(&no_progress).await?;
    for app in &applications {
        if let (Some(id), Some(pem)) = (app.id(), config_text(app, "idpCertificate")) {
            seen.note(id, pem, now_ms);
        }
    }
    let matched = find_application(&applications, &response);
    let mut trusted = Vec::new();
    let mut names = Vec::new();
    for app in &applications {
        let Some(pem) = config_text(app, "idpCertificate") else {
            continue;
        };
        let known = |known_as| KnownCertificate {
            pem: pem.to_owned(),
            known_as,
        };
        if Some(app) == matched {
            trusted.push(known(KnownAs::Current));
        } else {
            names.push(known(KnownAs::OtherApplication {
                label: app.display_label().unwrap_or_default().to_owned(),
            }));
        }
    }
    if let Some(app) = matched {
        let id = app.id().unwrap_or_default();
        trusted.extend(seen.older(id, config_text(app, "idpCertificate")));
    }
    let signatures = signature::verify(&xml, &trusted, &names);
    let facts = matched.map(facts_of);
    let property = matched
        .and_then(|a| config_text(a, "subjectField"))
        .unwrap_or("email")
        .to_owned();
    let name_id = response
        .assertion
        .as_ref()
        .and_then(|a| a.name_id.clone())
        .unwrap_or_default();
    let (user, preview) = match (matched, name_id.is_empty()) {
        (Some(app), false) => {
            let found = find_user(client, &property, &name_id).await?;
            let user = match &found {
                Some(u) => Some(user_facts(client, app, u).await?),
                None => None,
            };
            let requirements =
                crate::attributes::draft::requirements_of(client, &app.to_value()).await?;
            let user_json = found
                .as_ref()
                .and_then(|u| serde_json::to_value(u).ok())
                .unwrap_or_else(|| json!({"_id": "(nobody)"}));
            (user, preview_of(app, requirements, &user_json))
        }
        (Some(app), true) => {
            let requirements =
                crate::attributes::draft::requirements_of(client, &app.to_value()).await?;
            (
                None,
                preview_of(app, requirements, &json!({"_id": "(nobody)"})),
            )
        }
        (None, _) => (None, None),
    };
    let now_secs = (now_ms / 1000.0) as i64;
    let checks = checks::evaluate(&Inputs {
        response: &response,
        signatures: &signatures,
        application: facts.as_ref(),
        name_id_property: &property,
        user: user.as_ref(),
        preview: preview.as_ref(),
        now_secs,
    });
    Ok(DebuggerReport {
        clock: clock_of(&response, now_ms),
        application: facts.as_ref().map(|f| ApplicationMatch {
            id: f.id.clone(),
            label: f.label.clone(),
        }),
        user: user.map(|u| UserMatch {
            id: u.id,
            label: u.label,
            bound: u.bound,
        }),
        response,
        signatures,
        checks,
        xml,
    })
}

/// `config.<key>.value` when it is non-empty text.
fn config_text<'a>(app: &'a Application, key: &str) -> Option<&'a str> {
    app.config()?
        .get(key)?
        .get("value")?
        .as_str()
        .filter(|s| !s.trim().is_empty())
}

fn idp_entity_id(app: &Application) -> Option<&str> {
    config_text(app, "idpEntityId").or_else(|| app.json().get("ssoUrl").and_then(Value::as_str))
}

/// The application whose IdP entity ID is the issuer and SP entity ID the audience; else the one
/// (only) whose IdP entity ID is the issuer; else the one whose SP entity ID is the audience.
fn find_application<'a>(
    applications: &'a [Application],
    response: &ResponseFields,
) -> Option<&'a Application> {
    let assertion = response.assertion.as_ref();
    let issuer = response
        .issuer
        .as_deref()
        .or_else(|| assertion.and_then(|a| a.issuer.as_deref()));
    let audiences: &[String] = assertion.map(|a| a.audiences.as_slice()).unwrap_or(&[]);
    let by_issuer = |app: &&Application| issuer.is_some() && idp_entity_id(app) == issuer;
    let by_audience = |app: &&Application| {
        config_text(app, "spEntityId").is_some_and(|sp| audiences.iter().any(|a| a == sp))
    };
    let only = |found: Vec<&'a Application>| (found.len() == 1).then(|| found[0]);
    applications
        .iter()
        .find(|a| by_issuer(a) && by_audience(a))
        .or_else(|| only(applications.iter().filter(by_issuer).collect()))
        .or_else(|| only(applications.iter().filter(by_audience).collect()))
}

fn facts_of(app: &Application) -> ApplicationFacts {
    let acs_urls = match app
        .config()
        .and_then(|c| c.get("acsUrl"))
        .and_then(|f| f.get("value"))
    {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|v| v.as_str().or_else(|| v.get("url").and_then(Value::as_str)))
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    let include_groups = app
        .config()
        .and_then(|c| c.get("includeGroups"))
        .and_then(|f| f.get("value"))
        == Some(&Value::Bool(true));
    ApplicationFacts {
        id: app.id().unwrap_or_default().to_owned(),
        label: app.display_label().unwrap_or_default().to_owned(),
        idp_entity_id: idp_entity_id(app).map(str::to_owned),
        sp_entity_id: config_text(app, "spEntityId").map(str::to_owned),
        acs_urls,
        include_groups,
        groups_attribute: config_text(app, "groupsAttributeName").map(str::to_owned),
        jit: app.sso_jit(),
    }
}

/// The user whose `property` is `name_id`: asked of JumpCloud with a filter when the value can be
/// written in one, and checked again here either way.
async fn find_user(
    client: &Client,
    property: &str,
    name_id: &str,
) -> Result<Option<User>, DebuggerError> {
    let filterable = !name_id.contains([':', ',', '|', ' ', '&', '#']);
    let users: Vec<User> = if filterable {
        client
            .list_v1(
                "/api/systemusers",
                &[("filter", format!("{property}:$eq:{name_id}"))],
                &no_progress,
            )
            .await?
    } else {
        client.list_users(&no_progress).await?
    };
    Ok(users
        .into_iter()
        .find(|u| u.property(property) == Some(name_id)))
}

async fn user_facts(
    client: &Client,
    app: &Application,
    user: &User,
) -> Result<UserFacts, DebuggerError> {
    let id = app.id().unwrap_or_default();
    let bound = client
        .application_users(id, &no_progress)
        .await?
        .iter()
        .any(|access| access.id == user.id);
    Ok(UserFacts {
        id: user.id.clone(),
        label: user
            .email
            .clone()
            .or_else(|| user.username.clone())
            .unwrap_or_else(|| user.id.clone()),
        bound,
    })
}

fn preview_of(
    app: &Application,
    requirements: Option<Vec<JitRequirement>>,
    user: &Value,
) -> Option<crate::readiness::AssertionPreview> {
    let facts = requirements.map(|requirements| JitFacts {
        jit: app.sso_jit(),
        requirements,
    });
    preview_application(&app.to_value(), facts.as_ref(), user).ok()
}

fn clock_of(response: &ResponseFields, now_ms: f64) -> Clock {
    let now = now_ms / 1000.0;
    let at = |v: Option<&String>| v.and_then(|t| parse_rfc3339(t)).map(|t| t as f64 - now);
    let a = response.assertion.as_ref();
    Clock {
        now_ms,
        not_before_in: at(a.and_then(|a| a.not_before.as_ref())),
        not_on_or_after_in: at(a.and_then(|a| a.not_on_or_after.as_ref())),
        issued_in: at(response.issue_instant.as_ref()),
        authn_in: at(a.and_then(|a| a.authn_instant.as_ref())),
    }
}
