//! The fidelity report: which applications of the organisation hold attribute configuration the
//! encoding (docs/attribute-encoding.md) does not understand, or that a save would change even if
//! the admin changed nothing. Read-only: it reads every application and template, writes nothing.
//! `sso-desk --check-org` prints it; Settings shows it.
//!
//! A finding names the application, the place and what is wrong, never a value: no certificate,
//! no private key, no config value at all (SP attribute names and custom-attribute names only,
//! which the editor shows anyway).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::attributes::encoding::{
    is_builtin_property, legacy_entries, not_understood, AttributeList,
};
use crate::jumpcloud::{no_progress, Client, Error, Template};

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FidelityKind {
    /// Something the encoding does not understand (an entry that is not an object, a list of an
    /// unknown `type`, ...): the application's attribute editor is read-only.
    NotUnderstood,
    /// An entry written with the `attributes.` prefix of earlier versions: a save rewrites it to
    /// the bare custom-attribute name.
    LegacyPrefix,
    /// As [`FidelityKind::LegacyPrefix`], but the bare name is also a built-in property, which
    /// wins: after a save the property is sent instead of the custom attribute.
    LegacyPrefixShadowed,
    /// The connector's template lists a JIT attribute whose default is not a property name SSO
    /// Desk can read (the default is then guessed from the SP name).
    TemplateDefaultUnread,
}

/// One thing found in one application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FidelityFinding {
    pub application_id: String,
    /// The application's label (its `displayLabel`, else its `name`).
    pub label: String,
    pub kind: FidelityKind,
    pub detail: String,
}

/// Every finding of the organisation, by application in the order JumpCloud lists them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FidelityReport {
    pub applications_checked: u32,
    pub findings: Vec<FidelityFinding>,
}

impl FidelityReport {
    /// The report as plain text, one finding a line (what `sso-desk --check-org` prints). Like
    /// the findings themselves, it names places and attribute names, never values.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "checked {} application(s): {} finding(s)\n",
            self.applications_checked,
            self.findings.len()
        );
        for f in &self.findings {
            let kind = match f.kind {
                FidelityKind::NotUnderstood => "not understood (editor read-only)",
                FidelityKind::LegacyPrefix => "legacy prefix (rewritten on save)",
                FidelityKind::LegacyPrefixShadowed => "legacy prefix shadowed by a property",
                FidelityKind::TemplateDefaultUnread => "template default not read",
            };
            out.push_str(&format!(
                "{} ({}): {kind}: {}\n",
                f.label, f.application_id, f.detail
            ));
        }
        out
    }
}

/// The findings of one application, given the templates of the organisation.
pub fn application_findings(application: &Value, templates: &[Template]) -> Vec<FidelityFinding> {
    let text = |key: &str| application.get(key).and_then(Value::as_str).unwrap_or("");
    let id = if text("_id").is_empty() {
        text("id")
    } else {
        text("_id")
    };
    let label = [text("displayLabel"), text("displayName"), text("name")]
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .unwrap_or(id);
    let finding = |kind, detail: String| FidelityFinding {
        application_id: id.to_owned(),
        label: label.to_owned(),
        kind,
        detail,
    };
    let mut out: Vec<FidelityFinding> = not_understood(application)
        .into_iter()
        .map(|n| {
            finding(
                FidelityKind::NotUnderstood,
                format!("{}: {}", n.path, n.detail),
            )
        })
        .collect();
    for legacy in legacy_entries(application) {
        let at = format!(
            "config.{}.value[{}]",
            AttributeList::Database.key(),
            legacy.index
        );
        if is_builtin_property(&legacy.custom) {
            out.push(finding(
                FidelityKind::LegacyPrefixShadowed,
                format!(
                    "{at} (\"{}\") maps the custom attribute as \"attributes.{}\"; a save writes the bare name, and \"{}\" is also a user property, which wins",
                    legacy.sp_name, legacy.custom, legacy.custom
                ),
            ));
        } else {
            out.push(finding(
                FidelityKind::LegacyPrefix,
                format!(
                    "{at} (\"{}\") maps the custom attribute as \"attributes.{}\"; a save writes \"{}\"",
                    legacy.sp_name, legacy.custom, legacy.custom
                ),
            ));
        }
    }
    let template = text("name");
    if let Some(t) = templates.iter().find(|t| t.name == template) {
        for attribute in t
            .jit
            .attributes
            .iter()
            .filter(|a| a.default_property.is_none())
        {
            out.push(finding(
                FidelityKind::TemplateDefaultUnread,
                format!(
                    "the template \"{template}\" gives JIT attribute \"{}\" a default that is not a property name",
                    attribute.name
                ),
            ));
        }
    }
    out
}

