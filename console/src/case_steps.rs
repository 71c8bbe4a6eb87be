//! The next step of a 差评 case, by its status: 回访 (待回访), 核实 (核实中), 整改完成 (整改中), 答复群众
//! (待答复). Each opens a small form with a note and 提交; the server's Chinese message shows on failure.

use bangban_core::followup::{CaseStatus, CaseView, VerifyRequest};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api_admin::{self, ApiStep};
use crate::cases::CaseList;

/// The button, the note's label and the API step for a status that takes a note.
fn note_step(status: CaseStatus) -> Option<(&'static str, &'static str, ApiStep)> {
    match status {
        CaseStatus::ContactPending => Some(("回访", "回访记录", ApiStep::Contact)),
        CaseStatus::Rectifying => Some(("整改完成", "整改情况", ApiStep::Rectify)),
        CaseStatus::ReplyPending => Some(("答复群众", "答复内容", ApiStep::Reply)),
        _ => None,
    }
}

/// The button that opens the next step's form.
#[component]
pub(crate) fn StepForm(case: CaseView, cases: CaseList) -> impl IntoView {
    let open = RwSignal::new(false);
    let id = case.id.clone();
    let (button, form) = match note_step(case.status) {
        Some((name, label, step)) => (name, view! { <NoteForm id label step cases/> }.into_any()),
        None => ("核实", view! { <VerifyForm id cases/> }.into_any()),
    };
    view! {
        <div class="case-step">
            <button type="button" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                {button}
            </button>
            <div hidden=move || !open.get()>{form}</div>
        </div>
    }
}

/// Runs one step and puts the case's new state into the list.
fn run(
    cases: CaseList,
    error: RwSignal<Option<String>>,
    call: impl Future<Output = api_admin::ApiResultCase> + 'static,
) {
    spawn_local(async move {
        match call.await {
            Ok(done) => cases.update(|all| {
                if let Some(Ok(list)) = all
                    && let Some(c) = list.iter_mut().find(|c| c.id == done.id)
                {
                    *c = done;
                }
            }),
            Err(e) => drop(error.try_set(Some(e.message()))),
        }
    });
}

/// A note and 提交, for 回访, 整改完成 and 答复群众.
#[component]
fn NoteForm(id: String, label: &'static str, step: ApiStep, cases: CaseList) -> impl IntoView {
    let (note, error) = (RwSignal::new(String::new()), RwSignal::new(None::<String>));
    let field = format!("note-{id}");
    let label_for = field.clone();
    let id = StoredValue::new(id);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (id, text) = (id.get_value(), note.get_untracked());
        run(cases, error, async move {
            api_admin::case_step(&id, step, text).await
        });
    };
    view! {
        <form class="step-form" on:submit=submit>
            <label for=label_for>{label}</label>
            <textarea id=field rows="3" bind:value=note></textarea>
            <ErrorLine error/>
            <button type="submit" class="primary">"提交"</button>
        </form>
    }
}

/// 核实: 属实 / 不属实, 复杂整改（13个工作日）, 核实情况 and 提交.
#[component]
fn VerifyForm(id: String, cases: CaseList) -> impl IntoView {
    let (holds, complex) = (RwSignal::new(true), RwSignal::new(false));
    let (note, error) = (RwSignal::new(String::new()), RwSignal::new(None::<String>));
    let group = format!("holds-{id}");
    let id = StoredValue::new(id);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = VerifyRequest {
            holds: holds.get_untracked(),
            complex: complex.get_untracked(),
            note: note.get_untracked(),
        };
        let id = id.get_value();
        run(cases, error, async move {
            api_admin::verify_case(&id, &request).await
        });
    };
    view! {
        <form class="step-form" on:submit=submit>
            <fieldset>
                <legend>"核实结果"</legend>
                <label><input type="radio" name=group.clone() prop:checked=move || holds.get() on:change=move |_| holds.set(true)/>"属实"</label>
                <label><input type="radio" name=group prop:checked=move || !holds.get() on:change=move |_| holds.set(false)/>"不属实"</label>
            </fieldset>
            <label><input type="checkbox" bind:checked=complex disabled=move || !holds.get()/>"复杂整改（13个工作日）"</label>
            <label>"核实情况"<textarea rows="3" bind:value=note></textarea></label>
            <ErrorLine error/>
            <button type="submit" class="primary">"提交"</button>
        </form>
    }
}

/// The server's reason, announced.
#[component]
fn ErrorLine(error: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|e| view! { <p class="error" role="alert">{e}</p> })
    }
}
