//! The signed-in workspace: header, the queue and the agent's chats on the left, the open chat in the middle.

use std::time::Duration;

use bangban_core::protocol::Me;
use leptos::prelude::*;

use crate::actions;
use crate::chat::ChatPane;
use crate::chat_list::ChatList;
use crate::header::Header;
use crate::queue::QueuePanel;
use crate::socket::Socket;
use crate::state::{Workspace, now_ms};

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
    if let Ok(tick) =
        set_interval_with_handle(move || ws.now_ms.set(now_ms()), Duration::from_secs(1))
    {
        on_cleanup(move || tick.clear());
    }
    view! {
        <Header on_logout/>
        <Alert/>
        <div class="columns">
            <div class="side">
                <QueuePanel/>
                <ChatList/>
            </div>
            <ChatPane/>
        </div>
    }
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
