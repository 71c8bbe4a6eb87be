//! `cargo xtask`: builds, serves and tests bangban without any tool downloaded at build time.
//!
//! - `cargo xtask build`: both Leptos apps for wasm32, wasm-bindgen in-process, `wasm-opt -Oz` when available,
//!   into `dist/widget/` and `dist/console/`, where the server serves them.
//! - `cargo xtask serve`: build, then `bangban serve --demo` on 127.0.0.1:8080 (honours `BANGBAN_DEMO_PASSWORD`).
//! - `cargo xtask test`: every test: unit, server integration, and Playwright in Debian's Chromium, installing
//!   what is missing (Chromium with apt-get, Playwright with npm ci) or saying exactly what is missing.
//! - `cargo xtask bench size`: download sizes (bytes and gzip) of the loader and both apps.
//! - `cargo xtask bench chat [--citizens N] [--agents M] [--seconds S]`: the chat load test against the release
//!   server (defaults 5,000 citizens, 200 agents, 30 s steady): connections, messages/s, latency, RSS, restart.
//! - `cargo xtask bench faq [--build-only]`: our wasm FAQ matcher against MiniSearch, FlexSearch and Fuse.js in headless
//!   Chromium (`--build-only`: only build the matcher into `dist/bench/`).

mod bench;
mod bench_chat;
mod bench_faq;
mod build;
mod test;
mod util;

use anyhow::{Result, bail};

fn main() -> std::process::ExitCode {
    match real_main() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn real_main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    match args.first().map(String::as_str) {
        Some("build") => build::build_apps(),
        Some("serve") => serve(&rest),
        Some("test") => test::run(&rest),
        Some("bench") => bench::run(&rest),
        _ => {
            eprintln!(
                "usage: cargo xtask <build | serve [ARGS...] | test [--no-e2e] [PLAYWRIGHT ARGS...] | bench size|chat|faq>"
            );
            bail!("unknown or missing command")
        }
    }
}

/// Builds everything and runs the server in the foreground with demo data.
fn serve(extra: &[&str]) -> Result<()> {
    build::build_apps()?;
    let root = util::root();
    let mut args = vec!["run", "-p", "bangban-server", "--", "serve", "--demo"];
    args.extend_from_slice(extra);
    util::run(util::cargo().args(&args).current_dir(&root))
}
