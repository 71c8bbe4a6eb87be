//! Small rules for the live notices between agent and citizen: how often to say "typing", which `read` to
//! send, what counts as read, and which alerts to sound. Pure logic, tested natively.

use std::collections::HashSet;

use bangban_core::protocol::{ChatMessage, SenderKind};

/// `typing` frames go out at most this often while the agent types (docs/API.md).
pub(crate) const TYPING_EVERY_MS: i64 = 2_000;
/// A `typing` notice from the citizen is shown this long unless another one comes.
pub(crate) const TYPING_SHOWN_MS: i64 = 4_000;

/// Lets an action through at most once per `every_ms`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Throttle {
    last_ms: Option<i64>,
}

impl Throttle {
    /// Whether to act at `now_ms`; remembers the time when it says yes.
    pub(crate) fn ready(&mut self, now_ms: i64, every_ms: i64) -> bool {
        let due = self.last_ms.is_none_or(|last| now_ms - last >= every_ms);
        if due {
            self.last_ms = Some(now_ms);
        }
        due
    }
}

/// The `seq` to send in a `read` frame: the newest citizen message, when it is past what we already said.
pub(crate) fn read_to_send(messages: &[ChatMessage], already_sent: u64) -> Option<u64> {
    messages
        .iter()
        .rev()
        .find(|m| m.sender == SenderKind::Citizen)
        .map(|m| m.seq)
        .filter(|&seq| seq > already_sent)
}

/// Whether an agent's message shows "已读": the citizen has read up to it.
pub(crate) fn is_read(seq: u64, citizen_read_seq: u64) -> bool {
    seq <= citizen_read_seq
}

/// Chats already alerted: an alert sounds once per chat, however often the server repeats it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Alerted(HashSet<String>);

impl Alerted {
    /// Records the alert; `true` the first time for this chat (sound and show it).
    pub(crate) fn first(&mut self, conversation: &str) -> bool {
        self.0.insert(conversation.to_owned())
    }

    /// Whether this chat has been alerted.
    pub(crate) fn contains(&self, conversation: &str) -> bool {
        self.0.contains(conversation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(seq: u64, sender: SenderKind) -> ChatMessage {
        ChatMessage {
            conversation: "c1".into(),
            seq,
            client_id: format!("m{seq}"),
            sender,
            author: None,
            text: String::new(),
            at_ms: 0,
            attachment: None,
        }
    }

    #[test]
    fn typing_goes_out_every_two_seconds_at_most() {
        let mut t = Throttle::default();
        assert!(t.ready(10_000, TYPING_EVERY_MS));
        assert!(!t.ready(11_999, TYPING_EVERY_MS));
        assert!(t.ready(12_000, TYPING_EVERY_MS));
    }

    #[test]
    fn read_names_the_newest_citizen_message_once() {
        let log = [
            msg(1, SenderKind::Citizen),
            msg(2, SenderKind::Citizen),
            msg(3, SenderKind::Agent),
        ];
        assert_eq!(read_to_send(&log, 0), Some(2));
        assert_eq!(read_to_send(&log, 2), None);
        assert_eq!(read_to_send(&log[2..], 0), None);
    }

    #[test]
    fn read_marks_cover_everything_up_to_the_seq() {
        assert!(is_read(3, 3));
        assert!(!is_read(4, 3));
    }

    #[test]
    fn an_alert_counts_once_per_chat() {
        let mut a = Alerted::default();
        assert!(a.first("c1"));
        assert!(!a.first("c1"));
        assert!(a.contains("c1"));
        assert!(!a.contains("c2"));
    }
}
