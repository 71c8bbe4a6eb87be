//! `bangban-widget`: 小申 and 线上人工帮办 for citizens, the Leptos (client-side rendered) app that the
//! host page's loader (`public/bangban.js`) opens in an iframe at `/widget/?item=<事项>&host=<origin>`.
//!
//! 小申 answers from a knowledge-base snapshot cached in `localStorage` and matched in the browser
//! (`bangban_core::matcher`); 转人工 opens a human chat over the server's WebSocket, with typing and read
//! notices both ways and an outbox that survives reloads. In the human chat the citizen can also send
//! screenshots (picked, pasted, dropped or captured) and voice clips, and sees the agent's. When human
//! help is closed (or nobody is signed in) 小申 says when it opens and offers 留言 and the 12345
//! hotline; answers to 留言 are shown when the citizen comes back. 办不成事 (a problem report carrying the chats) and 查询办理进度 (the
//! citizen's tickets of every kind) are reachable at all times.
//!
//! Build: `cargo xtask build` (wasm32, wasm-bindgen `--target web`, into `dist/widget/`); check quickly
//! with `cargo build -p bangban-widget --target wasm32-unknown-unknown`. The pure parts (merging,
//! outbox, backoff, matching replies) are tested natively: `cargo test -p bangban-widget`.

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

fn main() {
    leptos::mount::mount_to_body(app::App);
}
