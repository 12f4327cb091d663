//! The parts of a create that need the organisation: the form checked against the template and
//! the labels already taken, and what a read-back of the new application shows differently from
//! what was sent.

use serde_json::Value;

use super::{check, NewApplication, NewApplicationIssues};
use crate::edits::change_log::without_secrets;
use crate::edits::json_diff::{diff, FieldChange, PathSegment};
use crate::jumpcloud::{no_progress, Client, Error, Template};

/// The template and the form's problems, with the organisation's current labels.
pub async fn checked(
    client: &Client,
    form: &NewApplication,
) -> Result<(Template, NewApplicationIssues), Error> {
    let template = client.get_template(&form.template_id).await?;
    let labels: Vec<String> = client
        .list_applications(&no_progress)
        .await?
        .iter()
        .filter_map(|a| a.display_label().map(str::to_owned))
        .collect();
    let issues = check(&template, form, &labels);
    Ok((template, issues))
}

/// What JumpCloud stored differently from `sent` (the create's body). Only values that were sent
/// count: the server adds ids, dates and keys of its own, and fills what was sent blank (the IdP
/// certificate it generates), which is not a change of anything the admin chose. Nothing under a
/// private key is returned.
pub fn created_differently(sent: &Value, stored: &Value) -> Vec<FieldChange> {
    without_secrets(
        diff(sent, stored)
            .into_iter()
            .filter(|d| {
                matches!(d.path.first(), Some(PathSegment::Key(k)) if sent.get(k).is_some())
                    && !matches!(&d.before, None | Some(Value::Null))
                    && d.before.as_ref().and_then(Value::as_str) != Some("")
            })
            .collect(),
    )
}
