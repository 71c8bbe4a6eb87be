//! `cargo xtask test`: every test, from a clean clone, installing what the tests need.
//!
//! Order: formatting, unit and integration tests (`cargo test --workspace`, linted by clippy as they compile), the
//! wasm build of both apps, then Playwright against the server binary that `cargo test` built, in Debian's
//! Chromium. With `--no-e2e`, the core crate is checked for wasm32 instead of the app build.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Result, bail};

use crate::build::build_apps;
use crate::util::{self, cargo, root};

/// Where Debian installs Chromium.
pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";

/// Runs everything; `--no-e2e` skips the browser tests; other arguments go to Playwright.
pub(crate) fn run(args: &[&str]) -> Result<()> {
    let started = Instant::now();
    let root = root();
    let no_e2e = args.contains(&"--no-e2e");
    let playwright_args: Vec<&str> = args.iter().copied().filter(|a| *a != "--no-e2e").collect();
    util::ensure_toolchain()?;

    util::run(
        cargo()
            .current_dir(&root)
            .args(["fmt", "--all", "--", "--check"]),
    )?;
    // Clippy lints every target while `cargo test` compiles it: `clippy-driver` stands in for rustc on the
    // workspace's own crates (as `cargo clippy` runs it), so the dependencies are compiled once, for the
    // tests, instead of once more in check mode. A lint fails the build as `cargo clippy -- -D warnings` would.
    util::run(
        cargo()
            .current_dir(&root)
            .args(["test", "--workspace", "--locked"])
            .env("RUSTC_WORKSPACE_WRAPPER", util::clippy_driver()?)
            .env(
                "CLIPPY_ARGS",
                "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__",
            ),
    )?;
    if no_e2e {
        // The wasm build below compiles the core crate for wasm32 too.
        util::run(cargo().current_dir(&root).args([
            "check",
            "-p",
            "bangban-core",
            "--target",
            "wasm32-unknown-unknown",
            "--locked",
        ]))?;
    }
    if !no_e2e {
        ensure_chromium()?;
        ensure_npm_packages(&root.join("e2e"))?;
        build_apps()?;
        let mut cmd = Command::new("npx");
        cmd.current_dir(root.join("e2e"))
            .args(["playwright", "test"])
            .args(&playwright_args)
            // The server binary that `cargo test` built for its own integration tests (a separate
            // `cargo build -p bangban-server` would resolve features differently and rebuild most of them).
            .env("BANGBAN_BIN", root.join("target/debug/bangban"))
            .env("CHROMIUM_PATH", CHROMIUM);
        util::run(&mut cmd)?;
    }
    eprintln!(
        "xtask: all tests passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Debian's Chromium: installed with apt-get when missing and we are root; otherwise say what to do.
pub(crate) fn ensure_chromium() -> Result<()> {
    if Path::new(CHROMIUM).is_file() {
        return Ok(());
    }
    if !is_root() {
        bail!(
            "Chromium is missing: run `sudo apt-get install -y chromium` (the tests use {CHROMIUM})"
        );
    }
    eprintln!("xtask: installing Debian's chromium with apt-get");
    util::run(Command::new("apt-get").args(["update", "-q"]))?;
    util::run(
        Command::new("apt-get")
            .args(["install", "-y", "-q", "--no-install-recommends", "chromium"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    if !Path::new(CHROMIUM).is_file() {
        bail!("apt-get ran but {CHROMIUM} is still missing");
    }
    Ok(())
}

/// Playwright Test and binaryen from `e2e/package-lock.json`, with `npm ci` when they are missing or stale.
pub(crate) fn ensure_npm_packages(e2e: &Path) -> Result<()> {
    if util::on_path("npm").is_none() {
        bail!(
            "npm is missing: install Node.js 20 or newer (Debian: apt-get install -y nodejs npm)"
        );
    }
    let marker = e2e.join("node_modules/.package-lock.json");
    let fresh = match (
        std::fs::metadata(&marker),
        std::fs::metadata(e2e.join("package-lock.json")),
    ) {
        (Ok(installed), Ok(lock)) => installed.modified()? >= lock.modified()?,
        _ => false,
    };
    if !fresh {
        util::run(
            Command::new("npm")
                .current_dir(e2e)
                .args(["ci", "--no-audit", "--no-fund"])
                .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
        )?;
    }
    Ok(())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}
