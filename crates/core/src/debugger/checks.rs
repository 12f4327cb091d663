//! The response held against the application it is for: one line per question an admin asks
//! after a failed sign-in, each passing or failing with what to do and the application tab that
//! fixes it.
//!
//! Promises: pure (no I/O, `now` is given); every line is present in a fixed order whatever the
//! input, a line that cannot be decided (no application found, an encrypted assertion) is
//! `Skip` with the reason, so a failing line always names something the admin can change.

use serde::Serialize;

use super::parse::{AssertionFields, ResponseFields};
use super::signature::{KnownAs, SignatureFindings, Verdict};
use crate::readiness::AssertionPreview;
use crate::sso::certificate::parse_rfc3339;

/// How far clocks may disagree before a time window counts as not holding (seconds).
pub const CLOCK_SKEW_SECS: i64 = 60;

const SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";

/// Which question a line answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum CheckKind {
    Application,
    Status,
    Signature,
    SignatureAlgorithm,
    SignedElement,
    Issuer,
    Audience,
    Recipient,
    TimeWindow,
    JitAttributes,
    AttributeNames,
    GroupAttribute,
    User,
    Preview,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum CheckOutcome {
    Pass,
    Fail,
    /// Cannot be decided from what is at hand; the detail says why.
    Skip,
}

/// The application page's tab that fixes a failing line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ApplicationTab {
    /// "Single sign-on"
    Sso,
    /// "User attributes"
    Attributes,
    /// "JIT readiness"
    Readiness,
    /// "Assertion preview"
    Preview,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CheckLine {
    pub check: CheckKind,
    /// What is asked, e.g. "JIT-required attributes".
    pub label: String,
    pub outcome: CheckOutcome,
    /// What was found.
    pub detail: String,
    /// What to do, when it fails.
    pub fix: Option<String>,
    pub tab: Option<ApplicationTab>,
}

/// What the application is, as far as the response's checks need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationFacts {
    pub id: String,
    pub label: String,
    pub idp_entity_id: Option<String>,
    pub sp_entity_id: Option<String>,
    pub acs_urls: Vec<String>,
    pub include_groups: bool,
    pub groups_attribute: Option<String>,
    /// The connector does JIT provisioning.
    pub jit: bool,
}

/// The user the NameID names, if one was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFacts {
    pub id: String,
    pub label: String,
    /// Bound to the application, directly or through a group.
    pub bound: bool,
}

/// Everything the lines are decided from.
pub struct Inputs<'a> {
    pub response: &'a ResponseFields,
    pub signatures: &'a SignatureFindings,
    pub application: Option<&'a ApplicationFacts>,
    /// The NameID's property (`email` unless `subjectField` names another).
    pub name_id_property: &'a str,
    pub user: Option<&'a UserFacts>,
    /// What the application sends now: for the user found, else for a user with nothing set
    /// (enough for the attribute rows and which of them JIT requires).
    pub preview: Option<&'a AssertionPreview>,
    pub now_secs: i64,
}

fn line(
    check: CheckKind,
    label: &str,
    outcome: CheckOutcome,
    detail: impl Into<String>,
) -> CheckLine {
    CheckLine {
        check,
        label: label.to_owned(),
        outcome,
        detail: detail.into(),
        fix: None,
        tab: None,
    }
}

impl CheckLine {
    fn fix(mut self, fix: impl Into<String>, tab: Option<ApplicationTab>) -> Self {
        self.fix = Some(fix.into());
        self.tab = tab;
        self
    }
}

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

