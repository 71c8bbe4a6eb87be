//! Small helpers for running commands from the workspace root.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};

/// The workspace root (the parent of `xtask/`).
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// `cargo`, the same one that runs us.
pub(crate) fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Runs a command, failing with its command line when it does not succeed.
pub(crate) fn run(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    eprintln!("xtask: {shown}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed with {status}");
    }
    Ok(())
}

/// The wasm32 target (and rustfmt and clippy) that `rust-toolchain.toml` names. rustup installs them with a
/// toolchain it installs, but not into a toolchain that was already there, so a fresh machine whose stable
/// came without them gets them here.
pub(crate) fn ensure_toolchain() -> Result<()> {
    let root = root();
    let sysroot = sysroot()?;
    if !sysroot.join("lib/rustlib/wasm32-unknown-unknown").is_dir() {
        eprintln!("xtask: the wasm32 target is missing; adding it with rustup");
        run(Command::new("rustup").current_dir(&root).args([
            "target",
            "add",
            "wasm32-unknown-unknown",
        ]))?;
    }
    let missing: Vec<&str> = [("rustfmt", "rustfmt"), ("clippy", "cargo-clippy")]
        .into_iter()
        .filter(|(_, bin)| !sysroot.join("bin").join(bin).is_file())
        .map(|(component, _)| component)
        .collect();
    if !missing.is_empty() {
        run(Command::new("rustup")
            .current_dir(&root)
            .args(["component", "add"])
            .args(&missing))?;
    }
    Ok(())
}

/// The toolchain's `clippy-driver` (a rustc that also lints), as `cargo clippy` finds it.
pub(crate) fn clippy_driver() -> Result<PathBuf> {
    let driver = sysroot()?.join("bin/clippy-driver");
    if !driver.is_file() {
        bail!(
            "{} is missing: run `rustup component add clippy`",
            driver.display()
        );
    }
    Ok(driver)
}

/// The sysroot of the toolchain that `rust-toolchain.toml` selects.
fn sysroot() -> Result<PathBuf> {
    let output = Command::new("rustc")
        .current_dir(root())
        .args(["--print", "sysroot"])
        .output()
        .context("could not run rustc --print sysroot")?;
    if !output.status.success() {
        bail!("rustc --print sysroot failed with {}", output.status);
    }
    Ok(PathBuf::from(
        String::from_utf8_lossy(&output.stdout).trim(),
    ))
}

/// Whether an executable of this name is on the `PATH`.
pub(crate) fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_is_the_workspace() {
        assert!(root().join("Cargo.toml").is_file());
        assert!(root().join("xtask").is_dir());
    }

    #[test]
    fn run_reports_a_failing_command() {
        assert!(run(&mut Command::new("false")).is_err());
        assert!(run(&mut Command::new("true")).is_ok());
        assert!(run(&mut Command::new("/no/such/program")).is_err());
    }
}
