//! A snapshot folder on disk: written stably (sorted keys, unchanged files left alone, the
//! manifest's time kept when nothing else changed) and read back with a clear error per file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};

use super::{
    ApplicationBindings, GroupName, Manifest, Snapshot, SnapshotError, APPLICATIONS_DIR,
    BINDINGS_FILE, FORMAT, MANIFEST_FILE,
};
use crate::jumpcloud::{Client, OrgSync};
use crate::profile::{create_private_dir, write_atomically};
use crate::sso::without_private_key;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportSummary {
    pub folder: String,
    pub applications: u32,
    /// Files written because they are new or their content changed (the manifest included).
    pub written: u32,
    /// Application files removed: their application is gone.
    pub removed: u32,
}

/// `value` with every object's keys in sorted order, at any depth.
pub fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for key in keys {
                out.insert(key.clone(), sorted(&map[key]));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// A file-name-safe slug of a label: lowercase ASCII letters and digits, runs of anything else
/// as one `-`, at most 40 characters; `application` when nothing is left.
pub fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "application".to_owned()
    } else {
        out.to_owned()
    }
}

fn text_of<T: Serialize>(value: &T) -> Result<String, SnapshotError> {
    let value = serde_json::to_value(value).map_err(|e| SnapshotError::Folder {
        message: e.to_string(),
    })?;
    let mut text =
        serde_json::to_string_pretty(&sorted(&value)).map_err(|e| SnapshotError::Folder {
            message: e.to_string(),
        })?;
    text.push('\n');
    Ok(text)
}

fn id_of(app: &Value) -> Option<&str> {
    app.get("_id").or_else(|| app.get("id"))?.as_str()
}

