//! The server's clock as seen from the browser, and the one-minute countdown of a waiting chat.
//!
//! The server may run on a shifted clock (`BANGBAN_DEMO_NOW` in the demo and the tests), so times it sends
//! (`waiting_since_ms`, `at_ms`) cannot be compared with the browser's clock directly. We keep an estimate of
//! `server − browser` built from what the server tells us:
//! - `GET /api/me` tells the server's own clock (`x-bangban-now`): a fresh stamp (below). Without that header
//!   (an older server) its HTTP `Date` header is the first guess: right in production, where the server clock
//!   is the system clock, but blind to a demo shift (and only to the second);
//! - every server time we receive is a *lower bound* (the server stamped it no later than now), so the estimate
//!   never stays below one; a queue entry that appears at once after 转人工 moves it to the demo clock;
//! - a *fresh* stamp (a live `message`, an `alert`, the answer to our own 接入) is the server's time to within the
//!   network delay, so it replaces a guess that is more than [`FRESH_SLACK_MS`] off in either direction.
//!
//! Pure logic, tested natively.

/// How far a fresh stamp may disagree with the estimate before it replaces it (the `Date` header counts whole
/// seconds, and a frame takes some milliseconds to arrive).
const FRESH_SLACK_MS: i64 = 2_000;

/// The first human answer is due this long after 转人工 (or after a 转业务客服 hand-over).
pub(crate) const ANSWER_WITHIN_MS: i64 = 60_000;
/// Less than this left: the countdown turns amber.
pub(crate) const WARN_LEFT_MS: i64 = 15_000;

/// The estimate of `server clock − browser clock`, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ServerClock {
    offset_ms: Option<i64>,
}

impl ServerClock {
    /// The server's time when the browser reads `local_ms`.
    pub(crate) fn now(self, local_ms: i64) -> i64 {
        local_ms + self.offset_ms.unwrap_or(0)
    }

    /// A first guess from a `Date` header (server time `server_ms` seen at `local_ms`); ignored once we know more.
    pub(crate) fn guess(&mut self, server_ms: i64, local_ms: i64) {
        self.offset_ms.get_or_insert(server_ms - local_ms);
    }

    /// A server time that may be old (history, a queue entry): the server's clock is at least there.
    pub(crate) fn at_least(&mut self, server_ms: i64, local_ms: i64) {
        let bound = server_ms - local_ms;
        self.offset_ms = Some(self.offset_ms.map_or(bound, |o| o.max(bound)));
    }

    /// A server time stamped just now: close to the truth, so it overrules a guess that is far off.
    pub(crate) fn fresh(&mut self, server_ms: i64, local_ms: i64) {
        let seen = server_ms - local_ms;
        match self.offset_ms {
            Some(o) if (seen - o).abs() <= FRESH_SLACK_MS => self.offset_ms = Some(o.max(seen)),
            _ => self.offset_ms = Some(seen),
        }
    }
}

/// How urgent a waiting chat is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Urgency {
    /// More than 15 s left.
    Calm,
    /// Under 15 s left (amber).
    Soon,
    /// Past the minute (red).
    Overdue,
}

/// "剩余 0:42" or "已超时 0:12", and how urgent, for a chat waiting since `since_ms` at server time `now_ms`.
pub(crate) fn countdown(since_ms: i64, now_ms: i64) -> (String, Urgency) {
    let left = since_ms + ANSWER_WITHIN_MS - now_ms;
    if left < 0 {
        return (format!("已超时 {}", min_sec(-left)), Urgency::Overdue);
    }
    // Round up, so "0:00 left" is only shown when the time is truly up.
    let shown = format!("剩余 {}", min_sec(left + 999));
    let urgency = if left < WARN_LEFT_MS {
        Urgency::Soon
    } else {
        Urgency::Calm
    };
    (shown, urgency)
}

fn min_sec(ms: i64) -> String {
    let secs = ms / 1000;
    format!("{}:{:02}", secs / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_header_is_only_a_first_guess() {
        let mut c = ServerClock::default();
        c.guess(1_000_000, 1_000_500);
        assert_eq!(c.now(2_000_000), 1_999_500);
        c.guess(9_000_000, 1_000_000);
        assert_eq!(c.now(2_000_000), 1_999_500);
    }

    #[test]
    fn old_server_times_only_raise_the_estimate() {
        let mut c = ServerClock::default();
        c.guess(1_000_000, 1_000_000);
        // A demo clock a day ahead: the queue entry proves the server is at least there.
        c.at_least(87_400_000, 1_000_000);
        assert_eq!(c.now(1_000_000), 87_400_000);
        // A stale message says nothing new.
        c.at_least(5_000, 1_000_000);
        assert_eq!(c.now(1_000_000), 87_400_000);
    }

    #[test]
    fn fresh_stamps_overrule_a_wrong_guess_in_either_direction() {
        let mut c = ServerClock::default();
        c.guess(100_000_000, 1_000_000);
        // The demo clock is behind the system clock: only a fresh stamp can tell.
        c.fresh(50_000_000, 1_000_000);
        assert_eq!(c.now(1_000_000), 50_000_000);
        // Within the slack, the later reading wins (the earlier one had more delay in it).
        c.fresh(50_000_300, 1_000_000);
        assert_eq!(c.now(1_000_000), 50_000_300);
        c.fresh(49_999_000, 1_000_000);
        assert_eq!(c.now(1_000_000), 50_000_300);
    }

    #[test]
    fn the_countdown_turns_amber_then_red() {
        assert_eq!(countdown(0, 18_000), ("剩余 0:42".into(), Urgency::Calm));
        assert_eq!(countdown(0, 45_500), ("剩余 0:15".into(), Urgency::Soon));
        assert_eq!(countdown(0, 60_000), ("剩余 0:00".into(), Urgency::Soon));
        assert_eq!(
            countdown(0, 72_400),
            ("已超时 0:12".into(), Urgency::Overdue)
        );
        assert_eq!(countdown(0, 0), ("剩余 1:00".into(), Urgency::Calm));
    }
}
