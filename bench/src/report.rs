//! The figures of one run, printed next to the targets of issue 4 (printed, never enforced).

use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

use crate::conn::{PEAK, STEADY, Shared};

/// What one run measured.
pub(crate) struct Report {
    citizens: usize,
    agents: usize,
    steady_s: u64,
    peak_s: u64,
    /// HTTP setup: sign-ins, 转人工 and 接入 of every chat.
    pub(crate) setup: Duration,
    /// From starting the connections until all had synced.
    pub(crate) connect: Duration,
    /// Connections open when idle, after the steady phase and after the peak.
    pub(crate) held_idle: usize,
    /// See [`Report::held_idle`].
    pub(crate) held_steady: usize,
    /// See [`Report::held_idle`].
    pub(crate) held_peak: usize,
    /// Server VmRSS with everyone connected and idle.
    pub(crate) rss_idle_kb: u64,
    /// Server VmRSS after the peak.
    pub(crate) rss_peak_kb: u64,
    /// From SIGTERM until the new server listened.
    pub(crate) restart: Duration,
    /// Connections that resumed after the restart.
    pub(crate) storm_resumed: usize,
    /// From SIGTERM until the last connection resumed; `None` if some never did.
    pub(crate) storm: Option<Duration>,
    acks: [u64; 2],
    latency: [Vec<u32>; 2],
    closes: [u64; 3],
    errors: u64,
}

impl Report {
    /// An empty report for this load.
    pub(crate) fn new(citizens: usize, agents: usize, steady_s: u64, peak_s: u64) -> Report {
        Report {
            citizens,
            agents,
            steady_s,
            peak_s,
            setup: Duration::ZERO,
            connect: Duration::ZERO,
            held_idle: 0,
            held_steady: 0,
            held_peak: 0,
            rss_idle_kb: 0,
            rss_peak_kb: 0,
            restart: Duration::ZERO,
            storm_resumed: 0,
            storm: None,
            acks: [0; 2],
            latency: Default::default(),
            closes: [0; 3],
            errors: 0,
        }
    }

    /// Takes the counters the connections kept.
    pub(crate) fn read(&mut self, shared: &Shared) {
        self.acks = [0, 1].map(|p| shared.acks[p].load(Relaxed));
        self.latency = [0, 1].map(|p| shared.latencies(p));
        self.closes = [0, 1, 2].map(|k| shared.closes[k].load(Relaxed));
        self.errors = shared.errors.load(Relaxed);
    }

    /// Prints the table on stderr.
    pub(crate) fn print(&self) {
        let total = self.citizens + self.agents;
        let line = |what: &str, measured: String, target: &str| {
            eprintln!("{what:<34} {measured:<30} {target}");
        };
        eprintln!(
            "\nbangban chat bench: {} citizens + {} agents, steady {} s, peak {} s\n",
            self.citizens, self.agents, self.steady_s, self.peak_s
        );
        line("", "measured".into(), "target");
        line("setup over HTTP", secs(self.setup), "");
        line("connect and sync all", secs(self.connect), "");
        let held = format!(
            "{} / {} / {} of {total}",
            self.held_idle, self.held_steady, self.held_peak
        );
        line("held: idle / after steady / peak", held, "5,000 + 200");
        let steady = self.acks[STEADY] as f64 / self.steady_s as f64;
        line("steady msgs/s (acked)", format!("{steady:.1}"), "");
        line(
            "steady delivery p50/p95/p99",
            percentiles(&self.latency[STEADY]),
            "p99 < 100 ms",
        );
        let peak = self.acks[PEAK] as f64 / self.peak_s as f64;
        line(
            "peak durable msgs/s (acked)",
            format!("{peak:.0}"),
            ">= 2,000",
        );
        line(
            "peak delivery p50/p95/p99",
            percentiles(&self.latency[PEAK]),
            "",
        );
        let rss = format!(
            "{:.0} / {:.0} MB",
            self.rss_idle_kb as f64 / 1024.0,
            self.rss_peak_kb as f64 / 1024.0
        );
        line("server RSS idle / after peak", rss, "< 200 MB");
        line("server restart (SIGTERM to listen)", secs(self.restart), "");
        let storm = match self.storm {
            Some(t) => format!("{} in {}", self.storm_resumed, secs(t)),
            None => format!("only {} of {total} in 60 s", self.storm_resumed),
        };
        line("reconnected and resynced", storm, "all within 30 s");
        let [away, again, other] = self.closes;
        eprintln!(
            "\ncloses: {away} going away (1001), {again} kicked as slow (1013), {other} other or without \
             close frame; {} error frames or dropped sends",
            self.errors
        );
    }
}

fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

/// `p50/p95/p99 ms (n samples)` of sorted microseconds.
fn percentiles(sorted: &[u32]) -> String {
    if sorted.is_empty() {
        return "no samples".into();
    }
    let at = |q: f64| {
        let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
        sorted[i] as f64 / 1000.0
    };
    format!(
        "{:.1}/{:.1}/{:.1} ms (n={})",
        at(0.50),
        at(0.95),
        at(0.99),
        sorted.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_a_hundred() {
        let v: Vec<u32> = (1..=100).map(|ms| ms * 1000).collect();
        assert_eq!(percentiles(&v), "50.0/95.0/99.0 ms (n=100)");
        assert_eq!(percentiles(&[]), "no samples");
    }
}
