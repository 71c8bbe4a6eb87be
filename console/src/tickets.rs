//! 工单: 留言, 转派12345 and 办不成事 tickets of the agent's department (all for supervisors), refreshed on open and
//! every 30 s; open tickets can be answered here, 办不成事 ones step by step (`bancheng`), and a hall's
//! 处理记录单 recorded (登记处理记录单).

use std::time::Duration;

use bangban_core::calendar::Date;
use bangban_core::ticket::{TicketKind, TicketStatus, TicketView};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::bancheng::{BanchengPanel, OfflineForm};
use crate::format;
use crate::state::Workspace;

/// How often the list is reloaded while shown.
const REFRESH: Duration = Duration::from_secs(30);

/// The tickets page.
#[component]
pub(crate) fn TicketsPage() -> impl IntoView {
    let tickets = RwSignal::new(None::<Result<Vec<TicketView>, String>>);
    let load = move || {
        spawn_local(async move {
            let answer = api::tickets().await.map_err(|e| e.message());
            tickets.try_set(Some(answer));
        });
    };
    load();
    if let Ok(timer) = set_interval_with_handle(load, REFRESH) {
        on_cleanup(move || timer.clear());
    }
    let list = move || match tickets.get() {
        None => view! { <p class="empty">"正在加载…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"暂无工单"</p> }.into_any(),
        Some(Ok(list)) => view! {
            <ul class="ticket-list">
                <For each=move || list.clone() key=|t| (t.id.clone(), t.status as u8) let:ticket>
                    <li><TicketCard ticket tickets/></li>
                </For>
            </ul>
        }
        .into_any(),
    };
    let offline = RwSignal::new(false);
    let recorded = Callback::new(move |ticket: TicketView| {
        offline.set(false);
        tickets.update(|all| {
            if let Some(Ok(list)) = all {
                list.insert(0, ticket);
            }
        });
    });
    view! {
        <section class="tickets" aria-labelledby="tickets-heading">
            <div class="tickets-head">
                <h2 id="tickets-heading">"工单"</h2>
                <button type="button" on:click=move |_| load()>"刷新工单"</button>
                <button type="button" aria-expanded=move || offline.get().to_string() on:click=move |_| offline.update(|o| *o = !*o)>
                    "登记处理记录单"
                </button>
            </div>
            <Show when=move || offline.get()>
                <OfflineForm on_done=recorded/>
            </Show>
            {list}
        </section>
    }
}

/// One ticket: number, kind, status, 事项, due day (marked when overdue), problem, contact, and the answer or
/// the form to give one.
#[component]
fn TicketCard(
    /// The ticket.
    ticket: TicketView,
    /// The whole list, to put the answered ticket back into.
    tickets: RwSignal<Option<Result<Vec<TicketView>, String>>>,
) -> impl IntoView {
    let ws = Workspace::get();
    let today = Date::from_unix_ms(
        ws.server_clock
            .get_untracked()
            .now(ws.now_ms.get_untracked()),
    );
    let overdue = format::is_overdue(&ticket, &today.to_string());
    let heading = format!("ticket-{}", ticket.id);
    let labelled_by = heading.clone();
    let due = format!(
        "答复期限：{}{}",
        ticket.due,
        if overdue { "（已逾期）" } else { "" }
    );
    let open = !matches!(ticket.status, TicketStatus::Answered | TicketStatus::Closed);
    let bancheng = ticket.kind == TicketKind::Bancheng;
    let on_change = Callback::new(move |done: TicketView| tickets.update(|all| replace(all, done)));
    let answer = match (open, ticket.answer.clone()) {
        _ if bancheng => view! {
            {ticket.answer.clone().map(|text| view! { <p class="answer">"答复：" {text}</p> })}
            <BanchengPanel id=ticket.id.clone() on_change/>
        }
        .into_any(),
        (true, _) => view! { <AnswerForm id=ticket.id.clone() tickets/> }.into_any(),
        (false, text) => {
            view! { <p class="answer">"答复：" {text.unwrap_or_default()}</p> }.into_any()
        }
    };
    view! {
        <article class="ticket" class:overdue=overdue aria-labelledby=labelled_by>
            <h3 id=heading>{ticket.number}</h3>
            <p class="tags">
                <span class="tag">{ticket.kind.label()}</span>
                <span class="tag">{ticket.status.label()}</span>
                <span class="item">{format::item(ticket.item.as_deref()).to_owned()}</span>
                <span class="due" class:late=overdue>{due}</span>
            </p>
            <p class="problem">{ticket.problem}</p>
            <p class="contact">"联系方式：" {ticket.contact.unwrap_or_else(|| "未留".to_owned())}</p>
            {answer}
        </article>
    }
}

/// 答复内容 and 提交答复; the server's Chinese message on failure.
#[component]
fn AnswerForm(
    /// The ticket's id.
    id: String,
    /// The whole list, to put the answered ticket back into.
    tickets: RwSignal<Option<Result<Vec<TicketView>, String>>>,
) -> impl IntoView {
    let (text, busy, error) = (
        RwSignal::new(String::new()),
        RwSignal::new(false),
        RwSignal::new(None::<String>),
    );
    let field = format!("answer-{id}");
    let label_for = field.clone();
    let ticket = StoredValue::new(id);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        spawn_local(async move {
            match api::answer_ticket(&ticket.get_value(), text.get_untracked()).await {
                Ok(done) => tickets.update(|all| replace(all, done)),
                Err(e) => error.set(Some(e.message())),
            }
            busy.try_set(false);
        });
    };
    view! {
        <form class="answer-form" on:submit=submit>
            <label for=label_for>"答复内容"</label>
            <textarea id=field rows="3" bind:value=text></textarea>
            <Show when=move || error.with(Option::is_some)>
                <p class="error" role="alert">{move || error.get()}</p>
            </Show>
            <button type="submit" class="primary" disabled=move || busy.get()>"提交答复"</button>
        </form>
    }
}

fn replace(all: &mut Option<Result<Vec<TicketView>, String>>, done: TicketView) {
    if let Some(Ok(list)) = all
        && let Some(t) = list.iter_mut().find(|t| t.id == done.id)
    {
        *t = done;
    }
}