fn audience_matches(assertion: Option<&AssertionFields>, app: &ApplicationFacts) -> bool {
    match (assertion, &app.sp_entity_id) {
        (Some(a), Some(sp)) => a.audiences.iter().any(|x| x == sp),
        _ => false,
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

fn signature_lines(inputs: &Inputs) -> Vec<CheckLine> {
    let found = inputs.signatures;
    let sso = Some(ApplicationTab::Sso);
    if found.signatures.is_empty() {
        let fix = "Turn on Sign Response (or Sign Assertion) on the Single sign-on tab";
        return vec![
            line(
                CheckKind::Signature,
                "Signature",
                Fail,
                "the response is not signed",
            )
            .fix(fix, sso),
            line(
                CheckKind::SignatureAlgorithm,
                "Signature algorithm",
                Skip,
                "nothing is signed",
            ),
            line(
                CheckKind::SignedElement,
                "Signed element",
                Skip,
                "nothing is signed",
            ),
        ];
    }
    // The worst signature decides the line.
    let mut signature = None;
    for s in &found.signatures {
        let element = &s.element;
        let fp = |signer: &Option<super::signature::Signer>| {
            signer
                .as_ref()
                .map(|s| s.fingerprint.clone())
                .unwrap_or_default()
        };
        let next = match (&s.verdict, s.signed_by.as_ref().map(|x| &x.known_as)) {
            (Verdict::Valid, Some(KnownAs::Current)) => line(
                CheckKind::Signature,
                "Signature",
                Pass,
                format!("valid over the {element}, made with this application's current IdP certificate (SHA-256 {})", fp(&s.signed_by)),
            ),
            (Verdict::Valid, Some(KnownAs::Older { .. })) => line(
                CheckKind::Signature,
                "Signature",
                Fail,
                format!("valid over the {element}, but made with an older certificate of this application (SHA-256 {}), not its current one", fp(&s.signed_by)),
            )
            .fix("The certificate changed since: give the service provider the current one (the IdP metadata on the Single sign-on tab)", sso),
            (Verdict::Valid, Some(KnownAs::OtherApplication { label })) => line(
                CheckKind::Signature,
                "Signature",
                Fail,
                format!("valid over the {element}, but made with the IdP certificate of {label} (SHA-256 {}), not this application's", fp(&s.signed_by)),
            )
            .fix("The response was made for another application, or the service provider holds the wrong certificate", sso),
            (Verdict::Valid, _) => line(
                CheckKind::Signature,
                "Signature",
                Fail,
                format!("valid over the {element}, but made with a certificate that is not this application's current certificate (SHA-256 {})", fp(&s.signed_by)),
            )
            .fix("The response was not signed by this application's IdP key: check where it came from, and which certificate the service provider trusts", sso),
            (Verdict::ContentChanged, _) => line(
                CheckKind::Signature,
                "Signature",
                Fail,
                format!("the {element} was changed after it was signed: its digest does not match"),
            )
            .fix("Capture the response again, unaltered (a proxy or a copy-and-paste may have changed it)", None),
            (Verdict::NoMatchingKey, _) => line(
                CheckKind::Signature,
                "Signature",
                Fail,
                format!(
                    "the signature over the {element} does not verify with this application's certificate{}",
                    if s.embedded.is_some() { " nor with the one the response carries" } else { "" }
                ),
            )
            .fix("The signature was altered, or made with a key SSO Desk does not know", sso),
            (Verdict::Unverifiable { reason }, _) => line(
                CheckKind::Signature,
                "Signature",
                Fail,
                format!("the signature over the {element} could not be checked: {reason}"),
            ),
        };
        let worse = signature
            .as_ref()
            .is_none_or(|l: &CheckLine| l.outcome == Pass && next.outcome != Pass);
        if worse {
            signature = Some(next);
        }
    }
    let signature = match (signature, inputs.application) {
        (Some(l), None) if l.outcome == Pass => l,
        (Some(mut l), None) => {
            l.detail.push_str(
                " (no application matched: only the response's own certificate was tried)",
            );
            l
        }
        (Some(l), Some(_)) => l,
        (None, _) => line(CheckKind::Signature, "Signature", Skip, "no signature"),
    };
    let weak: Vec<&str> = found
        .signatures
        .iter()
        .filter(|s| !s.safe_algorithm)
        .map(|s| s.algorithm.as_str())
        .collect();
    let algorithms: Vec<&str> = found
        .signatures
        .iter()
        .map(|s| s.algorithm.as_str())
        .collect();
    let algorithm = if weak.is_empty() {
        line(
            CheckKind::SignatureAlgorithm,
            "Signature algorithm",
            Pass,
            algorithms.join(", "),
        )
    } else {
        line(
            CheckKind::SignatureAlgorithm,
            "Signature algorithm",
            Fail,
            format!("{}: SHA-1 (or an unknown algorithm) is not safe, and many service providers refuse it", weak.join(", ")),
        )
        .fix("Set the Signature Algorithm to RSA-SHA256 on the Single sign-on tab", sso)
    };
    let element = if inputs.response.assertion.is_none() {
        line(
            CheckKind::SignedElement,
            "Signed element",
            Skip,
            "no readable assertion",
        )
    } else if found.assertion_covered() {
        let over: Vec<&str> = found
            .signatures
            .iter()
            .filter(|s| s.covers_assertion)
            .map(|s| s.element.as_str())
            .collect();
        line(
            CheckKind::SignedElement,
            "Signed element",
            Pass,
            format!(
                "the signature over the {} covers the assertion that is shown",
                over.join(" and the ")
            ),
        )
    } else if let Some(issue) = found.signatures.iter().find_map(|s| {
        (s.verdict == Verdict::Valid)
            .then_some(s.coverage_issue.clone())
            .flatten()
    }) {
        line(CheckKind::SignedElement, "Signed element", Fail, issue).fix(
            "Do not trust this response: what is shown is not what was signed",
            None,
        )
    } else {
        line(
            CheckKind::SignedElement,
            "Signed element",
            Skip,
            "no signature verifies, so none covers the assertion",
        )
    };
    vec![signature, algorithm, element]
}

fn issuer_line(
    response: &ResponseFields,
    a: &AssertionFields,
    app: &ApplicationFacts,
) -> CheckLine {
    let expected = app.idp_entity_id.as_deref().unwrap_or("");
    let sent: Vec<&str> = response
        .issuer
        .iter()
        .chain(a.issuer.iter())
        .map(String::as_str)
        .collect();
    if !sent.is_empty() && sent.iter().all(|s| *s == expected) {
        line(CheckKind::Issuer, "Issuer", Pass, expected)
    } else {
        line(
            CheckKind::Issuer,
            "Issuer",
            Fail,
            format!(
                "the response's issuer is {}; the application's IdP entity ID is {expected}",
                sent.join(" / ")
            ),
        )
        .fix(
            "Make the IdP Entity ID on the Single sign-on tab what the service provider expects",
            Some(ApplicationTab::Sso),
        )
    }
}

fn audience_line(a: &AssertionFields, app: &ApplicationFacts) -> CheckLine {
    let expected = app.sp_entity_id.as_deref().unwrap_or("");
    if audience_matches(Some(a), app) {
        line(CheckKind::Audience, "Audience", Pass, expected)
    } else {
        line(
            CheckKind::Audience,
            "Audience",
            Fail,
            format!(
                "the audience is {}; the application's SP entity ID is {expected}",
                if a.audiences.is_empty() { "not given".to_owned() } else { a.audiences.join(", ") }
            ),
        )
        .fix("Make the SP Entity ID on the Single sign-on tab exactly the service provider's entity ID", Some(ApplicationTab::Sso))
    }
}

fn recipient_line(
    response: &ResponseFields,
    a: &AssertionFields,
    app: &ApplicationFacts,
) -> CheckLine {
    let wrong: Vec<String> = [
        ("recipient", &a.recipient),
        ("destination", &response.destination),
    ]
    .into_iter()
    .filter_map(|(what, v)| v.as_ref().map(|v| (what, v)))
    .filter(|(_, v)| !app.acs_urls.contains(v))
    .map(|(what, v)| format!("the {what} is {v}"))
    .collect();
    if a.recipient.is_none() {
        return line(
            CheckKind::Recipient,
            "Recipient and destination",
            Fail,
            "the assertion has no bearer confirmation with a recipient",
        )
        .fix(
            "Check the ACS URL on the Single sign-on tab",
            Some(ApplicationTab::Sso),
        );
    }
    if wrong.is_empty() {
        line(
            CheckKind::Recipient,
            "Recipient and destination",
            Pass,
            a.recipient.clone().unwrap_or_default(),
        )
    } else {
        line(
            CheckKind::Recipient,
            "Recipient and destination",
            Fail,
            format!("{}; the application's ACS URL is {}", wrong.join(" and "), app.acs_urls.join(", ")),
        )
        .fix("Make the ACS URL on the Single sign-on tab the service provider's assertion consumer address", Some(ApplicationTab::Sso))
    }
}

/// "in 4 min" / "5 min ago".
pub fn relative(delta_secs: i64) -> String {
    let magnitude = delta_secs.unsigned_abs();
    let amount = if magnitude < 120 {
        format!("{magnitude} s")
    } else if magnitude < 7_200 {
        format!("{} min", magnitude / 60)
    } else if magnitude < 172_800 {
        format!("{} h", magnitude / 3_600)
    } else {
        format!("{} days", magnitude / 86_400)
    };
    if delta_secs >= 0 {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

fn time_line(a: &AssertionFields, now: i64) -> CheckLine {
    let label = "Time window";
    let start = a.not_before.as_deref().and_then(parse_rfc3339);
    let ends: Vec<i64> = [&a.not_on_or_after, &a.confirmation_not_on_or_after]
        .into_iter()
        .filter_map(|v| v.as_deref().and_then(parse_rfc3339))
        .collect();
    let end = ends.iter().min().copied();
    let describe = format!(
        "from {} to {}",
        start
            .map(|s| relative(s - now))
            .unwrap_or_else(|| "(no start)".into()),
        end.map(|e| relative(e - now))
            .unwrap_or_else(|| "(no end)".into())
    );
    let fix = "If the response was captured just now, the clocks of JumpCloud and the service provider disagree; a response captured earlier has simply run out";
    match (start, end) {
        (Some(s), _) if s > now + CLOCK_SKEW_SECS => line(
            CheckKind::TimeWindow,
            label,
            Fail,
            format!("not valid yet: {describe}"),
        )
        .fix(fix, None),
        (_, Some(e)) if e + CLOCK_SKEW_SECS <= now => line(
            CheckKind::TimeWindow,
            label,
            Fail,
            format!("expired: {describe}"),
        )
        .fix(fix, None),
        (_, None) => line(
            CheckKind::TimeWindow,
            label,
            Fail,
            "the assertion gives no NotOnOrAfter",
        ),
        _ => line(
            CheckKind::TimeWindow,
            label,
            Pass,
            format!("valid now: {describe}"),
        ),
    }
}

/// The values sent under `name`, if it was sent.
fn sent<'a>(a: &'a AssertionFields, name: &str) -> Option<&'a [String]> {
    a.attributes
        .iter()
        .find(|x| x.name == name)
        .map(|x| x.values.as_slice())
}

fn jit_line(
    a: &AssertionFields,
    app: &ApplicationFacts,
    preview: Option<&AssertionPreview>,
) -> CheckLine {
    let label = "JIT-required attributes";
    let Some(preview) = preview else {
        return line(
            CheckKind::JitAttributes,
            label,
            Skip,
            "the application's attribute rows could not be read",
        );
    };
    let mut required: Vec<&str> = preview
        .attributes
        .iter()
        .filter(|s| s.jit_required)
        .map(|s| &*s.name)
        .chain(preview.jit_not_sent.iter().map(|n| &**n))
        .collect();
    required.dedup();
    if required.is_empty() {
        let why = if app.jit {
            "the connector requires no attribute for JIT"
        } else {
            "the connector does not do JIT provisioning"
        };
        return line(CheckKind::JitAttributes, label, Pass, why);
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|n| sent(a, n).is_none())
        .collect();
    let empty: Vec<&str> = required
        .iter()
        .copied()
        .filter(|n| sent(a, n).is_some_and(|v| v.iter().all(|x| x.trim().is_empty())))
        .collect();
    if missing.is_empty() && empty.is_empty() {
        return line(
            CheckKind::JitAttributes,
            label,
            Pass,
            format!("all present and non-empty: {}", required.join(", ")),
        );
    }
    let mut detail = Vec::new();
    if !empty.is_empty() {
        detail.push(format!("sent empty: {}", empty.join(", ")));
    }
    if !missing.is_empty() {
        detail.push(format!("not sent: {}", missing.join(", ")));
    }
    let (fix, tab) = if missing.is_empty() {
        (
            format!("The user's value for {} is empty in JumpCloud: fill it in (JIT readiness lists every user it affects)", empty.join(", ")),
            ApplicationTab::Readiness,
        )
    } else {
        (
            format!(
                "Map {} to a user property on the User attributes tab",
                missing.join(", ")
            ),
            ApplicationTab::Attributes,
        )
    };
    line(
        CheckKind::JitAttributes,
        label,
        Fail,
        format!("JIT needs them non-empty; {}", detail.join("; ")),
    )
    .fix(fix, Some(tab))
}

fn names_line(
    a: &AssertionFields,
    preview: Option<&AssertionPreview>,
    app: &ApplicationFacts,
) -> CheckLine {
    let label = "Attribute names";
    let Some(preview) = preview else {
        return line(
            CheckKind::AttributeNames,
            label,
            Skip,
            "the application's attribute rows could not be read",
        );
    };
    let mut rows: Vec<&str> = preview.attributes.iter().map(|s| &*s.name).collect();
    if let (true, Some(g)) = (app.include_groups, &app.groups_attribute) {
        rows.push(g);
    }
    let sent: Vec<&str> = a.attributes.iter().map(|x| x.name.as_str()).collect();
    let describe =
        |name: &str, others: &[&str]| match others.iter().find(|o| o.eq_ignore_ascii_case(name)) {
            Some(near) => format!("{name} (the other side says {near}: names are case-sensitive)"),
            None => name.to_owned(),
        };
    let extra: Vec<String> = sent
        .iter()
        .filter(|n| !rows.contains(n))
        .map(|n| describe(n, &rows))
        .collect();
    let absent: Vec<String> = rows
        .iter()
        .filter(|n| !sent.contains(n))
        .map(|n| describe(n, &sent))
        .collect();
    if extra.is_empty() && absent.is_empty() {
        return line(
            CheckKind::AttributeNames,
            label,
            Pass,
            format!("the {} names sent are the application's rows", sent.len()),
        );
    }
    let mut detail = Vec::new();
    if !extra.is_empty() {
        detail.push(format!(
            "sent but not a row of the application now: {}",
            extra.join(", ")
        ));
    }
    if !absent.is_empty() {
        detail.push(format!(
            "a row of the application now but not sent: {}",
            absent.join(", ")
        ));
    }
    line(CheckKind::AttributeNames, label, Fail, detail.join("; "))
        .fix("The rows changed since the response was made, or the names differ from what the service provider expects: compare on the User attributes tab", Some(ApplicationTab::Attributes))
}

fn group_line(a: &AssertionFields, app: &ApplicationFacts) -> CheckLine {
    let label = "Group attribute";
    match (app.include_groups, &app.groups_attribute) {
        (true, Some(name)) => match sent(a, name) {
            Some(values) => line(CheckKind::GroupAttribute, label, Pass, format!("{name}: {}", if values.is_empty() { "no group".to_owned() } else { values.join(", ") })),
            None => line(CheckKind::GroupAttribute, label, Fail, format!("the application sends the user's groups as {name}, but the response has no such attribute"))
                .fix("Check Include group attribute and its name on the Single sign-on tab", Some(ApplicationTab::Sso)),
        },
        _ => line(CheckKind::GroupAttribute, label, Pass, "the application sends no group attribute"),
    }
}

fn user_line(a: &AssertionFields, inputs: &Inputs) -> CheckLine {
    let label = "User";
    let name_id = a.name_id.as_deref().unwrap_or("");
    let app = inputs
        .application
        .map(|a| a.label.as_str())
        .unwrap_or("the application");
    match inputs.user {
        None => line(
            CheckKind::User,
            label,
            Fail,
            format!("no JumpCloud user has {} {name_id}", inputs.name_id_property),
        )
        .fix("The NameID is read from the property named on the Single sign-on tab (SAMLSubject NameID); check it, and the user's record", Some(ApplicationTab::Sso)),
        Some(u) if !u.bound => line(CheckKind::User, label, Fail, format!("{} exists but is not bound to {app}", u.label))
            .fix("Bind the user, or a group they are in, to the application (User groups)", None),
        Some(u) => line(CheckKind::User, label, Pass, format!("{} exists and is bound to {app}", u.label)),
    }
}

fn preview_line(a: &AssertionFields, inputs: &Inputs) -> CheckLine {
    let label = "Agrees with the preview";
    let (Some(preview), Some(_)) = (inputs.preview, inputs.user) else {
        return line(CheckKind::Preview, label, Skip, "no user to preview");
    };
    let mut differences = Vec::new();
    if a.name_id.as_deref().unwrap_or("") != preview.name_id {
        differences.push(format!(
            "NameID: sent {:?}, now {:?}",
            a.name_id.as_deref().unwrap_or(""),
            preview.name_id
        ));
    }
    for statement in &preview.attributes {
        if let Some(values) = sent(a, &statement.name) {
            let value = values.join(", ");
            if value != statement.value {
                differences.push(format!(
                    "{}: sent {value:?}, now {:?}",
                    statement.name, statement.value
                ));
            }
        }
    }
    if differences.is_empty() {
        line(
            CheckKind::Preview,
            label,
            Pass,
            "the values sent are what the application sends for this user now",
        )
    } else {
        line(
            CheckKind::Preview,
            label,
            Fail,
            format!(
                "the settings or the user changed since: {}",
                differences.join("; ")
            ),
        )
        .fix(
            "See what is sent now on the Assertion preview tab",
            Some(ApplicationTab::Preview),
        )
    }
}
