//! Two extras beside the reply box: 邀请评价 (ask the citizen to rate before the chat ends) and 存为知识 (propose
//! the agent's last reply, with the citizen's last question, as a knowledge-base draft: two clicks).

use bangban_core::kbwork::DraftRequest;
use bangban_core::protocol::{ConversationStatus, SenderKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api_admin;
use crate::chat::chat_view;
use crate::state::Workspace;

/// 邀请评价 for an active chat; "已邀请评价" once done.
#[component]
pub(crate) fn InviteRating(id: String) -> impl IntoView {
    let ws = Workspace::get();
    let chat = StoredValue::new(id);
    let invited = move || {
        chat.with_value(|id| chat_view(ws, id))
            .and_then(|c| c.rating_invited_ms)
            .is_some()
    };
    let active = move || {
        chat.with_value(|id| chat_view(ws, id))
            .is_some_and(|c| c.status == ConversationStatus::Active)
    };
    let invite = move |_| {
        spawn_local(async move {
            match api_admin::invite_rating(&chat.get_value()).await {
                Ok(c) => ws.conversation_changed(c),
                Err(e) => ws.alert.set(Some(e.message())),
            }
        });
    };
    view! {
        <button type="button" disabled=move || !active() || invited() on:click=invite>"邀请评价"</button>
        <Show when=invited>
            <span class="invited" role="status">"已邀请评价"</span>
        </Show>
    }
}

/// The citizen's last question and the agent's last reply in the chat's transcript.
fn last_pair(ws: Workspace, id: &str) -> (String, String) {
    let first = chat_view(ws, id)
        .map(|c| c.first_question)
        .unwrap_or_default();
    ws.transcripts.with_untracked(|all| {
        let messages = all
            .get(id)
            .map(|t| t.messages().to_vec())
            .unwrap_or_default();
        let last = |kind| {
            messages
                .iter()
                .rev()
                // A screenshot or a voice clip is no text for the knowledge base ("[图片]").
                .find(|m| m.sender == kind && m.attachment.is_none())
                .map(|m| m.text.clone())
        };
        (
            last(SenderKind::Citizen).unwrap_or(first),
            last(SenderKind::Agent).unwrap_or_default(),
        )
    })
}

/// 存为知识: fills a small form with the last question and reply (editable), then 提交草稿.
#[component]
pub(crate) fn SaveAsKnowledge(id: String) -> impl IntoView {
    let ws = Workspace::get();
    let chat = StoredValue::new(id);
    let (open, question, answer) = (
        RwSignal::new(false),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let status = RwSignal::new(None::<String>);
    let start = move |_| {
        let (q, a) = chat.with_value(|id| last_pair(ws, id));
        question.set(q);
        answer.set(a);
        status.set(None);
        open.set(true);
    };
    let submit = move || {
        let id = chat.get_value();
        let request = DraftRequest {
            question: question.get_untracked(),
            answer: answer.get_untracked(),
            item: chat_view(ws, &id).and_then(|c| c.item),
            conversation: Some(id),
        };
        spawn_local(async move {
            let done = api_admin::propose_draft(&request).await;
            let text =
                done.map_or_else(|e| e.message(), |_| "已提交知识草稿，待部门审核".to_owned());
            open.try_set(false);
            status.try_set(Some(text));
        });
    };
    view! {
        <button type="button" on:click=start>"存为知识"</button>
        <span class="draft-status" role="status">{move || status.get()}</span>
        <Show when=move || open.get()>
            <div class="draft-form" role="group" aria-label="存为知识">
                <label>"问题"<textarea rows="2" bind:value=question></textarea></label>
                <label>"答案"<textarea rows="3" bind:value=answer></textarea></label>
                <button type="button" class="primary" on:click=move |_| submit()>"提交草稿"</button>
                <button type="button" on:click=move |_| open.set(false)>"取消"</button>
            </div>
        </Show>
    }
}
