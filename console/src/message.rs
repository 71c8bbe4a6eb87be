//! One line of the transcript. Text is always set as a text node (never HTML), so a citizen's `<script>` is
//! shown, not run; a screenshot or a voice clip is shown by `media_view`.

use bangban_core::protocol::{ChatMessage, SenderKind};
use leptos::prelude::*;

use crate::media_view::AttachmentView;
use crate::notices;
use crate::state::{Workspace, local_clock};
use crate::transcript::{Outgoing, SendState};

/// A stored message: who wrote it, when, and what.
#[component]
pub(crate) fn MessageRow(
    /// The message.
    message: ChatMessage,
    /// The last `seq` the citizen has read: the agent's messages up to it show "已读".
    read_upto: Signal<u64>,
) -> impl IntoView {
    let seq = message.seq;
    let read = (message.sender == SenderKind::Agent).then_some(move || {
        notices::is_read(seq, read_upto.get()).then(|| view! { <span class="read">"已读"</span> })
    });
    let (who, class) = match message.sender {
        SenderKind::Citizen => ("群众".to_owned(), "msg citizen"),
        SenderKind::Bot => ("小申".to_owned(), "msg bot"),
        SenderKind::Agent => (
            message.author.clone().unwrap_or_else(|| "客服".to_owned()),
            "msg agent",
        ),
        SenderKind::System => (String::new(), "msg system"),
    };
    let show_who = message.sender != SenderKind::System;
    // An attachment is shown instead of its summary text ("[图片]").
    let body = match message.attachment {
        Some(attachment) => view! {
            <AttachmentView conversation=message.conversation attachment sender=message.sender/>
        }
        .into_any(),
        None => view! { <p class="text">{message.text}</p> }.into_any(),
    };
    view! {
        <div class=class>
            <p class="meta">
                {show_who.then(|| view! { <span class="who">{who}</span> })}
                <time>{local_clock(message.at_ms)}</time>
                {read}
            </p>
            {body}
        </div>
    }
}

/// One of the agent's own messages that the server has not stored yet: "发送中", "已发送", or why it failed.
#[component]
pub(crate) fn PendingRow(
    /// The message on its way.
    outgoing: Outgoing,
) -> impl IntoView {
    let ws = Workspace::get();
    let name = ws.me.with_untracked(|m| m.display_name.clone());
    let (state, failed) = match outgoing.state {
        SendState::Sending => ("发送中".to_owned(), false),
        SendState::Sent(_) => ("已发送".to_owned(), false),
        SendState::Failed(reason) => (format!("发送失败：{reason}"), true),
    };
    view! {
        <div class="msg agent pending" class:failed=failed>
            <p class="meta">
                <span class="who">{name}</span>
                <span class="state">{state}</span>
            </p>
            <p class="text">{outgoing.text}</p>
        </div>
    }
}
