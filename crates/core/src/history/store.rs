//! The version store of one connection: `history/` in its folder ([`ConnectionDir`]: checked
//! names, versioned JSON written atomically, owner-only).
//!
//! ```text
//! history/heads.json           application id → its latest version, label, connector, bindings,
//!                              whether it is deleted: one read tells a refresh what is new
//! history/apps/<id>.json       the application's versions, oldest first on disk
//! history/objects/<hash>.json  one application object per distinct content, without the key
//! ```
//!
//! What it promises:
//! - no object, index or head ever holds the IdP private key: every object is stripped (by key
//!   name, at any depth) before it is hashed or written;
//! - de-duplicated by content: an object is written once per content hash, and a version is
//!   recorded only when the content differs from the application's latest, so a refresh that
//!   finds nothing new writes nothing at all;
//! - every change of the store (heads, an index, an object) happens under the heads' lock, so a
//!   refresh and a save finishing together never lose each other's versions.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::canonical::stored_hash;
use crate::edits::review::changes;
use crate::profile::{now_ms, ConnectionDir, StoreError};
use crate::sso::without_private_key;

const HEADS: &str = "heads.json";
const FORMAT: u32 = 1;
const LOCK_WAIT: Duration = Duration::from_secs(10);
/// How many changed fields a version names (the compare view shows them all).
const CHANGED_NAMED: usize = 12;

/// Who made a version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum VersionSource {
    /// SSO Desk wrote it (read back after the write): the change log's action, and what the
    /// log noted (a certificate JumpCloud issued, fields stored differently), if anything.
    SsoDesk {
        action: String,
        summary: Option<String>,
    },
    /// A refresh or a read found content SSO Desk did not write.
    Outside,
    /// SSO Desk created the application (or brought a deleted one back).
    Created,
    /// A refresh no longer found the application, or SSO Desk deleted it. Its content is the
    /// last version's.
    Deleted,
    /// The first time SSO Desk saw the application: who made it is not known.
    FirstSeen,
}

/// One version of an application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionEntry {
    /// The content hash, which names the object.
    pub hash: String,
    pub at_ms: u64,
    pub source: VersionSource,
    /// The labels of the fields that differ from the version before (at most a dozen).
    #[serde(default)]
    pub changed: Vec<String>,
}

/// What the store knows of an application without reading its versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Head {
    pub hash: String,
    /// When the latest version was recorded.
    #[serde(default)]
    pub at_ms: u64,
    #[serde(default)]
    pub label: String,
    /// The connector (template `name`).
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub deleted_at_ms: Option<u64>,
    /// The user groups bound directly, as last read (`None`: never read).
    #[serde(default)]
    pub bindings: Option<Vec<String>>,
    /// The id it was brought back under, once restored.
    #[serde(default)]
    pub restored_as: Option<String>,
}

type Heads = BTreeMap<String, Head>;

/// How SSO Desk came to see a copy.
enum Seen<'a> {
    Read,
    Wrote {
        action: &'a str,
        summary: Option<&'a str>,
    },
    Created,
}

/// The version store of one connection; see the module notes.
#[derive(Debug, Clone)]
pub struct History {
    dir: ConnectionDir,
    apps: ConnectionDir,
    objects: ConnectionDir,
}

