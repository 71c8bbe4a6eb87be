//! The human chat: stored messages by `seq`, the citizen's unsent ones (发送中, 未发送 with 重新发送),
//! "已读" under what the agent has read, the status line and "客服正在输入…".

use bangban_core::protocol::{ConversationStatus, ConversationView, SenderKind};
use leptos::prelude::*;

use crate::bubble::Bubble;
use crate::chat::{Delivery, Row};
use crate::clock;
use crate::human::Human;
use crate::session::{HandingOff, WAITING};

/// Every message of the chat, oldest first.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn HumanLines() -> impl IntoView {
    let human = expect_context::<Human>();
    view! {
        // The agent's read mark is not part of `each`: a line is never re-created for "已读".
        <For
            each=move || human.log.with(|l| l.rows())
            key=|row| row.key.clone()
            children=move |row| view! { <MessageRow row/> }
        />
    }
}

/// One message; the citizen's unstored ones say "发送中" or "未发送" and why, stored ones "已读".
#[component]
fn MessageRow(row: Row) -> impl IntoView {
    let human = expect_context::<Human>();
    let author = match row.sender {
        SenderKind::Agent | SenderKind::Bot => row.author.clone(),
        _ => None,
    };
    let state = match row.delivery.clone() {
        Some(Delivery::Sending) => {
            Some(view! { <span class="bb-state">"发送中"</span> }.into_any())
        }
        Some(Delivery::Sent) => Some(view! { <span class="bb-state">"已发送"</span> }.into_any()),
        Some(Delivery::Failed(reason)) => {
            Some(view! { <Unsent reason client_id=row.client_id/> }.into_any())
        }
        // Updated in place when the agent reads it, so the line (and a clip playing in it) stays.
        None if row.citizen_seq.is_some() => {
            let read = {
                let row = row.clone();
                move || row.is_read(human.receipts.agent_read.get())
            };
            Some(
                view! {
                    {move || read().then(|| view! { <span class="bb-state bb-read">"已读"</span> })}
                }
                .into_any(),
            )
        }
        None => None,
    };
    view! {
        <Bubble
            sender=row.sender
            author
            text=row.text
            attachment=row.attachment
            time=Some(clock::hh_mm(row.at_ms))
        >
            {state}
        </Bubble>
    }
}

/// "未发送" with the server's reason, and 重新发送 while the chat is open.
#[component]
fn Unsent(
    /// Why the server refused it.
    reason: String,
    /// The message, to send again under the same id.
    client_id: String,
) -> impl IntoView {
    let human = expect_context::<Human>();
    let live = move || {
        matches!(
            human.status(),
            Some(ConversationStatus::Waiting | ConversationStatus::Active)
        )
    };
    view! {
        <span class="bb-state bb-failed" role="alert">{format!("未发送：{reason}")}</span>
        <Show when=live>
            <button
                type="button"
                class="bb-retry"
                on:click={
                    let id = client_id.clone();
                    move |_| human.retry(&id)
                }
            >
                "重新发送"
            </button>
        </Show>
    }
}

/// "客服正在输入…" while the agent types; its own polite live region, said once per spell of typing.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn TypingLine() -> impl IntoView {
    let human = expect_context::<Human>();
    let typing =
        move || human.receipts.agent_typing.get() && human.conversation.with(Option::is_some);
    view! {
        <p class="bb-typing" aria-live="polite">
            {move || typing().then_some("客服正在输入…")}
        </p>
    }
}

/// Where the chat stands: waiting, who serves, ended, or reconnecting.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn StatusLine() -> impl IntoView {
    let human = expect_context::<Human>();
    let busy = expect_context::<HandingOff>();
    let text = move || {
        if busy.0.get() {
            return Some(WAITING.to_owned());
        }
        let ahead = human.ahead.get();
        let line = human
            .conversation
            .with(|c| c.as_ref().map(|c| status_text(c, ahead)))?;
        // The server may already say the same in a system message: say it once.
        let said = human.log.with(|l| {
            l.rows()
                .iter()
                .any(|r| r.sender == SenderKind::System && r.text.contains(&line))
        });
        (!said).then_some(line)
    };
    let offline = move || {
        !human.online.get()
            && matches!(
                human.status(),
                Some(ConversationStatus::Waiting | ConversationStatus::Active)
            )
    };
    view! {
        {move || text().map(|t| view! { <p class="bb-status">{t}</p> })}
        <Show when=offline>
            <p class="bb-status bb-offline">"网络连接已断开，正在重新连接…"</p>
        </Show>
    }
}

fn status_text(view: &ConversationView, ahead: Option<u32>) -> String {
    match view.status {
        ConversationStatus::Waiting => match ahead {
            Some(n) => format!("正在为您转接人工客服，您前面还有 {n} 位"),
            None => WAITING.to_owned(),
        },
        ConversationStatus::Active => {
            let name = view.agent.as_ref().map_or("", |a| a.display_name.as_str());
            format!("客服 {name} 已为您服务")
        }
        ConversationStatus::Closed => "会话已结束".to_owned(),
    }
}
