//! What a launch is asked for on the command line, read before anything starts, and the one
//! rendering choice the shell makes from the machine. The shell applies both; the rules live here.

use crate::secret::Secret;

/// Which sample organisation the embedded sandbox serves (`--sandbox-size`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SandboxSize {
    /// ~30 applications, 500 users: the app's own.
    #[default]
    Demo,
    /// 2,000 applications, 50,000 users: for benchmarks; it keeps its own data and cache.
    Large,
}

/// How the sandbox is reached: the `--sandbox-*` flags. Whoever starts the app turns it into a
/// [`crate::connections::sandbox::SandboxSource`]; the core starts no sandbox itself.
#[derive(Debug, Clone, Default)]
pub struct SandboxLaunch {
    /// 0 picks a free port.
    pub port: u16,
    pub size: SandboxSize,
    /// A fixed API key (`--sandbox-api-key`, for tests that talk to the sandbox next to the app);
    /// `None` draws a random key per start, so no other local program can guess it.
    pub api_key: Option<Secret>,
    /// A sandbox already running in its own process (`--sandbox-url`, with `--sandbox-api-key`):
    /// the app talks to it and starts no server of its own. Only an address on a loopback host is
    /// accepted.
    pub url: Option<String>,
    /// `--sandbox-orgs N`: the sandbox serves a provider's N organisations under one key, and the
    /// sandbox connection is a provider connection (0, the default: one organisation).
    pub orgs: usize,
}

/// `--theme light|dark`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

/// `sso-desk export|diff|apply DIR`: snapshots from the command line, without a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotVerb {
    /// Write the organisation's SSO setup to DIR.
    Export,
    /// Compare DIR with the organisation: exit 0 no drift, 1 drift, 2 error.
    Diff,
    /// Print the plan; write it only with `--yes`.
    Apply,
}

/// A snapshot command and its switches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotCommand {
    pub verb: SnapshotVerb,
    /// The folder; `None` when it was not given (refused with exit code 2).
    pub dir: Option<std::path::PathBuf>,
    /// `--json`: machine-readable output.
    pub json: bool,
    /// `--yes`: `apply` writes (without it, it only prints the plan).
    pub yes: bool,
    /// `--delete`: `apply` deletes the applications the snapshot lacks.
    pub delete: bool,
}

/// The command line, read by one parser so every flag takes `--flag VALUE` and `--flag=VALUE`.
#[derive(Debug, Default)]
pub struct LaunchArgs {
    /// `--profile DIR`: everything the app writes goes under DIR (the shell points the XDG folders
    /// there before anything reads them).
    pub profile: Option<std::path::PathBuf>,
    /// `--sandbox-port N`: the embedded sandbox listens on this loopback port instead of a free
    /// one, so a test (or a demo script) can reach its API next to the app.
    /// `--sandbox-size large`: it serves the large sample organisation (2,000 applications) instead
    /// of the demo one, for benchmarks; it keeps its own data and cache.
    /// `--sandbox-api-key KEY`: it accepts KEY instead of a random key drawn per start, so an
    /// end-to-end test can read and change the sandbox next to the app.
    /// `--sandbox-url URL`: no sandbox is embedded; the app talks to the standalone server
    /// (`sso-desk-sandbox`, whose own flags add latency or the odd application for benchmarks and
    /// tests) at URL with the `--sandbox-api-key` key.
    /// `--sandbox-orgs N`: the sandbox serves a provider's N organisations (`--orgs N`; with
    /// `--sandbox-url`, says the standalone one does), and the sandbox connection lists and
    /// switches between them.
    pub sandbox: SandboxLaunch,
    /// `--theme light|dark`: the window's theme instead of the desktop's, so the UI's
    /// `prefers-color-scheme` can be chosen per launch (end-to-end tests of both themes).
    /// Any other value keeps the desktop's.
    pub theme: Option<Theme>,
    /// `--check-org`: print the fidelity report of the active connection (read-only) and exit,
    /// without a window.
    pub check_org: bool,
    /// `--save-dir DIR`: exported files go into DIR without the native "Save as" dialog, which
    /// end-to-end tests cannot drive.
    pub save_dir: Option<std::path::PathBuf>,
    /// `--report-paints`: print a line each time a page has painted its data (benchmarks of the
    /// launch).
    pub report_paints: bool,
    /// `export|diff|apply DIR` (the first word that is not a flag or a flag's value): run it and
    /// exit, without a window.
    pub snapshot: Option<SnapshotCommand>,
}

