//! `cargo xtask bench chat [--citizens N] [--agents M] [--seconds S] [--peak-seconds P] [--server PATH]`: the
//! chat load test. `--server` measures another `bangban` binary (e.g. an older build) instead of this tree's.
//!
//! Builds the server and the load client (`bench/`, binary `bangban-bench`) in release, adds M agent
//! accounts with `bangban agent add` to a fresh SQLite file in a temporary folder, starts
//! `bangban serve --demo` (its clock inside help hours) on a free loopback port and runs the load client as a separate process. The
//! client asks over its stdout for the server's RSS (`rss <label>`) and for the restart of the reconnect
//! storm (`restart`: SIGTERM, wait, start again); this side answers one line each on its stdin. The client
//! prints the figures next to the targets; nothing fails on a missed target. The server logs at `warn` into
//! `server.log` in the temporary folder; `BANGBAN_BENCH_LOG` sets another filter (e.g.
//! `warn,bangban_server::store::appender=debug` for the size and time of each group commit).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::util::{self, cargo, root};

/// Password of the bench's agent accounts (loopback only, throwaway database).
const PASSWORD: &str = "bench-password";
/// Username prefix of the bench's agent accounts.
const AGENT_PREFIX: &str = "bench-agent-";
/// Where the server's clock starts: a Tuesday morning, inside online help hours (转人工 is refused outside).
const DEMO_NOW: &str = "2026-03-10T10:00:00+08:00";
/// `bangban agent add` processes at once (each hashes a password with argon2).
const PARALLEL_ADDS: usize = 4;

/// Command-line options, with the issue's defaults.
#[derive(Debug, PartialEq, Eq)]
struct Options {
    citizens: usize,
    agents: usize,
    seconds: u64,
    peak_seconds: u64,
    /// A `bangban` binary to measure instead of building this tree's (to compare two builds).
    server: Option<PathBuf>,
}

impl Options {
    fn parse(args: &[&str]) -> Result<Options> {
        let mut opts = Options {
            citizens: 5000,
            agents: 200,
            seconds: 30,
            peak_seconds: 5,
            server: None,
        };
        for pair in args.chunks(2) {
            let [flag, value] = pair else {
                bail!("{} needs a value", pair[0]);
            };
            if *flag == "--server" {
                opts.server = Some(PathBuf::from(value));
                continue;
            }
            let n: u64 = value
                .parse()
                .with_context(|| format!("{flag} {value}: not a number"))?;
            match *flag {
                "--citizens" => opts.citizens = n as usize,
                "--agents" => opts.agents = n as usize,
                "--seconds" => opts.seconds = n,
                "--peak-seconds" => opts.peak_seconds = n,
                _ => bail!(
                    "usage: cargo xtask bench chat [--citizens N] [--agents M] [--seconds S] [--peak-seconds P] [--server PATH]"
                ),
            }
        }
        if opts.citizens == 0 || opts.agents == 0 || opts.seconds == 0 || opts.peak_seconds == 0 {
            bail!("every option must be at least 1");
        }
        Ok(opts)
    }
}

