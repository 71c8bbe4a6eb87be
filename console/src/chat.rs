//! The middle column: the selected chat's header, its transcript (role="log") and, for agents, the reply box.

use bangban_core::protocol::{ConversationStatus, ConversationView};
use leptos::html::Div;
use leptos::prelude::*;

use crate::actions;
use crate::format;
use crate::message::{MessageRow, PendingRow};
use crate::reply::ReplyBox;
use crate::state::Workspace;

/// The chat with this id as the agent's list knows it, tracked.
pub(crate) fn chat_view(ws: Workspace, id: &str) -> Option<ConversationView> {
    ws.chats.with(|cs| cs.iter().find(|c| c.id == id).cloned())
}

/// Whether the chat with this id has ended, tracked.
pub(crate) fn is_closed(ws: Workspace, id: &str) -> bool {
    ws.chats.with(|cs| {
        cs.iter()
            .any(|c| c.id == id && c.status == ConversationStatus::Closed)
    })
}

/// The selected chat, or a hint to choose one. Re-renders only when the selection changes.
#[component]
pub(crate) fn ChatPane() -> impl IntoView {
    let ws = Workspace::get();
    let body = move || match ws.selected.get() {
        None => view! { <p class="empty hint">"请在左侧选择或接入一个会话"</p> }.into_any(),
        Some(id) => view! {
            <ChatHeader id=id.clone()/>
            <Log id=id.clone()/>
            {ws.answers_chats().then(|| view! { <ReplyBox id/> })}
        }
        .into_any(),
    };
    view! { <section class="chat" aria-label="当前会话">{body}</section> }
}

/// 事项, status, the citizen's question and, once rated, the 好差评 word and stars.
#[component]
fn ChatHeader(
    /// The chat's id.
    id: String,
) -> impl IntoView {
    let ws = Workspace::get();
    let chat = Memo::new(move |_| chat_view(ws, &id));
    let item =
        move || chat.with(|c| format::item(c.as_ref().and_then(|c| c.item.as_deref())).to_owned());
    let status = move || chat.with(|c| c.as_ref().map(|c| format::status(c.status)));
    let question = move || chat.with(|c| c.as_ref().map(|c| c.first_question.clone()));
    view! {
        <header class="chat-head">
            <h2 id="chat-heading">{item}</h2>
            <span class="tag">{status}</span>
            <p class="question">{question}</p>
            <RatingLine chat/>
        </header>
    }
}

/// "评价：满意 ★★★★☆" and the comment, when the citizen has rated.
#[component]
fn RatingLine(
    /// The chat, tracked.
    chat: Memo<Option<ConversationView>>,
) -> impl IntoView {
    let rating = move || chat.with(|c| c.as_ref().and_then(|c| c.rating.clone()));
    move || {
        rating().map(|r| {
            let stars = r.level.stars();
            view! {
                <p class="rating" class:bad=r.level.is_bad()>
                    "评价：" {r.level.label()} " "
                    <span class="stars" role="img" aria-label=format!("{stars} 星（满分 5 星）")>
                        {format::stars(stars)}
                    </span>
                    {r.comment.map(|c| view! { <span class="comment">{c}</span> })}
                </p>
            }
        })
    }
}

/// The transcript: stored messages by `seq`, then own messages on their way. Scrolls to the newest.
#[component]
fn Log(
    /// The chat's id.
    id: String,
) -> impl IntoView {
    let ws = Workspace::get();
    let transcript = Memo::new(move |_| {
        ws.transcripts
            .with(|all| all.get(&id).cloned().unwrap_or_default())
    });
    let messages = move || transcript.with(|t| t.messages().to_vec());
    let pending = move || transcript.with(|t| t.outbox().to_vec());
    let log = NodeRef::<Div>::new();
    Effect::new(move || {
        transcript.track();
        if let Some(el) = log.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });
    view! {
        <div class="log" role="log" aria-label="会话记录" tabindex="0" node_ref=log>
            <For each=messages key=|m| m.seq let:message>
                <MessageRow message/>
            </For>
            <For each=pending key=|o| (o.client_id.clone(), o.state.clone()) let:outgoing>
                <PendingRow outgoing/>
            </For>
        </div>
    }
}

/// 结束会话 for an open chat.
#[component]
pub(crate) fn CloseButton(
    /// The chat's id.
    id: String,
) -> impl IntoView {
    let ws = Workspace::get();
    let closed = {
        let id = id.clone();
        move || is_closed(ws, &id)
    };
    view! {
        <button type="button" disabled=closed on:click=move |_| actions::close(ws, id.clone())>
            "结束会话"
        </button>
    }
}