fn label_of(app: &Value) -> &str {
    app.get("displayLabel")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The files of a snapshot of `org`: application files by name, and the bindings' text.
fn files_of(org: &OrgSync) -> Result<(BTreeMap<String, String>, String), SnapshotError> {
    let mut apps = BTreeMap::new();
    let mut labels = BTreeMap::new();
    for app in &org.applications {
        let app = app.to_value();
        let Some(id) = id_of(&app) else { continue };
        let safe_id: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
        let name = format!("{}-{safe_id}.json", slug(label_of(&app)));
        labels.insert(id.to_owned(), label_of(&app).to_owned());
        apps.insert(name, text_of(&without_private_key(app.clone()))?);
    }
    let names: BTreeMap<&str, &str> = org
        .user_groups
        .iter()
        .map(|g| (g.id.as_str(), g.name.as_str()))
        .collect();
    let mut bound: BTreeMap<&str, Vec<GroupName>> = BTreeMap::new();
    for b in &org.bindings {
        if !labels.contains_key(&b.application_id) {
            continue;
        }
        let group = GroupName {
            id: b.group_id.clone(),
            name: names.get(b.group_id.as_str()).unwrap_or(&"").to_string(),
        };
        let list = bound.entry(b.application_id.as_str()).or_default();
        if !list.contains(&group) {
            list.push(group);
        }
    }
    let bindings: Vec<ApplicationBindings> = bound
        .into_iter()
        .map(|(id, mut groups)| {
            groups.sort();
            ApplicationBindings {
                application_id: id.to_owned(),
                label: labels.get(id).cloned().unwrap_or_default(),
                user_groups: groups,
            }
        })
        .collect();
    Ok((apps, text_of(&bindings)?))
}

/// Writes `text` to `path` unless it already holds exactly that; says whether it wrote.
fn write_if_changed(path: &Path, text: &str) -> Result<bool, SnapshotError> {
    if std::fs::read(path).ok().as_deref() == Some(text.as_bytes()) {
        return Ok(false);
    }
    write_atomically(path, text.as_bytes()).map_err(|e| SnapshotError::folder(path, e))?;
    Ok(true)
}

/// Exports the organisation `client` reaches (named `organization`) to `dir`. See the module
/// notes of [`super`].
pub async fn export(
    client: &Client,
    dir: &Path,
    organization: &str,
) -> Result<ExportSummary, SnapshotError> {
    let org = client.sync(&|_| {}).await?;
    let (apps, bindings) = files_of(&org)?;
    let apps_dir = dir.join(APPLICATIONS_DIR);
    create_private_dir(&apps_dir).map_err(|e| SnapshotError::folder(&apps_dir, e))?;
    let mut written = 0;
    let mut removed = 0;
    for (name, text) in &apps {
        written += u32::from(write_if_changed(&apps_dir.join(name), text)?);
    }
    let listing = std::fs::read_dir(&apps_dir).map_err(|e| SnapshotError::folder(&apps_dir, e))?;
    for entry in listing.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !name.starts_with('.') && !apps.contains_key(&name) {
            std::fs::remove_file(entry.path())
                .map_err(|e| SnapshotError::folder(&entry.path(), e))?;
            removed += 1;
        }
    }
    written += u32::from(write_if_changed(&dir.join(BINDINGS_FILE), &bindings)?);

    let manifest_path = dir.join(MANIFEST_FILE);
    let old: Option<Manifest> = std::fs::read(&manifest_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let mut manifest = Manifest {
        format: FORMAT,
        organization: organization.to_owned(),
        exported_at: super::utc_text(crate::profile::now_ms() / 1000),
        sso_desk_version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    if let Some(old) = old {
        let same = Manifest {
            exported_at: old.exported_at.clone(),
            ..manifest.clone()
        };
        if written == 0 && removed == 0 && old == same {
            manifest = old;
        }
    }
    written += u32::from(write_if_changed(&manifest_path, &text_of(&manifest)?)?);
    Ok(ExportSummary {
        folder: dir.display().to_string(),
        applications: u32::try_from(apps.len()).unwrap_or(u32::MAX),
        written,
        removed,
    })
}

fn read_json(path: &Path) -> Result<Value, SnapshotError> {
    let bytes = std::fs::read(path).map_err(|e| SnapshotError::folder(path, e))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| SnapshotError::folder(path, format!("not JSON: {e}")))
}

/// Reads the snapshot in `dir`. Refused, naming the file, when the folder is not a snapshot
/// (no manifest), the format is another, or a file is not what it should be.
pub fn read(dir: &Path) -> Result<Snapshot, SnapshotError> {
    let manifest_path = dir.join(MANIFEST_FILE);
    if !manifest_path.is_file() {
        return Err(SnapshotError::folder(
            dir,
            format!("not a snapshot folder (no {MANIFEST_FILE}; `sso-desk export` makes one)"),
        ));
    }
    let manifest: Manifest = serde_json::from_value(read_json(&manifest_path)?)
        .map_err(|e| SnapshotError::folder(&manifest_path, e))?;
    if manifest.format != FORMAT {
        return Err(SnapshotError::folder(
            &manifest_path,
            format!(
                "snapshot format {} is not one this SSO Desk reads ({FORMAT})",
                manifest.format
            ),
        ));
    }
    let apps_dir = dir.join(APPLICATIONS_DIR);
    let mut applications = BTreeMap::new();
    let listing = std::fs::read_dir(&apps_dir).map_err(|e| SnapshotError::folder(&apps_dir, e))?;
    let mut paths: Vec<_> = listing
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    for path in paths {
        let app = without_private_key(read_json(&path)?);
        let Some(id) = id_of(&app).map(str::to_owned) else {
            return Err(SnapshotError::folder(
                &path,
                "an application without an `_id`",
            ));
        };
        if applications.insert(id.clone(), app).is_some() {
            return Err(SnapshotError::folder(
                &path,
                format!("a second file for application {id}"),
            ));
        }
    }
    let bindings_path = dir.join(BINDINGS_FILE);
    let list: Vec<ApplicationBindings> = serde_json::from_value(read_json(&bindings_path)?)
        .map_err(|e| SnapshotError::folder(&bindings_path, e))?;
    let bindings = list
        .into_iter()
        .map(|b| (b.application_id, b.user_groups))
        .collect();
    Ok(Snapshot {
        manifest,
        applications,
        bindings,
    })
}