/// Reads every application and template through `client` and reports what the encoding does not
/// understand or would change on an untouched save. Writes nothing.
pub async fn fidelity_report(client: &Client) -> Result<FidelityReport, Error> {
    let templates = client.list_templates(&no_progress).await?;
    let applications = client.list_applications(&no_progress).await?;
    let mut report = FidelityReport {
        applications_checked: u32::try_from(applications.len()).unwrap_or(u32::MAX),
        findings: Vec::new(),
    };
    for application in applications {
        report
            .findings
            .extend(application_findings(&application.into_value(), &templates));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jumpcloud::{ConnectionOptions, Credentials, Endpoint};
    use crate::secret::Secret;
    use serde_json::json;
    use sso_desk_sandbox::{start, SandboxOptions, SAMPLE_ORG_ID};

    #[test]
    fn findings_name_places_and_never_values() {
        let app = json!({
            "_id": "5f0000000000000000000001", "displayLabel": "Payroll", "name": "custom-saml-app",
            "config": {
                "idpPrivateKey": {"value": "-----BEGIN PRIVATE KEY-----SECRET"},
                "idpCertificate": {"value": "-----BEGIN CERTIFICATE-----CERT"},
                "databaseAttributes": {"type": "constantAttributes", "value": [
                    "-----BEGIN PRIVATE KEY-----SECRET",
                    {"name": "badge", "value": "attributes.badge"},
                    {"name": "mail", "value": "attributes.email"},
                    {"name": "role", "value": "SandboxDevelopers"}
                ]},
                "constantAttributes": {"type": "matrix", "value": []}
            }
        });
        let findings = application_findings(&app, &[]);
        let kinds: Vec<FidelityKind> = findings.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                FidelityKind::NotUnderstood,
                FidelityKind::NotUnderstood,
                FidelityKind::LegacyPrefix,
                FidelityKind::LegacyPrefixShadowed
            ],
            "{findings:#?}"
        );
        assert!(findings[0].detail.contains("value[0]"));
        assert!(findings[1].detail.contains("\"matrix\""));
        assert!(findings.iter().all(|f| f.label == "Payroll"));
        let text = serde_json::to_string(&findings).expect("serialise");
        assert!(
            !text.contains("BEGIN") && !text.contains("SECRET") && !text.contains("CERT"),
            "no key or certificate text is reported: {text}"
        );
    }

    #[tokio::test]
    async fn report_reads_a_sandbox_and_finds_a_non_object_entry() {
        crate::jumpcloud::install_tls();
        let dir = tempfile::tempdir().expect("temp dir");
        let sandbox = start(SandboxOptions::new(dir.path()))
            .await
            .expect("sandbox starts");
        let client = Client::new(
            &Endpoint::Custom(sandbox.url().to_owned()),
            Credentials::ApiKey {
                key: Secret::new(sandbox.api_key()),
                org_id: Some(SAMPLE_ORG_ID.into()),
            },
            ConnectionOptions::default(),
        )
        .expect("client");

        let clean = fidelity_report(&client).await.expect("report");
        assert!(
            clean.applications_checked > 0,
            "the demo org has applications"
        );
        let not_understood: Vec<&FidelityFinding> = clean
            .findings
            .iter()
            .filter(|f| f.kind == FidelityKind::NotUnderstood)
            .collect();
        assert!(
            not_understood.is_empty(),
            "the demo org holds nothing the encoding does not understand: {not_understood:#?}"
        );

        // Put an application with a non-object entry through the raw API.
        let apps = client.list_applications(&no_progress).await.expect("list");
        let mut target = apps[0].to_value();
        let id = target["_id"].as_str().expect("id").to_owned();
        let config = target
            .get_mut("config")
            .and_then(Value::as_object_mut)
            .expect("config");
        let list = config
            .entry("databaseAttributes")
            .or_insert_with(|| json!({"value": []}));
        if !list.get("value").is_some_and(Value::is_array) {
            list["value"] = json!([]);
        }
        list["value"].as_array_mut().expect("array").push(json!(42));
        reqwest::Client::new()
            .put(format!("{}/api/applications/{id}", sandbox.url()))
            .header("x-api-key", sandbox.api_key())
            .header("x-org-id", SAMPLE_ORG_ID)
            .json(&target)
            .send()
            .await
            .expect("put")
            .error_for_status()
            .expect("the sandbox accepts the put");

        let after = fidelity_report(&client).await.expect("report");
        let found: Vec<&FidelityFinding> = after
            .findings
            .iter()
            .filter(|f| f.kind == FidelityKind::NotUnderstood)
            .collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].application_id, id);
        assert!(
            found[0].detail.contains("a number, not an object"),
            "{}",
            found[0].detail
        );
        assert_eq!(after.applications_checked, clean.applications_checked);
    }
}
