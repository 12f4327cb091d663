//! The assertion debugger: the responses in what was pasted or dropped, and one checked.

use sso_desk_command::command;
use sso_desk_core::debugger::{DebuggerReport, FoundResponse};
use sso_desk_core::desk::Desk;
use tauri::State;

use crate::AppError;

/// The SAML responses in pasted text or a file's text (a HAR file, a SAML-tracer export).
#[command]
pub async fn find_saml_responses(
    text: String,
    desk: State<'_, Desk>,
) -> Result<Vec<FoundResponse>, AppError> {
    desk.debugger().find(&text)
}

/// One response decoded and checked against its application, line by line.
#[command]
pub async fn inspect_saml_response(
    value: String,
    desk: State<'_, Desk>,
) -> Result<DebuggerReport, AppError> {
    desk.debugger().inspect(&value).await
}
