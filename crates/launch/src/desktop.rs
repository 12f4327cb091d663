//! What a launch sets in the process before anything else runs or reads it (the XDG folders, the
//! compositing switch), and the runs without a window (`--check-org`, `export|diff|apply`). Plain
//! `std`; the rules they apply (which folders, when to turn compositing off) live in the core's
//! `launch`.

use std::path::Path;

use sso_desk_core::connections::credentials::Keyring;
use sso_desk_core::launch::{self, LaunchArgs, SandboxLaunch, SnapshotCommand};
use sso_desk_core::profile::Profile;

/// The profile's folders, where Tauri keeps them on Linux (`$XDG_DATA_HOME/<identifier>`,
/// `identifier` as in tauri.conf.json).
fn profile_of(identifier: &str) -> Profile {
    let home = std::env::var_os("HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    let xdg = |var: &str, fallback: &str| {
        std::env::var_os(var)
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| home.join(fallback))
            .join(identifier)
    };
    Profile::new(
        xdg("XDG_DATA_HOME", ".local/share"),
        xdg("XDG_CONFIG_HOME", ".config"),
    )
}

/// The launches that open no window (`--check-org`, `export|diff|apply DIR`): run with a log on
/// standard error only; the exit code. `None` when the launch opens the window.
pub fn run_without_window(identifier: &str, args: &LaunchArgs) -> Option<i32> {
    if !args.check_org && args.snapshot.is_none() {
        return None;
    }
    let (stderr_only, _) = crate::log::dispatch(None, &crate::log::filter_from_env());
    let _ = tracing::dispatcher::set_global_default(stderr_only);
    Some(match &args.snapshot {
        Some(command) => snapshot(identifier, &args.sandbox, command),
        None => check_org(identifier, &args.sandbox),
    })
}

/// `sso-desk --check-org`: the fidelity report of the active connection on standard output; the
/// exit code.
pub fn check_org(identifier: &str, sandbox: &SandboxLaunch) -> i32 {
    match crate::check_org(profile_of(identifier), Keyring::default(), sandbox) {
        Ok(text) => {
            print!("{text}");
            0
        }
        Err(err) => {
            eprintln!("the organisation could not be checked: {err}");
            2
        }
    }
}

/// `sso-desk export|diff|apply DIR`: the report or JSON on standard output, errors on standard
/// error; the exit code (see [`sso_desk_core::desk::run_snapshot_command`]).
pub fn snapshot(identifier: &str, sandbox: &SandboxLaunch, command: &SnapshotCommand) -> i32 {
    let out = crate::snapshot_command(profile_of(identifier), Keyring::default(), sandbox, command);
    print!("{}", out.stdout);
    eprint!("{}", out.stderr);
    out.code
}

/// `--profile DIR` keeps everything the app writes (settings, cache, drafts, logs, web storage) under
/// DIR: a portable install, and a clean slate per end-to-end test. It must run before anything else
/// reads the XDG variables, which is why it is the first thing `run` does.
pub fn use_profile_folder(root: &Path) {
    for (var, sub) in [
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ] {
        std::env::set_var(var, root.join(sub));
    }
}

/// Turns WebKit's compositing off where [`launch::compositing_off`] says so. Runs before GTK or any
/// thread starts.
#[cfg(target_os = "linux")]
pub fn paint_without_compositing_when_there_is_no_gpu() {
    let render_nodes: Vec<String> = std::fs::read_dir("/dev/dri")
        .map(|dir| {
            dir.flatten()
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    if launch::compositing_off(
        std::env::var_os(launch::COMPOSITING_OFF).is_some(),
        &render_nodes,
    ) {
        std::env::set_var(launch::COMPOSITING_OFF, "1");
    }
}

/// `--report-paints`: a line `painted: WHAT (N rows)` on standard output each time a page has
/// painted its data, so a benchmark can time a launch from outside. Silent otherwise.
pub struct Paints {
    pub report: bool,
}

impl Paints {
    pub fn report(&self, what: &str, rows: u32) {
        if self.report {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            // Nobody reading is no reason to fail the UI's call.
            let _ = writeln!(out, "painted: {what} ({rows} rows)").and_then(|()| out.flush());
        }
    }
}

/// Runs an action once a burst of events has settled: each [`Settle::event`] restarts the wait,
/// and only the last event of a burst runs its action (the window's state is written once a move
/// or resize has stopped, not at every step). The caller spawns the future on its runtime.
#[derive(Clone, Default)]
pub struct Settle(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl Settle {
    pub fn event(
        &self,
        after: std::time::Duration,
        action: impl FnOnce() + Send + 'static,
    ) -> impl std::future::Future<Output = ()> + Send + 'static {
        use std::sync::atomic::Ordering;
        let this = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        let events = self.0.clone();
        async move {
            tokio::time::sleep(after).await;
            if events.load(Ordering::SeqCst) == this {
                action();
            }
        }
    }
}
