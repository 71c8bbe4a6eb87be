//! Talking to the host page's loader (`public/bangban.js`) through `postMessage`.
//!
//! Exact origins only: the widget posts only to the `host` origin from its URL (checked by
//! [`crate::params::http_origin`]) and listens only to messages from that origin sent by its parent
//! window. Without a valid origin (the widget opened on its own) nothing is posted at all.

use std::cell::Cell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{KeyboardEvent, MessageEvent};

thread_local! {
    /// Agent messages that arrived while the widget did not have focus.
    static UNREAD: Cell<u32> = const { Cell::new(0) };
}

/// Posts the JSON `message` to the parent window at exactly `origin`.
fn post(origin: Option<&str>, message: &str) {
    let (Some(origin), Some(window)) = (origin, web_sys::window()) else {
        return;
    };
    let (Ok(Some(parent)), Ok(value)) = (window.parent(), js_sys::JSON::parse(message)) else {
        return;
    };
    let _ = parent.post_message(&value, origin);
}

/// Asks the loader to close the dialog (the 关闭 button).
pub(crate) fn request_close(origin: Option<&str>) {
    post(origin, r#"{"type":"bangban:close"}"#);
}

/// An agent wrote: when the citizen is not looking, the loader shows the count on its launcher.
pub(crate) fn agent_message(origin: Option<&str>) {
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.has_focus().ok())
        .unwrap_or(true);
    if focused {
        return;
    }
    let count = UNREAD.with(|u| {
        u.set(u.get() + 1);
        u.get()
    });
    post(
        origin,
        &format!(r#"{{"type":"bangban:unread","count":{count}}}"#),
    );
}

/// Calls `on_change(true)` whenever the loader says the dialog was opened (and clears the unread
/// count), `on_change(false)` when it says it was closed.
pub(crate) fn on_dialog(origin: Option<String>, on_change: impl Fn(bool) + 'static) {
    let (Some(origin), Some(window)) = (origin, web_sys::window()) else {
        return;
    };
    let parent: Option<JsValue> = window.parent().ok().flatten().map(JsValue::from);
    let listener = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        let from_parent = match (ev.source(), parent.as_ref()) {
            (Some(source), Some(parent)) => js_sys::Object::is(&source, parent),
            _ => false,
        };
        if !from_parent || ev.origin() != origin {
            return;
        }
        let kind = js_sys::Reflect::get(&ev.data(), &JsValue::from_str("type"))
            .ok()
            .and_then(|t| t.as_string());
        match kind.as_deref() {
            Some("bangban:open") => {
                UNREAD.with(|u| u.set(0));
                on_change(true);
            }
            Some("bangban:closed") => on_change(false),
            _ => {}
        }
    });
    let _ = window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    listener.forget();
}

/// Tells the loader the app is up, so it can say whether the dialog is open (and focus should move in).
pub(crate) fn ready(origin: Option<&str>) {
    post(origin, r#"{"type":"bangban:ready"}"#);
}

/// Escape inside the iframe never reaches the host page, so the widget asks the loader to close.
pub(crate) fn close_on_escape(origin: Option<String>) {
    let (Some(origin), Some(window)) = (origin, web_sys::window()) else {
        return;
    };
    let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |ev: KeyboardEvent| {
        // Escape while an input method is composing only cancels the composition.
        if ev.key() == "Escape" && !ev.is_composing() {
            request_close(Some(&origin));
        }
    });
    let _ = window.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
    listener.forget();
}
