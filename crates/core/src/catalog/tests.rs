//! Behaviour of the catalog as the admin sees it: what comes back, in which order, and what the
//! cache does with bad files.

use serde_json::{json, Value};

use super::{CatalogEntry, CatalogFilter, CatalogIndex, MatchKind, MatchedField, TemplateStatus};

fn template(id: &str, name: &str, display: &str, keywords: &[&str]) -> Value {
    json!({
        "_id": id,
        "name": name,
        "displayName": display,
        "keywords": keywords,
        "sso": {"type": "saml", "jit": false},
    })
}

fn entry(value: &Value) -> CatalogEntry {
    CatalogEntry::from_template_json(value).expect("test templates have an _id and a name")
}

fn catalog(templates: &[Value]) -> CatalogIndex {
    CatalogIndex::build(templates.iter().map(entry).collect())
}

fn sample() -> CatalogIndex {
    let mut jit_slack = template("t-slack", "slack", "Slack", &["chat", "messaging"]);
    jit_slack["sso"]["jit"] = json!(true);
    let mut scim_sf = template("t-sf", "salesforce", "Salesforce", &["crm"]);
    scim_sf["provision"] = json!({"type": "scim"});
    let mut retired = template("t-old", "zoom-legacy", "Zoom Legacy", &["video"]);
    retired["status"] = json!("end_of_life");
    let mut custom = template(
        "t-custom",
        "custom-saml-app",
        "SAML 2.0 connector",
        &["custom", "saml"],
    );
    custom["sso"]["jit"] = json!(true);
    catalog(&[
        template("t-zoominfo", "zoominfo", "ZoomInfo", &["sales"]),
        template("t-zoom", "zoom", "Zoom", &["video", "meetings"]),
        template("t-zoophone", "zoom-phone", "Zoom Phone", &["voip"]),
        template("t-zookeeper", "zookeeper-admin", "Zoo Keeper Admin", &[]),
        jit_slack,
        template("t-slack-grid", "slack-grid", "Slack Enterprise Grid", &[]),
        template("t-backslack", "backslack", "Backslacker Tools", &[]),
        template("t-sluck", "sluck", "Sluck", &[]),
        scim_sf,
        template(
            "t-sfmc",
            "salesforce-mc",
            "Salesforce Marketing Cloud",
            &["email"],
        ),
        template(
            "t-conf",
            "atlassian-confluence",
            "Atlassian Cloud Confluence",
            &["wiki"],
        ),
        template(
            "t-jira",
            "atlassian-jira",
            "Atlassian Cloud Jira",
            &["issues"],
        ),
        retired,
        custom,
    ])
}

fn names<'a>(hits: &[super::CatalogHit<'a>]) -> Vec<&'a str> {
    hits.iter().map(|h| h.entry.display_name.as_str()).collect()
}

const ALL: CatalogFilter = CatalogFilter {
    jit_only: false,
    scim_only: false,
    include_end_of_life: false,
};

