//! 办不成事 on the 工单 page: the 处理记录单 (seed 003 附件6) of a ticket and the step its status allows —
//! 派单 (supervisors), 接单 and 答复 (the department), 销单 (supervisors) — and the form to record a hall's
//! report (登记处理记录单).

use std::future::Future;

use bangban_core::protocol::Role;
use bangban_core::ticket::{
    BanchengRecord, BanchengReply, OfflineReportRequest, TicketDetail, TicketStatus, TicketView,
};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiResult;
use crate::api_ledger;
use crate::state::Workspace;

/// Which step form is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Dispatch,
    Reply,
    Close,
}

/// Whether the signed-in agent oversees (热线办 supervisors, administrators).
pub(crate) fn oversees(ws: Workspace) -> bool {
    ws.me
        .with_untracked(|m| matches!(m.role, Role::Supervisor | Role::Admin))
}

/// Empty text as `None`.
pub(crate) fn optional(text: String) -> Option<String> {
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// The record and the step of one 办不成事 ticket; `on_change` gets the ticket after each step.
#[component]
pub(crate) fn BanchengPanel(
    /// The ticket's id.
    id: String,
    /// Called with the ticket after a step.
    on_change: Callback<TicketView>,
) -> impl IntoView {
    let ws = Workspace::get();
    let detail = RwSignal::new(None::<Result<TicketDetail, String>>);
    let id = StoredValue::new(id);
    spawn_local(async move {
        let answer = api_ledger::detail(&id.get_value())
            .await
            .map_err(|e| e.message());
        detail.try_set(Some(answer));
    });
    let step = RwSignal::new(None::<Step>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let run = move |call: DetailCall| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match call.await {
                Ok(done) => {
                    step.try_set(None);
                    let ticket = done.ticket.clone();
                    detail.try_set(Some(Ok(done)));
                    on_change.run(ticket);
                }
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
            busy.try_set(false);
        });
    };
    let supervisor = oversees(ws);
    let actions = move || {
        let Some(Ok(d)) = detail.get() else {
            return ().into_any();
        };
        let ticket = id.get_value();
        match (d.ticket.status, supervisor) {
            (TicketStatus::New, true) => view! {
                <button type="button" on:click=move |_| step.set(Some(Step::Dispatch))>"派单"</button>
            }
            .into_any(),
            (TicketStatus::Dispatched, false) => view! {
                <button type="button" class="primary" disabled=move || busy.get() on:click=move |_| {
                    let ticket = ticket.clone();
                    run(Box::pin(async move { api_ledger::take(&ticket).await }));
                }>"接单"</button>
            }
            .into_any(),
            (TicketStatus::Handling, false) => view! {
                <button type="button" on:click=move |_| step.set(Some(Step::Reply))>"答复"</button>
            }
            .into_any(),
            (TicketStatus::Answered, true) => view! {
                <button type="button" on:click=move |_| step.set(Some(Step::Close))>"销单"</button>
            }
            .into_any(),
            _ => ().into_any(),
        }
    };
    let step_run = Callback::new(run);
    let form = move || {
        let ticket = id.get_value();
        match step.get() {
            None => ().into_any(),
            Some(Step::Dispatch) => view! { <DispatchForm ticket run=step_run busy/> }.into_any(),
            Some(Step::Reply) => view! { <ReplyForm ticket run=step_run busy error/> }.into_any(),
            Some(Step::Close) => view! { <CloseForm ticket run=step_run busy/> }.into_any(),
        }
    };
    let record = move || match detail.get() {
        None => view! { <p class="empty">"正在加载处理记录单…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        Some(Ok(d)) => view! { <RecordView record=d.record/> }.into_any(),
    };
    view! {
        <div class="bancheng">
            {record}
            <p class="actions">{actions}</p>
            {form}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}

/// A boxed call that answers with the ticket's detail.
type DetailCall = std::pin::Pin<Box<dyn Future<Output = ApiResult<TicketDetail>>>>;

/// The 附件6 fields, with the transcript folded away.
#[component]
fn RecordView(record: BanchengRecord) -> impl IntoView {
    let or_none = |v: Option<String>| v.unwrap_or_else(|| "—".to_owned());
    let solved = match record.solved {
        Some(true) => "已解决",
        Some(false) => "未解决",
        None => "—",
    };
    let transcript = (!record.transcript.is_empty()).then(|| {
        view! {
            <details class="record-transcript">
                <summary>"对话记录"</summary>
                <pre style="white-space: pre-wrap; overflow-wrap: anywhere">{record.transcript.clone()}</pre>
            </details>
        }
    });
    view! {
        <details class="record" open>
            <summary>{if record.offline { "处理记录单（线下）" } else { "处理记录单" }}</summary>
            <dl class="record-fields">
                <dt>"反映人"</dt><dd>{or_none(record.reporter)}</dd>
                <dt>"接待人"</dt><dd>{or_none(record.received_by)}</dd>
                <dt>"承办人"</dt><dd>{or_none(record.handler)}</dd>
                <dt>"核实及处理情况"</dt><dd>{or_none(record.verification)}</dd>
                <dt>"是否解决"</dt><dd>{solved}</dd>
                <dt>"未解决原因"</dt><dd>{or_none(record.why_not)}</dd>
                <dt>"承办人联系方式"</dt><dd>{or_none(record.handler_contact)}</dd>
                <dt>"审核领导"</dt><dd>{or_none(record.approver)}</dd>
                <dt>"办结日期"</dt><dd>{or_none(record.closed_on)}</dd>
            </dl>
        </details>
        {transcript}
    }
}

/// 承办部门 and 确认派单.
#[component]
fn DispatchForm(ticket: String, run: Callback<DetailCall>, busy: RwSignal<bool>) -> impl IntoView {
    let department = RwSignal::new(String::new());
    let ticket = StoredValue::new(ticket);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (id, dept) = (ticket.get_value(), department.get_untracked());
        run.run(Box::pin(
            async move { api_ledger::dispatch(&id, dept).await },
        ));
    };
    view! {
        <form class="step-form" on:submit=submit>
            <label>"承办部门"<input type="text" required bind:value=department/></label>
            <button type="submit" class="primary" disabled=move || busy.get()>"确认派单"</button>
        </form>
    }
}

/// 审核领导 and 确认销单.
#[component]
fn CloseForm(ticket: String, run: Callback<DetailCall>, busy: RwSignal<bool>) -> impl IntoView {
    let approver = RwSignal::new(String::new());
    let ticket = StoredValue::new(ticket);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (id, who) = (ticket.get_value(), optional(approver.get_untracked()));
        run.run(Box::pin(async move { api_ledger::close(&id, who).await }));
    };
    view! {
        <form class="step-form" on:submit=submit>
            <label>"审核领导"<input type="text" bind:value=approver/></label>
            <button type="submit" class="primary" disabled=move || busy.get()>"确认销单"</button>
        </form>
    }
}

