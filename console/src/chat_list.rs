//! 我的会话: the agent's chats, open ones first; choosing one shows it in the middle column.

use bangban_core::protocol::ConversationView;
use leptos::prelude::*;

use crate::actions;
use crate::chats;
use crate::format;
use crate::state::Workspace;

/// The list of the agent's chats.
#[component]
pub(crate) fn ChatList() -> impl IntoView {
    let ws = Workspace::get();
    let empty = || view! { <p class="empty">"暂无会话"</p> };
    // The key changes with what a row shows, so a closed or rated chat re-renders its row.
    let key = |c: &ConversationView| (c.id.clone(), chats::state_label(c), c.rating.is_some());
    view! {
        <section class="panel" aria-labelledby="chats-heading">
            <h2 id="chats-heading">"我的会话"</h2>
            <Show when=move || ws.chats.with(|c| !c.is_empty()) fallback=empty>
                <ul class="rows">
                    <For each=move || ws.chats.get() key=key let:chat>
                        <ChatRow chat/>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

/// One chat as a button; the selected one is marked with `aria-current`.
#[component]
fn ChatRow(
    /// The chat.
    chat: ConversationView,
) -> impl IntoView {
    let ws = Workspace::get();
    let id = chat.id.clone();
    let current = {
        let id = id.clone();
        move || (ws.selected.get().as_deref() == Some(id.as_str())).then_some("true")
    };
    let status = chats::state_label(&chat);
    view! {
        <li>
            <button
                type="button"
                class="chat-row"
                aria-current=current
                on:click=move |_| actions::select(ws, id.clone())
            >
                <span class="item">{format::item(chat.item.as_deref()).to_owned()}</span>
                <span class="tag">{status}</span>
                <span class="question">{chat.first_question}</span>
            </button>
        </li>
    }
}
