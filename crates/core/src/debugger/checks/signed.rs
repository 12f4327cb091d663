//! The signature lines: valid with the current certificate, a safe algorithm, and over the
//! element that is read.

use super::model::CheckOutcome::{Fail, Pass, Skip};
use super::model::{line, ApplicationTab, CheckKind, CheckLine, Inputs};
use crate::debugger::signature::{KnownAs, Signer, Verdict};

pub(super) fn signature_lines(inputs: &Inputs) -> Vec<CheckLine> {
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
        let fp = |signer: &Option<Signer>| {
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
