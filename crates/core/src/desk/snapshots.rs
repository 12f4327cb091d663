//! The Snapshots page and `sso-desk export|diff|apply`: export the active connection's
//! organisation to a folder, compare a folder with it, apply a folder onto it. One use case each;
//! the command line runs the same ones ([`run_snapshot_command`]).

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use super::{AppError, Desk};
use crate::connections::credentials::Keyring;
use crate::connections::sandbox::SandboxSource;
use crate::launch::{SnapshotCommand, SnapshotVerb};
use crate::profile::Profile;
use crate::snapshots::{self, ApplyOutcome, Drift, ExportSummary, SnapshotError};

impl From<SnapshotError> for AppError {
    fn from(err: SnapshotError) -> Self {
        match err {
            SnapshotError::Folder { message } => AppError::invalid("folder", message),
            SnapshotError::Api(err) => err.into(),
        }
    }
}

/// A folder compared with the organisation: the drift (also the apply's plan) and its report.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotComparison {
    /// The snapshot folder, as the UI shows it and hands back to apply.
    pub folder: String,
    pub drift: Drift,
    /// When the snapshot was exported, and from which organisation.
    pub exported_at: String,
    pub organization: String,
    /// The report as text, as `sso-desk diff` prints it.
    pub report: String,
}

/// Snapshots of the active connection's organisation.
pub struct Snapshots<'a>(pub(super) &'a Desk);

impl Snapshots<'_> {
    /// Writes the organisation's SSO setup to `dir` (see [`snapshots::export`]).
    pub async fn export(&self, dir: &Path) -> Result<ExportSummary, AppError> {
        let connected = self.0.session().connect().await?;
        let organization = self.0.session().status().await.name;
        Ok(snapshots::export(&connected.client, dir, &organization).await?)
    }

    /// Compares the snapshot in `dir` with the organisation now.
    pub async fn compare(&self, dir: &Path, delete: bool) -> Result<SnapshotComparison, AppError> {
        let snapshot = snapshots::read(dir)?;
        let connected = self.0.session().connect().await?;
        let org = connected.client.sync(&|_| {}).await?;
        let drift = snapshots::compare(&snapshot, &org);
        Ok(SnapshotComparison {
            folder: dir.display().to_string(),
            report: snapshots::drift_text(&drift, delete),
            drift,
            exported_at: snapshot.manifest.exported_at,
            organization: snapshot.manifest.organization,
        })
    }

    /// Applies the snapshot in `dir` onto the organisation; deletes applications it lacks only
    /// when `delete`.
    pub async fn apply(&self, dir: &Path, delete: bool) -> Result<ApplyOutcome, AppError> {
        let snapshot = snapshots::read(dir)?;
        let connected = self.0.session().connect().await?;
        let log = self.0.change_log(&connected.id);
        Ok(snapshots::apply(&connected.client, &log, &snapshot, delete).await?)
    }
}

/// What a snapshot command prints, and its exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandOutput {
    pub code: i32,
    /// Standard output: the report (made printable) or JSON.
    pub stdout: String,
    /// Standard error: why it failed (made printable).
    pub stderr: String,
}

/// JSON for a terminal or a script: serde_json escapes control characters already; the
/// bidirectional controls it leaves are written as `\uXXXX` escapes too (still the same JSON).
fn json_text<T: Serialize>(value: &T) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        if matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

/// `sso-desk export|diff|apply DIR`: a runtime of its own, no window. Exit codes: `diff` 0 no
/// drift, 1 drift; `apply` 0 when every step was done (or only planned), 1 when one failed;
/// 2 for any error (no folder, not a snapshot, no connection). Text reaching a terminal holds
/// only printable characters ([`crate::terminal::printable`]) and never a secret.
pub fn run_snapshot_command(
    profile: Profile,
    keyring: Keyring,
    sandbox: Arc<dyn SandboxSource>,
    command: &SnapshotCommand,
) -> CommandOutput {
    let failed = |message: String| CommandOutput {
        code: 2,
        stdout: String::new(),
        stderr: crate::terminal::printable(&format!("sso-desk: {message}\n")),
    };
    let Some(dir) = command.dir.as_deref() else {
        return failed("export, diff and apply need a folder: sso-desk diff DIR".into());
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => return failed(err.to_string()),
    };
    let result: Result<(i32, String), AppError> = runtime.block_on(async {
        let desk = Desk::new(profile, keyring, sandbox);
        let snapshots = desk.snapshots();
        match command.verb {
            SnapshotVerb::Export => {
                let summary = snapshots.export(dir).await?;
                let text = if command.json {
                    json_text(&summary)
                } else {
                    format!(
                        "Exported {} application(s) to {} ({} file(s) written, {} removed).\n",
                        summary.applications, summary.folder, summary.written, summary.removed
                    )
                };
                Ok((0, text))
            }
            SnapshotVerb::Diff => {
                let comparison = snapshots.compare(dir, false).await?;
                let code = i32::from(!comparison.drift.is_empty());
                let text = if command.json {
                    json_text(&comparison.drift)
                } else {
                    comparison.report
                };
                Ok((code, text))
            }
            SnapshotVerb::Apply => {
                let plan = snapshots.compare(dir, command.delete).await?;
                if !command.yes || plan.drift.is_empty() {
                    let text = if command.json {
                        json_text(&serde_json::json!({"plan": plan.drift, "applied": false}))
                    } else if plan.drift.is_empty() {
                        plan.report
                    } else {
                        format!("{}Nothing was written: add --yes to apply this plan.\n", plan.report)
                    };
                    return Ok((0, text));
                }
                let outcome = snapshots.apply(dir, command.delete).await?;
                let code = i32::from(!outcome.failed.is_empty());
                let text = if command.json {
                    json_text(&serde_json::json!({"plan": plan.drift, "applied": true, "outcome": outcome}))
                } else {
                    format!("{}{}", plan.report, snapshots::apply_text(&outcome))
                };
                Ok((code, text))
            }
        }
    });
    match result {
        Ok((code, text)) => CommandOutput {
            code,
            stdout: if command.json {
                text
            } else {
                crate::terminal::printable(&text)
            },
            stderr: String::new(),
        },
        Err(err) => failed(err.to_string()),
    }
}
