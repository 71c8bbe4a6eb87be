//! One clock for the whole server.
//!
//! In production it is the system clock. With `--demo`, `BANGBAN_DEMO_NOW` moves its start to a chosen instant
//! and it runs on from there, so the demo and the tests can show working hours, lunch breaks and holidays at
//! any real time of day.

use std::time::{SystemTime, UNIX_EPOCH};

/// The server's clock: the system clock shifted by a fixed offset.
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    offset_ms: i64,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that reads `start_ms` now and runs on in real time.
    pub fn starting_at(start_ms: i64) -> Clock {
        Clock {
            offset_ms: start_ms - system_ms(),
        }
    }

    /// Now, in Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        system_ms() + self.offset_ms
    }
}

fn system_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shifted_clock_starts_where_asked_and_runs_on() {
        let start = 1_795_000_000_000; // 2026-11-18
        let clock = Clock::starting_at(start);
        let first = clock.now_ms();
        assert!((first - start).abs() < 1_000, "{first} vs {start}");
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(clock.now_ms() >= first + 20);
    }
}
