//! The assertion debugger through the use-case layer ([`Desk`]), on its own embedded sandbox: the
//! sandbox signs a response with the application's own key, and the debugger finds the
//! application and user and decides every line.

use serde_json::{json, Value};
use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::debugger::{ApplicationTab, CheckKind, CheckOutcome, DebuggerReport};
use sso_desk_core::desk::{AppError, Desk};
use sso_desk_sandbox::sample::{READINESS_DEMO_APP_ID, USERS_WITHOUT_LASTNAME};

use crate::common::{console_of, desk_in, keyring_service, raw, raw_get, raw_put};

const RSA_KEY: &str = include_str!("../../../sandbox/tests/data/rsa-idp-key.pem");
const RSA_CERT: &str = include_str!("../../../sandbox/tests/data/rsa-idp-cert.pem");

struct Env {
    desk: Desk,
    url: String,
    key: String,
    _root: tempfile::TempDir,
}

async fn env(test: &str) -> Env {
    let root = tempfile::tempdir().expect("temp dir");
    let desk = desk_in(root.path(), Keyring::new(keyring_service(test)));
    let (url, key) = console_of(&desk).await;
    Env {
        desk,
        url,
        key,
        _root: root,
    }
}

impl Env {
    async fn response(&self, app: &str, user: &str, variant: &str) -> String {
        let body = raw_get(
            &self.url,
            &self.key,
            &format!("/sandbox/assertion?application={app}&user={user}&format=saml{variant}"),
        )
        .await;
        body["samlResponse"]
            .as_str()
            .expect("the sandbox answers a samlResponse")
            .to_owned()
    }

    async fn inspect(&self, value: &str) -> DebuggerReport {
        self.desk
            .debugger()
            .inspect(value)
            .await
            .expect("the response reads")
    }
}

fn outcome(report: &DebuggerReport, check: CheckKind) -> CheckOutcome {
    report
        .checks
        .iter()
        .find(|l| l.check == check)
        .map(|l| l.outcome)
        .unwrap_or_else(|| panic!("a {check:?} line: {report:#?}"))
}

fn failing(report: &DebuggerReport) -> Vec<CheckKind> {
    report
        .checks
        .iter()
        .filter(|l| l.outcome == CheckOutcome::Fail)
        .map(|l| l.check)
        .collect()
}

#[tokio::test]
async fn a_user_without_a_jit_required_value_fails_only_the_jit_line() {
    let env = env("debugger-jit").await;
    let user = USERS_WITHOUT_LASTNAME[0];
    let value = env.response(READINESS_DEMO_APP_ID, user, "").await;
    let report = env.inspect(&value).await;
    let app = report
        .application
        .as_ref()
        .expect("the application is found");
    assert_eq!(app.id, READINESS_DEMO_APP_ID);
    assert_eq!(app.label, "Slack (sample data)");
    assert_eq!(report.user.as_ref().map(|u| u.id.as_str()), Some(user));
    assert_eq!(
        failing(&report),
        [CheckKind::JitAttributes],
        "only the JIT line fails: {:#?}",
        report.checks
    );
    let jit = report
        .checks
        .iter()
        .find(|l| l.check == CheckKind::JitAttributes)
        .expect("the line");
    assert!(
        jit.detail.contains("lastName"),
        "it names the attribute: {}",
        jit.detail
    );
    assert_eq!(jit.tab, Some(ApplicationTab::Readiness));
    let signature = report
        .checks
        .iter()
        .find(|l| l.check == CheckKind::Signature)
        .expect("the line");
    assert!(
        signature.detail.contains("current IdP certificate"),
        "{}",
        signature.detail
    );
    let assertion = report.response.assertion.as_ref().expect("readable");
    assert!(assertion.attributes.iter().any(|a| a.name == "lastName"));
    assert!(
        report.clock.not_on_or_after_in.unwrap_or(0.0) > 0.0,
        "still valid"
    );
}

