//! Drafts on disk, of every kind: one file per application and kind in the connection's folder
//! ([`ConnectionDir`]: versioned JSON, written atomically, owner-only). One store and one check
//! of file names serve the attribute editor, the Single sign-on tab and every later kind of edit;
//! a kind only says where its files go ([`DraftKind`]).
//!
//! What it promises:
//! - a name that could leave the folder is refused before any file is touched;
//! - no draft file ever holds the IdP private key: every write strips it (by key name, at any
//!   depth), and so does every read, so a draft written by an older SSO Desk loses it too (the
//!   file is rewritten without it);
//! - a file that cannot be read as a draft is [`StoreError::Damaged`] (or `OtherFormat`) with its
//!   path, and stays where it is until the admin sets it aside, which keeps a dated copy.

use std::marker::PhantomData;
use std::path::PathBuf;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::profile::{ConnectionDir, StoreError};
use crate::sso::strip_private_key;

/// Where the drafts of one kind live: a folder of the connection's folder, a file suffix, and the
/// format written into every file (a file with another format is not guessed at).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DraftKind {
    pub folder: &'static str,
    pub suffix: &'static str,
    pub format: u32,
}

/// A draft the store can keep: a kind, and the application it belongs to.
pub trait StoredDraft: Serialize + DeserializeOwned {
    const KIND: DraftKind;
    fn application_id(&self) -> &str;
}

/// JumpCloud ids are 24 hex digits; anything that could leave the folder is refused.
fn checked_id(application_id: &str) -> Result<&str, StoreError> {
    let fine = !application_id.is_empty()
        && application_id.len() <= 128
        && application_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if fine {
        Ok(application_id)
    } else {
        Err(StoreError::InvalidName(application_id.to_owned()))
    }
}

fn file_name(kind: &DraftKind, application_id: &str) -> Result<String, StoreError> {
    Ok(format!("{}{}", checked_id(application_id)?, kind.suffix))
}

/// The drafts of one kind of one connection.
#[derive(Debug)]
pub struct DraftStore<D> {
    dir: ConnectionDir,
    kind: PhantomData<fn() -> D>,
}

impl<D> Clone for DraftStore<D> {
    fn clone(&self) -> Self {
        Self {
            dir: self.dir.clone(),
            kind: PhantomData,
        }
    }
}

impl<D: StoredDraft> DraftStore<D> {
    /// The drafts of kind `D` of the connection whose folder is `connection`.
    pub fn new(connection: &ConnectionDir) -> Result<Self, StoreError> {
        Ok(Self {
            dir: connection.sub(D::KIND.folder)?,
            kind: PhantomData,
        })
    }

    /// The file a draft for `application_id` lives in.
    pub fn path_of(&self, application_id: &str) -> Result<PathBuf, StoreError> {
        self.dir.file(&file_name(&D::KIND, application_id)?)
    }

    /// Writes the draft atomically, without the private key.
    pub fn save(&self, draft: &D) -> Result<(), StoreError> {
        let name = file_name(&D::KIND, draft.application_id())?;
        let mut value = serde_json::to_value(draft).map_err(|e| StoreError::Damaged {
            path: self.dir.file(&name).unwrap_or_default(),
            reason: format!("the draft cannot be written as JSON: {e}"),
        })?;
        strip_private_key(&mut value);
        self.dir.write(&name, D::KIND.format, &value).map(|_| ())
    }

    /// The draft for `application_id`, or `None` when there is none. A draft that still holds a
    /// private key (written before it was stripped) is rewritten without it.
    pub fn load(&self, application_id: &str) -> Result<Option<D>, StoreError> {
        let name = file_name(&D::KIND, application_id)?;
        let Some(stored) = self.dir.read::<Value>(&name, D::KIND.format)? else {
            return Ok(None);
        };
        let mut value = stored.value;
        let raw = value.clone();
        strip_private_key(&mut value);
        let damaged = |reason: String| StoreError::Damaged {
            path: self.dir.file(&name).unwrap_or_default(),
            reason,
        };
        if value != raw {
            // It held a key (written before keys were stripped): keep it only as it is now.
            self.dir.write(&name, D::KIND.format, &value)?;
        }
        let draft: D = serde_json::from_value(value).map_err(|e| damaged(e.to_string()))?;
        if draft.application_id() != application_id {
            return Err(damaged(format!(
                "it holds the draft of application {}",
                draft.application_id()
            )));
        }
        Ok(Some(draft))
    }

