//! `localStorage` of the widget's own origin: the visitor token, the knowledge-base cache, the bot
//! transcript, the outbox and the answers already shown.
//!
//! Storage can be missing or full (private mode, quota): every call degrades to "nothing stored"
//! instead of failing, because the chat must work without it.

use js_sys::JsString;
use serde::{Serialize, de::DeserializeOwned};
use wasm_bindgen::prelude::*;

/// The visitor's bearer token.
pub(crate) const VISITOR: &str = "bangban.visitor";
/// The cached `KbSnapshot` JSON.
pub(crate) const KB: &str = "bangban.kb";
/// The `ETag` of the cached snapshot.
pub(crate) const KB_ETAG: &str = "bangban.kb.etag";
/// The bot transcript (`[BotTurn]`).
pub(crate) const BOT: &str = "bangban.bot";
/// Unacknowledged human-chat messages.
pub(crate) const OUTBOX: &str = "bangban.outbox";
/// Ids of answered tickets already shown to the citizen (`[String]`).
pub(crate) const ANSWERED: &str = "bangban.answered";
/// Reports for the server not sent yet (`[pending::Pending]`).
pub(crate) const PENDING: &str = "bangban.pending";
/// The server clock minus ours (ms), as last observed: ages of chats are measured by the server's clock.
pub(crate) const SKEW: &str = "bangban.skew";
/// Large-text mode (长辈版), `"1"` when on.
pub(crate) const LARGE: &str = "bangban.large";

#[wasm_bindgen]
extern "C" {
    /// A `Storage` whose values stay JS strings: a snapshot is megabytes, and copying it into the
    /// wasm memory and back would block the page about as long as indexing it in a worker saves.
    type JsStorage;

    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get_item(this: &JsStorage, key: &str) -> Result<Option<JsString>, JsValue>;

    #[wasm_bindgen(method, catch, js_name = setItem)]
    fn set_item(this: &JsStorage, key: &str, value: &JsString) -> Result<(), JsValue>;
}

fn store() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The string under `key`.
pub(crate) fn get(key: &str) -> Option<String> {
    store()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`; `false` when storage is missing or full (the caller decides if that matters).
pub(crate) fn set(key: &str, value: &str) -> bool {
    store().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// The string under `key`, left a JS string (for the snapshot, see `JsStorage`).
pub(crate) fn get_js(key: &str) -> Option<JsString> {
    let store = store()?;
    store
        .unchecked_ref::<JsStorage>()
        .get_item(key)
        .ok()
        .flatten()
}

/// Stores the JS string `value` under `key`; `false` when storage is missing or full.
pub(crate) fn set_js(key: &str, value: &JsString) -> bool {
    store().is_some_and(|s| s.unchecked_ref::<JsStorage>().set_item(key, value).is_ok())
}

/// Removes `key`.
pub(crate) fn remove(key: &str) {
    if let Some(s) = store() {
        let _ = s.remove_item(key);
    }
}

/// The JSON value under `key`; unreadable data counts as absent.
pub(crate) fn get_json<T: DeserializeOwned>(key: &str) -> Option<T> {
    serde_json::from_str(&get(key)?).ok()
}

/// Stores `value` as JSON under `key`.
pub(crate) fn set_json<T: Serialize>(key: &str, value: &T) {
    if let Ok(text) = serde_json::to_string(value) {
        set(key, &text);
    }
}
