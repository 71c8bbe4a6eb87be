//! 差评回访: the follow-up cases of real-name 差评, by deadline, overdue ones marked 已逾期. Each case offers
//! the one step its status allows (see `case_steps.rs`).

use bangban_core::followup::{CaseStatus, CaseView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api_admin;
use crate::case_steps::StepForm;
use crate::state::local_clock;

/// The list, shared with the step forms so a finished step replaces its case.
pub(crate) type CaseList = RwSignal<Option<Result<Vec<CaseView>, String>>>;

/// The cases page.
#[component]
pub(crate) fn CasesPage() -> impl IntoView {
    let cases: CaseList = RwSignal::new(None);
    let load = move || {
        spawn_local(async move {
            let answer = api_admin::cases().await.map_err(|e| e.message());
            cases.try_set(Some(answer));
        });
    };
    load();
    let list = move || match cases.get() {
        None => view! { <p class="empty">"正在加载…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="empty">"暂无差评回访"</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <ul class="case-list">
                <For each=move || list.clone() key=|c| (c.id.clone(), c.steps.len()) let:case>
                    <li><CaseCard case cases/></li>
                </For>
            </ul>
        }
        .into_any(),
    };
    view! {
        <section class="page" aria-labelledby="cases-heading">
            <div class="page-head">
                <h2 id="cases-heading">"差评回访"</h2>
                <button type="button" on:click=move |_| load()>"刷新回访"</button>
            </div>
            {list}
        </section>
    }
}

/// One case: number, 事项, level, reason, comment, contact, status, deadline, the steps so far and the next step.
#[component]
fn CaseCard(case: CaseView, cases: CaseList) -> impl IntoView {
    let heading = format!("case-{}", case.id);
    let labelled_by = heading.clone();
    let due = match (&case.due, case.overdue) {
        (Some(d), true) => format!("办理期限：{d}（已逾期）"),
        (Some(d), false) => format!("办理期限：{d}"),
        (None, _) => "已办结".to_owned(),
    };
    let reason = case.reason.map_or("—", |r| r.label());
    let step = (!case.status.is_closed()).then(|| view! { <StepForm case=case.clone() cases/> });
    view! {
        <article class="case" class:overdue=case.overdue aria-labelledby=labelled_by>
            <h3 id=heading>{case.number.clone()}</h3>
            <p class="tags">
                <span class="tag status">{case.status.label()}</span>
                <span class="tag level">{case.level.label()}</span>
                <span class="item">{case.item.clone().unwrap_or_else(|| "未注明事项".to_owned())}</span>
                <span class="due" class:late=case.overdue>{due}</span>
            </p>
            <dl class="case-facts">
                <dt>"原因"</dt><dd>{reason}</dd>
                <dt>"评价内容"</dt><dd>{case.comment.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>"联系方式"</dt><dd>{case.contact.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>"回访期限"</dt><dd class="contact-due">{case.contact_due.clone()}</dd>
                <dt>"整改期限"</dt><dd class="rectify-due">{rectify_due(&case)}</dd>
            </dl>
            <Steps case=case.clone()/>
            {step}
        </article>
    }
}

fn rectify_due(case: &CaseView) -> String {
    match (&case.rectify_due, case.complex) {
        (Some(d), true) => format!("{d}（复杂整改）"),
        (Some(d), false) => d.clone(),
        (None, _) if case.status == CaseStatus::NotHeld => "不属实，无需整改".to_owned(),
        (None, _) => "—".to_owned(),
    }
}

/// 办理记录: who did what, when.
#[component]
fn Steps(case: CaseView) -> impl IntoView {
    (!case.steps.is_empty()).then(|| {
        let items = case
            .steps
            .into_iter()
            .map(|s| {
                let line = format!("{} · {} · {}", local_clock(s.at_ms), s.by, s.action);
                view! { <li><span class="step-head">{line}</span>"：" <span class="step-note">{s.note}</span></li> }
            })
            .collect_view();
        view! { <ol class="steps" aria-label="办理记录">{items}</ol> }
    })
}
