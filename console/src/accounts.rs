//! 账号管理 (administrators): create accounts (the one-time password is shown once, in a marked box), 停用 /
//! 启用 and 重置密码.

use bangban_core::protocol::{AgentRequest, AgentSummary, PasswordIssued, Role};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api_admin;

/// The roles an administrator can give, in the select's order.
const ROLES: [Role; 5] = [
    Role::Window,
    Role::Business,
    Role::Supervisor,
    Role::KbMaintainer,
    Role::Admin,
];

/// What the page shares between the form, the table and the password box.
#[derive(Clone, Copy)]
struct Accounts {
    list: RwSignal<Vec<AgentSummary>>,
    issued: RwSignal<Option<PasswordIssued>>,
    error: RwSignal<Option<String>>,
}

impl Accounts {
    fn reload(self) {
        spawn_local(async move {
            match api_admin::agents().await {
                Ok(list) => drop(self.list.try_set(list)),
                Err(e) => drop(self.error.try_set(Some(e.message()))),
            }
        });
    }
}

/// The accounts page.
#[component]
pub(crate) fn AccountsPage() -> impl IntoView {
    let page = Accounts {
        list: RwSignal::new(Vec::new()),
        issued: RwSignal::new(None),
        error: RwSignal::new(None),
    };
    page.reload();
    view! {
        <section class="page" aria-labelledby="accounts-heading">
            <h2 id="accounts-heading">"账号管理"</h2>
            <NewAccountForm page/>
            <Show when=move || page.error.with(Option::is_some)>
                <p class="error" role="alert">{move || page.error.get()}</p>
            </Show>
            <IssuedBox issued=page.issued/>
            <AccountTable page/>
        </section>
    }
}

/// The new password, shown once.
#[component]
fn IssuedBox(
    /// The password to show.
    issued: RwSignal<Option<PasswordIssued>>,
) -> impl IntoView {
    move || {
        issued.get().map(|p| {
            view! {
                <div class="issued" role="status" aria-label="新密码">
                    <p><strong>"新密码（仅显示一次，请转告本人）"</strong></p>
                    <p>"工号：" <span class="username">{p.username}</span></p>
                    <p>"密码：" <code class="password">{p.password}</code></p>
                    <button type="button" on:click=move |_| issued.set(None)>"我已记下"</button>
                </div>
            }
        })
    }
}

/// 工号, 姓名, 角色, 部门, 同时接待上限 and 保存账号.
#[component]
fn NewAccountForm(page: Accounts) -> impl IntoView {
    let (username, name, role, department, max) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new("0".to_owned()),
        RwSignal::new(String::new()),
        RwSignal::new("5".to_owned()),
    );
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let dept = department.get_untracked().trim().to_owned();
        let request = AgentRequest {
            username: username.get_untracked().trim().to_owned(),
            display_name: name.get_untracked().trim().to_owned(),
            role: ROLES[role.get_untracked().parse::<usize>().unwrap_or(0).min(4)],
            department: (!dept.is_empty()).then_some(dept),
            max_chats: max.get_untracked().trim().parse().ok(),
        };
        spawn_local(async move {
            match api_admin::save_agent(&request).await {
                Ok(issued) => {
                    page.error.set(None);
                    page.issued.set(issued);
                    page.reload();
                }
                Err(e) => page.error.set(Some(e.message())),
            }
        });
    };
    let options = ROLES
        .iter()
        .enumerate()
        .map(|(i, r)| view! { <option value=i.to_string()>{r.label()}</option> })
        .collect_view();
    view! {
        <form class="account-form" on:submit=submit>
            <label>"工号"<input type="text" required bind:value=username/></label>
            <label>"姓名"<input type="text" required bind:value=name/></label>
            <label>"角色"<select bind:value=role>{options}</select></label>
            <label>"部门"<input type="text" bind:value=department/></label>
            <label>"同时接待上限"<input type="number" min="1" max="50" bind:value=max/></label>
            <button type="submit" class="primary">"保存账号"</button>
        </form>
    }
}

/// Every account with 停用 / 启用 and 重置密码.
#[component]
fn AccountTable(page: Accounts) -> impl IntoView {
    view! {
        <table class="data">
            <caption class="sr-only">"账号列表"</caption>
            <thead>
                <tr>
                    <th scope="col">"工号"</th>
                    <th scope="col">"姓名"</th>
                    <th scope="col">"角色"</th>
                    <th scope="col">"部门"</th>
                    <th scope="col">"状态"</th>
                    <th scope="col">"操作"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || page.list.get() key=|a| (a.username.clone(), a.disabled) let:agent>
                    <AccountRow agent page/>
                </For>
            </tbody>
        </table>
    }
}

/// One account.
#[component]
fn AccountRow(agent: AgentSummary, page: Accounts) -> impl IntoView {
    let user = StoredValue::new(agent.username.clone());
    let disabled = agent.disabled;
    let toggle = move |_| {
        spawn_local(async move {
            match api_admin::set_enabled(&user.get_value(), disabled).await {
                Ok(()) => page.reload(),
                Err(e) => page.error.set(Some(e.message())),
            }
        });
    };
    let reset = move |_| {
        spawn_local(async move {
            match api_admin::reset_password(&user.get_value()).await {
                Ok(p) => page.issued.set(Some(p)),
                Err(e) => page.error.set(Some(e.message())),
            }
        });
    };
    view! {
        <tr>
            <th scope="row">{agent.username}</th>
            <td>{agent.display_name}</td>
            <td>{agent.role.label()}</td>
            <td>{agent.department.unwrap_or_else(|| "—".to_owned())}</td>
            <td>{if disabled { "已停用" } else { "正常" }}</td>
            <td class="row-actions">
                <button type="button" on:click=toggle>{if disabled { "启用" } else { "停用" }}</button>
                <button type="button" on:click=reset>"重置密码"</button>
            </td>
        </tr>
    }
}
