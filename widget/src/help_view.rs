//! 小申's notices outside the chat log (closed, 留言 taken, answers), the 留言 and 办不成事 form, the
//! 办不成事 / 查询办理进度 bar and the ticket list (我的留言).

use bangban_core::protocol::{ConversationStatus, SenderKind};
use bangban_core::ticket::TicketView;
use leptos::ev::SubmitEvent;
use leptos::html::Textarea;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::InputRef;
use crate::bot_ctl::Bot;
use crate::bubble::Bubble;
use crate::help::{Attached, Help};
use crate::human::Human;
use crate::leave::{self, Form, Note, NoteKind};

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
            <Show when=move || help.form.with(Option::is_none)>
                <div class="bb-actions">
                    <button type="button" on:click=move |_| help.open(Form::Leave)>"留言"</button>
                </div>
            </Show>
            <p class="bb-hotline">"也可拨打 "<a href=tel.clone()>{label.clone()}</a></p>
        </Show>
    }
}

/// 办不成事 and 查询办理进度, reachable at all times (with 小申 and in a human chat).
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn ServiceBar() -> impl IntoView {
    let help = expect_context::<Help>();
    let reporting = move || help.form.get() == Some(Form::Bancheng);
    view! {
        <div class="bb-service">
            <button
                type="button"
                class="bb-link"
                aria-expanded=move || reporting().to_string()
                on:click=move |_| help.open(Form::Bancheng)
            >
                "办不成事"
            </button>
            <button type="button" class="bb-link" on:click=move |_| help.show_tickets()>
                "查询办理进度"
            </button>
        </div>
    }
}

/// The open form, if any.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn OpenForm() -> impl IntoView {
    let help = expect_context::<Help>();
    move || help.form.get().map(|form| view! { <TicketForm form/> })
}

/// The 留言 or 办不成事 form: the question, an optional phone number, submit and 取消.
#[component]
fn TicketForm(form: Form) -> impl IntoView {
    let help = expect_context::<Help>();
    let bot = expect_context::<Bot>();
    let human = expect_context::<Human>();
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
        let attached = match form {
            Form::Bancheng => Attached {
                bot_transcript: bot.transcript(),
                conversation: human
                    .conversation
                    .with_untracked(|c| c.as_ref().map(|c| c.id.clone())),
            },
            Form::Leave => Attached::default(),
        };
        spawn_local(async move {
            let result = help
                .submit(
                    form,
                    &text.get_untracked(),
                    &contact.get_untracked(),
                    attached,
                )
                .await;
            busy.set(false);
            match result {
                Ok(()) => input.focus(),
                Err(reason) => error.set(Some(reason)),
            }
        });
    };
    let cancel = move |_| {
        help.form.set(None);
        input.focus();
    };
    view! {
        <form class="bb-leave" aria-label=form.field() on:submit=submit>
            <p class="bb-rating-title">{form.title()}</p>
            <label class="bb-field">
                <span>{form.field()}</span>
                <textarea
                    node_ref=area
                    aria-label=form.field()
                    aria-required="true"
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
                <button type="submit" class="bb-submit" disabled=move || busy.get()>
                    {form.submit()}
                </button>
                <button type="button" on:click=cancel>"取消"</button>
            </div>
        </form>
    }
}

/// The visitor's tickets of every kind and where they stand, newest first: behind 我的留言 once there
/// are any, and shown by 查询办理进度 at any time.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn MyTickets() -> impl IntoView {
    let help = expect_context::<Help>();
    let open = help.list_open;
    let any = move || help.tickets.with(|t| !t.is_empty());
    let newest_first = move || {
        help.tickets
            .with(|t| t.iter().rev().cloned().collect::<Vec<_>>())
    };
    view! {
        <Show when=move || any() || open.get()>
            <section class="bb-mine">
                <Show when=any>
                    <button
                        type="button"
                        class="bb-link"
                        aria-expanded=move || open.get().to_string()
                        on:click=move |_| open.update(|o| *o = !*o)
                    >
                        "我的留言"
                    </button>
                </Show>
                <Show when=move || open.get()>
                    <Show when=any fallback=|| view! { <p class="bb-text">"暂无办理记录"</p> }>
                        <ul class="bb-tickets" aria-label="我的留言列表">
                            <For
                                each=newest_first
                                key=|t| (t.id.clone(), t.status.label(), t.answered_ms)
                                children=|ticket| view! { <TicketRow ticket/> }
                            />
                        </ul>
                    </Show>
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
                <span class="bb-badge">{ticket.kind.label()}</span>
                {format!(" 编号 {}", ticket.number)}
                <span class="bb-badge">{ticket.status.label()}</span>
            </span>
            <p class="bb-text">{ticket.problem}</p>
            <p class="bb-ticket-answer">{tail}</p>
        </li>
    }
}
