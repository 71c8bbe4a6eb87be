//! 等待接入: the chats waiting for an agent, with how long each has waited and a 接入 button.

use bangban_core::protocol::QueueEntry;
use leptos::prelude::*;

use crate::actions;
use crate::format;
use crate::state::Workspace;

/// The service standard: a first human answer within one minute. Rows past it are marked.
const LATE_MS: i64 = 60_000;

/// The waiting list. Agents see it while 签入; supervisors always see it, read-only.
#[component]
pub(crate) fn QueuePanel() -> impl IntoView {
    let ws = Workspace::get();
    let watching = move || !ws.answers_chats() || ws.me.with(|m| m.on_duty);
    let off_duty = || view! { <p class="empty">"签入后可接入会话"</p> };
    view! {
        <section class="panel" aria-labelledby="queue-heading">
            <h2 id="queue-heading">"等待接入"</h2>
            <Show when=watching fallback=off_duty>
                <QueueRows/>
            </Show>
        </section>
    }
}

/// The rows, or "暂无等待的会话".
#[component]
fn QueueRows() -> impl IntoView {
    let ws = Workspace::get();
    let empty = || view! { <p class="empty">"暂无等待的会话"</p> };
    view! {
        <Show when=move || ws.queue.with(|q| !q.is_empty()) fallback=empty>
            <p class="count">{move || format!("{} 个会话等待中", ws.queue.with(Vec::len))}</p>
            <ul class="rows">
                <For each=move || ws.queue.get() key=|q| q.conversation.clone() let:entry>
                    <QueueRow entry/>
                </For>
            </ul>
        </Show>
    }
}

/// One waiting chat: 事项, question, waiting time ticking every second, and 接入 for agents.
#[component]
fn QueueRow(
    /// The waiting chat.
    entry: QueueEntry,
) -> impl IntoView {
    let ws = Workspace::get();
    let question_id = format!("queue-q-{}", entry.conversation);
    let since = entry.waiting_since_ms;
    let waited = move || ws.now_ms.get() - since;
    let late = move || waited() > LATE_MS;
    let conversation = entry.conversation;
    let accept = ws.answers_chats().then(|| {
        let on_click = move |_| actions::accept(ws, conversation.clone());
        view! {
            <button type="button" class="primary" aria-describedby=question_id.clone() on:click=on_click>
                "接入"
            </button>
        }
    });
    view! {
        <li class="row">
            <p class="item">{format::item(entry.item.as_deref()).to_owned()}</p>
            <p class="question" id=question_id>{question_text(entry.first_question)}</p>
            <p class="waited" class:late=late>{move || format::waiting(waited())}</p>
            {accept}
        </li>
    }
}

/// The question, or a note that the citizen asked none before 转人工.
fn question_text(question: String) -> String {
    if question.trim().is_empty() {
        "（未填写问题）".to_owned()
    } else {
        question
    }
}