#[test]
fn reads_a_jumpcloud_template_and_tolerates_missing_fields() {
    let full = json!({
        "_id": "5f1", "name": "zoom", "displayName": "Zoom", "displayLabel": "Zoom Video",
        "keywords": ["video", null, ""], "status": "end_of_support", "beta": false,
        "sso": {"type": "saml", "jit": true}, "provision": {"type": "scim"},
        "logo": {"url": "https://example.com/zoom.png"}, "color": "#006CAC",
    });
    let e = entry(&full);
    assert_eq!(
        e.keywords,
        vec!["video", "Zoom Video"],
        "null and empty keywords are dropped; a distinct display label is searchable"
    );
    assert!(
        e.supports_sso && e.supports_jit && e.supports_scim,
        "sso.type, sso.jit and provision are read"
    );
    assert_eq!(e.status, TemplateStatus::EndOfSupport);
    assert_eq!(e.logo_url.as_deref(), Some("https://example.com/zoom.png"));
    assert_eq!(e.color.as_deref(), Some("#006CAC"));

    let bare = entry(
        &json!({"_id": "5f2", "name": "bookmark-app", "sso": null, "keywords": null, "beta": true, "provision": null}),
    );
    assert_eq!(
        bare.display_name, "bookmark-app",
        "without displayName or displayLabel the name is shown"
    );
    assert!(
        !bare.supports_sso && !bare.supports_jit && !bare.supports_scim,
        "null sso and provision mean unsupported"
    );
    assert_eq!(
        bare.status,
        TemplateStatus::Beta,
        "the beta flag stands in for a missing status"
    );

    let labelled = entry(
        &json!({"_id": "5f3", "name": "x", "displayLabel": "X Label", "status": "end_of_life"}),
    );
    assert_eq!(
        labelled.display_name, "X Label",
        "displayLabel is the fallback display name"
    );
    assert_eq!(labelled.status, TemplateStatus::EndOfLife);

    assert!(
        CatalogEntry::from_template_json(&json!({"name": "no-id"})).is_none(),
        "a template without _id cannot be linked"
    );
    assert!(
        CatalogEntry::from_template_json(&json!({"_id": "1", "name": ""})).is_none(),
        "nor one with an empty name"
    );
    assert!(CatalogEntry::from_template_json(&json!("not an object")).is_none());
}

#[test]
fn the_fields_read_are_those_of_jumpcloud_published_template_shape() {
    // The specs live beside the repository, in the first folder above the crate that holds
    // `shared/jumpcloud-api` (the repository's parent, or further up for a worktree).
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec_path = crate_dir
        .ancestors()
        .find(|dir| dir.join("shared/jumpcloud-api").is_dir())
        .unwrap_or(crate_dir)
        .join("shared/jumpcloud-api/v1.json");
    let text = std::fs::read_to_string(&spec_path).expect("the v1 spec lies beside the repository");
    let spec: Value = serde_json::from_str(&text).expect("the v1 spec is JSON");
    let template = &spec["definitions"]["applicationtemplate"]["properties"];
    for field in [
        "_id",
        "name",
        "displayName",
        "displayLabel",
        "keywords",
        "status",
        "beta",
        "provision",
        "color",
    ] {
        assert!(
            template.get(field).is_some(),
            "applicationtemplate has no {field}: the reader would always miss it"
        );
    }
    assert!(
        template["logo"]["properties"]["url"].is_object(),
        "logo.url is read for the icon"
    );
    let sso = &spec["definitions"]["sso"]["properties"];
    assert!(
        sso["jit"].is_object() && sso["type"].is_object(),
        "sso.jit and sso.type are read"
    );
    let statuses: Vec<&str> = template["status"]["enum"]
        .as_array()
        .expect("status is an enum")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        statuses,
        vec!["end_of_life", "end_of_support", "beta"],
        "every status value is mapped"
    );
}

#[test]
fn exact_beats_prefix_beats_substring_beats_fuzzy() {
    let index = sample();
    let hits = index.search("slack", &ALL, 10);
    let kinds: Vec<(&str, MatchKind)> = hits
        .iter()
        .map(|h| (h.entry.display_name.as_str(), h.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("Slack", MatchKind::Exact),
            ("Slack Enterprise Grid", MatchKind::Prefix),
            ("Backslacker Tools", MatchKind::Substring),
            ("Sluck", MatchKind::Fuzzy),
            ("SAML 2.0 connector", MatchKind::Fallback),
        ],
        "tiers in order, the custom SAML connector last"
    );
    assert!(
        hits.windows(2).take(3).all(|w| w[0].score > w[1].score),
        "scores fall with the tier"
    );
}

