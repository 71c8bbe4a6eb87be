//! Handing the open chat on: 转业务客服 (窗口客服 only; back into the department's queue with a note) and
//! 转派12345 (a hotline ticket with the transcript; the chat ends). Each asks in a modal dialog first.

use bangban_core::protocol::{Role, TransferRequest, TransferTarget};
use leptos::ev::SubmitEvent;
use leptos::html::Dialog;
use leptos::prelude::*;

use crate::actions;
use crate::chat::is_closed;
use crate::state::Workspace;

/// The two hand-over buttons of the open chat.
#[component]
pub(crate) fn TransferButtons(
    /// The chat's id.
    id: String,
) -> impl IntoView {
    let ws = Workspace::get();
    let window_agent = ws.me.with_untracked(|m| m.role == Role::Window);
    let business =
        window_agent.then(|| view! { <TransferDialog id=id.clone() to=TransferTarget::Business/> });
    view! {
        {business}
        <TransferDialog id to=TransferTarget::Hotline12345/>
    }
}

/// The button's (and dialog's) name, what the dialog explains, and its confirm button.
fn words(to: TransferTarget) -> (&'static str, &'static str, &'static str) {
    match to {
        TransferTarget::Business => (
            "转业务客服",
            "会话将转给该事项主管部门的业务客服，对方可看到全部对话记录和以下说明。",
            "确认转办",
        ),
        TransferTarget::Hotline12345 => (
            "转派12345",
            "将生成 12345 热线工单（附对话记录），本会话随即结束。",
            "确认转派",
        ),
    }
}

/// A button that opens a modal `<dialog>` with 转办说明 and a confirm button. The native dialog keeps focus
/// inside while open and closes on Escape.
#[component]
fn TransferDialog(
    /// The chat's id.
    id: String,
    /// Where to.
    to: TransferTarget,
) -> impl IntoView {
    let ws = Workspace::get();
    let (name, explain, confirm) = words(to);
    let dialog = NodeRef::<Dialog>::new();
    let (note, busy, error) = (
        RwSignal::new(String::new()),
        RwSignal::new(false),
        RwSignal::new(None),
    );
    let chat = StoredValue::new(id);
    let open = move |_| {
        error.set(None);
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    let close = move || {
        dialog
            .get_untracked()
            .inspect(|d| d.close())
            .map(drop)
            .unwrap_or(())
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = TransferRequest {
            to,
            note: note.get_untracked().trim().to_owned(),
        };
        actions::transfer(ws, chat.get_value(), request, busy, error, close);
    };
    let note_id = format!("transfer-note-{}", name);
    let label_for = note_id.clone();
    let heading_id = format!("transfer-heading-{}", name);
    let labelled_by = heading_id.clone();
    view! {
        <button type="button" disabled=move || chat.with_value(|id| is_closed(ws, id)) on:click=open>{name}</button>
        <dialog class="transfer" node_ref=dialog aria-labelledby=labelled_by>
            <form on:submit=submit>
                <h2 id=heading_id>{name}</h2>
                <p>{explain}</p>
                <label for=label_for>"转办说明"</label>
                <textarea id=note_id rows="4" maxlength="500" bind:value=note></textarea>
                <Show when=move || error.with(Option::is_some)>
                    <p class="error" role="alert">{move || error.get()}</p>
                </Show>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || busy.get()>{confirm}</button>
                    <button type="button" on:click=move |_| close()>"取消"</button>
                </div>
            </form>
        </dialog>
    }
}
