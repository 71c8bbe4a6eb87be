//! 事项管理 (administrators): the registry that routes a page's `data-item` to the department that owns it.
//! The whole list is edited here and saved at once (`PUT /api/admin/items`).

use bangban_core::protocol::ServiceItem;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api_admin;

/// One editable row; `key` keeps rows apart while their texts change.
#[derive(Clone, Copy)]
struct Row {
    key: u32,
    item: RwSignal<String>,
    department: RwSignal<String>,
}

impl Row {
    fn new(key: u32, item: &ServiceItem) -> Self {
        Row {
            key,
            item: RwSignal::new(item.item.clone()),
            department: RwSignal::new(item.department.clone()),
        }
    }

    fn value(self) -> ServiceItem {
        ServiceItem {
            item: self.item.get_untracked().trim().to_owned(),
            department: self.department.get_untracked().trim().to_owned(),
        }
    }
}

/// The items page.
#[component]
pub(crate) fn ItemsPage() -> impl IntoView {
    let rows = RwSignal::new(Vec::<Row>::new());
    let next = StoredValue::new(0u32);
    let message = RwSignal::new(None::<(bool, String)>);
    let fresh = move |item: &ServiceItem| {
        let key = next.get_value();
        next.set_value(key + 1);
        Row::new(key, item)
    };
    let fill = move |list: Vec<ServiceItem>| rows.set(list.iter().map(fresh).collect());
    spawn_local(async move {
        match api_admin::items().await {
            Ok(list) => fill(list),
            Err(e) => message.set(Some((false, e.message()))),
        }
    });
    let add = move |_| {
        let blank = ServiceItem {
            item: String::new(),
            department: String::new(),
        };
        rows.update(|r| r.push(fresh(&blank)));
    };
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let list: Vec<ServiceItem> = rows.get_untracked().into_iter().map(Row::value).collect();
        spawn_local(async move {
            match api_admin::save_items(&list).await {
                Ok(saved) => {
                    fill(saved);
                    message.set(Some((true, "事项已保存".to_owned())));
                }
                Err(e) => message.set(Some((false, e.message()))),
            }
        });
    };
    view! {
        <section class="page" aria-labelledby="items-heading">
            <h2 id="items-heading">"事项管理"</h2>
            <form on:submit=save>
                <ItemTable rows/>
                <div class="actions">
                    <button type="button" on:click=add>"添加事项"</button>
                    <button type="submit" class="primary">"保存事项"</button>
                </div>
                <SaveMessage message/>
            </form>
        </section>
    }
}

/// "事项已保存", or the server's reason in red.
#[component]
fn SaveMessage(message: RwSignal<Option<(bool, String)>>) -> impl IntoView {
    move || {
        message.get().map(|(ok, text)| {
            if ok {
                view! { <p class="ok" role="status">{text}</p> }.into_any()
            } else {
                view! { <p class="error" role="alert">{text}</p> }.into_any()
            }
        })
    }
}

/// The editable rows.
#[component]
fn ItemTable(rows: RwSignal<Vec<Row>>) -> impl IntoView {
    view! {
        <table class="data">
            <caption class="sr-only">"事项列表"</caption>
            <thead>
                <tr>
                    <th scope="col">"事项"</th>
                    <th scope="col">"主管部门"</th>
                    <th scope="col">"操作"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || rows.get() key=|r| r.key let:row>
                    <tr>
                        <td><input type="text" aria-label="事项" bind:value=row.item/></td>
                        <td><input type="text" aria-label="主管部门" bind:value=row.department/></td>
                        <td>
                            <button type="button" on:click=move |_| rows.update(|r| r.retain(|x| x.key != row.key))>
                                "删除事项"
                            </button>
                        </td>
                    </tr>
                </For>
            </tbody>
        </table>
    }
}
