//! A new application made from a connector: what the "Create New Application Integration"
//! workflow shows, checks and sends.
//!
//! What it promises:
//! - [`TemplateDetails`] is everything the workflow needs from one template: its catalog entry
//!   (name, logo, labels), the SSO form its `config` declares ([`ConfigField`]s in `position`
//!   order) and the attribute rows, with every JIT-required attribute present and switched on.
//! - [`check`] says, per step and field, what is wrong: a missing or already used label, a
//!   required field left empty, a URL field that is not an `https` URL, and the attribute rules of
//!   [`crate::attributes::rules::validate`] (the same ones the editor of an existing application
//!   applies). It never changes what was typed.
//! - [`build`] is the application a create sends: the template's application
//!   ([`Application::new_from_template`]) with the label, description, form values and rows
//!   written in. [`create_body`](crate::jumpcloud::create_body) of it is the exact JSON posted.
//! - [`Creations`] makes a create happen at most once per workflow, whatever the UI sends.
//! - [`checked`] runs [`check`] with the organisation's labels; [`created_differently`] says what
//!   a read-back of the new application shows differently from what was sent.

mod creations;
mod fields;
mod remote;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::attributes::rules::{self, RowIssue, UserProperty};
use crate::attributes::{
    read_rows, set_group_attribute, template_requirements, write_rows, AttributeRows,
    JitRequirement,
};
use crate::catalog::CatalogEntry;
use crate::jumpcloud::{Application, Template};

pub use creations::Creations;
pub use fields::{config_fields, is_url_field, ConfigField};
pub use remote::{checked, created_differently};

/// Everything the workflow shows for one connector before the admin types anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateDetails {
    pub template_id: String,
    pub entry: CatalogEntry,
    /// The SSO form, in `position` order (fields without a position last, by key).
    pub fields: Vec<ConfigField>,
    /// The rows a new application starts with: the template's own, plus every JIT-required
    /// attribute the template's form lacks, switched on with its default property.
    pub rows: AttributeRows,
    pub requirements: Vec<JitRequirement>,
    /// The custom SAML connector, whose rows are all free.
    pub custom_connector: bool,
    /// The JumpCloud properties a row can take its value from.
    pub properties: Vec<UserProperty>,
}

impl TemplateDetails {
    /// `None` when the template has no id or name (it could not be linked to an application).
    pub fn new(template: &Template) -> Option<TemplateDetails> {
        let entry = CatalogEntry::from_template(template)?;
        let requirements = template_requirements(template);
        let start = Application::new_from_template(template, "").into_value();
        let mut rows = read_rows(&start, &requirements);
        // A template whose form lacks some of its own JIT attributes: add them now, so a new
        // application is ready for JIT as created.
        let missing: Vec<String> = rows.missing.iter().map(|m| m.sp_name.clone()).collect();
        for sp_name in missing {
            if let Ok(with) = rules::add_missing(&rows, &sp_name) {
                rows = with;
            }
        }
        // Every JIT-required row starts on, whatever the template's form says.
        for row in rows.rows.iter_mut().filter(|r| r.jit_required) {
            row.on = true;
        }
        Some(TemplateDetails {
            template_id: template.id.clone(),
            custom_connector: entry.is_custom_saml(),
            entry,
            fields: config_fields(&template.config),
            rows,
            requirements,
            properties: rules::user_properties(),
        })
    }
}

/// What the admin typed, as the workflow sends it for checking, review and create.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewApplication {
    pub template_id: String,
    pub display_label: String,
    pub description: String,
    /// Form values by field key (only the fields of [`TemplateDetails::fields`] are read).
    pub config: BTreeMap<String, String>,
    pub rows: AttributeRows,
}

/// What is wrong with a field of the General or Single sign-on step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FieldIssueCode {
    LabelRequired,
    LabelTaken,
    Required,
    NotAUrl,
    NotHttps,
}

/// One problem with a form field, to show next to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldIssue {
    /// `displayLabel`, `description`, or a config field's key.
    pub field: String,
    pub code: FieldIssueCode,
    pub message: String,
}

/// Every problem of a new application, by workflow step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewApplicationIssues {
    pub general: Vec<FieldIssue>,
    pub sso: Vec<FieldIssue>,
    /// Warnings included; only errors block a create.
    pub attributes: Vec<RowIssue>,
}

impl NewApplicationIssues {
    /// Whether anything must be fixed before the application can be created.
    pub fn blocks_create(&self) -> bool {
        !self.general.is_empty() || !self.sso.is_empty() || rules::has_errors(&self.attributes)
    }
}

/// Checks a new application. `existing_labels` are the labels of the organisation's
/// applications; a label is taken when one of them equals it ignoring case and surrounding
/// spaces (two applications the admin cannot tell apart in a list).
pub fn check(
    template: &Template,
    form: &NewApplication,
    existing_labels: &[String],
) -> NewApplicationIssues {
    let mut general = Vec::new();
    let label = form.display_label.trim();
    if label.is_empty() {
        general.push(FieldIssue {
            field: "displayLabel".into(),
            code: FieldIssueCode::LabelRequired,
            message: "Enter a display label.".into(),
        });
    } else if existing_labels
        .iter()
        .any(|l| l.trim().to_lowercase() == label.to_lowercase())
    {
        general.push(FieldIssue {
            field: "displayLabel".into(),
            code: FieldIssueCode::LabelTaken,
            message: format!("An application labelled \u{201c}{label}\u{201d} already exists."),
        });
    }
    let sso = config_fields(&template.config)
        .iter()
        .filter(|f| f.visible && !f.read_only)
        .filter_map(|f| {
            let value = form.config.get(&f.key).unwrap_or(&f.value);
            fields::check_value(f, value)
        })
        .collect();
    let custom = template.name == crate::catalog::CUSTOM_SAML_TEMPLATE_NAME;
    NewApplicationIssues {
        general,
        sso,
        attributes: rules::validate(&form.rows, custom),
    }
}

/// The application a create sends for `form` (no `_id`).
pub fn build(template: &Template, form: &NewApplication) -> Application {
    let mut app = Application::new_from_template(template, form.display_label.trim());
    if !form.description.trim().is_empty() {
        app.set_description(form.description.trim());
    }
    let fields = config_fields(&template.config);
    let config = app.config_mut();
    for field in fields.iter().filter(|f| !f.read_only) {
        let Some(value) = form.config.get(&field.key) else {
            continue;
        };
        // Form fields are objects with a `value` (the spec's shape); anything else is replaced.
        // The value keeps the JSON type the template gives it: a checkbox's `false` stays a
        // boolean, not the text "false".
        match config.get_mut(&field.key) {
            Some(Value::Object(entry)) => {
                let typed = match (entry.get("value"), value.trim()) {
                    (Some(Value::Bool(_)), "true") => Value::Bool(true),
                    (Some(Value::Bool(_)), "false") => Value::Bool(false),
                    (Some(Value::Number(_)), text) => text
                        .parse::<i64>()
                        .map(Value::from)
                        .unwrap_or_else(|_| Value::String(value.clone())),
                    _ => Value::String(value.clone()),
                };
                entry.insert("value".into(), typed);
            }
            _ => {
                config.insert(
                    field.key.clone(),
                    serde_json::json!({ "value": value.clone() }),
                );
            }
        }
    }
    let mut with_rows = write_rows(&app.to_value(), &form.rows);
    // The create body states the group attribute either way (both config entries).
    if let Some(groups) = &form.rows.groups {
        set_group_attribute(&mut with_rows, groups);
    }
    // write_rows keeps an object an object; the fallback only guards the type.
    Application::from_json(with_rows).unwrap_or(app)
}
