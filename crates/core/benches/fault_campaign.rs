//! The long fault campaign: 1,200 mixed operations by four concurrent admins against a sandbox
//! that fails 20 % of the requests (transport faults and faults after commit), then a check that
//! no successful edit was lost, no create was doubled, nothing panicked and every failure was a
//! typed, fault-explained error. The engine is `src/campaign.rs`, shared with the short form that
//! runs under `cargo test`.
//!
//! `cargo bench -p sso-desk-core --bench fault_campaign` prints the one summary line; the
//! operation count can be raised with `FAULT_CAMPAIGN_OPERATIONS`.

// `src/campaign.rs` names the crate's modules as `crate::…`; here they are these re-exports.
pub use sso_desk_core::{edits, jumpcloud};

#[allow(dead_code, unused_imports)]
#[path = "../src/campaign.rs"]
mod campaign;

fn main() {
    let operations = std::env::var("FAULT_CAMPAIGN_OPERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_200);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let report = runtime.block_on(campaign::run(campaign::CampaignOptions {
        operations,
        seed: 20_26,
        fault_rate: 0.2,
    }));
    println!("{report}");
    eprintln!("{}", report.details());
    for finding in &report.findings {
        eprintln!("  {finding}");
    }
    let clean = report.lost_edits == 0
        && report.duplicate_creates == 0
        && report.panics == 0
        && report.unexplained_errors == 0;
    if !clean {
        std::process::exit(1);
    }
}
