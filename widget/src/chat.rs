//! The human chat as the citizen sees it: stored messages merged by `seq`, plus the citizen's own
//! messages that are not stored yet (the outbox).
//!
//! Pure (no web-sys) so the merge and outbox rules are tested natively. The server is the source of
//! truth: a message is shown from its stored copy as soon as one arrives, and the local copy is dropped
//! by `client_id`. Until then the local copy shows "发送中", or the server's error if it was refused.

use bangban_core::media::Attachment;
use bangban_core::protocol::{ChatMessage, SenderKind};
use serde::{Deserialize, Serialize};

/// How far a message the citizen wrote has got.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Delivery {
    /// Written, not acknowledged yet: it stays in the outbox and is resent after every reconnect.
    #[default]
    Sending,
    /// Acknowledged: stored by the server, its copy has not arrived yet.
    Sent,
    /// Refused by the server, with the reason in Chinese: shown as "未发送" and resent only by 重新发送.
    Failed(String),
}

/// A message the citizen wrote, kept until the stored copy arrives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Outgoing {
    /// The conversation it belongs to.
    pub(crate) conversation: String,
    /// Our id for it; the server drops a second copy with the same id.
    pub(crate) client_id: String,
    /// The text.
    pub(crate) text: String,
    /// When it was written (Unix ms), for the time shown next to it.
    pub(crate) at_ms: i64,
    /// Where it stands. Persisted as `"failed": "<reason>"` so that a refused message is still marked
    /// "未发送" after a reload; any other entry comes back as `Sending` (a plain optional string keeps
    /// the wasm smaller than a tagged enum would).
    #[serde(rename = "failed", default, with = "failed_reason")]
    pub(crate) delivery: Delivery,
}

/// [`Delivery`] on disk: the reason of a refused message, or nothing.
mod failed_reason {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Delivery;

    pub(super) fn serialize<S: Serializer>(d: &Delivery, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Delivery::Failed(reason) => Some(reason),
            _ => None,
        }
        .serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Delivery, D::Error> {
        Ok(Option::<String>::deserialize(d)?.map_or(Delivery::Sending, Delivery::Failed))
    }
}

/// One line of the chat, ready to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    /// Stable key for the keyed list; changes when the line's content changes. A stored message's key
    /// is its `seq` alone: being read by the agent does not re-create the line (a voice clip that is
    /// playing in it keeps playing), "已读" follows the agent's read mark reactively ([`Row::is_read`]).
    pub(crate) key: String,
    /// Who wrote it.
    pub(crate) sender: SenderKind,
    /// The author's display name (agents, 小申).
    pub(crate) author: Option<String>,
    /// The text.
    pub(crate) text: String,
    /// When (Unix ms).
    pub(crate) at_ms: i64,
    /// For the citizen's unstored messages: how far they got.
    pub(crate) delivery: Option<Delivery>,
    /// For the citizen's stored messages: its `seq`, to compare with the agent's read mark.
    pub(crate) citizen_seq: Option<u64>,
    /// Our id of the message, for 重新发送.
    pub(crate) client_id: String,
    /// The screenshot or voice clip it carries.
    pub(crate) attachment: Option<Attachment>,
}

impl Row {
    /// Whether the agent has read this line ("已读"), the agent having read up to `agent_read`: only the
    /// citizen's stored messages can be.
    pub(crate) fn is_read(&self, agent_read: u64) -> bool {
        self.citizen_seq.is_some_and(|seq| seq <= agent_read)
    }
}

/// The messages of one conversation, in `seq` order without duplicates, and the unstored ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ChatLog {
    messages: Vec<ChatMessage>,
    outgoing: Vec<Outgoing>,
}

impl ChatLog {
    /// The highest `seq` held; the next `Sync` asks for what comes after it.
    pub(crate) fn last_seq(&self) -> u64 {
        self.messages.last().map_or(0, |m| m.seq)
    }

    /// Whether `seq` would leave a hole (messages were missed and a `Sync` is needed first).
    pub(crate) fn is_gap(&self, seq: u64) -> bool {
        seq > self.last_seq() + 1
    }

    /// Merges stored messages: keeps `seq` order, ignores ones already held, retires local copies.
    pub(crate) fn merge(&mut self, incoming: impl IntoIterator<Item = ChatMessage>) {
        for message in incoming {
            if let Err(at) = self.messages.binary_search_by_key(&message.seq, |m| m.seq) {
                self.outgoing.retain(|o| {
                    !(message.sender == SenderKind::Citizen && o.client_id == message.client_id)
                });
                self.messages.insert(at, message);
            }
        }
    }

