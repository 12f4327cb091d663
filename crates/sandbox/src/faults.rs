//! The fault plan, for reliability tests of clients: which request fails and how. It is data and
//! pure rules only; [`crate::fault_layer`] applies it to requests. Faults: latency, 429 with
//! `Retry-After`, 500/502/503, a dropped connection, a truncated body; and faults that strike after a change is stored (a 500,
//! a dropped connection or a long delay once a POST or PUT is persisted), and a PUT of an
//! application whose stored copy differs from what was sent.
//!
//! Promises: the fate of the n-th `/api` request (counted from 0 since start or since the last
//! `POST /sandbox/faults`) depends only on the fault seed, the rate, the kinds and n, so a test
//! can replay a sequence; `/sandbox/*` and `/logos/*` requests are never faulted nor counted. A
//! fault drawn after commit acts only on a POST or PUT that succeeded (2xx), after its change is
//! persisted, so the client sees a failure although the change is stored; on any other request it
//! does nothing.
//! `normalise` acts only on `PUT /api/applications/{id}` and changes one field (see
//! [`normalise`]). `mask-key` (and the `maskPrivateKey` setting, for every request) answers a read
//! of applications with the IdP private key masked (see [`crate::masking`]). With `filterLagMs`,
//! a filtered list of applications does not see one created less than that long ago, as a search
//! index that lags behind the store would not (see [`Faults::lagging`]). With
//! `keyedMetadataStatus`, a keyed fetch of IdP metadata is refused with that status (the keyless
//! metadata URL still answers), so a client's local fallback can be tested; with
//! `regenerateCertificate`, a PUT of an application stores a new IdP certificate and key.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::prng::mix;

/// Every kind a client can be tested against.
pub(crate) const KINDS: [&str; 11] = [
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
    "mask-key",
];

/// The kinds drawn when none are chosen: the transport faults, as before the kinds acting after
/// commit existed, so a seed replays the sequence it always did.
pub(crate) const DEFAULT_KINDS: [&str; 6] = ["429", "500", "502", "503", "reset", "truncate"];

/// How long `commit-delay` holds a stored change's response when no delay is chosen: longer than
/// a client's usual request timeout.
pub(crate) const DEFAULT_COMMIT_DELAY_MS: u64 = 5_000;

/// Application fields JumpCloud's spec defines (`#/definitions/application`); `normalise` may
/// drop any other top-level key.
const APPLICATION_FIELDS: [&str; 17] = [
    "_id",
    "active",
    "beta",
    "color",
    "config",
    "created",
    "databaseAttributes",
    "description",
    "displayLabel",
    "displayName",
    "learnMore",
    "logo",
    "name",
    "organization",
    "parentApp",
    "sso",
    "ssoUrl",
];