impl LaunchArgs {
    /// Unknown arguments are ignored: WebDriver and desktop launchers add their own.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Self {
        let mut parsed = LaunchArgs::default();
        let mut args = args.into_iter();
        let (mut json, mut yes, mut delete) = (false, false, false);
        while let Some(arg) = args.next() {
            if !arg.starts_with('-') {
                match &mut parsed.snapshot {
                    None => {
                        let verb = match arg.as_str() {
                            "export" => SnapshotVerb::Export,
                            "diff" => SnapshotVerb::Diff,
                            "apply" => SnapshotVerb::Apply,
                            _ => continue,
                        };
                        parsed.snapshot = Some(SnapshotCommand {
                            verb,
                            dir: None,
                            json: false,
                            yes: false,
                            delete: false,
                        });
                    }
                    Some(command) if command.dir.is_none() => command.dir = Some(arg.into()),
                    Some(_) => {}
                }
                continue;
            }
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
                None => (arg, None),
            };
            match flag.as_str() {
                "--check-org" => parsed.check_org = true,
                "--report-paints" => parsed.report_paints = true,
                "--json" => json = true,
                "--yes" => yes = true,
                "--delete" => delete = true,
                _ => {}
            }
            if !matches!(
                flag.as_str(),
                "--profile"
                    | "--sandbox-port"
                    | "--sandbox-size"
                    | "--sandbox-api-key"
                    | "--sandbox-url"
                    | "--sandbox-orgs"
                    | "--theme"
                    | "--save-dir"
            ) {
                continue;
            }
            let Some(value) = inline.or_else(|| args.next()) else {
                break;
            };
            match flag.as_str() {
                "--profile" => parsed.profile = Some(value.into()),
                "--save-dir" => parsed.save_dir = Some(value.into()),
                // An unreadable port falls back to a free one rather than refusing to start.
                "--sandbox-port" => parsed.sandbox.port = value.parse().unwrap_or(0),
                "--sandbox-api-key" => parsed.sandbox.api_key = Some(Secret::new(value)),
                "--sandbox-url" => parsed.sandbox.url = Some(value),
                "--sandbox-orgs" => parsed.sandbox.orgs = value.parse().unwrap_or(0),
                "--theme" => {
                    parsed.theme = match value.as_str() {
                        "dark" => Some(Theme::Dark),
                        "light" => Some(Theme::Light),
                        _ => None,
                    }
                }
                _ => {
                    parsed.sandbox.size = match value.as_str() {
                        "large" => SandboxSize::Large,
                        _ => SandboxSize::Demo,
                    }
                }
            }
        }
        if let Some(command) = &mut parsed.snapshot {
            (command.json, command.yes, command.delete) = (json, yes, delete);
        }
        parsed
    }
}

/// Read by WebKitGTK when it starts.
pub const COMPOSITING_OFF: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Whether to turn WebKit's compositing off: only when the variable is not set already and
/// `/dev/dri` holds no render node (`renderD128`, ...). WebKitGTK composites a page with OpenGL; on
/// a machine with no GPU (a VM, a remote desktop, a CI runner) that OpenGL is Mesa's software
/// renderer, and the first frames of a page then take 200-500 ms each; painting without
/// compositing brings the first page with data about 300 ms sooner there
/// (`tests/bench/start-memory.mjs`).
pub fn compositing_off(already_set: bool, dri_entries: &[String]) -> bool {
    !already_set && !dri_entries.iter().any(|name| name.starts_with("renderD"))
}

#[cfg(test)]
mod tests {
    use super::{LaunchArgs, SandboxSize, Theme};
    use crate::secret::Secret;

    #[test]
    fn compositing_is_turned_off_only_without_a_render_node_and_an_explicit_choice() {
        let names = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert!(super::compositing_off(false, &[]), "no /dev/dri at all");
        assert!(
            super::compositing_off(false, &names(&["card0"])),
            "a display card without a render node renders in software"
        );
        assert!(
            !super::compositing_off(false, &names(&["card0", "renderD128"])),
            "a GPU keeps WebKit's default"
        );
        assert!(
            !super::compositing_off(true, &[]),
            "a value the user set is theirs"
        );
    }

    fn parse(args: &[&str]) -> LaunchArgs {
        LaunchArgs::parse(args.iter().map(|a| (*a).to_owned()))
    }

