//! The Configured applications list against the sandbox over loopback: every application, with
//! its connector's functionality and its bound groups, read completely with progress.

use serde_json::Value;
use sso_desk_core::applications::{self, ApplicationsLoadStage as LoadStage};
use std::collections::HashMap;
use std::sync::Mutex;

use crate::common::{raw_list, sandbox};

#[tokio::test]
async fn every_application_with_the_connectors_jit_support_and_its_groups() {
    let sandbox = sandbox().await;
    let client = sandbox.client();
    let stages = Mutex::new(Vec::new());
    let list = applications::load(&client, &|p| {
        stages.lock().expect("lock").push(p.stage);
    })
    .await
    .expect("the list loads");

    // Independently: which templates support JIT, read around the client.
    let templates = raw_list(sandbox.url(), sandbox.key(), "/api/application-templates").await;
    let jit_by_name: HashMap<String, bool> = templates
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap_or_default().to_owned(),
                t.pointer("/sso/jit").and_then(Value::as_bool) == Some(true),
            )
        })
        .collect();
    let apps = raw_list(sandbox.url(), sandbox.key(), "/api/applications").await;
    assert_eq!(list.rows.len(), apps.len(), "every application is listed");
    let expected_jit = apps
        .iter()
        .filter(|a| jit_by_name.get(a["name"].as_str().unwrap_or_default()) == Some(&true))
        .count();
    let got_jit = list.rows.iter().filter(|r| r.jit).count();
    assert_eq!(got_jit, expected_jit, "JIT follows the connector");
    assert!(
        got_jit > 0 && got_jit < list.rows.len(),
        "the sample org has both kinds"
    );

    // Bound groups: the first application's count equals its direct associations.
    let first = &list.rows[0];
    let edges = client
        .application_associations(&first.id)
        .await
        .expect("associations");
    assert_eq!(
        first.bound_groups as usize,
        edges.len(),
        "bound group count of {}",
        first.display_label
    );
    assert!(
        list.rows.iter().any(|r| r.bound_groups > 0),
        "some groups are bound"
    );

    let stages = stages.into_inner().expect("lock");
    for stage in [
        LoadStage::Templates,
        LoadStage::Applications,
        LoadStage::UserGroups,
        LoadStage::Bindings,
    ] {
        assert!(stages.contains(&stage), "progress reported for {stage:?}");
    }
    sandbox.stop().await;
}
