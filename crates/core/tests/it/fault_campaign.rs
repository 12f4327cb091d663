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
