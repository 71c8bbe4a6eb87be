//! `bangban-console`: the agent and supervisor console of bangban (帮办), a Leptos app rendered in the browser.
//!
//! Agents sign in, 签入, take waiting chats from the queue (接入, with the one-minute countdown and the 45 s alert)
//! and answer citizens live over the WebSocket, with the 知识库, 常用语 and the citizen's history beside the chat;
//! they hand chats on (转业务客服, 转派12345), invite ratings, propose replies as knowledge and answer 工单 (办不成事
//! too: 派单, 接单, 答复, 销单), 差评回访 and the 问题台账.
//! Supervisors watch the queue, 客服状态 and 服务数据; administrators manage accounts and 事项. Build with `cargo xtask build` (output in `dist/console/`, served at `/console`);
//! check with `cargo build -p bangban-console --target wasm32-unknown-unknown`; test the pure logic with
//! `cargo test -p bangban-console`.
//!
//! Layout: pure logic without web-sys in `format`, `backoff`, `transcript`, `chats`, `notices` and `server_clock` (unit-tested natively);
//! I/O in `api` (HTTP) and `socket` (WebSocket); state in `state`, user actions in `actions`; components in the rest.

mod actions;
mod api;
mod api_admin;
mod api_kb;
mod api_ledger;
mod backoff;
mod chats;
mod figures;
mod format;
mod kb_admin_model;
mod media;
mod media_send;
mod media_upload;
mod notices;
mod server_clock;
mod socket;
mod sound;
mod state;
mod transcript;

// `#[component]` derives a `TypedBuilder` for the props, and the derived items are `pub` whatever the component's
// own visibility, which trips `unreachable_pub` in a binary crate. The expectation is scoped to the view modules.
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod accounts;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod agents;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod app;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod bancheng;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod case_steps;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod cases;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod chat;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod chat_extras;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod chat_list;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod dashboard;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod dashboard_tables;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod header;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod helpers;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod history;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod items;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod kb_admin;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod kb_admin_drafts;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod kb_admin_entries;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod kb_admin_form;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod kb_admin_unanswered;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod kb_search;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod ledger_page;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod log;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod login;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod media_bar;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod media_record;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod media_view;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod message;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod queue;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod reply;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod tickets;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod transfer;
#[expect(unreachable_pub, reason = "items derived by #[component]")]
mod workspace;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
