//! The agent's list of chats: updates from `conversation` frames and HTTP answers, open chats first.
//!
//! Pure logic, tested natively; the component that shows the list is in `chat_list.rs`.

use bangban_core::protocol::{ConversationStatus, ConversationView, QueueEntry};

/// Whether the chat can still get messages.
pub(crate) fn is_open(chat: &ConversationView) -> bool {
    chat.status != ConversationStatus::Closed
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
