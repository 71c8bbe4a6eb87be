//! `bangban-widget`: 小申 and 线上人工帮办 for citizens, the Leptos (client-side rendered) app that the
//! host page's loader (`public/bangban.js`) opens in an iframe at `/widget/?item=<事项>&host=<origin>`.
//!
//! 小申 answers from a knowledge-base snapshot cached in `localStorage` and matched in the browser
//! (`bangban_core::matcher`). The matching runs in a Web Worker that the widget starts on its own wasm
//! module, so that indexing a large knowledge base never freezes the page (`kb_worker`; on the page
//! itself when no worker can run). 转人工 opens a human chat over the server's WebSocket, with typing
//! and read notices both ways and an outbox that survives reloads. In the human chat the citizen can
//! also send screenshots (picked, pasted, dropped or captured) and voice clips, and sees the agent's.
//! When human help is closed (or nobody is signed in) 小申 says when it opens and offers 留言 and the
//! 12345 hotline; answers to 留言 are shown when the citizen comes back. 办不成事 (a problem report
//! carrying the chats) and 查询办理进度 (the citizen's tickets of every kind) are reachable at all times.
//!
//! Build: `cargo xtask build` (wasm32, wasm-bindgen `--target web`, into `dist/widget/`); check quickly
//! with `cargo build -p bangban-widget --target wasm32-unknown-unknown`. The pure parts (merging,
//! outbox, backoff, matching replies, the worker's protocol) are tested natively: `cargo test -p bangban-widget`.

mod api;
mod app;
mod backoff;
mod bot;
mod bot_ctl;
mod bot_view;
mod bubble;
mod chat;
mod chat_view;
mod clock;
mod composer;
mod help;
mod help_view;
mod host;
mod human;
mod kb_cache;
mod kb_index;
mod kb_protocol;
mod kb_worker;
mod knowledge;
mod leave;
mod media;
mod media_capture;
mod media_panel;
mod media_record;
mod media_upload;
mod media_view;
mod params;
mod pending;
mod presence;
mod rating;
mod rating_view;
mod receipts;
mod session;
mod socket;
mod storage;

/// On the page: the widget. In 小申's index worker (started by the widget itself, see `kb_worker`):
/// the index, and no widget.
fn main() {
    if kb_worker::serve() {
        return;
    }
    leptos::mount::mount_to_body(app::App);
}
