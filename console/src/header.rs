//! The workspace header: who is signed in, the connection, 签入 / 签出 and 退出登录.

use leptos::prelude::*;

use crate::actions;
use crate::state::{Page, Workspace};

/// The top bar of the workspace.
#[component]
pub(crate) fn Header(
    /// Called after 退出登录.
    on_logout: Callback<()>,
) -> impl IntoView {
    let ws = Workspace::get();
    let me = ws.me;
    let department = move || me.with(|m| m.department.clone()).unwrap_or_default();
    view! {
        <header class="top">
            <h1 class="brand">"帮办 · 客服工作台"</h1>
            <PageNav/>
            <p class="who">
                <span class="name">{move || me.with(|m| m.display_name.clone())}</span>
                <span class="tag">{move || me.with(|m| m.role.label())}</span>
                <span class="dept">{department}</span>
            </p>
            <p class="link-state" role="status">
                {move || if ws.connected.get() { "已连接" } else { "正在连接…" }}
            </p>
            {ws.answers_chats().then(|| view! { <DutyButton/> })}
            <button type="button" on:click=move |_| actions::logout(on_logout)>"退出登录"</button>
        </header>
    }
}

/// 签入 when off duty, 签出 when on duty, with the current state spelled out next to it.
#[component]
fn DutyButton() -> impl IntoView {
    let ws = Workspace::get();
    let busy = RwSignal::new(false);
    let on_duty = move || ws.me.with(|m| m.on_duty);
    view! {
        <p class="duty">{move || if on_duty() { "已签入" } else { "未签入" }}</p>
        <button
            type="button"
            class="primary"
            disabled=move || busy.get()
            on:click=move |_| actions::toggle_duty(ws, busy)
        >
            {move || if on_duty() { "签出" } else { "签入" }}
        </button>
    }
}

/// The pages the role may use; the current one is marked with `aria-current`.
#[component]
fn PageNav() -> impl IntoView {
    let ws = Workspace::get();
    let pages = Page::for_role(ws.me.with_untracked(|m| m.role));
    let link = move |page: Page| {
        let current = move || (ws.page.get() == page).then_some("page");
        view! {
            <button type="button" class="nav" aria-current=current on:click=move |_| ws.page.set(page)>
                {page.label()}
            </button>
        }
    };
    view! {
        <nav class="pages" aria-label="页面">
            {pages.iter().map(|&p| link(p)).collect_view()}
        </nav>
    }
}