    /// Adds a message the citizen just wrote.
    pub(crate) fn push_outgoing(&mut self, outgoing: Outgoing) {
        self.outgoing.push(outgoing);
    }

    /// The server stored `client_id`: stop resending it (the stored copy may already be here).
    pub(crate) fn ack(&mut self, client_id: &str) {
        for o in self
            .outgoing
            .iter_mut()
            .filter(|o| o.client_id == client_id)
        {
            o.delivery = Delivery::Sent;
        }
    }

    /// 重新发送: `client_id` is back to "发送中" (same id, so the server stores it at most once); the
    /// message to send again, if there is one.
    pub(crate) fn retry(&mut self, client_id: &str) -> Option<Outgoing> {
        let o = self
            .outgoing
            .iter_mut()
            .find(|o| o.client_id == client_id)?;
        o.delivery = Delivery::Sending;
        Some(o.clone())
    }

    /// The `seq` to report as read when an agent message after `after` is shown: the last one held.
    pub(crate) fn unread_agent_seq(&self, after: u64) -> Option<u64> {
        self.messages
            .iter()
            .rev()
            .take_while(|m| m.seq > after)
            .any(|m| m.sender == SenderKind::Agent)
            .then(|| self.last_seq())
    }

    /// The server refused `client_id`: show why and stop resending it.
    pub(crate) fn fail(&mut self, client_id: &str, reason: &str) {
        for o in self
            .outgoing
            .iter_mut()
            .filter(|o| o.client_id == client_id)
        {
            o.delivery = Delivery::Failed(reason.to_owned());
        }
    }

    /// What must still be sent after a (re)connect, oldest first.
    pub(crate) fn outbox(&self) -> Vec<Outgoing> {
        self.outgoing
            .iter()
            .filter(|o| o.delivery == Delivery::Sending)
            .cloned()
            .collect()
    }

    /// What to persist in case the page goes away: everything without a stored copy yet, refused
    /// messages included (they come back as "未发送").
    pub(crate) fn unstored(&self) -> &[Outgoing] {
        &self.outgoing
    }

    /// The lines to show: stored messages, then the citizen's unstored ones. A stored message is
    /// immutable, so its key is its `seq`; "已读" is decided when rendering ([`Row::is_read`]).
    pub(crate) fn rows(&self) -> Vec<Row> {
        let stored = self.messages.iter().map(|m| Row {
            key: format!("m{}", m.seq),
            sender: m.sender,
            author: m.author.clone(),
            text: m.text.clone(),
            at_ms: m.at_ms,
            delivery: None,
            citizen_seq: (m.sender == SenderKind::Citizen).then_some(m.seq),
            client_id: m.client_id.clone(),
            attachment: m.attachment.clone(),
        });
        let local = self.outgoing.iter().map(|o| Row {
            key: format!("o{}-{}", o.client_id, delivery_tag(&o.delivery)),
            sender: SenderKind::Citizen,
            author: None,
            text: o.text.clone(),
            at_ms: o.at_ms,
            delivery: Some(o.delivery.clone()),
            citizen_seq: None,
            client_id: o.client_id.clone(),
            attachment: None,
        });
        stored.chain(local).collect()
    }
}

