//! 历史会话: the same citizen's earlier chats, each with its date, 事项, first question and rating; opening one
//! loads its transcript, read-only, screenshots and voice clips included.

use bangban_core::calendar::Date;
use bangban_core::protocol::{ChatMessage, ConversationView, SenderKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::format;
use crate::media_view::AttachmentView;

/// The panel; loaded when the chat is shown.
#[component]
pub(crate) fn HistoryPanel(
    /// The open chat's id.
    id: String,
) -> impl IntoView {
    let earlier = RwSignal::new(None::<Result<Vec<ConversationView>, String>>);
    spawn_local(async move {
        let answer = api::history(&id).await.map_err(|e| e.message());
        earlier.try_set(Some(answer));
    });
    let body = move || match earlier.get() {
        None => view! { <p class="empty">"正在加载…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error">{message}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"无历史会话"</p> }.into_any(),
        Some(Ok(list)) => view! {
            <ul class="history">
                {list.into_iter().map(|chat| view! { <HistoryRow chat/> }).collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <section class="helper" aria-labelledby="history-heading">
            <h3 id="history-heading">"历史会话"</h3>
            {body}
        </section>
    }
}

/// One earlier chat as a disclosure (`<details>`, keyboard-operable by itself); its transcript loads when opened.
#[component]
fn HistoryRow(
    /// The earlier chat.
    chat: ConversationView,
) -> impl IntoView {
    let messages = RwSignal::new(None::<Result<Vec<ChatMessage>, String>>);
    let id = StoredValue::new(chat.id.clone());
    let on_toggle = move |_| {
        if messages.with_untracked(Option::is_none) {
            spawn_local(async move {
                let answer = api::messages(&id.get_value(), 0).await;
                messages.try_set(Some(answer.map_err(|e| e.message())));
            });
        }
    };
    let rating = chat.rating.as_ref().map_or("未评价", |r| r.level.label());
    let summary = format!(
        "{} · {} · {}",
        Date::from_unix_ms(chat.created_ms),
        format::item(chat.item.as_deref()),
        rating
    );
    view! {
        <li>
            <details on:toggle=on_toggle>
                <summary>
                    <span class="when">{summary}</span>
                    <span class="question">{chat.first_question}</span>
                </summary>
                <MiniLog messages/>
            </details>
        </li>
    }
}

/// The read-only transcript of an earlier chat.
#[component]
fn MiniLog(
    /// Loaded messages, or why not.
    messages: RwSignal<Option<Result<Vec<ChatMessage>, String>>>,
) -> impl IntoView {
    move || match messages.get() {
        None => view! { <p class="empty">"正在加载…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error">{message}</p> }.into_any(),
        Some(Ok(list)) => view! {
            <ol class="mini-log">
                {list.into_iter().map(|m| view! { <li>{line(m)}</li> }).collect_view()}
            </ol>
        }
        .into_any(),
    }
}

/// "群众：……", "小申：……", "小王：……"; an attachment is shown as in the live transcript.
fn line(m: ChatMessage) -> impl IntoView {
    let who = match m.sender {
        SenderKind::Citizen => "群众",
        SenderKind::Bot => "小申",
        SenderKind::Agent => m.author.as_deref().unwrap_or("客服"),
        SenderKind::System => "系统",
    };
    let who = format!("{who}：");
    match m.attachment {
        Some(attachment) => view! {
            {who}
            <AttachmentView conversation=m.conversation attachment sender=m.sender/>
        }
        .into_any(),
        None => format!("{who}{}", m.text).into_any(),
    }
}
