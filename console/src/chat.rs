//! The middle column: the selected chat's header, its transcript (role="log"), the reply box and, beside them,
//! the agent's helpers (知识库, 常用语, 历史会话). An image dropped on the chat goes to the reply box's tray.

use bangban_core::protocol::{ConversationStatus, ConversationView};
use leptos::prelude::*;

use crate::actions;
use crate::chats;
use crate::format;
use crate::helpers::Helpers;
use crate::log::{Log, TypingLine};
use crate::media_bar::DropHint;
use crate::media_send::Tray;
use crate::queue::note_text;
use crate::reply::ReplyBox;
use crate::state::Workspace;

/// The chat with this id as the agent's list knows it, tracked.
pub(crate) fn chat_view(ws: Workspace, id: &str) -> Option<ConversationView> {
    ws.chats.with(|cs| cs.iter().find(|c| c.id == id).cloned())
}

/// Whether the agent can no longer answer the chat (ended, or handed on to a 业务客服), tracked.
pub(crate) fn is_closed(ws: Workspace, id: &str) -> bool {
    ws.chats.with(|cs| {
        cs.iter()
            .any(|c| c.id == id && c.status != ConversationStatus::Active)
    })
}

/// The selected chat, or a hint to choose one. Re-renders only when the selection changes; the draft reply
/// lives here so the helpers can insert into it.
#[component]
pub(crate) fn ChatPane() -> impl IntoView {
    let ws = Workspace::get();
    let body = move || match ws.selected.get() {
        None => view! { <p class="empty hint">"请在左侧选择或接入一个会话"</p> }.into_any(),
        Some(id) => {
            let draft = RwSignal::new(String::new());
            let answers = ws.answers_chats();
            let tray = Tray::new(ws, id.clone());
            // Files dropped anywhere on the chat go to the tray (only for agents who answer).
            view! {
                <div
                    class="chat-main"
                    class:dropping=move || tray.dragging.get()
                    on:dragover=move |ev| if answers { tray.drag_over(ev) }
                    on:dragleave=move |ev| tray.drag_leave(ev)
                    on:drop=move |ev| if answers { tray.drop_files(ev) }
                >
                    <ChatHeader id=id.clone()/>
                    <Log id=id.clone()/>
                    <TypingLine id=id.clone()/>
                    {answers.then(|| view! { <ReplyBox id=id.clone() draft tray/> })}
                    <DropHint tray/>
                </div>
                {answers.then(|| view! { <Helpers id draft/> })}
            }
            .into_any()
        }
    };
    view! { <section class="chat" aria-label="当前会话">{body}</section> }
}

/// 事项, status, the citizen's question, a 转办说明 for chats handed over and, once rated, the 好差评.
#[component]
fn ChatHeader(
    /// The chat's id.
    id: String,
) -> impl IntoView {
    let ws = Workspace::get();
    let chat = Memo::new(move |_| chat_view(ws, &id));
    let item =
        move || chat.with(|c| format::item(c.as_ref().and_then(|c| c.item.as_deref())).to_owned());
    let status = move || chat.with(|c| c.as_ref().map(chats::state_label));
    let question = move || chat.with(|c| c.as_ref().map(|c| c.first_question.clone()));
    let transfer = move || {
        chat.with(|c| c.as_ref().and_then(|c| c.transfer.clone()))
            .map(|t| {
                let text = format!("转办说明：{}", note_text(&t.note));
                let from = format!("（{} 转来）", t.from.display_name);
                view! { <p class="transfer-note"><span>{text}</span><span class="from">{from}</span></p> }
            })
    };
    view! {
        <header class="chat-head">
            <h2 id="chat-heading">{item}</h2>
            <span class="tag">{status}</span>
            <p class="question">{question}</p>
            {transfer}
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