    /// The application ids that have a draft of this kind, sorted. Only file names are read: a
    /// damaged draft is listed, and reported when loaded.
    pub fn list(&self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .dir
            .names_ending(D::KIND.suffix)?
            .into_iter()
            .filter(|id| checked_id(id).is_ok())
            .collect())
    }

    /// Removes the draft for `application_id`; discarding a draft that does not exist is fine.
    pub fn discard(&self, application_id: &str) -> Result<(), StoreError> {
        self.dir.remove(&file_name(&D::KIND, application_id)?)
    }

    /// Moves a damaged draft aside (kept under a dated name) so editing can start afresh.
    /// Returns where the copy went, or `None` when there was no file.
    pub fn set_aside(&self, application_id: &str) -> Result<Option<PathBuf>, StoreError> {
        let name = file_name(&D::KIND, application_id)?;
        if !self.dir.file(&name)?.exists() {
            return Ok(None);
        }
        self.dir.set_aside(&name).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;
    use crate::profile::ConnectionId;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Note {
        id: String,
        copy: Value,
    }

    impl StoredDraft for Note {
        const KIND: DraftKind = DraftKind {
            folder: "notes",
            suffix: ".note.json",
            format: 1,
        };
        fn application_id(&self) -> &str {
            &self.id
        }
    }

    fn store(root: &std::path::Path) -> DraftStore<Note> {
        let id = ConnectionId::new("sandbox").expect("a plain id");
        DraftStore::new(&ConnectionDir::new(root, &id)).expect("a store")
    }

    const KEY: &str = "-----BEGIN PRIVATE KEY-----\nSTORE-TEST-KEY\n-----END PRIVATE KEY-----";

    fn with_keys() -> Note {
        Note {
            id: "a1".into(),
            copy: json!({
                "config": {"idpPrivateKey": {"label": "IdP Private Key", "value": KEY}},
                "history": [{"config": {"idpPrivateKey": {"value": KEY}}}],
                "nested": {"spPrivateKey": KEY}
            }),
        }
    }

    #[test]
    fn no_private_key_reaches_the_file_at_any_depth() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = store(dir.path());
        store.save(&with_keys()).expect("save");
        let text = std::fs::read_to_string(store.path_of("a1").expect("name")).expect("file");
        assert!(!text.contains("STORE-TEST-KEY"), "{text}");
    }

    #[test]
    fn an_old_draft_with_a_key_loses_it_on_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = store(dir.path());
        // As an older SSO Desk wrote it: straight through the folder, key and all.
        let folder = ConnectionDir::new(dir.path(), &ConnectionId::new("sandbox").expect("id"))
            .sub("notes")
            .expect("folder");
        folder
            .write("a1.note.json", 1, &with_keys())
            .expect("an old draft");
        let loaded = store.load("a1").expect("load").expect("there");
        assert!(!loaded.copy.to_string().contains("STORE-TEST-KEY"));
        let text = std::fs::read_to_string(store.path_of("a1").expect("name")).expect("file");
        assert!(
            !text.contains("STORE-TEST-KEY"),
            "the file was rewritten: {text}"
        );
    }

    #[test]
    fn names_that_leave_the_folder_are_refused_and_damage_is_reported() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = store(dir.path());
        for bad in ["", "../x", "a/b", "a.b"] {
            assert!(
                matches!(store.load(bad), Err(StoreError::InvalidName(_))),
                "{bad:?}"
            );
        }
        let path = store.path_of("a1").expect("name");
        std::fs::create_dir_all(path.parent().expect("folder")).expect("folder");
        std::fs::write(&path, b"{\"format\": 1, \"value\": {\"id\": 3}}").expect("write");
        assert!(matches!(store.load("a1"), Err(StoreError::Damaged { .. })));
        let kept = store.set_aside("a1").expect("aside").expect("a copy");
        assert!(kept.exists() && !path.exists());
        assert_eq!(store.load("a1").expect("afresh"), None);
    }
}