/// The department's answer: 答复内容, 核实及处理情况, 是否解决, 未解决原因, 承办人联系方式.
#[component]
fn ReplyForm(
    ticket: String,
    run: Callback<DetailCall>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let (answer, verification, why_not, contact) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let solved = RwSignal::new(true);
    let group = format!("solved-{ticket}");
    let ticket = StoredValue::new(ticket);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let solved = solved.get_untracked();
        let why = optional(why_not.get_untracked());
        if !solved && why.is_none() {
            error.set(Some("请填写未解决原因".to_owned()));
            return;
        }
        let body = BanchengReply {
            answer: answer.get_untracked(),
            verification: verification.get_untracked(),
            solved,
            why_not: if solved { None } else { why },
            handler_contact: optional(contact.get_untracked()),
        };
        let id = ticket.get_value();
        run.run(Box::pin(async move { api_ledger::reply(&id, &body).await }));
    };
    view! {
        <form class="step-form" on:submit=submit>
            <label>"答复内容"<textarea rows="3" required bind:value=answer></textarea></label>
            <label>"核实及处理情况"<textarea rows="3" required bind:value=verification></textarea></label>
            <fieldset>
                <legend>"是否解决"</legend>
                <label><input type="radio" name=group.clone() prop:checked=move || solved.get() on:change=move |_| solved.set(true)/>"已解决"</label>
                <label><input type="radio" name=group prop:checked=move || !solved.get() on:change=move |_| solved.set(false)/>"未解决"</label>
            </fieldset>
            <label>"未解决原因"<textarea rows="2" aria-required=move || (!solved.get()).to_string() bind:value=why_not></textarea></label>
            <label>"承办人联系方式"<input type="text" bind:value=contact/></label>
            <button type="submit" class="primary" disabled=move || busy.get()>"提交答复"</button>
        </form>
    }
}

/// 登记处理记录单: a hall's report; `on_done` gets the new ticket.
#[component]
pub(crate) fn OfflineForm(
    /// Called with the recorded ticket.
    on_done: Callback<TicketView>,
) -> impl IntoView {
    let (reporter, contact, item, problem) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let (busy, error) = (RwSignal::new(false), RwSignal::new(None::<String>));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = OfflineReportRequest {
            reporter: reporter.get_untracked(),
            contact: optional(contact.get_untracked()),
            item: optional(item.get_untracked()),
            problem: problem.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            match api_ledger::offline(&body).await {
                Ok(done) => on_done.run(done.ticket),
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <form class="offline-form" aria-label="处理记录单" on:submit=submit>
            <label>"反映人"<input type="text" required bind:value=reporter/></label>
            <label>"联系方式"<input type="text" bind:value=contact/></label>
            <label>"事项"<input type="text" bind:value=item/></label>
            <label>"反映问题"<textarea rows="3" required bind:value=problem></textarea></label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button type="submit" class="primary" disabled=move || busy.get()>"提交"</button>
        </form>
    }
}
