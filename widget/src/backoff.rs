//! Reconnect delays for the chat socket.
//!
//! Pure so that it is tested natively: 0.5 s, doubling, never more than 10 s, back to 0.5 s once a
//! connection has opened. A fixed ladder (rather than jitter) is enough: one citizen, one socket.

/// First delay after a connection drops, in milliseconds.
pub(crate) const FIRST_DELAY_MS: u32 = 500;
/// Longest delay between attempts, in milliseconds.
pub(crate) const MAX_DELAY_MS: u32 = 10_000;

/// Counts failed attempts and answers how long to wait before the next one.
#[derive(Clone, Debug, Default)]
pub(crate) struct Backoff {
    attempt: u32,
}

impl Backoff {
    /// The delay before the next attempt; each call doubles the following one, up to the cap.
    pub(crate) fn next_delay(&mut self) -> u32 {
        let delay = FIRST_DELAY_MS
            .saturating_mul(1u32 << self.attempt.min(16))
            .min(MAX_DELAY_MS);
        self.attempt = self.attempt.saturating_add(1);
        delay
    }

    /// A connection opened: the next drop starts again from the first delay.
    pub(crate) fn reset(&mut self) {
        self.attempt = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_from_half_a_second_to_ten_seconds() {
        let mut b = Backoff::default();
        let delays: Vec<u32> = (0..8).map(|_| b.next_delay()).collect();
        assert_eq!(
            delays,
            [500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]
        );
    }

    #[test]
    fn never_overflows_after_many_attempts() {
        let mut b = Backoff::default();
        for _ in 0..100 {
            assert!(b.next_delay() <= MAX_DELAY_MS);
        }
    }

    #[test]
    fn reset_starts_over() {
        let mut b = Backoff::default();
        b.next_delay();
        b.next_delay();
        b.reset();
        assert_eq!(b.next_delay(), FIRST_DELAY_MS);
    }
}
