//! The sandbox's documents and their files.
//!
//! Promises: documents are kept as sent (raw JSON, held as text: see [`crate::doc`]); each
//! collection lives in one JSON file in the data directory, written atomically (temp file, fsync,
//! rename) after every change, so a crash leaves the old or the new file, never half of one; an
//! empty directory is seeded; a file that does not parse fails the start with its path and is
//! never overwritten. On unix the data is owner-only: every folder the sandbox creates or opens as
//! its data directory is 0700 (a wider one is tightened), every file it writes or loads is 0600.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::{DeserializeSeed, Deserializer, Error as _, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::doc::{self, Doc};
use crate::graph::Graph;
use crate::SandboxError;

/// One collection of documents, each kept as its JSON text ([`Doc`]), with an index from id to
/// position (insertion order is kept: it is the order of an unsorted list).
#[derive(Debug, Clone)]
pub(crate) struct Docs {
    items: Vec<Entry>,
    /// Every string id to the position of the last document carrying it.
    index: HashMap<Box<str>, usize>,
    /// The id field: `_id` for v1 documents, `id` for v2 ones.
    key: &'static str,
}

#[derive(Debug, Clone)]
struct Entry {
    /// The document's `key` field when it is a string: what the index and an id sort need,
    /// without reading the document.
    id: Option<Box<str>>,
    doc: Doc,
}

/// A stored document as a list sees it: its text and, when known, its id.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocRef<'a> {
    pub(crate) key: &'static str,
    pub(crate) id: Option<&'a str>,
    pub(crate) doc: &'a RawValue,
}

impl Docs {
    pub(crate) fn new(key: &'static str) -> Self {
        Self {
            items: Vec::new(),
            index: HashMap::new(),
            key,
        }
    }

    /// The collection of `values`, in order.
    pub(crate) fn of(values: impl IntoIterator<Item = Value>, key: &'static str) -> Self {
        let mut docs = Self::new(key);
        for v in values {
            docs.push(&v);
        }
        docs
    }

    fn entry(&self, value: &Value) -> Entry {
        Entry {
            id: value.get(self.key).and_then(Value::as_str).map(Box::from),
            doc: doc::doc(value),
        }
    }

    fn reindex(&mut self) {
        self.index = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.id.clone().map(|id| (id, i)))
            .collect();
    }

    /// The documents in insertion order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = DocRef<'_>> {
        self.items.iter().map(|e| DocRef {
            key: self.key,
            id: e.id.as_deref(),
            doc: &e.doc,
        })
    }

    /// The document at `position` in insertion order, read.
    pub(crate) fn value_at(&self, position: usize) -> Option<Value> {
        self.items.get(position).map(|e| doc::parse(&e.doc))
    }

    pub(crate) fn get(&self, id: &str) -> Option<DocRef<'_>> {
        let e = self.index.get(id).and_then(|&i| self.items.get(i))?;
        Some(DocRef {
            key: self.key,
            id: e.id.as_deref(),
            doc: &e.doc,
        })
    }

    /// The document with this id, read.
    pub(crate) fn value(&self, id: &str) -> Option<Value> {
        self.get(id).map(|d| doc::parse(d.doc))
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// Adds a document that carries its id under `key`.
    pub(crate) fn push(&mut self, value: &Value) {
        let entry = self.entry(value);
        self.push_entry(entry);
    }

    /// Adds a document's text, which must be as [`doc::doc`] writes it.
    fn push_doc(&mut self, doc: Doc) {
        let id = match doc::pick(&doc, &[self.key], None).0.get(self.key) {
            Some(Value::String(id)) => Some(id.as_str().into()),
            _ => None,
        };
        self.push_entry(Entry { id, doc });
    }

    fn push_entry(&mut self, entry: Entry) {
        if let Some(id) = &entry.id {
            self.index.insert(id.clone(), self.items.len());
        }
        self.items.push(entry);
    }

    /// Replaces the document `id` names; the index keeps pointing at its position.
    pub(crate) fn replace(&mut self, id: &str, value: &Value) -> bool {
        let Some(&i) = self.index.get(id) else {
            return false;
        };
        let entry = self.entry(value);
        match self.items.get_mut(i) {
            Some(slot) => {
                *slot = entry;
                true
            }
            None => false,
        }
    }

    pub(crate) fn remove(&mut self, id: &str) -> Option<Doc> {
        let i = *self.index.get(id)?;
        let entry = self.items.remove(i);
        self.reindex();
        Some(entry.doc)
    }
}

/// The file form: a JSON array of the documents, as serialising their values gives.
impl Serialize for Docs {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.items.iter().map(|e| &e.doc))
    }
}

/// Everything the sandbox serves.
#[derive(Debug, Clone)]
pub(crate) struct Collections {
    /// No route changes a template; a reset replaces the collections whole. JumpCloud's catalog
    /// is the same for every organisation, so the organisations of one sandbox share it.
    pub(crate) templates: Arc<Docs>,
    pub(crate) applications: Docs,
    pub(crate) users: Docs,
    pub(crate) groups: Docs,
    pub(crate) graph: Graph,
    /// The string `name` of every template, so checking an application's `name` reads no template.
    template_names: HashSet<Box<str>>,
}