/// Refuses kinds the sandbox does not know, naming the ones it does.
pub(crate) fn check_kinds(kinds: &[String]) -> Result<(), String> {
    match kinds.iter().find(|k| !KINDS.contains(&k.as_str())) {
        Some(bad) => Err(format!(
            "unknown fault kind {bad:?}; known: {}",
            KINDS.join(", ")
        )),
        None => Ok(()),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FaultConfig {
    pub(crate) rate: f64,
    pub(crate) latency_ms: u64,
    pub(crate) kinds: Vec<String>,
    pub(crate) seed: u64,
    /// How long `commit-delay` holds the response of a stored change.
    pub(crate) commit_delay_ms: u64,
    /// Every read of applications answers the IdP private key masked.
    #[serde(default)]
    pub(crate) mask_private_key: bool,
    /// A filtered list of applications does not see one created less than this long ago.
    #[serde(default)]
    pub(crate) filter_lag_ms: u64,
    /// A fetch of an application's IdP metadata that sends an API key is answered with this
    /// status (401, 403 or 404), as for an organisation whose key may not read it; the public
    /// metadata URL (no key), which the service provider fetches, still answers.
    #[serde(default)]
    pub(crate) keyed_metadata_status: Option<u16>,
    /// Every PUT of an application that holds an IdP certificate stores a new certificate and
    /// key, as when JumpCloud regenerates one: a client's "new certificate" warning is tested.
    #[serde(default)]
    pub(crate) regenerate_certificate: bool,
}

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fate {
    Pass,
    Status(u16),
    Reset,
    Truncate,
    /// The request is served (a POST or PUT is stored and persisted), then this happens instead of
    /// the response reaching the client in time.
    AfterCommit(AfterCommit),
    /// A PUT of an application is stored with one field changed.
    Normalise,
    /// A read of applications answers the IdP private key masked.
    MaskKey,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AfterCommit {
    Status(u16),
    Reset,
    Delay,
}

pub(crate) struct Faults {
    config: Mutex<FaultConfig>,
    counter: AtomicU64,
    /// Applications created, and when, for `filter_lag_ms`.
    created: Mutex<Vec<(String, Instant)>>,
}

impl Faults {
    pub(crate) fn new(config: FaultConfig) -> Self {
        Self {
            config: Mutex::new(config),
            counter: AtomicU64::new(0),
            created: Mutex::new(Vec::new()),
        }
    }

    /// Notes that the application `id` was just created.
    pub(crate) fn note_created(&self, id: &str) {
        let mut created = self.created.lock().unwrap_or_else(|e| e.into_inner());
        created.push((id.to_owned(), Instant::now()));
    }

    /// The applications a filtered list does not see yet: those created less than
    /// `filter_lag_ms` ago (none when it is 0).
    pub(crate) fn lagging(&self) -> Vec<String> {
        let lag = Duration::from_millis(self.config().filter_lag_ms);
        let mut created = self.created.lock().unwrap_or_else(|e| e.into_inner());
        created.retain(|(_, at)| at.elapsed() < lag);
        created.iter().map(|(id, _)| id.clone()).collect()
    }

    pub(crate) fn config(&self) -> FaultConfig {
        self.config
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn requests(&self) -> u64 {
        self.counter.load(Ordering::SeqCst)
    }

    /// Replaces the configuration and restarts the sequence at request 0.
    pub(crate) fn set(&self, config: FaultConfig) {
        let mut guard = self.config.lock().unwrap_or_else(|e| e.into_inner());
        *guard = config;
        self.counter.store(0, Ordering::SeqCst);
    }

    /// The next request's fate, with the settings it was drawn under.
    pub(crate) fn next(&self) -> (Fate, FaultConfig) {
        let config = self.config();
        let n = self.counter.fetch_add(1, Ordering::SeqCst);
        (fate(&config, n), config)
    }
}

/// The fate of request `n`: a pure function of the configuration and `n`.
pub(crate) fn fate(config: &FaultConfig, n: u64) -> Fate {
    if config.kinds.is_empty() || config.rate <= 0.0 {
        return Fate::Pass;
    }
    let h = mix(config.seed ^ mix(n.wrapping_add(0x5EED)));
    let roll = (h >> 11) as f64 / (1u64 << 53) as f64;
    if roll >= config.rate {
        return Fate::Pass;
    }
    match config.kinds[(mix(h) % config.kinds.len() as u64) as usize].as_str() {
        "reset" => Fate::Reset,
        "truncate" => Fate::Truncate,
        "commit-500" => Fate::AfterCommit(AfterCommit::Status(500)),
        "commit-reset" => Fate::AfterCommit(AfterCommit::Reset),
        "commit-delay" => Fate::AfterCommit(AfterCommit::Delay),
        "normalise" => Fate::Normalise,
        "mask-key" => Fate::MaskKey,
        code => code.parse().map(Fate::Status).unwrap_or(Fate::Pass),
    }
}

/// Changes one field the way a server that tidies what it stores would, so that a client that
/// reads back finds a difference: the first string stored as a `value` anywhere in `config`
/// (document order, depth first) that is not already trimmed and lower case is trimmed and
/// lowercased; when there is none, the last top-level key JumpCloud's spec does not define is
/// dropped. Answers whether anything changed (a document with neither is stored as sent).
pub(crate) fn normalise(app: &mut Map<String, Value>) -> bool {
    if app.get_mut("config").is_some_and(tidy_first_value) {
        return true;
    }
    let unknown = app
        .keys()
        .rev()
        .find(|k| !APPLICATION_FIELDS.contains(&k.as_str()))
        .cloned();
    unknown.is_some_and(|k| app.shift_remove(&k).is_some())
}

/// Entries `normalise` leaves alone: JumpCloud tidies URLs and identifiers, never a certificate or
/// a key (a lowercased PEM is no key at all, which a client must refuse to save over).
const UNTOUCHED_ENTRIES: [&str; 3] = ["idpPrivateKey", "idpCertificate", "spCertificate"];

fn tidy_first_value(v: &mut Value) -> bool {
    match v {
        Value::Object(map) => map.iter_mut().any(|(k, child)| match child {
            _ if UNTOUCHED_ENTRIES.contains(&k.as_str()) => false,
            Value::String(s) if k == "value" => {
                let tidy = s.trim().to_lowercase();
                let changed = tidy != *s;
                *s = tidy;
                changed
            }
            other => tidy_first_value(other),
        }),
        Value::Array(items) => items.iter_mut().any(tidy_first_value),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fate_depends_only_on_config_and_n() {
        let c = FaultConfig {
            rate: 0.5,
            latency_ms: 0,
            kinds: KINDS.iter().map(|k| k.to_string()).collect(),
            seed: 7,
            commit_delay_ms: 0,
            mask_private_key: false,
            filter_lag_ms: 0,
            keyed_metadata_status: None,
            regenerate_certificate: false,
        };
        let a: Vec<Fate> = (0..50).map(|n| fate(&c, n)).collect();
        let b: Vec<Fate> = (0..50).map(|n| fate(&c, n)).collect();
        assert_eq!(a, b);
        let faulted = a.iter().filter(|f| **f != Fate::Pass).count();
        assert!(
            (10..=40).contains(&faulted),
            "rate 0.5 should fault about half of 50, got {faulted}"
        );
        let none = FaultConfig { rate: 0.0, ..c };
        assert!(
            (0..50).all(|n| fate(&none, n) == Fate::Pass),
            "rate 0 never faults"
        );
    }

    #[test]
    fn normalise_changes_one_config_value_or_drops_an_unknown_key() {
        let mut app = serde_json::json!({
            "name": "box",
            "config": {
                "acsUrl": {"label": "ACS URL", "value": "https://box.example.com/acs"},
                "spEntityId": {"label": "SP Entity ID", "value": "  HTTPS://Box.Example.com "},
                "idpEntityId": {"label": "IdP Entity ID", "value": "Also Mixed"},
            },
            "vendorExtra": 1,
        });
        let obj = app.as_object_mut().expect("object");
        assert!(normalise(obj));
        assert_eq!(
            obj["config"]["spEntityId"]["value"], "https://box.example.com",
            "the first untidy value is trimmed and lowercased"
        );
        assert_eq!(
            obj["config"]["idpEntityId"]["value"], "Also Mixed",
            "only one"
        );
        assert_eq!(
            obj["config"]["acsUrl"]["label"], "ACS URL",
            "labels are not values"
        );
        assert!(obj.contains_key("vendorExtra"), "one change per PUT");

        let mut tidy = serde_json::json!({"name": "box", "config": {"a": {"value": "x"}}, "vendorExtra": 1, "other": 2});
        let obj = tidy.as_object_mut().expect("object");
        assert!(normalise(obj));
        assert!(
            !obj.contains_key("other"),
            "the last unknown key is dropped"
        );
        assert!(obj.contains_key("vendorExtra") && obj.contains_key("name"));

        let mut keyed = serde_json::json!({"name": "box", "config": {
            "idpPrivateKey": {"value": "-----BEGIN PRIVATE KEY-----\nAbC\n-----END PRIVATE KEY-----"},
            "idpCertificate": {"value": " -----BEGIN CERTIFICATE-----\nXyZ\n-----END CERTIFICATE----- "},
        }});
        let before = keyed.clone();
        assert!(
            !normalise(keyed.as_object_mut().expect("object")),
            "a certificate or a key is never tidied"
        );
        assert_eq!(keyed, before);

        let mut plain = serde_json::json!({"name": "box", "config": {}});
        assert!(
            !normalise(plain.as_object_mut().expect("object")),
            "nothing to change"
        );
    }

    #[test]
    fn kinds_after_commit_are_drawn_only_when_chosen() {
        let c = FaultConfig {
            rate: 0.5,
            latency_ms: 0,
            kinds: DEFAULT_KINDS.iter().map(|k| k.to_string()).collect(),
            seed: 7,
            commit_delay_ms: 0,
            mask_private_key: false,
            filter_lag_ms: 0,
            keyed_metadata_status: None,
            regenerate_certificate: false,
        };
        assert!(
            (0..200).all(|n| !matches!(
                fate(&c, n),
                Fate::AfterCommit(_) | Fate::Normalise | Fate::MaskKey
            )),
            "faults after commit are drawn only when chosen"
        );
        let all = FaultConfig {
            kinds: KINDS.iter().map(|k| k.to_string()).collect(),
            ..c
        };
        let fates: Vec<Fate> = (0..400).map(|n| fate(&all, n)).collect();
        for want in [
            Fate::AfterCommit(AfterCommit::Status(500)),
            Fate::AfterCommit(AfterCommit::Reset),
            Fate::AfterCommit(AfterCommit::Delay),
            Fate::Normalise,
            Fate::MaskKey,
        ] {
            assert!(fates.contains(&want), "{want:?} is drawn when chosen");
        }
    }
}
