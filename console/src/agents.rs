//! 客服状态 (supervisors, administrators): every agent with role, department, 签入 state and open chats,
//! refreshed every 10 s while shown.

use std::time::Duration;

use bangban_core::protocol::AgentSummary;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api_admin;

/// How often the table is reloaded.
const REFRESH: Duration = Duration::from_secs(10);

/// The agents' status page.
#[component]
pub(crate) fn AgentsPage() -> impl IntoView {
    let agents = RwSignal::new(None::<Result<Vec<AgentSummary>, String>>);
    let load = move || {
        spawn_local(async move {
            let answer = api_admin::agents().await.map_err(|e| e.message());
            agents.try_set(Some(answer));
        });
    };
    load();
    if let Ok(timer) = set_interval_with_handle(load, REFRESH) {
        on_cleanup(move || timer.clear());
    }
    let body = move || match agents.get() {
        None => view! { <p class="empty">"正在加载…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        Some(Ok(list)) => view! { <AgentTable list/> }.into_any(),
    };
    view! {
        <section class="page" aria-labelledby="agents-heading">
            <div class="page-head">
                <h2 id="agents-heading">"客服状态"</h2>
                <button type="button" on:click=move |_| load()>"刷新状态"</button>
            </div>
            {body}
        </section>
    }
}

/// The table itself.
#[component]
fn AgentTable(
    /// The agents.
    list: Vec<AgentSummary>,
) -> impl IntoView {
    let rows = list
        .into_iter()
        .map(|a| {
            let duty = if a.disabled {
                "已停用"
            } else if a.on_duty {
                "已签入"
            } else {
                "已签出"
            };
            let load = format!("{} / {}", a.open_chats, a.max_chats);
            view! {
                <tr>
                    <th scope="row">{a.display_name}" "<span class="muted">{a.username}</span></th>
                    <td>{a.role.label()}</td>
                    <td>{a.department.unwrap_or_else(|| "—".to_owned())}</td>
                    <td class:on=a.on_duty>{duty}</td>
                    <td>{load}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data">
            <caption class="sr-only">"客服状态"</caption>
            <thead>
                <tr>
                    <th scope="col">"客服"</th>
                    <th scope="col">"角色"</th>
                    <th scope="col">"部门"</th>
                    <th scope="col">"状态"</th>
                    <th scope="col">"接待中 / 上限"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