    #[test]
    fn reads_both_spellings_and_ignores_other_flags() {
        let args = parse(&["--verbose", "--profile", "p", "--sandbox-port=4100"]);
        assert_eq!(args.profile.as_deref(), Some(std::path::Path::new("p")));
        assert_eq!(args.sandbox.port, 4100, "--flag=VALUE is read");
        let args = parse(&[
            "--sandbox-port",
            "4101",
            "--profile=q",
            "--sandbox-size",
            "large",
        ]);
        assert_eq!(args.sandbox.port, 4101, "--flag VALUE is read");
        assert_eq!(args.sandbox.size, SandboxSize::Large);
        assert_eq!(parse(&["--sandbox-orgs", "3"]).sandbox.orgs, 3);
        assert_eq!(
            parse(&["--sandbox-orgs=x"]).sandbox.orgs,
            0,
            "unreadable: one org"
        );
        assert_eq!(args.profile.as_deref(), Some(std::path::Path::new("q")));
        let args = parse(&["--check-org", "--report-paints", "--profile", "p"]);
        assert!(
            args.check_org && args.report_paints,
            "switches take no value"
        );
        assert!(
            args.save_dir.is_none(),
            "exports ask where to go unless told"
        );
        assert_eq!(args.profile.as_deref(), Some(std::path::Path::new("p")));
        let args = parse(&["--sandbox-url=http://127.0.0.1:4100"]);
        assert_eq!(args.sandbox.url.as_deref(), Some("http://127.0.0.1:4100"));
        let args = parse(&["--save-dir=out"]);
        assert_eq!(args.save_dir.as_deref(), Some(std::path::Path::new("out")));
        let args = parse(&["--sandbox-api-key", "k1"]);
        assert_eq!(
            args.sandbox.api_key.as_ref().map(Secret::expose),
            Some("k1"),
            "a fixed key is read"
        );
        assert!(
            !format!("{args:?}").contains("k1"),
            "the key is not printed with the arguments"
        );
        assert!(
            parse(&[]).sandbox.api_key.is_none(),
            "no flag: a random key"
        );
    }

    #[test]
    fn reads_the_theme_and_keeps_the_desktops_for_anything_else() {
        assert_eq!(parse(&["--theme", "dark"]).theme, Some(Theme::Dark));
        assert_eq!(parse(&["--theme=light"]).theme, Some(Theme::Light));
        assert_eq!(
            parse(&["--theme", "sepia"]).theme,
            None,
            "an unknown theme is ignored"
        );
        assert_eq!(parse(&[]).theme, None, "no flag: the desktop's theme");
        let args = parse(&["--theme", "dark", "--profile", "p"]);
        assert_eq!(args.profile.as_deref(), Some(std::path::Path::new("p")));
    }

    #[test]
    fn a_snapshot_command_combines_with_the_launch_flags() {
        use super::{SnapshotCommand, SnapshotVerb};
        let args = parse(&[
            "--profile",
            "p",
            "--sandbox-url",
            "http://127.0.0.1:1",
            "--sandbox-api-key=k",
            "diff",
            "snap",
            "--json",
        ]);
        assert_eq!(
            args.snapshot,
            Some(SnapshotCommand {
                verb: SnapshotVerb::Diff,
                dir: Some("snap".into()),
                json: true,
                yes: false,
                delete: false
            })
        );
        assert_eq!(args.profile.as_deref(), Some(std::path::Path::new("p")));
        assert_eq!(args.sandbox.url.as_deref(), Some("http://127.0.0.1:1"));
        let args = parse(&["apply", "--yes", "d", "--delete"]);
        let command = args.snapshot.expect("apply");
        assert_eq!(command.verb, SnapshotVerb::Apply);
        assert!(command.yes && command.delete && !command.json);
        assert_eq!(command.dir.as_deref(), Some(std::path::Path::new("d")));
        assert_eq!(parse(&["export"]).snapshot.expect("export").dir, None);
        assert!(
            parse(&["--profile", "export"]).snapshot.is_none(),
            "a flag's value is not a command"
        );
        assert!(
            parse(&["file:///x"]).snapshot.is_none(),
            "other words are ignored"
        );
    }

    #[test]
    fn an_unreadable_port_means_a_free_one() {
        assert_eq!(parse(&["--sandbox-port", "http"]).sandbox.port, 0);
        assert_eq!(parse(&["--sandbox-port"]).sandbox.port, 0);
        assert!(
            parse(&["--profile"]).profile.is_none(),
            "a flag without its value is ignored"
        );
    }
}
