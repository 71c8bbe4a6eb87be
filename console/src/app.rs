//! The root: asks the server who is signed in, then shows the login form or the workspace.

use bangban_core::protocol::Me;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::login::LoginForm;
use crate::workspace::WorkspaceView;

/// Where the console stands with the server's session cookie.
#[derive(Clone, Debug, PartialEq)]
enum Session {
    /// `GET /api/me` has not answered yet.
    Loading,
    /// No valid cookie: show the login form.
    SignedOut,
    /// Signed in as this agent.
    SignedIn(Me),
}

/// The whole console.
#[component]
pub(crate) fn App() -> impl IntoView {
    let session = RwSignal::new(Session::Loading);
    spawn_local(async move {
        // 401 is the normal "not signed in"; any other failure also lands on the form, which can retry.
        let next = api::me()
            .await
            .map_or(Session::SignedOut, Session::SignedIn);
        session.set(next);
    });
    let on_login = Callback::new(move |me: Me| session.set(Session::SignedIn(me)));
    let on_logout = Callback::new(move |()| session.set(Session::SignedOut));
    move || match session.get() {
        Session::Loading => view! { <p class="loading" role="status">"正在加载…"</p> }.into_any(),
        Session::SignedOut => view! { <LoginForm on_login/> }.into_any(),
        Session::SignedIn(me) => view! { <WorkspaceView me on_logout/> }.into_any(),
    }
}
