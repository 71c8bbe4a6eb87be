//! The human chat: stored messages by `seq`, the citizen's unsent ones, and the status line.

use bangban_core::protocol::{ConversationStatus, ConversationView, SenderKind};
use leptos::prelude::*;

use crate::bubble::Bubble;
use crate::chat::{ChatLog, Delivery, Row};
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
        <For
            each=move || human.log.with(ChatLog::rows)
            key=|row| row.key.clone()
            children=move |row| view! { <MessageRow row/> }
        />
    }
}

/// One message; the citizen's unstored ones say "发送中" or why they failed.
#[component]
fn MessageRow(row: Row) -> impl IntoView {
    let author = match row.sender {
        SenderKind::Agent | SenderKind::Bot => row.author,
        _ => None,
    };
    let state = row.delivery.map(|d| match d {
        Delivery::Sending => view! { <span class="bb-state">"发送中"</span> }.into_any(),
        Delivery::Sent => view! { <span class="bb-state">"已发送"</span> }.into_any(),
        Delivery::Failed(reason) => {
            view! { <span class="bb-state bb-failed" role="alert">{reason}</span> }.into_any()
        }
    });
    view! {
        <Bubble sender=row.sender author text=row.text time=Some(clock::hh_mm(row.at_ms))>
            {state}
        </Bubble>
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
