//! An empty Tauri v2 app: one window that paints one line. Built in SSO Desk's workspace with the
//! same profile and features, it is the yardstick `tests/bench/start-memory.mjs` measures SSO
//! Desk's launch time and memory against. Its page calls `painted` once the line is on screen;
//! the app then prints `painted: empty (1 rows)`, as SSO Desk does with `--report-paints`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::io::Write;

#[tauri::command]
fn painted() {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "painted: empty (1 rows)").and_then(|()| out.flush());
}

fn main() {
    if let Err(err) = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .run(tauri::generate_context!())
    {
        eprintln!("the empty app stopped: {err}");
        std::process::exit(1);
    }
}
