//! Who the response is from and for, and when: issuer, audience, recipient and destination, the
//! time window.

use super::model::CheckOutcome::{Fail, Pass};
use super::model::{
    audience_matches, line, ApplicationFacts, ApplicationTab, CheckKind, CheckLine, CLOCK_SKEW_SECS,
};
use crate::debugger::parse::{AssertionFields, ResponseFields};
use crate::sso::certificate::parse_rfc3339;

pub(super) fn issuer_line(
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

pub(super) fn audience_line(a: &AssertionFields, app: &ApplicationFacts) -> CheckLine {
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

pub(super) fn recipient_line(
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

pub(super) fn time_line(a: &AssertionFields, now: i64) -> CheckLine {
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