#[test]
fn typos_still_find_the_connector() {
    let index = sample();
    for (typo, want) in [
        ("zoon", "Zoom"),
        ("slakc", "Slack"),
        ("salesforse", "Salesforce"),
        ("atlasian confluense", "Atlassian Cloud Confluence"),
    ] {
        let hits = index.search(typo, &ALL, 5);
        assert_eq!(
            hits.first().map(|h| h.entry.display_name.as_str()),
            Some(want),
            "{typo:?} should put {want} first, got {:?}",
            names(&hits)
        );
        assert_eq!(hits[0].kind, MatchKind::Fuzzy);
        assert!(hits[0].typos >= 1);
    }
}

#[test]
fn a_short_prefix_puts_the_likely_connector_on_top() {
    let index = sample();
    let hits = index.search("zoo", &ALL, 10);
    let top3 = &names(&hits)[..3];
    assert!(
        top3.contains(&"Zoom"),
        "typing zoo must show Zoom in the top three, got {top3:?}"
    );
    assert_eq!(
        hits[0].entry.display_name, "Zoom",
        "shorter name first among equal prefix matches"
    );
    assert!(
        !names(&hits).contains(&"Zoom Legacy"),
        "end-of-life connectors stay hidden"
    );
}

#[test]
fn words_match_in_any_order_and_keywords_count() {
    let index = sample();
    let hits = index.search("confluence atlassian", &ALL, 5);
    assert_eq!(hits[0].entry.display_name, "Atlassian Cloud Confluence");
    assert_eq!(
        hits[0].kind,
        MatchKind::Words,
        "all words found as word starts, in another order"
    );

    let hits = index.search("video", &ALL, 5);
    assert_eq!(
        hits[0].entry.display_name, "Zoom",
        "a keyword finds its connector"
    );
    assert_eq!(hits[0].field, Some(MatchedField::Keyword));
}

#[test]
fn several_words_offer_partial_matches_after_complete_ones() {
    let index = sample();
    let hits = index.search("jira atlassian", &ALL, 10);
    assert_eq!(hits[0].entry.display_name, "Atlassian Cloud Jira");
    assert_eq!(hits[0].kind, MatchKind::Words, "both words present");
    assert_eq!(hits[1].entry.display_name, "Atlassian Cloud Confluence");
    assert_eq!(
        hits[1].kind,
        MatchKind::SomeWords,
        "one of two words present, ranked after"
    );

    let hits = index.search("atlassian cloud bitbucket", &ALL, 10);
    assert_eq!(
        names(&hits),
        vec![
            "Atlassian Cloud Jira",
            "Atlassian Cloud Confluence",
            "Salesforce Marketing Cloud",
            "SAML 2.0 connector"
        ],
        "no connector has all three words: two words before one, shorter name first among equals"
    );
    assert!(hits[..2].iter().all(|h| h.kind == MatchKind::SomeWords));
    assert!(
        hits[..3].iter().all(|h| h.field.is_some()),
        "partial matches say which field matched"
    );
}

#[test]
fn filters_keep_only_what_was_asked_for() {
    let index = sample();
    let jit = CatalogFilter {
        jit_only: true,
        ..ALL
    };
    let hits = index.search("", &jit, 50);
    assert_eq!(
        names(&hits),
        vec!["SAML 2.0 connector", "Slack"],
        "only JIT connectors, custom SAML first"
    );
    assert!(hits.iter().all(|h| h.entry.supports_jit));

    let scim = CatalogFilter {
        scim_only: true,
        ..ALL
    };
    assert_eq!(
        names(&index.search("sales", &scim, 50)),
        vec!["Salesforce"],
        "SCIM filter drops the others, and custom SAML which has no provisioning"
    );
}

#[test]
fn end_of_life_is_hidden_unless_asked_for() {
    let index = sample();
    let hidden = index.search("zoom legacy", &ALL, 50);
    assert!(
        !names(&hidden).contains(&"Zoom Legacy"),
        "retired connectors are hidden by default"
    );
    assert!(index
        .search("", &CatalogFilter::default(), 100)
        .iter()
        .all(|h| h.entry.status != TemplateStatus::EndOfLife));
    let shown = index.search(
        "zoom legacy",
        &CatalogFilter {
            include_end_of_life: true,
            ..ALL
        },
        50,
    );
    assert_eq!(shown[0].entry.display_name, "Zoom Legacy");
    assert_eq!(shown[0].kind, MatchKind::Exact);
}

