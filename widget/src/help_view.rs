//! 小申's notices outside the chat log (closed, 留言 taken, answers), the 留言 form and 我的留言.

use bangban_core::protocol::{ConversationStatus, SenderKind};
use bangban_core::ticket::TicketView;
use leptos::ev::SubmitEvent;
use leptos::html::Textarea;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::InputRef;
use crate::bubble::Bubble;
use crate::help::Help;
use crate::human::Human;
use crate::leave::{self, Note, NoteKind};

/// Every notice, oldest first; the newest offer carries 留言 and the hotline.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn HelpNotes() -> impl IntoView {
    let help = expect_context::<Help>();
    view! {
        <For
            each=move || help.notes.with(|n| n.list().to_vec())
            key=|note| (note.id, matches!(note.kind, NoteKind::Offer { .. }))
            children=move |note| view! { <NoteView note/> }
        />
    }
}

#[component]
fn NoteView(note: Note) -> impl IntoView {
    let extra = match note.kind {
        NoteKind::Offer { hotline } => Some(view! { <Offer hotline/> }),
        NoteKind::Plain => None,
    };
    view! {
        <Bubble sender=SenderKind::Bot author=Some("小申".to_owned()) text=note.text>
            {extra}
        </Bubble>
    }
}

/// 留言 (hidden while the form is open) and the hotline as a `tel:` link.
#[component]
fn Offer(
    /// The number to call.
    hotline: String,
) -> impl IntoView {
    let help = expect_context::<Help>();
    let human = expect_context::<Human>();
    let tel = format!("tel:{hotline}");
    let label = format!("{hotline} 市民服务热线");
    // Once an agent has taken the chat, the offer is history: no buttons any more.
    let served = move || human.status() == Some(ConversationStatus::Active);
    view! {
        <Show when=move || !served()>
            <Show when=move || !help.form_open.get()>
                <div class="bb-actions">
                    <button type="button" on:click=move |_| help.form_open.set(true)>"留言"</button>
                </div>
            </Show>
            <p class="bb-hotline">"也可拨打 "<a href=tel.clone()>{label.clone()}</a></p>
        </Show>
    }
}

/// The 留言 form: the question, an optional phone number, 提交留言 and 取消.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn LeaveForm() -> impl IntoView {
    let help = expect_context::<Help>();
    let input = expect_context::<InputRef>();
    let text = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let area = NodeRef::<Textarea>::new();
    request_animation_frame(move || {
        if let Some(area) = area.get_untracked() {
            let _ = area.focus();
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = help
                .submit(&text.get_untracked(), &contact.get_untracked())
                .await;
            busy.set(false);
            match result {
                Ok(()) => {
                    help.form_open.set(false);
                    input.focus();
                }
                Err(reason) => error.set(Some(reason)),
            }
        });
    };
    let cancel = move |_| {
        help.form_open.set(false);
        input.focus();
    };
    view! {
        <form class="bb-leave" on:submit=submit>
            <p class="bb-rating-title">"请留下您的问题，我们会在下一个工作日答复"</p>
            <label class="bb-field">
                <span>"留言内容"</span>
                <textarea
                    node_ref=area
                    aria-label="留言内容"
                    rows="4"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </label>
            <label class="bb-field">
                <span>"联系电话（选填）"</span>
                <input
                    type="tel"
                    aria-label="联系电话（选填）"
                    autocomplete="tel"
                    prop:value=move || contact.get()
                    on:input=move |ev| contact.set(event_target_value(&ev))
                />
            </label>
            {move || error.get().map(|e| view! { <p class="bb-error" role="alert">{e}</p> })}
            <div class="bb-actions">
                <button type="submit" class="bb-submit" disabled=move || busy.get()>"提交留言"</button>
                <button type="button" on:click=cancel>"取消"</button>
            </div>
        </form>
    }
}

/// 我的留言: the visitor's tickets and where they stand, behind a button, once there are any.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn MyTickets() -> impl IntoView {
    let help = expect_context::<Help>();
    let open = RwSignal::new(false);
    let any = move || help.tickets.with(|t| !t.is_empty());
    let newest_first = move || {
        help.tickets
            .with(|t| t.iter().rev().cloned().collect::<Vec<_>>())
    };
    view! {
        <Show when=any>
            <section class="bb-mine">
                <button
                    type="button"
                    class="bb-link"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    "我的留言"
                </button>
                <Show when=move || open.get()>
                    <ul class="bb-tickets" aria-label="我的留言列表">
                        <For
                            each=newest_first
                            key=|t| (t.id.clone(), t.answered_ms)
                            children=|ticket| view! { <TicketRow ticket/> }
                        />
                    </ul>
                </Show>
            </section>
        </Show>
    }
}

#[component]
fn TicketRow(ticket: TicketView) -> impl IntoView {
    let tail = match ticket.answer {
        Some(answer) => format!("答复：{answer}"),
        None => format!("预计 {} 前答复", leave::date_label(&ticket.due)),
    };
    view! {
        <li class="bb-ticket">
            <span class="bb-ticket-head">
                {format!("编号 {}", ticket.number)}
                <span class="bb-badge">{ticket.status.label()}</span>
            </span>
            <p class="bb-text">{ticket.problem}</p>
            <p class="bb-ticket-answer">{tail}</p>
        </li>
    }
}