/// Runs the chat bench.
pub(crate) fn run(args: &[&str]) -> Result<()> {
    let opts = Options::parse(args)?;
    let root = root();
    let mut build = cargo();
    build
        .current_dir(&root)
        .args(["build", "--release", "-p", "bangban-bench"]);
    if opts.server.is_none() {
        build.args(["-p", "bangban-server"]);
    }
    util::run(&mut build)?;
    let release = root.join("target/release");
    let server_bin = opts.server.clone().unwrap_or(release.join("bangban"));
    let files = opts.citizens + opts.agents + 256;
    let dir = TempDir::new()?;
    let db = format!("sqlite://{}", dir.0.join("bench.db").display());
    let per_agent = opts.citizens.div_ceil(opts.agents);
    add_agents(&server_bin, &db, opts.agents, per_agent)?;
    let mut server = Server {
        bin: server_bin,
        db,
        port: free_port()?,
        log: dir.0.join("server.log"),
        files,
        child: None,
    };
    server.start()?;
    let mut client = with_open_files(&release.join("bangban-bench"), files)?
        .args(["--base", &format!("http://127.0.0.1:{}", server.port)])
        .args(["--citizens", &opts.citizens.to_string()])
        .args(["--agents", &opts.agents.to_string()])
        .args(["--agent-prefix", AGENT_PREFIX, "--password", PASSWORD])
        .args(["--seconds", &opts.seconds.to_string()])
        .args(["--peak-seconds", &opts.peak_seconds.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("starting bangban-bench")?;
    let served = serve_requests(&mut client, &mut server);
    let status = client.wait()?;
    server.stop();
    served?;
    if !status.success() {
        bail!(
            "the load client failed ({status}); server log: {}",
            server.log.display()
        );
    }
    Ok(())
}

/// Answers the load client's requests until it closes its stdout.
fn serve_requests(client: &mut Child, server: &mut Server) -> Result<()> {
    let requests = BufReader::new(client.stdout.take().context("client stdout")?);
    let mut answers = client.stdin.take().context("client stdin")?;
    for line in requests.lines() {
        let line = line?;
        let answer = match line.split_whitespace().next() {
            Some("rss") => server.rss_kb()?.to_string(),
            Some("restart") => server.restart()?.as_millis().to_string(),
            _ => bail!("unknown request from the load client: {line:?}"),
        };
        writeln!(answers, "{answer}")?;
    }
    Ok(())
}

/// Adds the agents, each allowed `per_agent` chats at once: the first alone (it creates and migrates the
/// database), the rest a few at a time.
fn add_agents(bin: &Path, db: &str, agents: usize, per_agent: usize) -> Result<()> {
    let t = Instant::now();
    let add = |i: usize| -> Result<Child> {
        Command::new(bin)
            .args(["agent", "add", &format!("{AGENT_PREFIX}{i}")])
            .args(["--name", &format!("压测客服{i}"), "--role", "window"])
            .args(["--max-chats", &per_agent.to_string()])
            .args(["--database", db])
            .env("BANGBAN_AGENT_PASSWORD", PASSWORD)
            .stdout(Stdio::null())
            .spawn()
            .context("starting bangban agent add")
    };
    wait_ok(add(0)?)?;
    let rest: Vec<usize> = (1..agents).collect();
    for batch in rest.chunks(PARALLEL_ADDS) {
        let children = batch.iter().map(|&i| add(i)).collect::<Result<Vec<_>>>()?;
        for child in children {
            wait_ok(child)?;
        }
    }
    eprintln!(
        "xtask: added {agents} agents in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

fn wait_ok(mut child: Child) -> Result<()> {
    let status = child.wait()?;
    if !status.success() {
        bail!("bangban agent add failed with {status}");
    }
    Ok(())
}

/// The server process, restartable on the same port and database.
struct Server {
    bin: PathBuf,
    db: String,
    port: u16,
    log: PathBuf,
    files: usize,
    child: Option<Child>,
}

impl Server {
    /// Starts `bangban serve --demo` and waits until it listens.
    fn start(&mut self) -> Result<()> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)?;
        let child = with_open_files(&self.bin, self.files)?
            .args([
                "serve",
                "--demo",
                "--addr",
                &format!("127.0.0.1:{}", self.port),
            ])
            .args(["--database", &self.db])
            .args(["--dist", "/nonexistent", "--public", "/nonexistent"])
            .env("BANGBAN_DEMO_PASSWORD", PASSWORD)
            .env("BANGBAN_DEMO_NOW", DEMO_NOW)
            .env(
                "RUST_LOG",
                std::env::var("BANGBAN_BENCH_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .context("starting bangban serve")?;
        self.child = Some(child);
        let t = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if t.elapsed() > Duration::from_secs(30) {
                bail!(
                    "the server did not listen within 30 s; log: {}",
                    self.log.display()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Ok(())
    }

    /// SIGTERM (sockets close with 1001), wait for the exit, start again: the time until it listens.
    fn restart(&mut self) -> Result<Duration> {
        let t = Instant::now();
        self.terminate()?;
        self.start()?;
        Ok(t.elapsed())
    }

    /// SIGTERM and wait; SIGKILL after 30 s.
    fn terminate(&mut self) -> Result<()> {
        let Some(mut child) = self.child.take() else {
            return Ok(());
        };
        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()?;
        let t = Instant::now();
        while child.try_wait()?.is_none() {
            if t.elapsed() > Duration::from_secs(30) {
                eprintln!("xtask: the server ignored SIGTERM for 30 s; killing it");
                child.kill()?;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Ok(())
    }

    fn stop(&mut self) {
        if let Err(err) = self.terminate() {
            eprintln!("xtask: stopping the server: {err:#}");
        }
    }

    /// The server's resident memory (`VmRSS`), in kB.
    fn rss_kb(&self) -> Result<u64> {
        let pid = self.child.as_ref().context("server not running")?.id();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .context("no VmRSS in /proc/<pid>/status")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A command for `program` that may hold `files` open files: through `sh -c 'ulimit -n'` when the inherited
/// soft limit is lower (children inherit limits, and std cannot raise them without `unsafe`).
fn with_open_files(program: &Path, files: usize) -> Result<Command> {
    let (soft, hard) = open_file_limits()?;
    if soft >= files as u64 {
        return Ok(Command::new(program));
    }
    if hard < files as u64 {
        bail!(
            "{files} open files needed, the hard limit is {hard}: raise it (ulimit -Hn, limits.conf)"
        );
    }
    let mut sh = Command::new("sh");
    sh.args(["-c", &format!("ulimit -n {files} && exec \"$0\" \"$@\"")])
        .arg(program);
    Ok(sh)
}

/// (soft, hard) `Max open files` of this process.
fn open_file_limits() -> Result<(u64, u64)> {
    let limits = std::fs::read_to_string("/proc/self/limits")?;
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .context("no open-file limit in /proc/self/limits")?;
    let mut numbers = line.split_whitespace().skip(3).map(|v| match v {
        "unlimited" => Ok(u64::MAX),
        n => n.parse::<u64>(),
    });
    let mut next = || -> Result<u64> { Ok(numbers.next().context("short limits line")??) };
    Ok((next()?, next()?))
}

/// A port that was free a moment ago on 127.0.0.1.
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A fresh folder under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .subsec_nanos();
        let dir =
            std::env::temp_dir().join(format!("bangban-bench-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_default_to_the_issue_targets() {
        let opts = Options::parse(&[]).unwrap();
        assert_eq!((opts.citizens, opts.agents, opts.seconds), (5000, 200, 30));
        let small =
            Options::parse(&["--citizens", "50", "--agents", "5", "--seconds", "10"]).unwrap();
        assert_eq!((small.citizens, small.agents, small.seconds), (50, 5, 10));
        assert!(Options::parse(&["--citizens"]).is_err());
        assert!(Options::parse(&["--bogus", "1"]).is_err());
        assert!(Options::parse(&["--agents", "0"]).is_err());
    }

    #[test]
    fn limits_of_this_process_are_readable() {
        let (soft, hard) = open_file_limits().unwrap();
        assert!(soft <= hard && soft > 0);
    }
}
