//! One chat's messages as the console holds them: stored messages by `seq`, plus the agent's own sends that the
//! server has not stored yet (the outbox).
//!
//! The server numbers messages 1, 2, 3… without gaps and may deliver them twice (a live `message` frame and the
//! answer to a `sync`), so merging dedupes by `seq`, and a hole tells the caller to ask for a `sync`. Pure logic,
//! tested natively.

use bangban_core::protocol::ChatMessage;

/// Where one of the agent's own messages stands.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum SendState {
    /// Sent (or waiting for the socket); no `ack` yet. Resent after a reconnect.
    Sending,
    /// Acknowledged: durably stored with this `seq`; the `message` frame will replace it.
    Sent(u64),
    /// Refused by the server; the Chinese reason is shown next to it. Never resent.
    Failed(String),
}

/// A message the agent wrote that is not (yet) in the stored transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Outgoing {
    /// Id chosen here; the server dedupes by it.
    pub(crate) client_id: String,
    /// The text as typed.
    pub(crate) text: String,
    /// Delivery state.
    pub(crate) state: SendState,
}

/// The messages of one conversation, ordered by `seq`, and the outbox.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Transcript {
    messages: Vec<ChatMessage>,
    outbox: Vec<Outgoing>,
}

impl Transcript {
    /// Stored messages, oldest first.
    pub(crate) fn messages(&self) -> &[ChatMessage] {
        &self.messages
    }

    /// Own messages not yet in [`Transcript::messages`], in the order they were written.
    pub(crate) fn outbox(&self) -> &[Outgoing] {
        &self.outbox
    }

    /// The highest `seq` up to which nothing is missing: what to put in `sync { after }`.
    pub(crate) fn contiguous_seq(&self) -> u64 {
        let mut expected = 1;
        for m in &self.messages {
            if m.seq != expected {
                break;
            }
            expected += 1;
        }
        expected - 1
    }

    /// Adds one message unless it is already there. Returns `Some(after)` when messages before it are missing,
    /// so the caller sends `sync { after }`.
    pub(crate) fn insert(&mut self, message: ChatMessage) -> Option<u64> {
        if let Err(at) = self.messages.binary_search_by_key(&message.seq, |m| m.seq) {
            self.outbox.retain(|o| o.client_id != message.client_id);
            self.messages.insert(at, message);
        }
        self.gap()
    }

    /// Adds many messages (a `messages` frame or an HTTP page); same contract as [`Transcript::insert`].
    pub(crate) fn merge(&mut self, messages: impl IntoIterator<Item = ChatMessage>) -> Option<u64> {
        for m in messages {
            self.insert(m);
        }
        self.gap()
    }

    fn gap(&self) -> Option<u64> {
        let after = self.contiguous_seq();
        (self.messages.len() as u64 > after).then_some(after)
    }

    /// Puts a new own message in the outbox as "发送中".
    pub(crate) fn queue(&mut self, client_id: String, text: String) {
        self.outbox.push(Outgoing {
            client_id,
            text,
            state: SendState::Sending,
        });
    }

    /// The server acknowledged `client_id` as `seq`. Returns whether it was ours.
    pub(crate) fn ack(&mut self, client_id: &str, seq: u64) -> bool {
        self.set_state(client_id, SendState::Sent(seq))
    }

    /// The server refused `client_id`. Returns whether it was ours.
    pub(crate) fn fail(&mut self, client_id: &str, reason: String) -> bool {
        self.set_state(client_id, SendState::Failed(reason))
    }

    fn set_state(&mut self, client_id: &str, state: SendState) -> bool {
        match self.outbox.iter_mut().find(|o| o.client_id == client_id) {
            Some(o) => {
                o.state = state;
                true
            }
            None => false,
        }
    }

    /// Own messages without an `ack`: resent after every reconnect.
    pub(crate) fn unsent(&self) -> impl Iterator<Item = &Outgoing> {
        self.outbox.iter().filter(|o| o.state == SendState::Sending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bangban_core::protocol::SenderKind;

    fn msg(seq: u64, client_id: &str) -> ChatMessage {
        ChatMessage {
            conversation: "c1".into(),
            seq,
            client_id: client_id.into(),
            sender: SenderKind::Citizen,
            author: None,
            text: format!("第{seq}条"),
            at_ms: 0,
            attachment: None,
        }
    }

    fn seqs(t: &Transcript) -> Vec<u64> {
        t.messages().iter().map(|m| m.seq).collect()
    }

    #[test]
    fn in_order_messages_need_no_sync() {
        let mut t = Transcript::default();
        assert_eq!(t.insert(msg(1, "a")), None);
        assert_eq!(t.insert(msg(2, "b")), None);
        assert_eq!(t.contiguous_seq(), 2);
    }

    #[test]
    fn duplicates_are_dropped() {
        let mut t = Transcript::default();
        t.merge([msg(1, "a"), msg(2, "b")]);
        assert_eq!(t.merge([msg(2, "b"), msg(1, "a")]), None);
        assert_eq!(seqs(&t), [1, 2]);
    }

    #[test]
    fn a_hole_asks_for_a_sync_until_filled() {
        let mut t = Transcript::default();
        t.insert(msg(1, "a"));
        assert_eq!(t.insert(msg(4, "d")), Some(1));
        assert_eq!(t.merge([msg(2, "b"), msg(3, "c"), msg(4, "d")]), None);
        assert_eq!(seqs(&t), [1, 2, 3, 4]);
    }

    #[test]
    fn a_first_message_past_one_asks_for_everything() {
        let mut t = Transcript::default();
        assert_eq!(t.insert(msg(3, "c")), Some(0));
    }

    #[test]
    fn own_messages_go_from_sending_to_sent_to_stored() {
        let mut t = Transcript::default();
        t.queue("k1".into(), "您好".into());
        assert_eq!(t.unsent().count(), 1);
        assert!(t.ack("k1", 1));
        assert_eq!(t.outbox()[0].state, SendState::Sent(1));
        assert_eq!(t.unsent().count(), 0);
        t.insert(msg(1, "k1"));
        assert!(t.outbox().is_empty());
    }

    #[test]
    fn refused_messages_stay_with_their_reason_and_are_not_resent() {
        let mut t = Transcript::default();
        t.queue("k1".into(), "您好".into());
        assert!(t.fail("k1", "会话已结束".into()));
        assert_eq!(t.unsent().count(), 0);
        assert!(!t.fail("other", "x".into()));
    }
}
