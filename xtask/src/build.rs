//! Builds the two browser apps: cargo for wasm32, wasm-bindgen in-process, then wasm-opt when available.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use wasm_bindgen_cli_support::Bindgen;

use crate::util::{self, cargo, root};

/// The browser apps: (crate directory, output name).
const APPS: [(&str, &str); 2] = [("widget", "widget"), ("console", "console")];
/// Static files copied from each app's directory next to its wasm.
const STATIC_FILES: [&str; 2] = ["index.html", "style.css"];

/// Builds both apps into `dist/<app>/`.
pub(crate) fn build_apps() -> Result<()> {
    util::ensure_toolchain()?;
    let root = root();
    let packages: Vec<String> = APPS
        .iter()
        .map(|(dir, _)| format!("bangban-{dir}"))
        .collect();
    let mut cmd = cargo();
    cmd.current_dir(&root).args([
        "build",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]);
    for p in &packages {
        cmd.args(["-p", p]);
    }
    util::run(&mut cmd)?;
    let wasm_opt = find_wasm_opt(&root);
    if wasm_opt.is_none() {
        eprintln!("xtask: wasm-opt not found (npm ci in e2e/ provides one); skipping -Oz");
    }
    // One thread per app: wasm-opt -Oz takes most of a minute on each and keeps one core busy.
    std::thread::scope(|scope| {
        let builds: Vec<_> = APPS
            .iter()
            .map(|&(dir, name)| {
                let (root, wasm_opt) = (&root, wasm_opt.as_deref());
                scope.spawn(move || finish_app(root, dir, name, wasm_opt))
            })
            .collect();
        builds
            .into_iter()
            .try_for_each(|b| b.join().expect("an app build thread panicked"))
    })
}

/// wasm-bindgen, wasm-opt and the static files for one app, into `dist/<name>/`.
fn finish_app(root: &Path, dir: &str, name: &str, wasm_opt: Option<&Path>) -> Result<()> {
    let out = root.join("dist").join(name);
    bindgen(root, dir, name, &out)?;
    if let Some(tool) = wasm_opt {
        optimize(tool, &out.join(format!("{name}_bg.wasm")))?;
    }
    for file in STATIC_FILES {
        let from = root.join(dir).join(file);
        std::fs::copy(&from, out.join(file)).with_context(|| format!("copy {}", from.display()))?;
    }
    eprintln!("xtask: built {}", out.display());
    Ok(())
}

/// Runs wasm-bindgen (`--target web`) on the app's wasm.
fn bindgen(root: &Path, dir: &str, name: &str, out: &Path) -> Result<()> {
    let input = root
        .join("target/wasm32-unknown-unknown/wasm-release")
        .join(format!("bangban-{dir}.wasm"));
    bindgen_file(&input, name, out)
}

/// Runs wasm-bindgen (`--target web`) on `input`, writing `<name>.js` and `<name>_bg.wasm` into `out`.
pub(crate) fn bindgen_file(input: &Path, name: &str, out: &Path) -> Result<()> {
    std::fs::create_dir_all(out)?;
    Bindgen::new()
        .input_path(input)
        .web(true)?
        .out_name(name)
        .omit_default_module_path(false)
        .typescript(false)
        .generate(out)
        .with_context(|| format!("wasm-bindgen on {}", input.display()))
}

/// `wasm-opt` on the PATH, or the one the npm package `binaryen` installs under `e2e/node_modules`.
pub(crate) fn find_wasm_opt(root: &Path) -> Option<PathBuf> {
    let local = root.join("e2e/node_modules/.bin/wasm-opt");
    if local.is_file() {
        return Some(local);
    }
    util::on_path("wasm-opt")
}

/// Shrinks a wasm file in place with `wasm-opt -Oz`.
///
/// Except that a function called from one place is not inlined there (unless it is tiny): by default
/// wasm-opt inlines every such function, whatever its size, which undid the matcher's `#[inline(never)]`
/// on the functions its index build calls once per entry, phrasing or run. V8 runs a wasm function in its
/// baseline tier until it has been called often enough, and moves a call to the optimizing tier only when
/// it starts, so a loop over the whole knowledge base inlined into one call ran in the baseline tier
/// throughout. Parse and index build at 20,000 entries, the bench's wasm in Node, a fresh instance:
/// 578 -> 459 ms (min of 5), later builds 329 -> 284 ms; the widget's wasm is 3.4 KB smaller gzipped.
pub(crate) fn optimize(tool: &Path, wasm: &Path) -> Result<()> {
    let tmp = wasm.with_extension("opt.wasm");
    util::run(
        Command::new(tool)
            .arg("-Oz")
            .arg("--one-caller-inline-max-function-size=0")
            .arg("--enable-bulk-memory")
            .arg("--enable-nontrapping-float-to-int")
            .arg("--enable-sign-ext")
            .arg("--enable-mutable-globals")
            .arg("--enable-reference-types")
            .arg("--enable-multivalue")
            .arg(wasm)
            .arg("-o")
            .arg(&tmp),
    )?;
    std::fs::rename(&tmp, wasm)?;
    Ok(())
}
