//! The response held against the application it is for: one line per question an admin asks
//! after a failed sign-in, each passing or failing with what to do and the application tab that
//! fixes it.
//!
//! Promises: pure (no I/O, `now` is given); every line is present in a fixed order whatever the
//! input, a line that cannot be decided (no application found, an encrypted assertion) is
//! `Skip` with the reason, so a failing line always names something the admin can change.

mod attributes;
mod model;
mod signed;
mod window;

use crate::debugger::parse::ResponseFields;
use attributes::{group_line, jit_line, names_line, preview_line, user_line};
use model::{audience_matches, line};
pub use model::{
    ApplicationFacts, ApplicationTab, CheckKind, CheckLine, CheckOutcome, Inputs, UserFacts,
    CLOCK_SKEW_SECS,
};
use signed::signature_lines;
pub use window::relative;
use window::{audience_line, issuer_line, recipient_line, time_line};

const SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";

use CheckOutcome::{Fail, Pass, Skip};

/// Every line, in order.
pub fn evaluate(inputs: &Inputs) -> Vec<CheckLine> {
    let assertion = inputs.response.assertion.as_ref();
    let unreadable = if inputs.response.encrypted_assertion_count > 0 && assertion.is_none() {
        "the assertion is encrypted: only the service provider's key can read it"
    } else {
        "the response holds no assertion"
    };
    let app = inputs.application;
    let mut lines = vec![application_line(inputs), status_line(inputs.response)];
    lines.extend(signature_lines(inputs));
    let need = |check: CheckKind, label: &str| -> Option<CheckLine> {
        if assertion.is_none() {
            return Some(line(check, label, Skip, unreadable));
        }
        if app.is_none() {
            return Some(line(
                check,
                label,
                Skip,
                "no application of the organisation matches the response",
            ));
        }
        None
    };
    let (Some(a), Some(app)) = (assertion, app) else {
        for (check, label) in [
            (CheckKind::Issuer, "Issuer"),
            (CheckKind::Audience, "Audience"),
            (CheckKind::Recipient, "Recipient and destination"),
        ] {
            lines.extend(need(check, label));
        }
        lines.push(match assertion {
            Some(a) => time_line(a, inputs.now_secs),
            None => line(CheckKind::TimeWindow, "Time window", Skip, unreadable),
        });
        for (check, label) in [
            (CheckKind::JitAttributes, "JIT-required attributes"),
            (CheckKind::AttributeNames, "Attribute names"),
            (CheckKind::GroupAttribute, "Group attribute"),
            (CheckKind::User, "User"),
            (CheckKind::Preview, "Agrees with the preview"),
        ] {
            lines.extend(need(check, label));
        }
        return lines;
    };
    lines.push(issuer_line(inputs.response, a, app));
    lines.push(audience_line(a, app));
    lines.push(recipient_line(inputs.response, a, app));
    lines.push(time_line(a, inputs.now_secs));
    lines.push(jit_line(a, app, inputs.preview));
    lines.push(names_line(a, inputs.preview, app));
    lines.push(group_line(a, app));
    lines.push(user_line(a, inputs));
    lines.push(preview_line(a, inputs));
    lines
}

fn application_line(inputs: &Inputs) -> CheckLine {
    let label = "Application";
    match inputs.application {
        Some(app) => line(CheckKind::Application, label, Pass, format!(
            "{}: its IdP entity ID is the response's issuer{}",
            app.label,
            if audience_matches(inputs.response.assertion.as_ref(), app) {
                " and its SP entity ID the audience"
            } else {
                " (the audience is another; see below)"
            }
        )),
        None => line(
            CheckKind::Application,
            label,
            Fail,
            format!(
                "no application of this organisation has the issuer {} as IdP entity ID, nor the audience as SP entity ID",
                inputs.response.issuer.as_deref().unwrap_or("(none)")
            ),
        )
        .fix("Check the response comes from this organisation; each application's IdP and SP Entity IDs are on its Single sign-on tab", None),
    }
}

fn status_line(response: &ResponseFields) -> CheckLine {
    let label = "Status";
    match &response.status {
        None if response.root == "Assertion" => line(
            CheckKind::Status,
            label,
            Skip,
            "a bare assertion has no status",
        ),
        None => line(CheckKind::Status, label, Fail, "the response has no status"),
        Some(s) if s.code == SUCCESS => line(CheckKind::Status, label, Pass, "Success"),
        Some(s) => line(
            CheckKind::Status,
            label,
            Fail,
            format!(
                "{}{}{}",
                short(&s.code),
                s.sub_code
                    .as_deref()
                    .map(|c| format!(" / {}", short(c)))
                    .unwrap_or_default(),
                s.message
                    .as_deref()
                    .map(|m| format!(": {m}"))
                    .unwrap_or_default()
            ),
        )
        .fix(
            "The identity provider refused the sign-in itself; its message says why",
            None,
        ),
    }
}

fn short(code: &str) -> &str {
    code.rsplit(':').next().unwrap_or(code)
}
