//! Typing and read notices of the human chat, both ways: "客服正在输入…" for a few seconds after the
//! agent's `typing`, "已读" from the agent's `read`, and the throttles for what the citizen sends.

use bangban_core::protocol::ConversationView;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The citizen's `typing` goes out at most this often.
const TYPING_EVERY_MS: i64 = 2_000;
/// "客服正在输入…" stays this long after the agent's last `typing`.
const TYPING_SHOWN_MS: u32 = 4_000;

/// Whether a `typing` notice may go out at `now`, the last one having gone at `last`.
pub(crate) fn typing_due(last: Option<i64>, now: i64) -> bool {
    last.is_none_or(|last| now - last >= TYPING_EVERY_MS || now < last)
}

/// The notices' state; cheap to copy.
#[derive(Clone, Copy)]
pub(crate) struct Receipts {
    /// The agent is typing: "客服正在输入…" is shown.
    pub(crate) agent_typing: RwSignal<bool>,
    /// The last `seq` the agent has read: the citizen's messages up to it say "已读".
    pub(crate) agent_read: RwSignal<u64>,
    shown: StoredValue<u32>,
    typed_at: StoredValue<Option<i64>>,
    read_sent: StoredValue<u64>,
}

impl Receipts {
    /// Nothing typed or read yet.
    pub(crate) fn new() -> Receipts {
        Receipts {
            agent_typing: RwSignal::new(false),
            agent_read: RwSignal::new(0),
            shown: StoredValue::new(0),
            typed_at: StoredValue::new(None),
            read_sent: StoredValue::new(0),
        }
    }

    /// A chat is shown: start from what the server has stored for it.
    pub(crate) fn reset(self, view: &ConversationView) {
        self.agent_wrote();
        self.agent_read.set(view.agent_read_seq);
        self.read_sent.set_value(view.citizen_read_seq);
        self.typed_at.set_value(None);
    }

    /// The agent is typing: show it, and hide it again unless another notice comes in time.
    pub(crate) fn agent_typed(self) {
        let generation = self.next_generation();
        self.agent_typing.set(true);
        spawn_local(async move {
            TimeoutFuture::new(TYPING_SHOWN_MS).await;
            if self.shown.try_get_value() == Some(generation) {
                self.agent_typing.set(false);
            }
        });
    }

    /// The agent's message arrived: they stopped typing.
    pub(crate) fn agent_wrote(self) {
        self.next_generation();
        if self.agent_typing.get_untracked() {
            self.agent_typing.set(false);
        }
    }

    /// The agent has read up to `seq` (never goes back).
    pub(crate) fn agent_read_up_to(self, seq: u64) {
        if seq > self.agent_read.get_untracked() {
            self.agent_read.set(seq);
        }
    }

    /// Whether the citizen's `typing` may go out at `now`.
    pub(crate) fn typing_due(self, now: i64) -> bool {
        typing_due(self.typed_at.get_value(), now)
    }

    /// The citizen's `typing` went out at `now`.
    pub(crate) fn typed(self, now: i64) {
        self.typed_at.set_value(Some(now));
    }

    /// The last `seq` reported as read by the citizen.
    pub(crate) fn read_sent(self) -> u64 {
        self.read_sent.get_value()
    }

    /// `seq` was reported as read.
    pub(crate) fn mark_read_sent(self, seq: u64) {
        self.read_sent.set_value(seq);
    }

    fn next_generation(self) -> u32 {
        self.shown.update_value(|g| *g = g.wrapping_add(1));
        self.shown.get_value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_goes_out_at_most_every_two_seconds() {
        assert!(typing_due(None, 0));
        assert!(!typing_due(Some(1_000), 2_999));
        assert!(typing_due(Some(1_000), 3_000));
        // A clock that went back does not silence typing for good.
        assert!(typing_due(Some(10_000), 5_000));
    }
}
