//! The facts of one application template that the catalog search needs, read tolerantly from
//! JumpCloud's `applicationtemplate` JSON.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::jumpcloud::Template;

/// The template name of JumpCloud's generic "SAML 2.0 connector" (custom SAML application). The
/// search always offers it, because it is what an admin uses when the vendor has no connector.
pub const CUSTOM_SAML_TEMPLATE_NAME: &str = "custom-saml-app";

/// Where a connector is in its life, from the template's `status` (absent means active).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum TemplateStatus {
    Active,
    Beta,
    EndOfSupport,
    EndOfLife,
}

/// One connector (application template) as the catalog indexes and shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CatalogEntry {
    /// The template's `_id`.
    pub id: String,
    /// The template's `name`: the stable key an application is linked to its template by.
    pub name: String,
    /// What the admin sees: `displayName`, else `displayLabel`, else `name`.
    pub display_name: String,
    /// The template's `keywords`, followed by its `displayLabel` when that differs from the display
    /// name (it is another name the admin may search by).
    pub keywords: Vec<String>,
    /// The template has an SSO type other than a bookmark.
    pub supports_sso: bool,
    /// `sso.jit` is true: the connector can create users just in time.
    pub supports_jit: bool,
    /// The template carries a `provision` object: the connector can provision users by SCIM.
    pub supports_scim: bool,
    /// The template's `beta` flag.
    pub beta: bool,
    pub status: TemplateStatus,
    pub logo_url: Option<String>,
    pub color: Option<String>,
}

impl CatalogEntry {
    /// Reads one element of `GET /api/application-templates`. Missing or null fields take their
    /// defaults; only a template without a string `_id` or `name` is refused (`None`), since it
    /// could be neither linked nor shown.
    pub fn from_template_json(template: &Value) -> Option<CatalogEntry> {
        let id = non_empty_str(template.get("_id"))?.to_owned();
        let name = non_empty_str(template.get("name"))?.to_owned();
        let display_label = non_empty_str(template.get("displayLabel"));
        let display_name = non_empty_str(template.get("displayName"))
            .or(display_label)
            .unwrap_or(&name)
            .to_owned();

        let mut keywords: Vec<String> = match template.get("keywords") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|k| non_empty_str(Some(k)))
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        if let Some(label) = display_label {
            if !label.eq_ignore_ascii_case(&display_name) && !keywords.iter().any(|k| k == label) {
                keywords.push(label.to_owned());
            }
        }

        let sso = template.get("sso");
        let sso_type = non_empty_str(sso.and_then(|s| s.get("type")));
        let supports_sso = sso_type.is_some_and(|t| !t.eq_ignore_ascii_case("bookmark"));
        let supports_jit = sso
            .and_then(|s| s.get("jit"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let supports_scim = matches!(template.get("provision"), Some(Value::Object(_)));
        let beta = template
            .get("beta")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let status = match template.get("status").and_then(Value::as_str) {
            Some("end_of_life") => TemplateStatus::EndOfLife,
            Some("end_of_support") => TemplateStatus::EndOfSupport,
            Some("beta") => TemplateStatus::Beta,
            _ if beta => TemplateStatus::Beta,
            _ => TemplateStatus::Active,
        };
        let logo_url =
            non_empty_str(template.get("logo").and_then(|l| l.get("url"))).map(str::to_owned);
        let color = non_empty_str(template.get("color")).map(str::to_owned);

        Some(CatalogEntry {
            id,
            name,
            display_name,
            keywords,
            supports_sso,
            supports_jit,
            supports_scim,
            beta,
            status,
            logo_url,
            color,
        })
    }

    /// Reads a template the client has already decoded, with the same rules as
    /// [`CatalogEntry::from_template_json`]. (The decoded form serialises its id as `id` and
    /// keeps JumpCloud's other field names, so it is read through its JSON with `_id` put back.)
    pub fn from_template(template: &Template) -> Option<CatalogEntry> {
        let mut value = serde_json::to_value(template).ok()?;
        value
            .as_object_mut()?
            .insert("_id".to_owned(), Value::String(template.id.clone()));
        CatalogEntry::from_template_json(&value)
    }

    /// The generic SAML 2.0 connector, offered with every search.
    pub fn is_custom_saml(&self) -> bool {
        self.name == CUSTOM_SAML_TEMPLATE_NAME
    }
}

fn non_empty_str(value: Option<&Value>) -> Option<&str> {
    value
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}
