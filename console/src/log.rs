//! The transcript of the open chat (role="log"), the read receipts both ways, and "群众正在输入…".

use bangban_core::protocol::ClientFrame;
use leptos::html::Div;
use leptos::prelude::*;
use web_sys::VisibilityState;

use crate::chat::chat_view;
use crate::chats;
use crate::message::{MessageRow, PendingRow};
use crate::notices;
use crate::state::Workspace;

/// The transcript: stored messages by `seq`, then own messages on their way. Scrolls to the newest, and tells
/// the citizen what the agent has read.
#[component]
pub(crate) fn Log(
    /// The chat's id.
    id: String,
) -> impl IntoView {
    let ws = Workspace::get();
    let chat = StoredValue::new(id.clone());
    let transcript = Memo::new(move |_| {
        ws.transcripts
            .with(|all| all.get(&id).cloned().unwrap_or_default())
    });
    let messages = move || transcript.with(|t| t.messages().to_vec());
    let pending = move || transcript.with(|t| t.outbox().to_vec());
    let read_upto = Signal::derive(move || {
        chat.with_value(|id| chat_view(ws, id))
            .map_or(0, |c| c.citizen_read_seq)
    });
    let log = NodeRef::<Div>::new();
    Effect::new(move || {
        transcript.track();
        if let Some(el) = log.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });
    // Re-checked every second as well: the tab may have come back into view.
    Effect::new(move || {
        ws.now_ms.track();
        let newest = transcript.with(|t| t.messages().to_vec());
        chat.with_value(|id| send_read(ws, id, &newest));
    });
    view! {
        <div class="log" role="log" aria-label="会话记录" tabindex="0" node_ref=log>
            <For each=messages key=|m| m.seq let:message>
                <MessageRow message read_upto/>
            </For>
            <For each=pending key=|o| (o.client_id.clone(), o.state.clone()) let:outgoing>
                <PendingRow outgoing/>
            </For>
        </div>
    }
}

/// Sends `read` for citizen messages the agent can see now: their chat is open (taken, not ended) and shown in
/// a visible tab.
fn send_read(ws: Workspace, id: &str, messages: &[bangban_core::protocol::ChatMessage]) {
    let answering = ws
        .chats
        .try_with_untracked(|cs| cs.iter().any(|c| c.id == id && chats::is_open(c)))
        .unwrap_or(false);
    if !answering || document().visibility_state() != VisibilityState::Visible {
        return;
    }
    let sent = ws
        .read_sent
        .try_with_value(|r| r.get(id).copied().unwrap_or(0))
        .unwrap_or(0);
    let Some(seq) = notices::read_to_send(messages, sent) else {
        return;
    };
    let frame = ClientFrame::Read {
        conversation: id.to_owned(),
        seq,
    };
    if ws.send(&frame) {
        ws.read_sent.update_value(|r| {
            r.insert(id.to_owned(), seq);
        });
    }
}

/// "群众正在输入…" for a few seconds after each `typing` notice from the citizen.
#[component]
pub(crate) fn TypingLine(
    /// The chat's id.
    id: String,
) -> impl IntoView {
    let ws = Workspace::get();
    let typing = move || {
        let now = ws.now_ms.get();
        ws.typing
            .with(|t| t.get(&id).is_some_and(|&until| until > now))
            .then_some("群众正在输入…")
    };
    view! { <p class="typing" role="status">{typing}</p> }
}
