//! The signed-in workspace: header, then either the chats (the queue and the agent's chats on the left, the open
//! chat in the middle, helpers on the right) or one of the other pages the role may use (工单, 客服状态, 账号管理,
//! 事项管理, 服务数据, 差评回访).

use std::time::Duration;

use bangban_core::protocol::Me;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions;
use crate::api;
use crate::chat::ChatPane;
use crate::chat_list::ChatList;
use crate::header::Header;
use crate::media_send;
use crate::queue::QueuePanel;
use crate::socket::Socket;
use crate::state::{Page, Workspace, now_ms};
use crate::tickets::TicketsPage;
use crate::{accounts, agents, cases, dashboard, items, kb_admin, ledger_page};

/// Creates the [`Workspace`], connects the socket and starts the one-second clock; all stop when it unmounts.
#[component]
pub(crate) fn WorkspaceView(
    /// The agent who signed in.
    me: Me,
    /// Called after 退出登录.
    on_logout: Callback<()>,
) -> impl IntoView {
    let ws = Workspace::new(me);
    provide_context(ws);
    let socket = Socket::start(
        ws.connected,
        move || actions::connected(ws),
        move |f| ws.apply(f),
    );
    ws.set_socket(socket);
    spawn_local(async move {
        match api::server_date().await {
            Some(api::ServerTime::Exact(server_ms)) => ws.clock(|c, now| c.fresh(server_ms, now)),
            Some(api::ServerTime::Date(server_ms)) => ws.clock(|c, now| c.guess(server_ms, now)),
            None => {}
        }
    });
    if let Ok(tick) =
        set_interval_with_handle(move || ws.now_ms.set(now_ms()), Duration::from_secs(1))
    {
        on_cleanup(move || tick.clear());
    }
    refuse_stray_drops();
    view! {
        <Header on_logout/>
        <Alert/>
        {move || other_page(ws.page.get())}
        // The chats stay mounted while 工单 is shown, so a draft reply survives a look at the tickets.
        <div class="columns" hidden=move || ws.page.get() != Page::Chats>
            <div class="side">
                <QueuePanel/>
                <ChatList/>
            </div>
            <ChatPane/>
        </div>
    }
}

/// A file dropped outside the chat would make the browser open it in place of the console (and lose the
/// drafts): drags that carry files are refused everywhere except where a drop zone accepts them first.
fn refuse_stray_drops() {
    let over = window_event_listener(ev::dragover, |e| {
        if media_send::carries_files(&e) {
            e.prevent_default();
        }
    });
    let dropped = window_event_listener(ev::drop, |e| {
        if media_send::carries_files(&e) {
            e.prevent_default();
        }
    });
    on_cleanup(move || {
        over.remove();
        dropped.remove();
    });
}

/// Problems that belong to no single control (接入 too late, network trouble), announced to screen readers.
#[component]
fn Alert() -> impl IntoView {
    let ws = Workspace::get();
    view! {
        <Show when=move || ws.alert.with(Option::is_some)>
            <div class="alert" role="alert">
                <span>{move || ws.alert.get()}</span>
                <button type="button" class="link" on:click=move |_| ws.alert.set(None)>"关闭提示"</button>
            </div>
        </Show>
    }
}

/// The page shown instead of the chats, if any; it mounts afresh (and reloads) each time it is opened.
fn other_page(page: Page) -> Option<AnyView> {
    Some(match page {
        Page::Chats => return None,
        Page::Tickets => view! { <TicketsPage/> }.into_any(),
        Page::Agents => view! { <agents::AgentsPage/> }.into_any(),
        Page::Accounts => view! { <accounts::AccountsPage/> }.into_any(),
        Page::Items => view! { <items::ItemsPage/> }.into_any(),
        Page::Dashboard => view! { <dashboard::DashboardPage/> }.into_any(),
        Page::Cases => view! { <cases::CasesPage/> }.into_any(),
        Page::Ledger => view! { <ledger_page::LedgerPage/> }.into_any(),
        Page::Knowledge => view! { <kb_admin::KbAdminPage/> }.into_any(),
    })
}
