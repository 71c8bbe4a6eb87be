//! `bangban-bench`: the load client of `cargo xtask bench chat`. Run it through xtask, which builds it in
//! release, starts the server with a fresh database, adds the agents and answers the control lines.
//!
//! It plays N citizens and M agents: setup over HTTP (visitors, 转人工, 签入, 接入 round-robin), then each
//! participant on its own WebSocket, then three phases:
//! - steady: every chat sends one message per 10 s, citizen and agent in turn, spread evenly over time; the
//!   delivery latency is the time from the send to the `message` frame at the other side;
//! - peak: every connection sends back to back (the next message on each ack) for a few seconds; acks per
//!   second are durable messages per second;
//! - reconnect storm: the server is stopped (SIGTERM, sockets close with 1001) and restarted; every client
//!   reconnects with jittered backoff and syncs its chats; the time until all have resumed.
//!
//! Control: requests go to stdout, one line each (`rss <label>` answers the server's VmRSS in kB, `restart`
//! answers once the new server listens); xtask writes one answer line each on stdin. Figures go to stderr.

mod conn;
mod report;
mod setup;

use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Parser;
use tokio::io::{AsyncBufReadExt, BufReader, Lines, Stdin};
use tokio::sync::mpsc;

use crate::conn::{Client, Cmd, Shared, Side};
use crate::report::Report;

/// Each chat sends one message per this period (citizen and agent in turn).
const PERIOD: Duration = Duration::from_secs(10);
/// How long to wait for stragglers after a phase.
const DRAIN: Duration = Duration::from_secs(2);
/// How long every connection may take to (re)connect and sync before the bench gives up waiting.
const CONNECT_LIMIT: Duration = Duration::from_secs(60);

/// Load client options (xtask passes them all).
#[derive(Debug, Parser)]
struct Args {
    /// The server, e.g. `http://127.0.0.1:8080`.
    #[arg(long)]
    base: String,
    /// Citizens, each with one chat.
    #[arg(long, default_value_t = 5000)]
    citizens: usize,
    /// Agents (the accounts `<agent-prefix><i>`, i from 0), taking the chats round-robin.
    #[arg(long, default_value_t = 200)]
    agents: usize,
    /// Username prefix of the agent accounts.
    #[arg(long, default_value = "bench-agent-")]
    agent_prefix: String,
    /// Password of the agent accounts.
    #[arg(long)]
    password: String,
    /// Length of the steady phase, in seconds.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Length of the peak phase, in seconds.
    #[arg(long, default_value_t = 5)]
    peak_seconds: u64,
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    if args.citizens == 0 || args.agents == 0 {
        bail!("need at least one citizen and one agent");
    }
    let mut control = Control {
        lines: BufReader::new(tokio::io::stdin()).lines(),
    };
    let report = run(&args, &mut control).await?;
    report.print();
    Ok(())
}

/// The whole bench, phase by phase.
async fn run(args: &Args, control: &mut Control) -> Result<Report> {
    let mut report = Report::new(args.citizens, args.agents, args.seconds, args.peak_seconds);
    let names: Vec<String> = (0..args.agents)
        .map(|i| format!("{}{i}", args.agent_prefix))
        .collect();
    let t = Instant::now();
    let (cookies, chats) = setup::run(&args.base, &names, &args.password, args.citizens).await?;
    report.setup = t.elapsed();
    eprintln!("bench: setup done in {:.1} s", report.setup.as_secs_f64());

    let shared = Arc::new(Shared::new());
    let conns = connect_all(args, &cookies, &chats, &shared);
    let total = conns.len();
    let t = Instant::now();
    wait_until(|| shared.resumed.load(Relaxed) >= total).await;
    report.connect = t.elapsed();
    report.held_idle = shared.open.load(Relaxed);
    report.rss_idle_kb = control.ask("rss idle").await?.parse()?;
    eprintln!(
        "bench: {total} connected in {:.1} s",
        report.connect.as_secs_f64()
    );

    steady(args, &conns, &shared).await;
    report.held_steady = shared.open.load(Relaxed);
    eprintln!("bench: steady phase done");
    peak(args, &conns, &shared).await;
    report.held_peak = shared.open.load(Relaxed);
    report.rss_peak_kb = control.ask("rss peak").await?.parse()?;
    eprintln!("bench: peak phase done");

    let storm_at = shared.now_us();
    shared.storm_at.store(storm_at, Relaxed);
    let restart_ms: u64 = control.ask("restart").await?.parse()?;
    report.restart = Duration::from_millis(restart_ms);
    let waited = wait_until(|| shared.storm_resumed.load(Relaxed) >= total).await;
    report.storm_resumed = shared.storm_resumed.load(Relaxed);
    report.storm =
        waited.then(|| Duration::from_micros(shared.storm_last.load(Relaxed) - storm_at));
    report.read(&shared);
    drop(conns);
    Ok(report)
}

