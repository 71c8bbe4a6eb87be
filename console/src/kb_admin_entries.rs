//! 知识条目: the search (the server's text filter over id, question, 相似问法, 关键词 and answer, plus exact 栏目
//! and 事项), the list with each entry's status, and 新增条目, 编辑 and 下架 (confirmed in the row).

use bangban_core::calendar::Date;
use bangban_core::kb::COLUMNS;
use leptos::ev::SubmitEvent;
use leptos::html::Button;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api_kb::{self, EntryFilter, EntryRow};
use crate::kb_admin::{ADD_ID, Kb, Purpose, edit_id};
use crate::kb_admin_model::{DEFAULT_COLUMN, FormText, SHOWN_AT_MOST, shanghai_minute, status};
use crate::state::{Workspace, now_ms};

type Found = RwSignal<Option<Result<Vec<EntryRow>, String>>>;

/// The 知识条目 part.
#[component]
pub(crate) fn EntriesTab() -> impl IntoView {
    let kb = Kb::get();
    let filter = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let found: Found = RwSignal::new(None);
    let latest = StoredValue::new(0_u32);
    let load = move || {
        let wanted = EntryFilter {
            q: filter.0.get_untracked(),
            column: filter.1.get_untracked(),
            item: filter.2.get_untracked(),
        };
        let n = latest.get_value() + 1;
        latest.set_value(n);
        spawn_local(async move {
            let answer = api_kb::entries(&wanted).await;
            // An older search that answers late never replaces a newer one.
            if latest.try_get_value() != Some(n) {
                return;
            }
            match answer {
                Ok((rows, version)) => {
                    if version.is_some() {
                        kb.version.try_set(version);
                    }
                    found.try_set(Some(Ok(rows)));
                }
                Err(e) => drop(found.try_set(Some(Err(e.message())))),
            }
        });
    };
    // Loads at once, and again after every change the page makes.
    Effect::new(move || {
        kb.changes.track();
        load();
    });
    // Once the list is drawn again, the focus goes back to the row a change re-created.
    Effect::new(move || {
        if found.with(Option::is_some) {
            kb.settle_focus();
        }
    });
    let add = move |_| {
        let text = FormText {
            column: DEFAULT_COLUMN.to_owned(),
            ..FormText::default()
        };
        kb.open_form(Purpose::New, text);
    };
    view! {
        <div class="kb-part">
            <SearchForm filter on_search=Callback::new(move |()| load())/>
            <p class="toolbar">
                <button type="button" class="primary" id=ADD_ID on:click=add>"新增条目"</button>
            </p>
            <EntryList found/>
        </div>
    }
}

