//! The sandbox's documents and their files.
//!
//! Promises: documents are kept exactly as sent (raw JSON); each collection lives in one JSON file
//! in the data directory, written atomically (temp file, fsync, rename) after every change, so a
//! crash leaves the old or the new file, never half of one; an empty directory is seeded; a file
//! that does not parse fails the start with its path and is never overwritten. On unix the data is
//! owner-only: every folder the sandbox creates or opens as its data directory is 0700 (a wider
//! one is tightened), every file it writes or loads is 0600.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::graph::Graph;
use crate::SandboxError;

/// One collection of documents with an index from id to position (insertion order is kept: it is
/// the order of an unsorted list).
#[derive(Debug, Clone)]
pub(crate) struct Docs {
    items: Vec<Value>,
    index: HashMap<String, usize>,
    /// The id field: `_id` for v1 documents, `id` for v2 ones.
    key: &'static str,
}

impl Docs {
    pub(crate) fn new(items: Vec<Value>, key: &'static str) -> Self {
        let mut docs = Self {
            items,
            index: HashMap::new(),
            key,
        };
        docs.reindex();
        docs
    }

    fn reindex(&mut self) {
        self.index = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, d)| {
                d.get(self.key)
                    .and_then(Value::as_str)
                    .map(|id| (id.to_string(), i))
            })
            .collect();
    }

    pub(crate) fn all(&self) -> &[Value] {
        &self.items
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Value> {
        self.index.get(id).and_then(|&i| self.items.get(i))
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Value> {
        self.index.get(id).and_then(|&i| self.items.get_mut(i))
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// Adds a document that carries its id under `key`.
    pub(crate) fn push(&mut self, doc: Value) {
        if let Some(id) = doc.get(self.key).and_then(Value::as_str) {
            self.index.insert(id.to_string(), self.items.len());
        }
        self.items.push(doc);
    }

    pub(crate) fn replace(&mut self, id: &str, doc: Value) -> bool {
        match self.get_mut(id) {
            Some(slot) => {
                *slot = doc;
                true
            }
            None => false,
        }
    }

    pub(crate) fn remove(&mut self, id: &str) -> Option<Value> {
        let i = *self.index.get(id)?;
        let doc = self.items.remove(i);
        self.reindex();
        Some(doc)
    }
}

/// Everything the sandbox serves.
#[derive(Debug, Clone)]
pub(crate) struct Collections {
    pub(crate) templates: Docs,
    pub(crate) applications: Docs,
    pub(crate) users: Docs,
    pub(crate) groups: Docs,
    pub(crate) graph: Graph,
}

impl Collections {
    pub(crate) fn new(
        templates: Vec<Value>,
        applications: Vec<Value>,
        users: Vec<Value>,
        groups: Vec<Value>,
        graph: Graph,
    ) -> Self {
        Self {
            templates: Docs::new(templates, "_id"),
            applications: Docs::new(applications, "_id"),
            users: Docs::new(users, "_id"),
            groups: Docs::new(groups, "id"),
            graph,
        }
    }
}

/// A collection's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Collection {
    Templates,
    Applications,
    Users,
    Groups,
    Graph,
}

impl Collection {
    pub(crate) const ALL: [Collection; 5] = [
        Collection::Templates,
        Collection::Applications,
        Collection::Users,
        Collection::Groups,
        Collection::Graph,
    ];

    pub(crate) fn file_name(self) -> &'static str {
        match self {
            Collection::Templates => "application-templates.json",
            Collection::Applications => "applications.json",
            Collection::Users => "systemusers.json",
            Collection::Groups => "usergroups.json",
            Collection::Graph => "associations.json",
        }
    }

    /// The collection's current content as file bytes.
    pub(crate) fn serialize(self, c: &Collections) -> Result<Vec<u8>, serde_json::Error> {
        match self {
            Collection::Templates => serde_json::to_vec(c.templates.all()),
            Collection::Applications => serde_json::to_vec(c.applications.all()),
            Collection::Users => serde_json::to_vec(c.users.all()),
            Collection::Groups => serde_json::to_vec(c.groups.all()),
            Collection::Graph => serde_json::to_vec(&c.graph),
        }
    }
}

/// Loads the collections from `dir`; `Ok(None)` when the directory holds none of the files.
pub(crate) fn load(dir: &Path) -> Result<Option<Collections>, SandboxError> {
    let paths: Vec<PathBuf> = Collection::ALL
        .iter()
        .map(|c| dir.join(c.file_name()))
        .collect();
    if paths.iter().all(|p| !p.exists()) {
        return Ok(None);
    }
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(SandboxError::Missing {
            path: missing.clone(),
        });
    }
    let read = |path: &PathBuf| -> Result<Vec<u8>, SandboxError> {
        std::fs::read(path).map_err(|source| SandboxError::Io {
            path: path.clone(),
            source,
        })
    };
    let docs = |path: &PathBuf| -> Result<Vec<Value>, SandboxError> {
        serde_json::from_slice(&read(path)?).map_err(|source| SandboxError::Corrupt {
            path: path.clone(),
            source,
        })
    };
    let graph: Graph =
        serde_json::from_slice(&read(&paths[4])?).map_err(|source| SandboxError::Corrupt {
            path: paths[4].clone(),
            source,
        })?;
    Ok(Some(Collections::new(
        docs(&paths[0])?,
        docs(&paths[1])?,
        docs(&paths[2])?,
        docs(&paths[3])?,
        graph,
    )))
}

/// Owner-only modes: the data may be a copy of a real organisation's shape, and other accounts on
/// the machine have no business reading or changing it.
#[cfg(unix)]
const DIR_MODE: u32 = 0o700;
#[cfg(unix)]
const FILE_MODE: u32 = 0o600;

/// Creates the data directory and its missing parents owner-only, tightens it when it exists
/// with wider permissions, and tightens the collection files already in it.
pub(crate) fn prepare_dir(dir: &Path) -> Result<(), SandboxError> {
    let io = |source| SandboxError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(DIR_MODE);
        builder.create(dir).map_err(io)?;
        // The umask may have narrowed the mode, an existing folder may be wider: set it exactly.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(DIR_MODE)).map_err(io)?;
        for c in Collection::ALL {
            let path = dir.join(c.file_name());
            if path.exists() {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(FILE_MODE))
                    .map_err(|source| SandboxError::Io { path, source })?;
            }
        }
    }
    #[cfg(not(unix))]
    builder.create(dir).map_err(io)?;
    Ok(())
}

/// Writes `bytes` to `dir/name` atomically: a temp file in the same directory, fsync, rename. The
/// file is owner-only before any byte is in it, and the rename keeps its mode.
pub(crate) fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), SandboxError> {
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.tmp"));
    let io = |source| SandboxError::Io {
        path: path.clone(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    let mut f = options.open(&tmp).map_err(io)?;
    // A temp file left by a crash keeps its old mode when opened again: set it exactly.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(FILE_MODE))
            .map_err(io)?;
    }
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)?;
    drop(f);
    std::fs::rename(&tmp, &path).map_err(io)?;
    // Make the rename itself durable; not every platform can open a directory, so best effort.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
