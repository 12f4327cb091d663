//! The fault campaign's short form (the long one is `cargo bench --bench fault_campaign`): 200
//! mixed operations by four concurrent admins at 20 % faults, seeded, then the check that no edit
//! was lost, no create doubled, nothing panicked and every failure was explained.

use sso_desk_testkit::campaign::{run, CampaignOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_campaign_short_form_keeps_every_edit() {
    let report = run(CampaignOptions {
        operations: 200,
        seed: 7,
        fault_rate: 0.2,
    })
    .await;
    println!("{report}");
    println!("{}", report.details());
    for f in &report.findings {
        println!("  {f}");
    }
    assert_eq!(report.operations, 200);
    assert!(report.faults > 0, "faults were injected: {report}");
    assert_eq!(
        (
            report.lost_edits,
            report.duplicate_creates,
            report.panics,
            report.unexplained_errors
        ),
        (0, 0, 0, 0),
        "{report}\n{}\n{:#?}",
        report.details(),
        report.findings
    );
}

/// Restores under the same faults: a version restored is exactly that version or nothing, and a
/// deleted application tried again and again comes back once, with its groups.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restores_under_faults_lose_nothing_and_double_nothing() {
    use sso_desk_sandbox::sample::{MULTI_ACS_APP_ID, READINESS_DEMO_APP_ID, TENANT_APP_ID};
    let org = sso_desk_testkit::sandbox().await;
    let pool = [READINESS_DEMO_APP_ID, TENANT_APP_ID, MULTI_ACS_APP_ID];
    let report =
        sso_desk_testkit::campaign::restores::restore_campaign(&org, &pool, 24, 0.3, 11).await;
    println!("{report:?}");
    assert!(report.failed > 0, "faults failed some restores: {report:?}");
    assert!(report.saved > 0, "some restores went through: {report:?}");
    assert!(report.lost.is_empty(), "{:#?}", report.lost);
    assert!(report.doubled.is_empty(), "{:#?}", report.doubled);
}
