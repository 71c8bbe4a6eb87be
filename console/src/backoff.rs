//! The reconnect delay of the WebSocket: 0.5 s, doubling, at most 10 s, back to 0.5 s after a good connection.
//!
//! Kept apart from the socket so the schedule is testable without a browser.

/// First delay after a drop.
const FIRST_MS: u32 = 500;
/// Longest delay: an agent should not wait more than this for the console to come back.
const MAX_MS: u32 = 10_000;

/// Delay state between reconnect attempts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Backoff {
    next_ms: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { next_ms: FIRST_MS }
    }
}

impl Backoff {
    /// The delay before the next attempt; each call doubles the one after, up to the cap.
    pub(crate) fn next_delay(&mut self) -> u32 {
        let delay = self.next_ms;
        self.next_ms = (self.next_ms * 2).min(MAX_MS);
        delay
    }

    /// A connection opened: the next drop starts again from the first delay.
    pub(crate) fn reset(&mut self) {
        *self = Backoff::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_to_the_cap_and_resets() {
        let mut b = Backoff::default();
        let delays: Vec<u32> = (0..7).map(|_| b.next_delay()).collect();
        assert_eq!(delays, [500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
        b.reset();
        assert_eq!(b.next_delay(), 500);
    }
}
