//! 未解决问题: questions 小申 could not answer, grouped by similarity, most asked first, each with its answer
//! deadline (5 working days after the first ask; overdue ones marked in words and colour) and 转为知识, which
//! opens the entry form pre-filled; saving it publishes the entry and resolves the group.

use bangban_core::kbwork::UnansweredGroup;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api_kb;
use crate::kb_admin::{Kb, Purpose, turn_id};
use crate::kb_admin_model::{FormText, due_label};

type Groups = RwSignal<Option<Result<Vec<UnansweredGroup>, String>>>;

/// The 未解决问题 part.
#[component]
pub(crate) fn UnansweredTab() -> impl IntoView {
    let kb = Kb::get();
    let groups: Groups = RwSignal::new(None);
    Effect::new(move || {
        kb.changes.track();
        spawn_local(async move {
            let answer = api_kb::unanswered().await.map_err(|e| e.message());
            groups.try_set(Some(answer));
        });
    });
    move || match groups.get() {
        None => view! { <p class="empty">"正在加载…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="empty">"暂无未解决问题"</p> }.into_any()
        }
        Some(Ok(list)) => view! { <GroupTable list/> }.into_any(),
    }
}

/// The groups.
#[component]
fn GroupTable(list: Vec<UnansweredGroup>) -> impl IntoView {
    view! {
        <table class="data kb-unanswered">
            <caption class="sr-only">"未解决问题列表"</caption>
            <thead>
                <tr>
                    <th scope="col">"问题"</th>
                    <th scope="col">"次数"</th>
                    <th scope="col">"事项"</th>
                    <th scope="col">"答复期限"</th>
                    <th scope="col">"操作"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || list.clone() key=|g| g.ids.clone() let:group>
                    <GroupRow group/>
                </For>
            </tbody>
        </table>
    }
}

/// One group: the first question and the other phrasings, how often, 事项, the deadline and 转为知识.
#[component]
fn GroupRow(group: UnansweredGroup) -> impl IntoView {
    let kb = Kb::get();
    let first = group.ids.first().copied().unwrap_or_default();
    let question_id = format!("kb-u-{first}");
    let others: Vec<String> = group
        .samples
        .iter()
        .filter(|s| **s != group.question)
        .cloned()
        .collect();
    let turn = {
        let group = group.clone();
        move |_| {
            let department = group.item.as_deref().and_then(|i| kb.department_of(i));
            let text = FormText::from_group(&group, department);
            kb.open_form(Purpose::Resolve(group.ids.clone()), text);
        }
    };
    view! {
        <tr class:overdue=group.overdue>
            <th scope="row" id=question_id.clone()>
                <span class="q">{group.question.clone()}</span>
                {(!others.is_empty()).then(|| view! {
                    <span class="muted">"其他问法：" {others.join("；")}</span>
                })}
            </th>
            <td>{group.count}</td>
            <td>{group.item.clone().unwrap_or_else(|| "—".to_owned())}</td>
            <td class="due" class:late=group.overdue>{due_label(&group)}</td>
            <td>
                <button type="button" id=turn_id(first) aria-describedby=question_id on:click=turn>
                    "转为知识"
                </button>
            </td>
        </tr>
    }
}
