//! The safe save of an edited application: JumpCloud's `PUT` replaces the whole object and offers
//! no ETag, so a save always sends the complete object, rebuilt on the server's current copy.
//!
//! 1. Read the application as it is now ("theirs").
//! 2. Replay the admin's changes (base → edited) onto it with a three-way merge. Fields that
//!    someone else changed differently meanwhile make the save a [`SaveResult::Conflict`] with
//!    both sides, and nothing is written.
//! 3. `PUT` the merged object. The client never repeats a `PUT` whose outcome is unknown: a
//!    timeout or a 5xx may have been applied, and resending the same body would overwrite an edit
//!    made meanwhile. Instead this layer starts again from step 1, so the retry is merged onto
//!    whatever the server holds then (the admin's own change, already applied, merges as a no-op).
//! 4. Read the application back and compare it with what was sent: anything the server changed
//!    (a value normalised, a key dropped) is returned with the result, never silent.
//!
//! Before each `PUT`, the fresh copy must hold the IdP private key when the application has an IdP
//! certificate, and after it a changed certificate is reported (see [`super::certificate_guard`]).
//!
//! The HTTP client only GETs and PUTs; merging and its outcome live here.

use serde_json::Value;

use super::certificate_guard::{change_of, refusal, CertificateChange};
use super::json_diff::{diff, merge3, FieldChange, FieldConflict};
use crate::jumpcloud::{Application, Client, Error};

/// How many times the read-merge-write cycle is tried when the write's outcome is unknown.
const ATTEMPTS: u32 = 3;

/// What a save did.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveResult {
    /// JumpCloud holds the merge. `stored` is what a read-back returned; `differences` lists what
    /// the server stored differently from what was sent (empty when it kept every byte);
    /// `certificate` says when JumpCloud holds another IdP certificate after the write.
    Saved {
        /// The fresh copy the write was merged onto (what JumpCloud held just before it).
        before: Value,
        stored: Value,
        differences: Vec<FieldChange>,
        certificate: Option<CertificateChange>,
    },
    /// Someone else changed the same fields meanwhile: nothing was written.
    Conflict {
        theirs: Value,
        conflicts: Vec<FieldConflict>,
    },
}

/// Whether an error leaves the write's outcome unknown and a fresh read-merge-write is worth it.
fn outcome_unknown(err: &Error) -> bool {
    matches!(
        err,
        Error::Timeout | Error::Network { .. } | Error::Server { .. }
    )
}

/// Saves `edited` (the admin's copy of `base`) onto the application as JumpCloud holds it now.
/// See the module notes.
pub async fn save_application(
    client: &Client,
    base: &Value,
    edited: &Value,
) -> Result<SaveResult, Error> {
    let id = application_id(base, edited)?;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let theirs = client.get_application(&id).await?.into_value();
        let merged = match merge3(base, edited, &theirs) {
            Ok(merged) => merged,
            Err(conflicts) => return Ok(SaveResult::Conflict { theirs, conflicts }),
        };
        if merged == theirs {
            return Ok(SaveResult::Saved {
                before: theirs.clone(),
                stored: theirs,
                differences: Vec::new(),
                certificate: None,
            });
        }
        if let Some(reason) = refusal(&theirs) {
            return Err(Error::Invalid {
                message: reason.to_owned(),
            });
        }
        match client.put_application(&id, &merged).await {
            Ok(_) => return verify(client, &id, &theirs, &merged).await,
            Err(err) if outcome_unknown(&err) && attempt < ATTEMPTS => {
                tracing::debug!(
                    attempt,
                    code = err.code(),
                    "save outcome unknown; merging again"
                );
            }
            Err(err) => return Err(err),
        }
    }
}

/// Reads the application back and lists what differs from `sent`, and whether its IdP certificate
/// is another than `before`'s.
async fn verify(
    client: &Client,
    id: &str,
    before: &Value,
    sent: &Value,
) -> Result<SaveResult, Error> {
    let stored = client.get_application(id).await?.into_value();
    let certificate = change_of(before, &stored);
    if certificate.is_some() {
        tracing::warn!(
            application = id,
            "JumpCloud issued a new IdP certificate during a save"
        );
    }
    let differences = diff(sent, &stored);
    if !differences.is_empty() {
        tracing::warn!(
            application = id,
            fields = differences.len(),
            "JumpCloud stored the application differently from what was sent"
        );
    }
    Ok(SaveResult::Saved {
        before: before.clone(),
        stored,
        differences,
        certificate,
    })
}

fn application_id(base: &Value, edited: &Value) -> Result<String, Error> {
    let id_of =
        |v: &Value| Application::from_json(v.clone()).and_then(|a| a.id().map(str::to_owned));
    let Some(id) = id_of(edited).or_else(|| id_of(base)) else {
        return Err(Error::Invalid {
            message: "the application has no id".into(),
        });
    };
    if id_of(base).is_some_and(|b| b != id) {
        return Err(Error::Invalid {
            message: "the edit belongs to another application".into(),
        });
    }
    Ok(id)
}
