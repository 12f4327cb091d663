//! `sso-desk-sandbox`: serves the sample organisation (or, with `--orgs N`, a provider's N
//! organisations) until killed, for tests, benchmarks and demos. Prints exactly one line, `listening on http://127.0.0.1:PORT`, once it accepts requests.

use std::io::Write;
use std::process::ExitCode;

use sso_desk_sandbox::{SandboxOptions, Size, DEFAULT_API_KEY};

const USAGE: &str = "usage: sso-desk-sandbox --data DIR [--port N] [--seed N] [--size demo|large] \
[--api-key KEY] [--latency-ms N] [--fault-rate P] [--fault-kinds K,K,..] [--commit-delay-ms N] \
[--filter-lag-ms N] [--mask-private-key] [--seed-odd-application] [--orgs N] \
[--org-applications N]";

fn parse(args: &[String]) -> Result<SandboxOptions, String> {
    let mut data = None;
    // The documented fixed key, unlike the library's random one: curl examples must work as written.
    let mut opts = SandboxOptions::new("").with_api_key(DEFAULT_API_KEY);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            return Err(USAGE.to_string());
        }
        if flag == "--seed-odd-application" {
            opts.odd_application = true;
            continue;
        }
        if flag == "--mask-private-key" {
            opts.mask_private_key = true;
            continue;
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let bad = |what: &str| format!("{flag}: {what}, got {value:?}");
        match flag.as_str() {
            "--data" => data = Some(value.clone()),
            "--port" => opts.port = value.parse().map_err(|_| bad("expected a port number"))?,
            "--seed" => opts.seed = value.parse().map_err(|_| bad("expected an integer"))?,
            "--size" => {
                opts.size = match value.as_str() {
                    "demo" => Size::Demo,
                    "large" => Size::Large,
                    _ => return Err(bad("expected demo or large")),
                }
            }
            "--api-key" => opts.api_key = Some(value.clone()),
            "--latency-ms" => {
                opts.latency_ms = value.parse().map_err(|_| bad("expected milliseconds"))?
            }
            "--fault-rate" => {
                opts.fault_rate = value
                    .parse()
                    .map_err(|_| bad("expected a number in 0..=1"))?
            }
            "--fault-kinds" => {
                opts.fault_kinds = value.split(',').map(|k| k.trim().to_string()).collect()
            }
            "--commit-delay-ms" => {
                opts.commit_delay_ms = value.parse().map_err(|_| bad("expected milliseconds"))?
            }
            "--filter-lag-ms" => {
                opts.filter_lag_ms = value.parse().map_err(|_| bad("expected milliseconds"))?
            }
            "--orgs" => opts.orgs = value.parse().map_err(|_| bad("expected a count"))?,
            "--org-applications" => {
                opts.org_applications = Some(value.parse().map_err(|_| bad("expected a count"))?)
            }
            _ => return Err(format!("unknown option {flag}\n{USAGE}")),
        }
    }
    opts.data_dir = data
        .ok_or_else(|| format!("--data is required\n{USAGE}"))?
        .into();
    Ok(opts)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match parse(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let sandbox = match sso_desk_sandbox::start(opts).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("sso-desk-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout();
    let _ = writeln!(out, "listening on {}", sandbox.url());
    let _ = out.flush();
    let _ = tokio::signal::ctrl_c().await;
    sandbox.stop().await;
    ExitCode::SUCCESS
}
