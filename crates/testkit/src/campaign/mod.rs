//! The fault campaign: many admins at once against a sandbox that fails a fifth of the requests,
//! then a check that what every successful operation meant is still true.
//!
//! Three admins work through the core (safe saves of an attribute field with
//! `edits::save::save_application`, creates with `Client::create_application`, group bindings
//! with `Client::bind_group` / `unbind_group`); a fourth edits applications' `description` through
//! the raw API, read-modify-write, as JumpCloud's console does. Every operation runs in its own
//! task, so a panic is counted rather than lost.
//!
//! Each admin owns what it writes (its own config field on every application of the pool, its
//! own group's bindings, its own create labels; the console owns `description`), so the expected
//! final value of every slot follows from that writer's history alone: the value of its last
//! successful write, or the value of any write after it whose outcome is unknown (it failed, yet
//! the server may have stored it). A final value outside that set is a lost edit.
//!
//! Writes to one application are serialised (a per-application lock around a save and around the
//! console's read-modify-write), because JumpCloud offers no ETag: two read-modify-writes that
//! interleave lose one of them whoever the client is, and that race is not what this measures.
//! The admins' drafts are read outside the lock and often reused, so saves merge onto copies that
//! others changed meanwhile.
//!
//! Run by the short form in the core's integration tests (`fault_campaign`) and the long form
//! (the core's `benches/fault_campaign.rs`); part of the test kit, so compiled into nothing else.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::sync::Mutex;

use admins::{admin, console};

mod admins;
pub mod restores;

use sso_desk_core::edits::save::{save_application, SaveResult};
use sso_desk_core::jumpcloud::{
    no_progress, Application, Client, ConnectionOptions, Credentials, Endpoint, Error, RetryPolicy,
    Template,
};

/// How big a campaign is.
#[derive(Debug, Clone)]
pub struct CampaignOptions {
    /// Operations in all, across the four admins.
    pub operations: usize,
    /// Seed of the admins' choices and of the sandbox's fault sequence.
    pub seed: u64,
    /// Share of `/api` requests the sandbox fails.
    pub fault_rate: f64,
}

/// What a campaign found. `Display` is the one summary line.
#[derive(Debug, Clone, Default)]
pub struct CampaignReport {
    pub operations: usize,
    /// Requests the sandbox drew a fault for (from its published, seeded fault rule).
    pub faults: u64,
    /// `/api` requests the sandbox served while faults were on.
    pub requests: u64,
    pub lost_edits: usize,
    pub duplicate_creates: usize,
    pub panics: usize,
    pub unexplained_errors: usize,
    /// Failed core operations by error code.
    pub failures: BTreeMap<String, usize>,
    /// Saves answered with a conflict (nothing written).
    pub conflicts: usize,
    /// Console edits whose raw request failed.
    pub console_failures: usize,
    pub elapsed: Duration,
    /// One line per lost edit, duplicate, panic or unexplained error.
    pub findings: Vec<String>,
}

impl fmt::Display for CampaignReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "campaign: operations={} faults={} lost_edits={} duplicate_creates={} panics={} \
             unexplained_errors={}",
            self.operations,
            self.faults,
            self.lost_edits,
            self.duplicate_creates,
            self.panics,
            self.unexplained_errors
        )
    }
}