/// Starts every connection: agents first (index = agent number), then one per citizen.
fn connect_all(
    args: &Args,
    cookies: &[String],
    chats: &[setup::Chat],
    shared: &Arc<Shared>,
) -> Vec<mpsc::Sender<Cmd>> {
    let ws = format!("{}/api/ws", args.base.replacen("http", "ws", 1));
    let mut conns = Vec::with_capacity(cookies.len() + chats.len());
    for (a, cookie) in cookies.iter().enumerate() {
        let convs = chats
            .iter()
            .skip(a)
            .step_by(cookies.len())
            .map(|c| c.conv.clone())
            .collect();
        let client = Client {
            side: Side::Agent,
            url: ws.clone(),
            cookie: Some(cookie.clone()),
            convs,
        };
        conns.push(conn::spawn(client, shared.clone()));
    }
    for chat in chats {
        let client = Client {
            side: Side::Citizen,
            url: format!("{ws}?visitor={}", chat.token),
            cookie: None,
            convs: vec![chat.conv.clone()],
        };
        conns.push(conn::spawn(client, shared.clone()));
    }
    conns
}

/// Chat `i` sends at `i / N` of the period, then once per period, citizen first, agent next.
async fn steady(args: &Args, conns: &[mpsc::Sender<Cmd>], shared: &Shared) {
    let (agents, citizens) = (args.agents, args.citizens);
    let start = tokio::time::Instant::now() + Duration::from_millis(200);
    let end = start + Duration::from_secs(args.seconds);
    'phase: for k in 0.. {
        for i in 0..citizens {
            let at = start + PERIOD * k + PERIOD.mul_f64(i as f64 / citizens as f64);
            if at >= end {
                break 'phase;
            }
            tokio::time::sleep_until(at).await;
            let (conn, conv) = if k % 2 == 0 {
                (agents + i, 0)
            } else {
                (i % agents, i / agents)
            };
            if conns[conn].try_send(Cmd::Send(conv)).is_err() {
                shared.errors.fetch_add(1, Relaxed);
            }
        }
    }
    tokio::time::sleep_until(end + DRAIN).await;
}

/// Every connection sends back to back until the deadline.
async fn peak(args: &Args, conns: &[mpsc::Sender<Cmd>], shared: &Shared) {
    let length = Duration::from_secs(args.peak_seconds);
    let until = shared.now_us() + length.as_micros() as u64;
    shared.peak_until.store(until, Relaxed);
    for conn in conns {
        let _ = conn.try_send(Cmd::Peak);
    }
    tokio::time::sleep(length + DRAIN).await;
}

/// Polls `done` every 50 ms for at most [`CONNECT_LIMIT`]; whether it came true.
async fn wait_until(done: impl Fn() -> bool) -> bool {
    let t = Instant::now();
    while !done() {
        if t.elapsed() > CONNECT_LIMIT {
            eprintln!("bench: gave up waiting after {} s", CONNECT_LIMIT.as_secs());
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    true
}

/// The control channel to xtask: a request line on stdout, its answer line on stdin.
struct Control {
    lines: Lines<BufReader<Stdin>>,
}

impl Control {
    async fn ask(&mut self, request: &str) -> Result<String> {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        writeln!(out, "{request}")?;
        out.flush()?;
        drop(out);
        self.lines
            .next_line()
            .await?
            .context("no answer on stdin: run this through `cargo xtask bench chat`")
    }
}
