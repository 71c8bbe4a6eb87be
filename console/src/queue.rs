//! 等待接入: the chats waiting for an agent, with the one-minute countdown, the 45-second alert, hand-over badges
//! and a 接入 button.

use bangban_core::protocol::{QueueEntry, TransferView};
use leptos::prelude::*;

use crate::actions;
use crate::format;
use crate::server_clock::{Urgency, countdown};
use crate::state::Workspace;

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
                <WaitAlert/>
                <QueueRows/>
            </Show>
        </section>
    }
}

/// "有会话等待已超过 45 秒" while a chat the server alerted about is still waiting.
#[component]
fn WaitAlert() -> impl IntoView {
    let ws = Workspace::get();
    let any = move || {
        ws.alerted.with(|a| {
            ws.queue
                .with(|q| q.iter().any(|e| a.contains(&e.conversation)))
        })
    };
    view! {
        <Show when=any>
            <p class="wait-alert" role="alert">"有会话等待已超过 45 秒"</p>
        </Show>
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
                <For each=move || ws.queue.get() key=|q| (q.conversation.clone(), q.escalated) let:entry>
                    <QueueRow entry/>
                </For>
            </ul>
        </Show>
    }
}

/// One waiting chat: 事项, badges, question, the one-minute countdown (server clock) and 接入 for agents.
#[component]
fn QueueRow(
    /// The waiting chat.
    entry: QueueEntry,
) -> impl IntoView {
    let ws = Workspace::get();
    let question_id = format!("queue-q-{}", entry.conversation);
    let since = entry.waiting_since_ms;
    let clock = move || countdown(since, ws.server_now());
    let urgent = move |u: Urgency| clock().1 == u;
    let alerted = {
        let id = entry.conversation.clone();
        move || ws.alerted.with(|a| a.contains(&id))
    };
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
        <li class="row" class:alerted=alerted>
            <p class="item">{format::item(entry.item.as_deref()).to_owned()}</p>
            <Badges escalated=entry.escalated transfer=entry.transfer/>
            <p class="question" id=question_id>{question_text(entry.first_question)}</p>
            <p class="waited" class:soon=move || urgent(Urgency::Soon) class:late=move || urgent(Urgency::Overdue)>
                <span class="countdown">{move || clock().0}</span>
                <span class="since">{move || format::waiting(ws.server_now() - since)}</span>
            </p>
            {accept}
        </li>
    }
}

/// "已超时转窗口" for chats offered to every 窗口客服, "业务转办" with the note for 转业务客服 hand-overs.
#[component]
fn Badges(
    /// Offered to the general 窗口 after a minute unanswered.
    escalated: bool,
    /// The hand-over, if a 窗口客服 passed it on.
    transfer: Option<TransferView>,
) -> impl IntoView {
    let escalated = escalated.then(|| view! { <span class="badge late">"已超时转窗口"</span> });
    let transfer = transfer.map(|t| {
        view! {
            <p class="handover">
                <span class="badge">"业务转办"</span>
                <span class="note">{format!("转办说明：{}（{}）", note_text(&t.note), t.from.display_name)}</span>
            </p>
        }
    });
    view! { <div class="badges">{escalated}{transfer}</div> }
}

/// The note, or "无" when the 窗口客服 wrote none.
pub(crate) fn note_text(note: &str) -> &str {
    if note.trim().is_empty() { "无" } else { note }
}

/// The question, or a note that the citizen asked none before 转人工.
fn question_text(question: String) -> String {
    if question.trim().is_empty() {
        "（未填写问题）".to_owned()
    } else {
        question
    }
}