impl CampaignReport {
    /// The breakdown behind the summary line.
    pub fn details(&self) -> String {
        format!(
            "requests={} failures={:?} conflicts={} console_failures={} elapsed={:.1}s",
            self.requests,
            self.failures,
            self.conflicts,
            self.console_failures,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Error codes the injected faults explain: an error status (429, 5xx), a dropped or cut-off
/// connection, an answer that outlasted the timeout, a body cut in half.
const EXPLAINED: [&str; 5] = ["rate_limited", "server", "network", "timeout", "decode"];

const FAULT_KINDS: [&str; 10] = [
    "429",
    "500",
    "502",
    "503",
    "reset",
    "truncate",
    "commit-500",
    "commit-reset",
    "commit-delay",
    "normalise",
];

const ADMINS: usize = 3;
const POOL: usize = 6;
const REQUEST_TIMEOUT: Duration = Duration::from_millis(1_000);
/// Longer than the request timeout, so a stored change is seen as a timeout.
const COMMIT_DELAY_MS: u64 = 1_500;

/// splitmix64, as the sandbox draws its faults.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Whether the sandbox draws a fault for its `n`-th request (its README: the fate depends only on
/// the seed, the rate, the kinds and n; this is its rule for "any fault at all").
fn faulted(seed: u64, rate: f64, n: u64) -> bool {
    let h = mix(seed ^ mix(n.wrapping_add(0x5EED)));
    ((h >> 11) as f64 / (1u64 << 53) as f64) < rate
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        (mix(self.0) % n.max(1) as u64) as usize
    }
}

/// What one writer knows about one slot (a field of an application, a binding): the value its
/// last successful write left, and the values of later writes whose outcome is unknown.
#[derive(Debug, Clone)]
struct Slot {
    confirmed: Option<Value>,
    maybe: Vec<Option<Value>>,
}

impl Slot {
    fn new(initial: Option<Value>) -> Self {
        Self {
            confirmed: initial,
            maybe: Vec::new(),
        }
    }

    fn succeeded(&mut self, v: Option<Value>) {
        self.confirmed = v;
        self.maybe.clear();
    }

    fn failed(&mut self, v: Option<Value>) {
        self.maybe.push(v);
    }

    fn allows(&self, actual: &Option<Value>) -> bool {
        self.confirmed == *actual || self.maybe.contains(actual)
    }
}

/// Everything one admin's history says the final state must be.
#[derive(Default)]
struct Log {
    /// (application id, slot name) → slot.
    slots: HashMap<(String, String), Slot>,
    /// Create label → whether the create succeeded.
    creates: Vec<(String, bool)>,
    failures: BTreeMap<String, usize>,
    unexplained: Vec<String>,
    panics: usize,
    conflicts: usize,
    console_failures: usize,
    operations: usize,
}

impl Log {
    fn failure(&mut self, what: &str, err: &Error) {
        *self.failures.entry(err.code().to_owned()).or_default() += 1;
        if !EXPLAINED.contains(&err.code()) {
            self.unexplained
                .push(format!("{what}: {} ({err})", err.code()));
        }
    }
}

/// The campaign's view of the sandbox, shared by the admins.
struct World {
    client: Client,
    raw: reqwest::Client,
    url: String,
    key: String,
    pool: Vec<String>,
    groups: Vec<String>,
    template: Template,
    locks: HashMap<String, Arc<Mutex<()>>>,
    counter: AtomicUsize,
    total: usize,
}

impl World {
    /// Takes the next operation number, or `None` when the campaign is done.
    fn take(&self) -> Option<usize> {
        let n = self.counter.fetch_add(1, Ordering::SeqCst);
        (n < self.total).then_some(n)
    }

    fn lock(&self, app: &str) -> Arc<Mutex<()>> {
        self.locks[app].clone()
    }

    async fn raw_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, String> {
        let mut req = self
            .raw
            .request(method, format!("{}{path}", self.url))
            .header("x-api-key", &self.key)
            .header("content-type", "application/json");
        if let Some(b) = body {
            req = req.body(serde_json::to_vec(b).map_err(|e| e.to_string())?);
        }
        let res = req.send().await.map_err(|e| e.to_string())?;
        let status = res.status();
        let bytes = res.bytes().await.map_err(|e| e.to_string())?;
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        if bytes.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())
    }
}

/// The id of the catalogue's first template by name.
async fn first_template_id(raw: &reqwest::Client, url: &str, key: &str) -> String {
    let page: Value = raw
        .get(format!("{url}/api/application-templates?limit=1&sort=name"))
        .header("x-api-key", key)
        .send()
        .await
        .expect("templates answer")
        .json()
        .await
        .expect("templates decode");
    page["results"][0]["_id"]
        .as_str()
        .expect("a template id")
        .to_owned()
}

fn attribute_field(admin: usize) -> String {
    format!("campaignAttributeA{admin}")
}

/// The value of an admin's attribute field in an application, if set.
fn attribute_of(app: &Value, admin: usize) -> Option<Value> {
    app.get("config")?.get(attribute_field(admin)).cloned()
}

fn binding_slot(group: &str) -> String {
    format!("group:{group}")
}

/// Runs a campaign against a fresh sandbox in a temporary folder and checks the final state.
pub async fn run(opts: CampaignOptions) -> CampaignReport {
    sso_desk_core::jumpcloud::install_tls();
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("a temporary folder for the sandbox");
    let mut sandbox_opts = sso_desk_sandbox::SandboxOptions::new(dir.path());
    sandbox_opts.seed = opts.seed;
    let sandbox = sso_desk_sandbox::start(sandbox_opts)
        .await
        .expect("the sandbox starts");
    let options = ConnectionOptions {
        connect_timeout: Duration::from_millis(500),
        request_timeout: REQUEST_TIMEOUT,
        retry: RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(2),
            max_delay: Duration::from_millis(20),
            max_retry_after: Duration::from_millis(5),
        },
        ..ConnectionOptions::default()
    };
    let client = Client::new(
        &Endpoint::Custom(sandbox.url().to_owned()),
        Credentials::api_key(sandbox.api_key().to_owned()),
        options,
    )
    .expect("a client for the sandbox");
    let raw = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .expect("an HTTP client");

