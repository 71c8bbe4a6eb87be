//! 问题台账 (department agents: their own; supervisors: all): the problems with their measures and deadlines,
//! 登记问题, 挂账销号, and for supervisors the monthly report, each exportable as CSV.

use bangban_core::calendar::Date;
use bangban_core::ledger::{CloseLedgerItem, LedgerItem, LedgerSource, MonthlyRow, NewLedgerItem};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api_ledger;
use crate::bancheng::{optional, oversees};
use crate::state::Workspace;

type Items = RwSignal<Option<Result<Vec<LedgerItem>, String>>>;

/// The sources an agent may enter by hand, with their `<option>` values.
const SOURCES: [(&str, LedgerSource); 3] = [
    ("agent_flag", LedgerSource::AgentFlag),
    ("leader_visit", LedgerSource::LeaderVisit),
    ("opinion", LedgerSource::Opinion),
];

/// The ledger page.
#[component]
pub(crate) fn LedgerPage() -> impl IntoView {
    let ws = Workspace::get();
    let supervisor = oversees(ws);
    let items: Items = RwSignal::new(None);
    let load = move || {
        spawn_local(async move {
            let answer = api_ledger::ledger().await.map_err(|e| e.message());
            items.try_set(Some(answer));
        });
    };
    load();
    let adding = RwSignal::new(false);
    let added = Callback::new(move |item: LedgerItem| {
        adding.set(false);
        items.update(|all| {
            if let Some(Ok(list)) = all {
                list.insert(0, item);
            }
        });
    });
    let list = move || {
        match items.get() {
        None => view! { <p class="empty">"正在加载…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"暂无问题"</p> }.into_any(),
        Some(Ok(list)) => view! {
            <table class="ledger" aria-label="台账">
                <thead><tr>
                    <th>"编号"</th><th>"来源"</th><th>"责任部门"</th><th>"事项"</th><th>"问题描述"</th>
                    <th>"整改措施"</th><th>"整改期限"</th><th>"状态"</th><th>"操作"</th>
                </tr></thead>
                <tbody>
                    <For each=move || list.clone() key=|i| (i.id.clone(), i.closed_ms) let:item>
                        <LedgerRow item items/>
                    </For>
                </tbody>
            </table>
        }
        .into_any(),
    }
    };
    view! {
        <section class="page ledger-page" aria-labelledby="ledger-heading">
            <h2 id="ledger-heading">"问题台账"</h2>
            <p class="toolbar">
                <button type="button" aria-expanded=move || adding.get().to_string() on:click=move |_| adding.update(|a| *a = !*a)>
                    "登记问题"
                </button>
                <a href="/api/ledger/export" download>"导出台账CSV"</a>
            </p>
            <Show when=move || adding.get()>
                <NewItemForm supervisor on_done=added/>
            </Show>
            {list}
            {supervisor.then(|| view! { <Monthly/> })}
        </section>
    }
}

/// One entry; open ones carry 挂账销号.
#[component]
fn LedgerRow(item: LedgerItem, items: Items) -> impl IntoView {
    let status = if item.closed_ms.is_some() {
        "已销号"
    } else if item.overdue {
        "逾期"
    } else {
        "整改中"
    };
    let open = item.closed_ms.is_none();
    let striking = RwSignal::new(false);
    let id = item.id.clone();
    let action = open.then(|| {
        view! {
            <button type="button" on:click=move |_| striking.update(|s| *s = !*s)>"挂账销号"</button>
            <Show when=move || striking.get()>
                <StrikeOffForm id=id.clone() items/>
            </Show>
        }
    });
    view! {
        <tr class:overdue=item.overdue && open>
            <td>{item.number}</td>
            <td>{item.source.label()}</td>
            <td>{item.department}</td>
            <td>{item.item.unwrap_or_default()}</td>
            <td class="problem">{item.problem}</td>
            <td>{item.measures}{item.result.map(|r| format!("（结果：{r}）"))}</td>
            <td>{item.deadline}</td>
            <td class="status">{status}</td>
            <td>{action}</td>
        </tr>
    }
}

/// 整改结果, 已告知提出人 and 确认销号.
#[component]
fn StrikeOffForm(id: String, items: Items) -> impl IntoView {
    let (result, notified) = (RwSignal::new(String::new()), RwSignal::new(false));
    let (busy, error) = (RwSignal::new(false), RwSignal::new(None::<String>));
    let id = StoredValue::new(id);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = CloseLedgerItem {
            result: result.get_untracked(),
            notified: notified.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            match api_ledger::strike_off(&id.get_value(), &body).await {
                Ok(done) => items.update(|all| {
                    if let Some(Ok(list)) = all
                        && let Some(i) = list.iter_mut().find(|i| i.id == done.id)
                    {
                        *i = done;
                    }
                }),
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <form class="step-form" on:submit=submit>
            <label>"整改结果"<textarea rows="2" required bind:value=result></textarea></label>
            <label><input type="checkbox" bind:checked=notified/>"已告知提出人"</label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button type="submit" class="primary" disabled=move || busy.get()>"确认销号"</button>
        </form>
    }
}

/// 登记问题.
#[component]
fn NewItemForm(supervisor: bool, on_done: Callback<LedgerItem>) -> impl IntoView {
    let source = RwSignal::new(SOURCES[0].0.to_owned());
    let fields: [RwSignal<String>; 7] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let [
        department,
        item,
        problem,
        measures,
        deadline,
        raised_by,
        contact,
    ] = fields;
    let (busy, error) = (RwSignal::new(false), RwSignal::new(None::<String>));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let chosen = source.get_untracked();
        let source = SOURCES
            .iter()
            .find(|(v, _)| *v == chosen)
            .map_or(LedgerSource::AgentFlag, |(_, s)| *s);
        let body = NewLedgerItem {
            source,
            department: optional(department.get_untracked()),
            item: optional(item.get_untracked()),
            problem: problem.get_untracked(),
            measures: measures.get_untracked(),
            deadline: optional(deadline.get_untracked()),
            raised_by: optional(raised_by.get_untracked()),
            contact: optional(contact.get_untracked()),
        };
        busy.set(true);
        spawn_local(async move {
            match api_ledger::add(&body).await {
                Ok(done) => on_done.run(done),
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
            busy.try_set(false);
        });
    };
    let options = SOURCES
        .iter()
        .map(|(value, s)| view! { <option value=*value>{s.label()}</option> })
        .collect_view();
    view! {
        <form class="ledger-form" aria-label="登记问题" on:submit=submit>
            <label>"来源"<select bind:value=source>{options}</select></label>
            {supervisor.then(|| view! { <label>"责任部门"<input type="text" required bind:value=department/></label> })}
            <label>"事项"<input type="text" bind:value=item/></label>
            <label>"问题描述"<textarea rows="3" required bind:value=problem></textarea></label>
            <label>"整改措施"<textarea rows="2" bind:value=measures></textarea></label>
            <label>"整改期限"<input type="date" bind:value=deadline/></label>
            <label>"提出人"<input type="text" bind:value=raised_by/></label>
            <label>"联系方式"<input type="text" bind:value=contact/></label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button type="submit" class="primary" disabled=move || busy.get()>"提交"</button>
        </form>
    }
}

/// 月报: per department, entered, struck off and overdue in the month.
#[component]
fn Monthly() -> impl IntoView {
    let ws = Workspace::get();
    let today = Date::from_unix_ms(ws.server_clock.get_untracked().now(crate::state::now_ms()));
    let month = RwSignal::new(today.to_string().chars().take(7).collect::<String>());
    let rows = RwSignal::new(None::<Result<Vec<MonthlyRow>, String>>);
    Effect::new(move |_| {
        let m = month.get();
        if m.is_empty() {
            return;
        }
        spawn_local(async move {
            let answer = api_ledger::monthly(&m).await.map_err(|e| e.message());
            rows.try_set(Some(answer));
        });
    });
    let href = move || {
        format!(
            "/api/ledger/monthly/export?month={}",
            String::from(js_sys::encode_uri_component(&month.get()))
        )
    };
    let table = move || match rows.get() {
        None => view! { <p class="empty">"正在加载…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        Some(Ok(list)) => {
            let body = list
                .into_iter()
                .map(|r| {
                    view! {
                        <tr><td>{r.department}</td><td>{r.opened}</td><td>{r.closed}</td><td>{r.overdue}</td></tr>
                    }
                })
                .collect_view();
            view! {
                <table class="monthly" aria-label="月报">
                    <thead><tr><th>"部门"</th><th>"新增"</th><th>"销号"</th><th>"逾期"</th></tr></thead>
                    <tbody>{body}</tbody>
                </table>
            }
            .into_any()
        }
    };
    view! {
        <section aria-labelledby="monthly-heading">
            <h3 id="monthly-heading">"月报"</h3>
            <label>"统计月份"<input type="month" bind:value=month/></label>
            <a href=href download>"导出月报CSV"</a>
            {table}
        </section>
    }
}