#[test]
fn custom_saml_is_always_offered() {
    let index = sample();
    let empty = index.search("", &ALL, 3);
    assert_eq!(
        empty[0].entry.name, "custom-saml-app",
        "first when browsing"
    );
    assert_eq!(
        names(&empty)[1..],
        ["Atlassian Cloud Confluence", "Atlassian Cloud Jira"],
        "then display-name order"
    );

    let nothing = index.search("qqqxxzz", &ALL, 10);
    assert_eq!(
        nothing.len(),
        1,
        "a query matching nothing still offers the custom connector"
    );
    assert_eq!(nothing[0].kind, MatchKind::Fallback);

    let full = index.search("zo", &ALL, 2);
    assert_eq!(full.len(), 2, "the limit holds");
    assert_eq!(
        full[1].entry.name, "custom-saml-app",
        "it takes the last slot of a full list"
    );

    let matching = index.search("saml", &ALL, 10);
    assert_eq!(
        matching[0].entry.name, "custom-saml-app",
        "it ranks naturally when it matches"
    );
    assert_eq!(matching[0].kind, MatchKind::Prefix);
    assert_eq!(
        names(&index.search("zoom", &ALL, 1)),
        vec!["Zoom"],
        "a single row goes to the best match"
    );
    assert!(
        index.search("zoom", &ALL, 0).is_empty(),
        "a limit of zero asks for nothing"
    );
}

#[test]
fn order_is_deterministic_whatever_the_input_order() {
    let templates = [
        template("b", "bb", "Acme Beta", &[]),
        template("a", "aa", "Acme", &[]),
        template("c", "cc", "Acme Alpha", &[]),
        template("d", "dd", "Acme Apps", &[]),
    ];
    let forward = catalog(&templates);
    let mut reversed = templates.to_vec();
    reversed.reverse();
    let backward = catalog(&reversed);
    let want = vec!["Acme", "Acme Apps", "Acme Beta", "Acme Alpha"];
    assert_eq!(
        names(&forward.search("acme", &ALL, 10)),
        want,
        "exact, then shorter names, then alphabetical"
    );
    assert_eq!(
        names(&backward.search("acme", &ALL, 10)),
        want,
        "input order does not matter"
    );
    assert_eq!(
        names(&forward.search("", &ALL, 10)),
        vec!["Acme", "Acme Alpha", "Acme Apps", "Acme Beta"],
        "browse is alphabetical"
    );
}

#[test]
fn the_cache_round_trips_and_bad_files_are_typed_errors() {
    use crate::profile::{ConnectionDir, ConnectionId, StoreError};
    let root = tempfile::tempdir().expect("a temporary directory");
    let dir = ConnectionDir::new(root.path(), &ConnectionId::new("sandbox").expect("an id"));
    assert!(
        CatalogIndex::load(&dir).expect("no file yet").is_none(),
        "no file yet is its own case"
    );
    let index = sample();
    index.save(&dir).expect("saving into a new directory works");
    let loaded = CatalogIndex::load(&dir)
        .expect("a saved cache loads")
        .expect("and is there");
    assert_eq!(
        loaded.entries(),
        index.entries(),
        "entries survive the round trip"
    );
    let ms = |t: std::time::SystemTime| {
        t.duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0)
    };
    assert_eq!(
        ms(loaded.built_at()),
        ms(index.built_at()),
        "the build time is kept"
    );
    let before: Vec<u32> = index
        .search("slakc", &ALL, 10)
        .iter()
        .map(|h| h.position)
        .collect();
    let after: Vec<u32> = loaded
        .search("slakc", &ALL, 10)
        .iter()
        .map(|h| h.position)
        .collect();
    assert_eq!(before, after, "a loaded index answers like the original");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("readable").collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");

    let path = dir.file(crate::catalog::CACHE_FILE).expect("a plain name");
    std::fs::write(&path, b"{\"format\":2,\"savedAtMs\":1,\"value\":[{\"id\":").expect("write");
    assert!(
        matches!(CatalogIndex::load(&dir), Err(StoreError::Damaged { .. })),
        "a truncated cache is damaged"
    );
    std::fs::write(&path, b"{\"format\":999,\"value\":\"new shape\"}").expect("write");
    assert!(
        matches!(
            CatalogIndex::load(&dir),
            Err(StoreError::OtherFormat {
                found: Some(999),
                ..
            })
        ),
        "a newer format is a version mismatch, not damage"
    );
    std::fs::write(&path, b"[1, 2, 3]").expect("write");
    assert!(
        matches!(CatalogIndex::load(&dir), Err(StoreError::Damaged { .. })),
        "some other JSON is not our cache"
    );
}