    // The starting state, read with faults off.
    let mut apps = client
        .list_applications(&no_progress)
        .await
        .expect("applications list");
    apps.retain(|a| a.config().is_some() && a.id().is_some());
    apps.sort_by(|a, b| a.id().cmp(&b.id()));
    let pool: Vec<String> = apps
        .iter()
        .take(POOL)
        .filter_map(|a| a.id().map(str::to_owned))
        .collect();
    let mut groups = client
        .list_user_groups(&no_progress)
        .await
        .expect("groups list");
    groups.sort_by(|a, b| a.id.cmp(&b.id));
    let groups: Vec<String> = groups.into_iter().take(ADMINS).map(|g| g.id).collect();
    assert_eq!(groups.len(), ADMINS, "the sample has a group per admin");
    let template = client
        .get_template(&first_template_id(&raw, sandbox.url(), sandbox.api_key()).await)
        .await
        .expect("a template");
    let world = World {
        client: client.clone(),
        raw,
        url: sandbox.url().to_owned(),
        key: sandbox.api_key().to_owned(),
        pool: pool.clone(),
        groups: groups.clone(),
        template,
        locks: pool
            .iter()
            .map(|id| (id.clone(), Arc::new(Mutex::new(()))))
            .collect(),
        counter: AtomicUsize::new(0),
        total: opts.operations,
    };

    // Each writer's slots start from what is there now.
    let mut logs: Vec<Log> = (0..=ADMINS).map(|_| Log::default()).collect();
    for id in &pool {
        let app = client
            .get_application(id)
            .await
            .expect("pool app")
            .into_value();
        for (admin, log) in logs.iter_mut().enumerate().take(ADMINS) {
            log.slots.insert(
                (id.clone(), attribute_field(admin)),
                Slot::new(attribute_of(&app, admin)),
            );
        }
        logs[ADMINS].slots.insert(
            (id.clone(), "description".into()),
            Slot::new(app.get("description").cloned()),
        );
        let bound: HashSet<String> = client
            .application_associations(id)
            .await
            .expect("associations")
            .into_iter()
            .map(|c| c.to.id)
            .collect();
        for (admin, group) in groups.iter().enumerate() {
            logs[admin].slots.insert(
                (id.clone(), binding_slot(group)),
                Slot::new(Some(json!(bound.contains(group)))),
            );
        }
    }

    // Faults on; the sandbox's request count starts again at 0.
    world
        .raw_json(
            reqwest::Method::POST,
            "/sandbox/faults",
            Some(&json!({
                "rate": opts.fault_rate,
                "kinds": FAULT_KINDS,
                "seed": opts.seed,
                "commitDelayMs": COMMIT_DELAY_MS,
            })),
        )
        .await
        .expect("faults on");

