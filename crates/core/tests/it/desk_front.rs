//! The front page's use cases over a desk: the Overview from what is kept, and the last page.

use sso_desk_core::desk::changes::ChangeLog;
use sso_desk_core::profile::ConnectionId;

use crate::common::test_desk;

#[tokio::test]
async fn the_overview_shows_the_kept_list_and_the_latest_change_without_the_sandbox() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let open = || test_desk(tmp.path(), "overview");
    let first = open();
    let empty = first.overview().cached().await.expect("an overview");
    assert_eq!(empty.listed_at_ms, None, "nothing is kept yet");
    assert_eq!(empty.counts.applications, 0);

    let fresh = first.overview().refresh(&|_| {}).await.expect("a refresh");
    let list = first
        .applications()
        .cached()
        .await
        .expect("kept")
        .expect("a list");
    assert_eq!(fresh.counts.applications as usize, list.rows.len());
    let saml = list
        .rows
        .iter()
        .filter(|r| r.sso_type.as_deref() == Some("saml"));
    assert_eq!(
        fresh.certificates.len(),
        saml.count(),
        "one mark per SAML application"
    );
    let app = &list.rows[0];
    let id = ConnectionId::new(first.session().status().await.id).expect("id");
    ChangeLog::new(first.profile().connection(&id))
        .record("save", &app.id, None, Vec::new())
        .expect("recorded");

    let relaunched = open();
    let shown = relaunched.overview().cached().await.expect("an overview");
    assert_eq!(shown.counts, fresh.counts);
    assert_eq!(shown.changes.len(), 1);
    assert_eq!(
        shown.changes[0].application_label.as_deref(),
        Some(app.display_label.as_str())
    );
    assert!(
        !relaunched.session().sandbox_started(),
        "the kept overview did not wait for the sandbox"
    );
}

#[test]
fn the_last_page_is_kept_for_the_next_start_and_nothing_before_the_first() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let first = test_desk(tmp.path(), "last-page");
    assert_eq!(
        first.last_page().get(),
        None,
        "the first start opens on the first page"
    );
    let page = r#"{"name":"application","id":"5f00"}"#;
    first.last_page().remember(page).expect("kept");
    let next = test_desk(tmp.path(), "last-page");
    assert_eq!(next.last_page().get().as_deref(), Some(page));
    let long = "x".repeat(4097);
    assert!(next.last_page().remember(&long).is_err(), "a page is short");
    assert_eq!(
        next.last_page().get().as_deref(),
        Some(page),
        "the kept one stays"
    );
}
