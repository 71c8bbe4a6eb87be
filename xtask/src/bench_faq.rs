//! `cargo xtask bench faq`: our FAQ matcher (wasm) against MiniSearch, FlexSearch and Fuse.js in headless
//! Chromium, on the same knowledge base and labelled questions. It prints figures; nothing fails on them.
//!
//! This side builds `bangban-faq-wasm` for wasm32 (`wasm-release` profile), runs wasm-bindgen in-process and
//! `wasm-opt -Oz` when available (as `cargo xtask build` does for the apps) into `dist/bench/`, then runs
//! `node e2e/bench/faq.mjs`. That runner generates the larger knowledge bases (the rule is printed and
//! described in `data/eval/README.md` under "Benchmark"), serves `dist/bench/`, `e2e/bench/` and the engines'
//! ESM builds from a loopback-only `node:http` server, drives `e2e/bench/faq.html` in Debian's Chromium through
//! `playwright-core`, and prints the table. The JavaScript engines come from `e2e/node_modules` (`npm ci` in
//! `e2e/`).

use anyhow::{Context, Result, bail};

use crate::build::{bindgen_file, find_wasm_opt, optimize};
use crate::util::{self, cargo, root};

/// Where Debian installs Chromium (the tests' path); the `CHROMIUM` environment variable overrides it.
use crate::test::CHROMIUM;

/// Builds the wasm matcher and runs the browser benchmark; with `--build-only`, only builds the matcher into
/// `dist/bench/` (for timing it in Node or a profiler, as `data/eval/README.md` describes).
pub(crate) fn run(args: &[&str]) -> Result<()> {
    let build_only = match args {
        [] => false,
        ["--build-only"] => true,
        _ => bail!("usage: cargo xtask bench faq [--build-only]"),
    };
    let root = root();
    // What the tests install, the benchmark installs too: the peers and Playwright from e2e's lock file,
    // Debian's Chromium unless `CHROMIUM` names another.
    crate::test::ensure_npm_packages(&root.join("e2e"))?;
    for module in ["playwright-core", "minisearch", "flexsearch", "fuse.js"] {
        if !root.join("e2e/node_modules").join(module).is_dir() {
            bail!(
                "e2e/node_modules/{module} is missing after `npm ci`: is it in e2e/package.json?"
            );
        }
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| CHROMIUM.into());
    if chromium == CHROMIUM {
        crate::test::ensure_chromium()?;
    }
    if !std::path::Path::new(&chromium).is_file() {
        bail!("{chromium} not found: `apt-get install chromium`, or set CHROMIUM");
    }
    util::ensure_toolchain()?;
    util::run(cargo().current_dir(&root).args([
        "build",
        "-p",
        "bangban-faq-wasm",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]))?;
    // A cdylib's file name uses underscores.
    let input = root.join("target/wasm32-unknown-unknown/wasm-release/bangban_faq_wasm.wasm");
    let out = root.join("dist/bench");
    bindgen_file(&input, "faq", &out)?;
    match find_wasm_opt(&root) {
        Some(tool) => optimize(&tool, &out.join("faq_bg.wasm"))?,
        None => eprintln!("xtask: wasm-opt not found (npm ci in e2e/ provides one); skipping -Oz"),
    }
    if build_only {
        return Ok(());
    }
    let node = util::on_path("node").context("node is not on the PATH")?;
    util::run(
        std::process::Command::new(node)
            .current_dir(&root)
            .arg("e2e/bench/faq.mjs")
            .env("CHROMIUM", chromium),
    )
}
