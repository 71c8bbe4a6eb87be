//! `bangban-console`: the agent and supervisor console of bangban (帮办), a Leptos app rendered in the browser.
//!
//! Agents sign in, 签入, take waiting chats from the queue (接入) and answer citizens live over the WebSocket;
//! supervisors watch the queue. Build with `cargo xtask build` (output in `dist/console/`, served at `/console`);
//! check with `cargo build -p bangban-console --target wasm32-unknown-unknown`; test the pure logic with
//! `cargo test -p bangban-console`.
//!
//! Layout: pure logic without web-sys in `format`, `backoff`, `transcript` and `chats` (unit-tested natively);
//! I/O in `api` (HTTP) and `socket` (WebSocket); state in `state`, user actions in `actions`; components in the rest.

mod actions;
mod api;
mod backoff;
mod chats;
mod format;
mod socket;
mod state;
mod transcript;

// `#[component]` derives a `TypedBuilder` for the props, and the derived items are `pub` whatever the component's
// own visibility, which trips `unreachable_pub` in a binary crate. The expectation is scoped to the view modules.
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod app;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod chat;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod chat_list;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod header;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod login;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod message;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod queue;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod reply;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod workspace;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