impl Collections {
    pub(crate) fn new(
        templates: Arc<Docs>,
        applications: Docs,
        users: Docs,
        groups: Docs,
        graph: Graph,
    ) -> Self {
        let template_names = templates
            .iter()
            .filter_map(|t| match doc::pick(t.doc, &["name"], None).0 {
                Value::Object(mut o) => match o.remove("name") {
                    Some(Value::String(name)) => Some(name.into_boxed_str()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        Self {
            templates,
            applications,
            users,
            groups,
            graph,
            template_names,
        }
    }

    /// Nothing at all: what an organisation holds until it is loaded or seeded.
    pub(crate) fn empty() -> Self {
        Self::new(
            Arc::new(Docs::new("_id")),
            Docs::new("_id"),
            Docs::new("_id"),
            Docs::new("id"),
            Graph::default(),
        )
    }

    /// Whether a template has this `name`.
    pub(crate) fn is_template_name(&self, name: &str) -> bool {
        self.template_names.contains(name)
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
            Collection::Templates => serde_json::to_vec(&*c.templates),
            Collection::Applications => serde_json::to_vec(&c.applications),
            Collection::Users => serde_json::to_vec(&c.users),
            Collection::Groups => serde_json::to_vec(&c.groups),
            Collection::Graph => serde_json::to_vec(&c.graph),
        }
    }
}

/// Loads the collections from `dir`; `Ok(None)` when the directory holds none of the files.
/// With `shared_templates` (one of a provider's organisations), the catalog is that one and the
/// folder holds no templates file.
pub(crate) fn load(
    dir: &Path,
    shared_templates: Option<Arc<Docs>>,
) -> Result<Option<Collections>, SandboxError> {
    let paths: Vec<PathBuf> = Collection::ALL
        .iter()
        .map(|c| dir.join(c.file_name()))
        .collect();
    let expected = |p: &&PathBuf| shared_templates.is_none() || *p != &paths[0];
    if paths.iter().filter(expected).all(|p| !p.exists()) {
        return Ok(None);
    }
    if let Some(missing) = paths.iter().filter(expected).find(|p| !p.exists()) {
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
    let corrupt = |path: &PathBuf| {
        let path = path.clone();
        move |source| SandboxError::Corrupt { path, source }
    };
    let docs = |path: &PathBuf, key: &'static str| -> Result<Docs, SandboxError> {
        let bytes = read(path)?;
        let load = |texts| {
            let mut docs = Docs::new(key);
            let mut de = serde_json::Deserializer::from_slice(&bytes);
            Load {
                docs: &mut docs,
                texts,
            }
            .deserialize(&mut de)
            .and_then(|()| de.end())
            .map(|()| docs)
        };
        // A file that does not load is read again value by value, which reports the error as
        // reading it whole would (where in the file, not where in one document).
        load(true).or_else(|_| load(false)).map_err(corrupt(path))
    };
    let graph: Graph = serde_json::from_slice(&read(&paths[4])?).map_err(corrupt(&paths[4]))?;
    let templates = match shared_templates {
        Some(t) => t,
        None => Arc::new(docs(&paths[0], "_id")?),
    };
    Ok(Some(Collections::new(
        templates,
        docs(&paths[1], "_id")?,
        docs(&paths[2], "_id")?,
        docs(&paths[3], "id")?,
        graph,
    )))
}

/// Reads a file's array of documents into a collection one document at a time: only the file's
/// bytes, the stored texts and one document's value are held at once, never every value. With
/// `texts`, a document already written as [`doc::doc`] writes it is kept as it is, unparsed.
struct Load<'a> {
    docs: &'a mut Docs,
    texts: bool,
}

impl<'de> DeserializeSeed<'de> for Load<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Load<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if !self.texts {
            while let Some(value) = seq.next_element::<Value>()? {
                self.docs.push(&value);
            }
            return Ok(());
        }
        while let Some(text) = seq.next_element::<&'de RawValue>()? {
            if doc::is_canonical(text.get()) {
                self.docs.push_doc(text.to_owned());
            } else {
                let value: Value = serde_json::from_str(text.get()).map_err(A::Error::custom)?;
                self.docs.push(&value);
            }
        }
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn docs_keep_order_and_index_and_write_the_file_as_the_values_serialise() {
        let values = vec![
            json!({"_id": "a", "n": 1}),
            json!({"_id": "b", "n": 2}),
            json!({"_id": "a", "n": 3}),
            json!({"_id": 4, "n": 4}),
        ];
        let mut docs = Docs::of(values.clone(), "_id");
        assert_eq!(
            serde_json::to_string(&docs).expect("serialises"),
            serde_json::to_string(&values).expect("serialises")
        );
        assert_eq!(
            docs.value("a"),
            Some(values[2].clone()),
            "the last of a repeated id"
        );
        assert!(!docs.contains("4"), "only string ids are indexed");
        assert!(docs.replace("b", &json!({"_id": "b", "n": 5})));
        assert_eq!(docs.value_at(1), Some(json!({"_id": "b", "n": 5})));
        assert_eq!(
            docs.remove("a").map(|d| doc::parse(&d)),
            Some(values[2].clone())
        );
        assert_eq!(
            docs.value("a"),
            Some(values[0].clone()),
            "the earlier document with the id is found again"
        );
        let ids: Vec<Option<&str>> = docs.iter().map(|d| d.id).collect();
        assert_eq!(ids, [Some("a"), Some("b"), None]);
    }
}