    let world = Arc::new(world);
    let mut tasks = Vec::new();
    for (who, log) in logs.into_iter().enumerate() {
        let world = world.clone();
        let seed = opts.seed ^ mix(who as u64 + 1);
        tasks.push(tokio::spawn(async move {
            if who < ADMINS {
                admin(world, who, seed, log).await
            } else {
                console(world, seed, log).await
            }
        }));
    }
    let mut logs = Vec::new();
    for t in tasks {
        logs.push(
            t.await
                .expect("an admin's loop never panics (its operations may)"),
        );
    }

    let fault_state = world
        .raw_json(reqwest::Method::GET, "/sandbox/faults", None)
        .await
        .expect("fault settings");
    let requests = fault_state["requests"].as_u64().unwrap_or(0);
    world
        .raw_json(
            reqwest::Method::POST,
            "/sandbox/faults",
            Some(&json!({"rate": 0.0})),
        )
        .await
        .expect("faults off");

    let mut report = CampaignReport {
        requests,
        faults: (0..requests)
            .filter(|n| faulted(opts.seed, opts.fault_rate, *n))
            .count() as u64,
        ..CampaignReport::default()
    };
    check(&world, &logs, &mut report).await;
    report.elapsed = started.elapsed();
    sandbox.stop().await;
    report
}

/// Compares the sandbox's final state with every writer's history.
async fn check(world: &World, logs: &[Log], report: &mut CampaignReport) {
    let client = &world.client;
    let mut finals: HashMap<String, Value> = HashMap::new();
    let mut bound: HashMap<String, HashSet<String>> = HashMap::new();
    for id in &world.pool {
        finals.insert(
            id.clone(),
            client
                .get_application(id)
                .await
                .expect("final read")
                .into_value(),
        );
        bound.insert(
            id.clone(),
            client
                .application_associations(id)
                .await
                .expect("final associations")
                .into_iter()
                .map(|c| c.to.id)
                .collect(),
        );
    }
    let all = client
        .list_applications(&no_progress)
        .await
        .expect("final list");
    let mut labels: HashMap<String, usize> = HashMap::new();
    for a in &all {
        if let Some(l) = a.display_label() {
            *labels.entry(l.to_owned()).or_default() += 1;
        }
    }

    for (who, log) in logs.iter().enumerate() {
        report.operations += log.operations;
        report.panics += log.panics;
        report.conflicts += log.conflicts;
        report.console_failures += log.console_failures;
        report.unexplained_errors += log.unexplained.len();
        report.findings.extend(log.unexplained.iter().cloned());
        for (code, n) in &log.failures {
            *report.failures.entry(code.clone()).or_default() += n;
        }
        for ((app, slot_name), slot) in &log.slots {
            let app_json = &finals[app];
            let actual = if let Some(group) = slot_name.strip_prefix("group:") {
                Some(json!(bound[app].contains(group)))
            } else if slot_name == "description" {
                app_json.get("description").cloned()
            } else {
                attribute_of(app_json, who)
            };
            if !slot.allows(&actual) {
                report.lost_edits += 1;
                report.findings.push(format!(
                    "lost edit: writer {who}, application {app}, {slot_name}: expected {:?} \
                     (or one of {:?}), found {actual:?}",
                    slot.confirmed, slot.maybe
                ));
            }
        }
        for (label, ok) in &log.creates {
            let n = labels.get(label).copied().unwrap_or(0);
            if n > 1 {
                report.duplicate_creates += n - 1;
                report.findings.push(format!(
                    "duplicate create: {n} applications labelled {label:?}"
                ));
            }
            if *ok && n == 0 {
                report.lost_edits += 1;
                report
                    .findings
                    .push(format!("lost create: {label:?} succeeded but is not there"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_allows_the_last_success_or_a_later_unknown_outcome() {
        let mut slot = Slot::new(None);
        assert!(slot.allows(&None));
        slot.failed(Some(json!(1)));
        assert!(slot.allows(&None) && slot.allows(&Some(json!(1))));
        slot.succeeded(Some(json!(2)));
        assert!(!slot.allows(&Some(json!(1))), "a success settles the slot");
        assert!(!slot.allows(&None));
        assert!(slot.allows(&Some(json!(2))));
    }
}
