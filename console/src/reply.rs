//! The reply box: 回复内容, 发送 (Enter or Ctrl+Enter; Shift+Enter for a new line), 发送图片 and 开始录音 (an
//! image pasted into the box is sent like a chosen one), 结束会话 and the hand-overs. Typing sends a `typing`
//! notice to the citizen at most every 2 s.

use bangban_core::protocol::ConversationStatus;
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::prelude::*;

use crate::actions;
use crate::chat::{CloseButton, chat_view, is_closed};
use crate::chat_extras::{InviteRating, SaveAsKnowledge};
use crate::media_bar::MediaBar;
use crate::media_send::Tray;
use crate::notices::Throttle;
use crate::state::Workspace;
use crate::transfer::TransferButtons;

/// Where the agent answers the selected chat; disabled with "会话已结束" once it is closed.
#[component]
pub(crate) fn ReplyBox(
    /// The chat's id.
    id: String,
    /// The reply being written; the helpers insert into it.
    draft: RwSignal<String>,
    /// The chat's screenshots and voice clips on their way.
    tray: Tray,
) -> impl IntoView {
    let ws = Workspace::get();
    let text = draft;
    let typing = StoredValue::new(Throttle::default());
    let error = RwSignal::new(None::<String>);
    let chat = StoredValue::new(id.clone());
    let closed = move || chat.with_value(|id| is_closed(ws, id));
    let send = move || {
        let result = chat.with_value(|id| actions::reply(ws, id, text.get_untracked()));
        match result {
            Ok(()) => text.set(String::new()),
            Err(reason) => error.set(Some(reason)),
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        send();
    };
    let on_key = move |ev: KeyboardEvent| {
        // While an input method is composing (拼音), Enter picks the characters; it must not send.
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() && ev.key_code() != 229 {
            ev.prevent_default();
            send();
        }
    };
    view! {
        <form class="reply" on:submit=on_submit>
            <Show when=closed>
                <p class="ended" role="status">{move || ended_text(ws, &chat.get_value())}</p>
            </Show>
            <label for="reply-text" class="sr-only">"回复内容"</label>
            <textarea
                id="reply-text"
                rows="3"
                bind:value=text
                on:keydown=on_key
                on:paste=move |ev| tray.paste(ev)
                on:input=move |_| {
                    error.set(None);
                    chat.with_value(|id| actions::typing(ws, id, typing));
                }
                disabled=closed
                aria-describedby=move || error.with(|e| e.is_some().then_some("reply-error"))
            ></textarea>
            <Show when=move || error.with(Option::is_some)>
                <p id="reply-error" class="error" role="alert">{move || error.get()}</p>
            </Show>
            <MediaBar tray/>
            <div class="actions">
                <button type="submit" class="primary" disabled=closed>"发送"</button>
                <InviteRating id=id.clone()/>
                <TransferButtons id=id.clone()/>
                <CloseButton id/>
            </div>
            <SaveAsKnowledge id=chat.get_value()/>
        </form>
    }
}

/// "会话已结束", or "会话已转业务客服" for a chat handed on (waiting again, in a 业务客服's queue).
fn ended_text(ws: Workspace, id: &str) -> &'static str {
    match chat_view(ws, id) {
        Some(c) if c.status == ConversationStatus::Waiting => "会话已转业务客服",
        _ => "会话已结束",
    }
}
