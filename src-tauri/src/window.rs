//! The window is remembered between starts: its size, position and maximised state through
//! tauri-plugin-window-state (kept in the config folder, so under `--profile`, and restored as
//! the window opens). The plugin saves at a clean exit; this also saves shortly after each move or
//! resize, so a session that ends without one (a logout, a killed process) keeps it too. The last
//! page is the UI's to remember (see the `pages` commands).

use std::time::Duration;

use sso_desk_launch::desktop::Settle;
use tauri::{Manager, Runtime, WebviewWindow, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

const FLAGS: StateFlags = StateFlags::SIZE
    .union(StateFlags::POSITION)
    .union(StateFlags::MAXIMIZED);

/// How long the window must stay still before its state is written.
const SETTLE: Duration = Duration::from_millis(300);

pub fn plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_window_state::Builder::default()
        .with_state_flags(FLAGS)
        .build()
}

/// Saves the window's state once it has settled after a move or a resize.
pub fn save_when_settled<R: Runtime>(window: &WebviewWindow<R>) {
    let (settle, app) = (Settle::default(), window.app_handle().clone());
    window.on_window_event(move |event| {
        if matches!(event, WindowEvent::Resized(_) | WindowEvent::Moved(_)) {
            let app = app.clone();
            tauri::async_runtime::spawn(settle.event(SETTLE, move || {
                if let Err(err) = app.save_window_state(FLAGS) {
                    tracing::debug!("the window's state was not saved: {err}");
                }
            }));
        }
    });
}