fn delivery_tag(delivery: &Delivery) -> &'static str {
    match delivery {
        Delivery::Sending => "sending",
        Delivery::Sent => "sent",
        Delivery::Failed(_) => "failed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(seq: u64, sender: SenderKind, client_id: &str) -> ChatMessage {
        ChatMessage {
            conversation: "c1".into(),
            seq,
            client_id: client_id.into(),
            sender,
            author: None,
            text: format!("第{seq}条"),
            at_ms: 0,
            attachment: None,
        }
    }

    fn out(client_id: &str) -> Outgoing {
        Outgoing {
            conversation: "c1".into(),
            client_id: client_id.into(),
            text: "你好".into(),
            at_ms: 0,
            delivery: Delivery::Sending,
        }
    }

    fn seqs(log: &ChatLog) -> Vec<u64> {
        log.messages.iter().map(|m| m.seq).collect()
    }

    #[test]
    fn merge_orders_by_seq_and_drops_duplicates() {
        let mut log = ChatLog::default();
        log.merge([msg(2, SenderKind::Agent, "a"), msg(1, SenderKind::Bot, "b")]);
        log.merge([
            msg(2, SenderKind::Agent, "a"),
            msg(3, SenderKind::Agent, "c"),
        ]);
        assert_eq!(seqs(&log), [1, 2, 3]);
        assert_eq!(log.last_seq(), 3);
    }

    #[test]
    fn gaps_are_detected() {
        let mut log = ChatLog::default();
        assert!(!log.is_gap(1));
        assert!(log.is_gap(2));
        log.merge([msg(1, SenderKind::System, "s")]);
        assert!(!log.is_gap(2));
        assert!(log.is_gap(3));
    }

    #[test]
    fn stored_copy_retires_the_local_one() {
        let mut log = ChatLog::default();
        log.push_outgoing(out("m1"));
        log.push_outgoing(out("m2"));
        log.ack("m1");
        assert_eq!(log.outbox().len(), 1);
        log.merge([msg(1, SenderKind::Citizen, "m1")]);
        let rows = log.rows();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].delivery, None);
        assert_eq!(rows[1].delivery, Some(Delivery::Sending));
    }

    #[test]
    fn an_agent_message_with_the_same_id_does_not_retire_ours() {
        let mut log = ChatLog::default();
        log.push_outgoing(out("x"));
        log.merge([msg(1, SenderKind::Agent, "x")]);
        assert_eq!(log.outbox().len(), 1);
    }

    #[test]
    fn failed_messages_leave_the_outbox_but_stay_visible() {
        let mut log = ChatLog::default();
        log.push_outgoing(out("m1"));
        log.fail("m1", "消息过长");
        assert!(log.outbox().is_empty());
        let row = &log.rows()[0];
        assert_eq!(row.delivery, Some(Delivery::Failed("消息过长".into())));
        assert!(row.key.ends_with("failed"));
    }

    #[test]
    fn restored_outbox_entries_are_sending() {
        let json = r#"[{"conversation":"c1","client_id":"m1","text":"在吗","at_ms":5}]"#;
        let restored: Vec<Outgoing> = serde_json::from_str(json).unwrap();
        assert_eq!(restored[0].delivery, Delivery::Sending);
    }

    #[test]
    fn failed_messages_survive_a_reload_and_retry_with_the_same_id() {
        let mut log = ChatLog::default();
        log.push_outgoing(out("m1"));
        log.fail("m1", "会话已结束");
        let saved = serde_json::to_string(log.unstored()).unwrap();
        let restored: Vec<Outgoing> = serde_json::from_str(&saved).unwrap();
        assert_eq!(restored[0].delivery, Delivery::Failed("会话已结束".into()));
        let mut log = ChatLog::default();
        log.push_outgoing(restored[0].clone());
        assert!(log.outbox().is_empty());
        let again = log.retry("m1").unwrap();
        assert_eq!(again.client_id, "m1");
        assert_eq!(log.outbox().len(), 1);
        assert!(log.retry("nope").is_none());
    }

    #[test]
    fn read_marks_only_the_citizens_stored_messages() {
        let mut log = ChatLog::default();
        log.merge([
            msg(1, SenderKind::Citizen, "a"),
            msg(2, SenderKind::Agent, "b"),
            msg(3, SenderKind::Citizen, "c"),
        ]);
        log.push_outgoing(out("d"));
        let read: Vec<bool> = log.rows().iter().map(|r| r.is_read(2)).collect();
        assert_eq!(read, [true, false, false, false]);
        let later: Vec<bool> = log.rows().iter().map(|r| r.is_read(3)).collect();
        assert_eq!(later, [true, false, true, false]);
    }

    #[test]
    fn a_read_mark_keeps_the_lines_keys() {
        // A line re-created by its key would stop a voice clip playing in it.
        let mut log = ChatLog::default();
        log.merge([
            msg(1, SenderKind::Citizen, "a"),
            msg(2, SenderKind::Agent, "b"),
        ]);
        let keys = |log: &ChatLog| log.rows().into_iter().map(|r| r.key).collect::<Vec<_>>();
        let before = keys(&log);
        assert!(!log.rows()[0].is_read(0));
        assert!(log.rows()[0].is_read(1));
        assert_eq!(keys(&log), before);
        assert_eq!(before, ["m1", "m2"]);
    }

    #[test]
    fn read_is_reported_only_for_new_agent_messages() {
        let mut log = ChatLog::default();
        assert_eq!(log.unread_agent_seq(0), None);
        log.merge([
            msg(1, SenderKind::System, "s"),
            msg(2, SenderKind::Agent, "a"),
        ]);
        assert_eq!(log.unread_agent_seq(0), Some(2));
        log.merge([msg(3, SenderKind::Citizen, "c")]);
        assert_eq!(log.unread_agent_seq(1), Some(3));
        assert_eq!(log.unread_agent_seq(2), None);
        assert_eq!(log.unread_agent_seq(3), None);
    }
}