#[tokio::test]
async fn each_variant_fails_its_own_line() {
    let env = env("debugger-variants").await;
    let user = USERS_WITHOUT_LASTNAME[0];
    for (variant, check) in [
        ("tampered", CheckKind::Signature),
        ("other-key", CheckKind::Signature),
        ("wrong-audience", CheckKind::Audience),
        ("expired", CheckKind::TimeWindow),
        ("wrapped", CheckKind::SignedElement),
        ("wrapped-reference", CheckKind::SignedElement),
    ] {
        let value = env
            .response(READINESS_DEMO_APP_ID, user, &format!("&variant={variant}"))
            .await;
        let report = env.inspect(&value).await;
        assert_eq!(
            report.application.as_ref().map(|a| a.id.as_str()),
            Some(READINESS_DEMO_APP_ID),
            "{variant}: the application is still found"
        );
        assert_eq!(
            outcome(&report, check),
            CheckOutcome::Fail,
            "{variant}: {:#?}",
            report.checks
        );
    }
    let wrong = env
        .response(READINESS_DEMO_APP_ID, user, "&variant=wrong-audience")
        .await;
    let report = env.inspect(&wrong).await;
    assert_eq!(outcome(&report, CheckKind::Signature), CheckOutcome::Pass);
    let other = env
        .response(READINESS_DEMO_APP_ID, user, "&variant=other-key")
        .await;
    let report = env.inspect(&other).await;
    let line = report
        .checks
        .iter()
        .find(|l| l.check == CheckKind::Signature)
        .expect("line");
    assert!(
        line.detail
            .contains("not this application's current certificate"),
        "{}",
        line.detail
    );
}

#[tokio::test]
async fn a_response_signed_before_the_certificate_changed_names_the_older_certificate() {
    let env = env("debugger-older").await;
    let user = USERS_WITHOUT_LASTNAME[0];
    let old = env.response(READINESS_DEMO_APP_ID, user, "").await;
    // The debugger sees the application's certificate once...
    env.inspect(&old).await;
    // ...then the certificate and key are replaced, as a rotation does.
    let path = format!("/api/applications/{READINESS_DEMO_APP_ID}");
    let mut app: Value = raw_get(&env.url, &env.key, &path).await;
    app["config"]["idpCertificate"]["value"] = json!(RSA_CERT);
    app["config"]["idpPrivateKey"]["value"] = json!(RSA_KEY);
    raw_put(&env.url, &env.key, READINESS_DEMO_APP_ID, &app).await;
    let report = env.inspect(&old).await;
    let line = report
        .checks
        .iter()
        .find(|l| l.check == CheckKind::Signature)
        .expect("line");
    assert_eq!(line.outcome, CheckOutcome::Fail);
    assert!(
        line.detail
            .contains("older certificate of this application"),
        "{}",
        line.detail
    );
    let fresh = env.response(READINESS_DEMO_APP_ID, user, "").await;
    let report = env.inspect(&fresh).await;
    assert_eq!(
        outcome(&report, CheckKind::Signature),
        CheckOutcome::Pass,
        "a response signed with the new key passes"
    );
}

#[tokio::test]
async fn a_change_since_the_response_shows_against_the_preview() {
    let env = env("debugger-changed").await;
    let user = USERS_WITHOUT_LASTNAME[0];
    let value = env.response(READINESS_DEMO_APP_ID, user, "").await;
    let path = format!("/api/systemusers/{user}");
    raw(
        &env.url,
        &env.key,
        reqwest::Method::PUT,
        &path,
        Some(&json!({"lastname": "Filled-in"})),
    )
    .await;
    let report = env.inspect(&value).await;
    let line = report
        .checks
        .iter()
        .find(|l| l.check == CheckKind::Preview)
        .expect("line");
    assert_eq!(line.outcome, CheckOutcome::Fail, "{line:#?}");
    assert!(line.detail.contains("Filled-in"), "{}", line.detail);
    assert_eq!(line.tab, Some(ApplicationTab::Preview));
}

#[tokio::test]
async fn bad_input_is_refused_with_what_is_wrong() {
    let env = env("debugger-bad").await;
    for (input, says) in [
        ("not base64 at all!", "not base64"),
        ("aGVsbG8gd29ybGQ=", "neither XML"),
        ("<!DOCTYPE x [<!ENTITY a 'b'>]><x/>", "DTD"),
        ("<html/>", "not a SAML 2.0 Response"),
    ] {
        match env.desk.debugger().inspect(input).await {
            Err(AppError::Invalid { message, field }) => {
                assert!(message.contains(says), "{input}: {message}");
                assert_eq!(field.as_deref(), Some("samlResponse"));
            }
            other => panic!("{input}: {other:?}"),
        }
    }
}
