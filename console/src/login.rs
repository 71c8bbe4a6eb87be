//! The login form: 工号 and 密码, the server's Chinese error in an alert.

use bangban_core::protocol::Me;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;

/// Signs an agent in with `POST /api/auth/login`.
#[component]
pub(crate) fn LoginForm(
    /// Called with the agent once the server has set the session cookie.
    on_login: Callback<Me>,
) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (user, pass) = (username.get_untracked(), password.get_untracked());
        if user.trim().is_empty() || pass.is_empty() {
            error.set(Some("请输入工号和密码".to_owned()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match api::login(user.trim().to_owned(), pass).await {
                Ok(me) => on_login.run(me),
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <main class="login">
            <h1>"帮办 · 客服工作台"</h1>
            <form on:submit=submit>
                <label for="login-username">"工号"</label>
                <input id="login-username" type="text" autocomplete="username" bind:value=username/>
                <label for="login-password">"密码"</label>
                <input id="login-password" type="password" autocomplete="current-password" bind:value=password/>
                <Show when=move || error.with(Option::is_some)>
                    <p class="error" role="alert">{move || error.get()}</p>
                </Show>
                <button type="submit" disabled=move || busy.get()>"登录"</button>
            </form>
        </main>
    }
}