fn text(app: &Value, key: &str) -> String {
    app.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn index_name(application_id: &str) -> String {
    format!("{application_id}.json")
}

impl History {
    /// The versions kept in the connection's folder `connection`.
    pub fn new(connection: &ConnectionDir) -> Result<Self, StoreError> {
        let dir = connection.sub("history")?;
        Ok(History {
            apps: dir.sub("apps")?,
            objects: dir.sub("objects")?,
            dir,
        })
    }

    /// Where the store lives (tests grep it).
    pub fn path(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// A read of `app`: recorded when its content is new ("Changed outside SSO Desk", or
    /// "First seen").
    pub fn observe(&self, app: &Value) -> Result<(), StoreError> {
        self.change(|h, heads, at| h.add(heads, app, Seen::Read, at))
    }

    /// A refresh that read every application and its bindings (group ids per application id),
    /// starting at `read_at_ms`: new content is recorded, bindings kept, and a known application
    /// that is no longer there is marked deleted. An application with a version recorded after
    /// the refresh started (a save that finished meanwhile) is left alone: the refresh's copy is
    /// older, not a change made outside SSO Desk. Returns how many versions were recorded.
    pub fn observe_all(
        &self,
        apps: &[Value],
        bindings: &BTreeMap<String, Vec<String>>,
        read_at_ms: u64,
    ) -> Result<usize, StoreError> {
        let mut recorded = 0;
        self.change(|h, heads, at| {
            let mut changed = false;
            let mut seen = HashSet::new();
            for app in apps {
                let id = text(app, "_id");
                let newer = heads.get(&id).is_some_and(|h| h.at_ms >= read_at_ms);
                seen.insert(id);
                if newer {
                    continue;
                }
                if h.add(heads, app, Seen::Read, at)? {
                    recorded += 1;
                    changed = true;
                }
            }
            for (id, head) in heads.iter_mut() {
                if !seen.contains(id) || head.deleted_at_ms.is_some() {
                    continue;
                }
                let now = Some(bindings.get(id).cloned().unwrap_or_default());
                if head.bindings != now {
                    head.bindings = now;
                    changed = true;
                }
            }
            let gone: Vec<String> = heads
                .iter()
                .filter(|(id, h)| {
                    h.deleted_at_ms.is_none() && !seen.contains(*id) && h.at_ms < read_at_ms
                })
                .map(|(id, _)| id.clone())
                .collect();
            for id in gone {
                h.mark_deleted(heads, &id, None, at)?;
                recorded += 1;
                changed = true;
            }
            Ok(changed)
        })?;
        Ok(recorded)
    }

    /// A write SSO Desk made: `before` is the copy it was merged onto (new content there was
    /// changed outside), `stored` the read-back, recorded as SSO Desk's `action`.
    pub fn record_write(
        &self,
        before: &Value,
        stored: &Value,
        action: &str,
        summary: Option<&str>,
    ) -> Result<(), StoreError> {
        self.change(|h, heads, at| {
            let outside = h.add(heads, before, Seen::Read, at)?;
            let wrote = h.add(heads, stored, Seen::Wrote { action, summary }, at)?;
            Ok(outside || wrote)
        })
    }

    /// An application SSO Desk created (or brought back), with the groups bound to it.
    pub fn record_created(&self, app: &Value, bindings: Vec<String>) -> Result<(), StoreError> {
        let id = text(app, "_id");
        self.change(|h, heads, at| {
            h.add(heads, app, Seen::Created, at)?;
            if let Some(head) = heads.get_mut(&id) {
                head.bindings = Some(bindings);
            }
            Ok(true)
        })
    }

    /// SSO Desk deleted the application; `bindings` are its groups as read just before.
    pub fn record_deleted(
        &self,
        application_id: &str,
        bindings: Option<Vec<String>>,
    ) -> Result<(), StoreError> {
        self.change(|h, heads, at| h.mark_deleted(heads, application_id, bindings, at))
    }

    /// The groups bound directly to the application, as just read.
    pub fn note_bindings(
        &self,
        application_id: &str,
        bindings: Vec<String>,
    ) -> Result<(), StoreError> {
        self.change(|_, heads, _| {
            let Some(head) = heads.get_mut(application_id) else {
                return Ok(false);
            };
            let now = Some(bindings);
            let changed = head.bindings != now;
            head.bindings = now;
            Ok(changed)
        })
    }

    /// A deleted application was brought back as `new_id`: it leaves the deleted list.
    pub fn note_restored(&self, application_id: &str, new_id: &str) -> Result<(), StoreError> {
        self.change(|_, heads, _| {
            let Some(head) = heads.get_mut(application_id) else {
                return Ok(false);
            };
            head.restored_as = Some(new_id.to_owned());
            Ok(true)
        })
    }

    /// The application's versions, newest first; none when SSO Desk never saw it.
    pub fn versions(&self, application_id: &str) -> Result<Vec<VersionEntry>, StoreError> {
        let mut versions = self.index(application_id)?;
        versions.reverse();
        Ok(versions)
    }

    /// The object of a version, without the private key.
    pub fn object(&self, hash: &str) -> Result<Option<Value>, StoreError> {
        if hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(StoreError::InvalidName(hash.to_owned()));
        }
        Ok(self
            .objects
            .read::<Value>(&index_name(hash), FORMAT)?
            .map(|s| s.value))
    }

    /// What the store knows of an application.
    pub fn head(&self, application_id: &str) -> Result<Option<Head>, StoreError> {
        Ok(self.heads()?.remove(application_id))
    }

    /// The applications known deleted and not brought back, by id.
    pub fn deleted(&self) -> Result<Vec<(String, Head)>, StoreError> {
        Ok(self
            .heads()?
            .into_iter()
            .filter(|(_, h)| h.deleted_at_ms.is_some() && h.restored_as.is_none())
            .collect())
    }

    /// Runs `f` on the heads under the lock, and writes them back when it says they changed.
    fn change(
        &self,
        f: impl FnOnce(&Self, &mut Heads, u64) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError> {
        self.dir.ensure()?;
        let _lock = self.dir.lock(HEADS, LOCK_WAIT)?;
        let mut heads = self.heads()?;
        if f(self, &mut heads, now_ms())? {
            self.dir.write(HEADS, FORMAT, &heads)?;
        }
        Ok(())
    }

    /// The heads; a damaged file is set aside (kept) and the store starts again from the indexes
    /// it still has (a version then repeats at most once).
    fn heads(&self) -> Result<Heads, StoreError> {
        match self.dir.read::<Heads>(HEADS, FORMAT) {
            Ok(found) => Ok(found.map(|s| s.value).unwrap_or_default()),
            Err(err) if err.is_unreadable_file() => {
                tracing::warn!("the version heads are not readable, set aside: {err}");
                self.dir.set_aside(HEADS)?;
                Ok(Heads::new())
            }
            Err(err) => Err(err),
        }
    }

    fn index(&self, application_id: &str) -> Result<Vec<VersionEntry>, StoreError> {
        Ok(self
            .apps
            .read::<Vec<VersionEntry>>(&index_name(application_id), FORMAT)?
            .map(|s| s.value)
            .unwrap_or_default())
    }

    fn append(&self, application_id: &str, entry: VersionEntry) -> Result<(), StoreError> {
        let mut index = self.index(application_id)?;
        index.push(entry);
        self.apps
            .write(&index_name(application_id), FORMAT, &index)
            .map(|_| ())
    }

    /// Records `app` when its content is new for it; returns whether it did.
    fn add(&self, heads: &mut Heads, app: &Value, seen: Seen, at: u64) -> Result<bool, StoreError> {
        let id = text(app, "_id");
        if id.is_empty() {
            return Ok(false);
        }
        self.apps.file(&index_name(&id))?;
        // Hashed as stored (stripped) without a copy: most reads find nothing new.
        let hash = stored_hash(app);
        let head = heads.get(&id);
        let same = head.is_some_and(|h| h.hash == hash && h.deleted_at_ms.is_none());
        if same {
            return Ok(false);
        }
        let app = without_private_key(app.clone());
        let source = match seen {
            Seen::Read if head.is_none() => VersionSource::FirstSeen,
            Seen::Read => VersionSource::Outside,
            Seen::Wrote { action, summary } => VersionSource::SsoDesk {
                action: action.to_owned(),
                summary: summary.map(str::to_owned),
            },
            Seen::Created => VersionSource::Created,
        };
        let previous = match head {
            Some(h) => self.object(&h.hash)?,
            None => None,
        };
        let changed = previous
            .map(|p| {
                let mut labels: Vec<String> = Vec::new();
                for c in changes(&p, &app) {
                    if !labels.contains(&c.label) {
                        labels.push(c.label);
                    }
                }
                labels.truncate(CHANGED_NAMED);
                labels
            })
            .unwrap_or_default();
        if !self.objects.file(&index_name(&hash))?.exists() {
            self.objects.write(&index_name(&hash), FORMAT, &app)?;
        }
        self.append(
            &id,
            VersionEntry {
                hash: hash.clone(),
                at_ms: at,
                source,
                changed,
            },
        )?;
        let bindings = head.and_then(|h| h.bindings.clone());
        heads.insert(
            id,
            Head {
                hash,
                at_ms: at,
                label: text(&app, "displayLabel"),
                name: text(&app, "name"),
                deleted_at_ms: None,
                bindings,
                restored_as: None,
            },
        );
        Ok(true)
    }

    fn mark_deleted(
        &self,
        heads: &mut Heads,
        application_id: &str,
        bindings: Option<Vec<String>>,
        at: u64,
    ) -> Result<bool, StoreError> {
        let Some(head) = heads.get_mut(application_id) else {
            return Ok(false);
        };
        if head.deleted_at_ms.is_some() {
            return Ok(false);
        }
        head.deleted_at_ms = Some(at);
        if bindings.is_some() {
            head.bindings = bindings;
        }
        let hash = head.hash.clone();
        self.append(
            application_id,
            VersionEntry {
                hash,
                at_ms: at,
                source: VersionSource::Deleted,
                changed: Vec::new(),
            },
        )?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::profile::ConnectionId;

    fn store(root: &std::path::Path) -> History {
        let dir = ConnectionDir::new(root, &ConnectionId::new("sandbox").expect("id"));
        History::new(&dir).expect("a store")
    }

    /// A refresh that read the list before a save finished must not take its older copy for a
    /// change made outside SSO Desk, nor miss an application that is really gone.
    #[test]
    fn a_refresh_older_than_a_save_records_no_outside_change() {
        let root = tempfile::tempdir().expect("temp dir");
        let history = store(root.path());
        let v1 = json!({"_id": "a1", "displayLabel": "A", "description": "one"});
        let v2 = json!({"_id": "a1", "displayLabel": "A", "description": "two"});
        let other = json!({"_id": "b2", "displayLabel": "B"});
        history.observe(&v1).expect("seen");
        history.observe(&other).expect("seen");
        std::thread::sleep(std::time::Duration::from_millis(5));
        let read_at = now_ms();
        std::thread::sleep(std::time::Duration::from_millis(5));
        history
            .record_write(&v1, &v2, "save", None)
            .expect("a save");
        // The refresh read v1 (and b2) before the save finished, and records after it.
        let recorded = history
            .observe_all(std::slice::from_ref(&v1), &BTreeMap::new(), read_at)
            .expect("a refresh");
        let sources: Vec<VersionSource> = history
            .versions("a1")
            .expect("versions")
            .into_iter()
            .map(|v| v.source)
            .collect();
        assert_eq!(
            sources,
            [
                VersionSource::SsoDesk {
                    action: "save".into(),
                    summary: None
                },
                VersionSource::FirstSeen
            ],
            "no outside change from an older read"
        );
        assert_eq!(recorded, 1, "only b2's deletion");
        assert_eq!(
            history.versions("b2").expect("versions")[0].source,
            VersionSource::Deleted
        );
        // A later refresh that reads v1 again does see a change made outside.
        history
            .observe_all(&[v1], &BTreeMap::new(), now_ms() + 1)
            .expect("a refresh");
        assert_eq!(
            history.versions("a1").expect("versions")[0].source,
            VersionSource::Outside
        );
    }
}
