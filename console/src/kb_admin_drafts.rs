//! 待审草稿: replies agents saved with 存为知识, for the owning department's maintainer (or an administrator)
//! to 通过 (published as a 常见问题 entry), 修改后通过 (the entry form first) or 退回. Decided drafts stay
//! listed below with the outcome.

use bangban_core::kbwork::{ApproveRequest, DraftStatus, DraftView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api_kb;
use crate::kb_admin::{Kb, Purpose, revise_id};
use crate::kb_admin_model::{FormText, shanghai_minute};

type Drafts = RwSignal<Option<Result<Vec<DraftView>, String>>>;

/// The 待审草稿 part.
#[component]
pub(crate) fn DraftsTab() -> impl IntoView {
    let kb = Kb::get();
    let drafts: Drafts = RwSignal::new(None);
    Effect::new(move || {
        kb.changes.track();
        spawn_local(async move {
            let answer = api_kb::drafts().await.map_err(|e| e.message());
            drafts.try_set(Some(answer));
        });
    });
    move || match drafts.get() {
        None => view! { <p class="empty">"正在加载…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"暂无草稿"</p> }.into_any(),
        Some(Ok(list)) => view! { <DraftTable list/> }.into_any(),
    }
}

/// The drafts, undecided first (the server's order).
#[component]
fn DraftTable(list: Vec<DraftView>) -> impl IntoView {
    view! {
        <table class="data kb-drafts">
            <caption class="sr-only">"待审草稿列表"</caption>
            <thead>
                <tr>
                    <th scope="col">"问题"</th>
                    <th scope="col">"答案"</th>
                    <th scope="col">"事项"</th>
                    <th scope="col">"部门"</th>
                    <th scope="col">"提交人"</th>
                    <th scope="col">"提交时间"</th>
                    <th scope="col">"状态"</th>
                    <th scope="col">"操作"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || list.clone() key=|d| (d.id.clone(), outcome(d)) let:draft>
                    <DraftRow draft/>
                </For>
            </tbody>
        </table>
    }
}

fn outcome(draft: &DraftView) -> String {
    match draft.status {
        DraftStatus::Draft => "待审核".to_owned(),
        DraftStatus::Approved => format!("已通过（{}）", draft.entry.as_deref().unwrap_or("—")),
        DraftStatus::Rejected => "已退回".to_owned(),
    }
}

/// One draft; undecided ones carry 通过, 修改后通过 and 退回.
#[component]
fn DraftRow(draft: DraftView) -> impl IntoView {
    let question_id = format!("kb-d-{}", draft.id);
    let actions = (draft.status == DraftStatus::Draft).then(|| {
        view! { <DraftActions draft=draft.clone() described_by=question_id.clone()/> }
    });
    let dash = |s: Option<String>| s.unwrap_or_else(|| "—".to_owned());
    view! {
        <tr class:decided=draft.status != DraftStatus::Draft>
            <th scope="row" id=question_id>{draft.question.clone()}</th>
            <td class="answer">{draft.answer.clone()}</td>
            <td>{dash(draft.item.clone())}</td>
            <td>{dash(draft.department.clone())}</td>
            <td>{draft.author.clone()}</td>
            <td>{shanghai_minute(draft.created_ms)}</td>
            <td class="status">{outcome(&draft)}</td>
            <td>
                <div class="row-actions">{actions}</div>
            </td>
        </tr>
    }
}

/// 通过, 修改后通过 and 退回.
#[component]
fn DraftActions(draft: DraftView, described_by: String) -> impl IntoView {
    let kb = Kb::get();
    let busy = RwSignal::new(false);
    let draft = StoredValue::new(draft);
    let approve = move |_| {
        let d = draft.get_value();
        let entry = FormText::from_draft(&d).to_entry("");
        busy.set(true);
        spawn_local(async move {
            match api_kb::approve(&d.id, &ApproveRequest { entry }).await {
                Ok((done, v)) => {
                    let id = done.entry.unwrap_or_default();
                    kb.changed(v, format!("已通过并发布：{}（{id}）", d.question));
                }
                Err(e) => kb.failed(e.message()),
            }
            busy.try_set(false);
        });
    };
    let edit = move |_| {
        let d = draft.get_value();
        kb.open_form(Purpose::Approve(d.id.clone()), FormText::from_draft(&d));
    };
    let reject = move |_| {
        let d = draft.get_value();
        busy.set(true);
        spawn_local(async move {
            match api_kb::reject(&d.id).await {
                Ok(_) => kb.changed(None, format!("已退回：{}", d.question)),
                Err(e) => kb.failed(e.message()),
            }
            busy.try_set(false);
        });
    };
    let (d1, d2, d3) = (described_by.clone(), described_by.clone(), described_by);
    let revise = draft.with_value(|d| revise_id(&d.id));
    view! {
        <button type="button" class="primary" aria-describedby=d1 disabled=move || busy.get() on:click=approve>
            "通过"
        </button>
        <button type="button" id=revise aria-describedby=d2 disabled=move || busy.get() on:click=edit>
            "修改后通过"
        </button>
        <button type="button" aria-describedby=d3 disabled=move || busy.get() on:click=reject>"退回"</button>
    }
}
