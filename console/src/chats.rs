//! The agent's list of chats: updates from `conversation` frames and HTTP answers, open chats first.
//!
//! Pure logic, tested natively; the component that shows the list is in `chat_list.rs`.

use bangban_core::protocol::{ConversationStatus, ConversationView, Outcome, QueueEntry};

use crate::format;

/// Whether the agent is still answering the chat: taken and not ended or handed on (a chat handed to a 业务客服
/// is `waiting` again, in someone else's queue).
pub(crate) fn is_open(chat: &ConversationView) -> bool {
    chat.status == ConversationStatus::Active
}

/// Where the chat stands, in the words of the agent's list: handed-on chats say where they went.
pub(crate) fn state_label(chat: &ConversationView) -> &'static str {
    match chat.status {
        ConversationStatus::Closed if chat.outcome == Some(Outcome::Pushed12345) => "已转派12345",
        ConversationStatus::Waiting if chat.transfer.is_some() => "已转业务客服",
        status => format::status(status),
    }
}

/// The citizen has read the chat up to `seq` (a `read` frame); the mark never goes back.
pub(crate) fn citizen_read(chats: &mut [ConversationView], id: &str, seq: u64) {
    if let Some(chat) = chats.iter_mut().find(|c| c.id == id) {
        chat.citizen_read_seq = chat.citizen_read_seq.max(seq);
    }
}

/// Replaces the chat with the same id or adds it, then keeps open chats before closed ones (stable otherwise,
/// so the list does not jump around under the agent's pointer).
pub(crate) fn upsert(chats: &mut Vec<ConversationView>, chat: ConversationView) {
    match chats.iter_mut().find(|c| c.id == chat.id) {
        Some(old) => *old = chat,
        None => chats.insert(0, chat),
    }
    chats.sort_by_key(|c| !is_open(c));
}

/// The chat to show when none is selected yet (page load, reconnect): the one remembered from before a reload if
/// the agent still has it, otherwise the first open one.
pub(crate) fn initial_choice(
    chats: &[ConversationView],
    remembered: Option<&str>,
) -> Option<String> {
    let kept = remembered.and_then(|id| chats.iter().find(|c| c.id == id));
    kept.or_else(|| chats.iter().find(|c| is_open(c)))
        .map(|c| c.id.clone())
}

/// Drops a chat from the waiting list once someone has taken it (the next `queue` frame agrees anyway).
pub(crate) fn leave_queue(queue: &mut Vec<QueueEntry>, conversation: &str) {
    queue.retain(|q| q.conversation != conversation);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(id: &str, status: ConversationStatus) -> ConversationView {
        ConversationView {
            id: id.into(),
            status,
            ..ConversationView::default()
        }
    }

    fn ids(chats: &[ConversationView]) -> Vec<&str> {
        chats.iter().map(|c| c.id.as_str()).collect()
    }

    #[test]
    fn new_chats_come_first_and_closed_ones_sink() {
        let mut chats = vec![chat("a", ConversationStatus::Active)];
        upsert(&mut chats, chat("b", ConversationStatus::Active));
        assert_eq!(ids(&chats), ["b", "a"]);
        upsert(&mut chats, chat("b", ConversationStatus::Closed));
        assert_eq!(ids(&chats), ["a", "b"]);
        assert_eq!(chats[1].status, ConversationStatus::Closed);
    }

    #[test]
    fn a_reload_returns_to_the_remembered_chat_or_the_first_open_one() {
        let chats = vec![
            chat("a", ConversationStatus::Active),
            chat("b", ConversationStatus::Closed),
        ];
        assert_eq!(initial_choice(&chats, Some("b")).as_deref(), Some("b"));
        assert_eq!(initial_choice(&chats, Some("gone")).as_deref(), Some("a"));
        assert_eq!(initial_choice(&chats[1..], None), None);
    }

    #[test]
    fn handed_on_chats_say_where_they_went_and_sink() {
        let mut handed = chat("a", ConversationStatus::Waiting);
        handed.transfer = Some(bangban_core::protocol::TransferView {
            from: bangban_core::protocol::AgentRef {
                username: "chuangkou1".into(),
                display_name: "小王".into(),
            },
            note: "需要业务判断".into(),
            at_ms: 0,
        });
        assert_eq!(state_label(&handed), "已转业务客服");
        assert!(!is_open(&handed));
        let mut pushed = chat("b", ConversationStatus::Closed);
        pushed.outcome = Some(Outcome::Pushed12345);
        assert_eq!(state_label(&pushed), "已转派12345");
        assert_eq!(
            state_label(&chat("c", ConversationStatus::Active)),
            "进行中"
        );
        let mut chats = vec![handed, chat("c", ConversationStatus::Active)];
        upsert(&mut chats, chat("d", ConversationStatus::Active));
        assert_eq!(ids(&chats), ["d", "c", "a"]);
    }

    #[test]
    fn read_marks_only_move_forward() {
        let mut chats = vec![chat("a", ConversationStatus::Active)];
        citizen_read(&mut chats, "a", 4);
        citizen_read(&mut chats, "a", 2);
        citizen_read(&mut chats, "zz", 9);
        assert_eq!(chats[0].citizen_read_seq, 4);
    }

    #[test]
    fn taken_chats_leave_the_queue() {
        let entry = |id: &str| QueueEntry {
            conversation: id.into(),
            ..QueueEntry::default()
        };
        let mut queue = vec![entry("a"), entry("b")];
        leave_queue(&mut queue, "a");
        assert_eq!(queue, [entry("b")]);
    }
}