/// 搜索知识, 筛选栏目 and 筛选事项; Enter or 搜索 searches, a changed filter searches at once.
#[component]
fn SearchForm(
    /// The text, 栏目 and 事项 (empty: any).
    filter: (RwSignal<String>, RwSignal<String>, RwSignal<String>),
    /// Runs the search.
    on_search: Callback<()>,
) -> impl IntoView {
    let kb = Kb::get();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        on_search.run(());
    };
    let columns = COLUMNS
        .iter()
        .map(|&c| view! { <option value=c>{c}</option> })
        .collect_view();
    let items = move || {
        kb.items
            .get()
            .into_iter()
            .map(|i| {
                let label = i.item.clone();
                view! { <option value=i.item>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <form class="kb-search" role="search" aria-label="知识条目搜索" on:submit=submit>
            <label>"搜索知识"<input type="search" bind:value=filter.0/></label>
            <label>"筛选栏目"
                <select bind:value=filter.1 on:change=move |_| on_search.run(())>
                    <option value="">"全部栏目"</option>
                    {columns}
                </select>
            </label>
            <label>"筛选事项"
                <select bind:value=filter.2 on:change=move |_| on_search.run(())>
                    <option value="">"全部事项"</option>
                    {items}
                </select>
            </label>
            <button type="submit">"搜索"</button>
        </form>
    }
}

/// The entries found (the first [`SHOWN_AT_MOST`], newest id first), or why there are none.
#[component]
fn EntryList(found: Found) -> impl IntoView {
    move || match found.get() {
        None => view! { <p class="empty">"正在加载…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        Some(Ok(rows)) if rows.is_empty() => {
            view! { <p class="empty">"没有符合条件的知识条目"</p> }.into_any()
        }
        Some(Ok(mut rows)) => {
            let total = rows.len();
            rows.sort_by(|a, b| b.entry.id.cmp(&a.entry.id));
            rows.truncate(SHOWN_AT_MOST);
            view! {
                <p class="muted">{count_line(total)}</p>
                <EntryTable rows/>
            }
            .into_any()
        }
    }
}

fn count_line(total: usize) -> String {
    if total > SHOWN_AT_MOST {
        format!("共 {total} 条，显示前 {SHOWN_AT_MOST} 条，请用搜索缩小范围")
    } else {
        format!("共 {total} 条")
    }
}

/// The table of entries.
#[component]
fn EntryTable(rows: Vec<EntryRow>) -> impl IntoView {
    view! {
        <table class="data kb-entries">
            <caption class="sr-only">"知识条目列表"</caption>
            <thead>
                <tr>
                    <th scope="col">"问题"</th>
                    <th scope="col">"栏目"</th>
                    <th scope="col">"事项"</th>
                    <th scope="col">"生效日期"</th>
                    <th scope="col">"更新时间"</th>
                    <th scope="col">"状态"</th>
                    <th scope="col">"操作"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || rows.clone() key=|r| (r.entry.id.clone(), r.entry.updated.clone(), r.retired) let:row>
                    <EntryRowView row/>
                </For>
            </tbody>
        </table>
    }
}

/// "2026-11-23 10:05" from the server's RFC 3339 `updated`, "—" without one.
fn updated_label(updated: Option<&str>) -> String {
    updated
        .map(js_sys::Date::parse)
        .filter(|ms| !ms.is_nan())
        .map_or_else(|| "—".to_owned(), |ms| shanghai_minute(ms as i64))
}

/// One entry: its texts, its status, 编辑 and (while published) 下架.
#[component]
fn EntryRowView(row: EntryRow) -> impl IntoView {
    let kb = Kb::get();
    let ws = Workspace::get();
    let today = Date::from_unix_ms(ws.server_clock.get_untracked().now(now_ms())).to_string();
    let e = row.entry;
    let state = status(row.retired, e.effective.as_deref(), &today);
    let question_id = format!("kb-e-{}", e.id);
    let edit = {
        let (id, text) = (e.id.clone(), FormText::from_entry(&e));
        move |_| kb.open_form(Purpose::Edit(id.clone()), text.clone())
    };
    let retire = (!row.retired).then(|| {
        view! { <RetireButton id=e.id.clone() question=e.question.clone() described_by=question_id.clone()/> }
    });
    view! {
        <tr class:retired=row.retired>
            <th scope="row" id=question_id.clone()>
                <span class="q">{e.question.clone()}</span>
                <span class="muted">{e.id.clone()}</span>
            </th>
            <td>{e.column.clone()}</td>
            <td>{e.item.clone().unwrap_or_else(|| "—".to_owned())}</td>
            <td>{e.effective.clone().unwrap_or_else(|| "即时".to_owned())}</td>
            <td>{updated_label(e.updated.as_deref())}</td>
            <td class="status">{state}</td>
            <td>
                <div class="row-actions">
                    <button type="button" id=edit_id(&e.id) aria-describedby=question_id on:click=edit>
                        "编辑"
                    </button>
                    {retire}
                </div>
            </td>
        </tr>
    }
}

/// 下架, then 确认下架 / 取消 in the row (focus moves to 确认下架).
#[component]
fn RetireButton(id: String, question: String, described_by: String) -> impl IntoView {
    let kb = Kb::get();
    let confirming = RwSignal::new(false);
    let (confirm_ref, retire_ref) = (NodeRef::<Button>::new(), NodeRef::<Button>::new());
    let id = StoredValue::new(id);
    Effect::new(move || {
        if let Some(button) = confirm_ref.get() {
            let _ = button.focus();
        }
    });
    let retire = move |_| {
        let question = question.clone();
        spawn_local(async move {
            match api_kb::retire(&id.get_value()).await {
                Ok(version) => {
                    // The row is drawn again without 下架: its 编辑 takes the focus.
                    kb.focus_after_reload(edit_id(&id.get_value()));
                    kb.changed(version, format!("已下架：{question}"));
                }
                Err(e) => kb.failed(e.message()),
            }
        });
    };
    // Back to 下架 once it is drawn again, so keyboard users stay in the row.
    let cancel = move |_| {
        confirming.set(false);
        request_animation_frame(move || {
            if let Some(button) = retire_ref.get_untracked() {
                let _ = button.focus();
            }
        });
    };
    view! {
        <Show
            when=move || confirming.get()
            fallback=move || {
                let described_by = described_by.clone();
                view! {
                    <button
                        type="button"
                        aria-describedby=described_by
                        node_ref=retire_ref
                        on:click=move |_| confirming.set(true)
                    >
                        "下架"
                    </button>
                }
            }
        >
            <span class="confirm" role="group" aria-label="确认下架">
                "下架后小申不再使用该条目。"
                <button type="button" class="danger" node_ref=confirm_ref on:click=retire.clone()>"确认下架"</button>
                <button type="button" on:click=cancel>"取消"</button>
            </span>
        </Show>
    }
}
