//! `cargo xtask bench ...`: benchmarks that print figures (never timed tests).
//!
//! - `size`: bytes and gzip bytes of what a browser downloads: the loader, each app's JS glue and wasm.
//! - `chat`: the chat load test (connections held, messages/s, delivery latency, RSS, reconnect storm); see
//!   [`crate::bench_chat`].
//! - `faq`: our wasm FAQ matcher against MiniSearch, FlexSearch and Fuse.js in headless Chromium (accuracy,
//!   latency, index build time, snapshot size); see [`crate::bench_faq`].

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::build::build_apps;
use crate::util::root;

/// Runs the named benchmark.
pub(crate) fn run(args: &[&str]) -> Result<()> {
    match args.first().copied() {
        Some("size") => size(),
        Some("chat") => crate::bench_chat::run(&args[1..]),
        Some("faq") => crate::bench_faq::run(&args[1..]),
        _ => bail!(
            "usage: cargo xtask bench size | cargo xtask bench chat [--citizens N] [--agents M] [--seconds S] \
             [--peak-seconds P] | cargo xtask bench faq [--build-only]"
        ),
    }
}

fn size() -> Result<()> {
    build_apps()?;
    let root = root();
    let files = [
        "public/bangban.js",
        "dist/widget/widget.js",
        "dist/widget/widget_bg.wasm",
        "dist/widget/style.css",
        "dist/console/console.js",
        "dist/console/console_bg.wasm",
    ];
    println!("{:<32} {:>10} {:>10}", "file", "bytes", "gzip -9");
    let mut widget_total = 0;
    for file in files {
        let (raw, gz) = sizes(&root.join(file))?;
        if file.starts_with("dist/widget/") {
            widget_total += gz;
        }
        println!("{file:<32} {raw:>10} {gz:>10}");
    }
    println!(
        "{:<32} {:>10} {widget_total:>10}",
        "widget (js + wasm + css)", ""
    );
    Ok(())
}

fn sizes(path: &Path) -> Result<(usize, usize)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(&bytes)?;
    Ok((bytes.len(), gz.finish()?.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_reports_raw_and_gzip_bytes() {
        let dir = std::env::temp_dir().join(format!("xtask-size-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("repetitive.txt");
        std::fs::write(&file, "帮办".repeat(1000)).unwrap();
        let (raw, gz) = sizes(&file).unwrap();
        assert_eq!(raw, 6000);
        assert!(gz < 200, "repetitive text compresses well: {gz}");
        assert!(sizes(&dir.join("missing")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