#[test]
fn the_sandbox_catalog_answers_the_first_searches_an_admin_types() {
    let templates = sso_desk_sandbox::sample_templates(1, sso_desk_sandbox::Size::Demo);
    let entries: Vec<CatalogEntry> = templates
        .iter()
        .filter_map(CatalogEntry::from_template_json)
        .collect();
    assert_eq!(
        entries.len(),
        templates.len(),
        "every template of the JumpCloud-shaped sample catalog is readable"
    );
    let index = CatalogIndex::build(entries);
    let top = |q: &str, n: usize| -> Vec<String> {
        index
            .search(q, &ALL, 10)
            .iter()
            .take(n)
            .map(|h| h.entry.display_name.clone())
            .collect()
    };
    assert!(
        top("zoo", 3).contains(&"Zoom".to_owned()),
        "zoo puts Zoom in the top three, got {:?}",
        top("zoo", 3)
    );
    for (typo, want) in [
        ("zoon", "Zoom"),
        ("slakc", "Slack"),
        ("salesforse", "Salesforce"),
    ] {
        assert_eq!(top(typo, 1), vec![want], "{typo:?} finds {want} first");
    }
    let nothing = index.search("qqqxxzz", &ALL, 10);
    assert_eq!(
        nothing
            .iter()
            .map(|h| h.entry.name.as_str())
            .collect::<Vec<_>>(),
        vec!["custom-saml-app"],
        "the custom SAML connector is offered when nothing matches"
    );
}

#[test]
fn a_hit_serialises_in_the_shape_the_ui_reads() {
    let index = sample();
    let hits = index.search("slack", &ALL, 1);
    let value = serde_json::to_value(hits[0]).expect("a hit serialises");
    assert_eq!(
        value["entry"]["displayName"], "Slack",
        "entry fields are camelCase and nested"
    );
    assert_eq!(value["entry"]["supportsJit"], true);
    assert_eq!(value["kind"], "exact");
    assert_eq!(value["field"], "displayName");
    assert!(value["position"].is_u64() && value["score"].is_u64());
}

#[test]
fn a_decoded_template_reads_like_its_json() {
    let raw = json!({
        "_id": "t-zoom", "name": "zoom", "displayName": "Zoom", "displayLabel": "Zoom Video",
        "keywords": ["video"], "beta": true, "status": "end_of_life",
        "logo": {"url": "/logos/zoom.png"}, "color": "#202D38",
        "sso": {"type": "saml", "jit": true}, "provision": {"type": "scim_v2"},
        "jit": {"attributes": {"email": "email"}}
    });
    let decoded: crate::jumpcloud::Template =
        serde_json::from_value(raw.clone()).expect("a JumpCloud template decodes");
    assert_eq!(
        CatalogEntry::from_template(&decoded),
        Some(entry(&raw)),
        "the client's decoded template must index exactly like the raw JSON it came from"
    );
}
