//! 小申's index in a dedicated Web Worker, so parsing a snapshot, building its index and matching never
//! freeze the page (20,000 entries take about a second to index).
//!
//! The worker runs this very wasm module: the page starts `worker.js` (from a Blob URL, so it needs no
//! file of its own under `/widget/`) and posts it [`wasm_bindgen::module`], the module it already
//! compiled, with the URL of `widget.js`, so nothing is downloaded or compiled twice. `worker.js`
//! instantiates it with that glue; `main` then finds no window and calls [`serve`] instead of mounting
//! the widget. After that the two sides speak `kb_protocol`: each message
//! to the worker is an array `[frame JSON]`, or `[frame JSON, snapshot]` for `Load`, the snapshot
//! being its text or an `ArrayBuffer` of its UTF-8 (`kb_cache::Snapshot`); each message back is a
//! frame's JSON string.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;
use web_sys::{
    Blob, BlobPropertyBag, DedicatedWorkerGlobalScope, Event, MessageEvent, Url, Worker,
    WorkerOptions, WorkerType,
};

use crate::kb_cache::Snapshot;
use crate::kb_protocol::{FromWorker, Index, ToWorker};

/// The worker's script.
const SCRIPT: &str = include_str!("worker.js");
/// The wasm-bindgen glue, relative to the widget's page (as `index.html` loads it).
const GLUE: &str = "./widget.js";

/// In a dedicated worker: answers the page's frames for as long as the worker lives, and says
/// [`FromWorker::Ready`]. `false` anywhere else (on the widget's page).
pub(crate) fn serve() -> bool {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return false;
    };
    let index = RefCell::new(Index::default());
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        let (Some(frame), snapshot) = unpack(&ev.data()) else {
            return;
        };
        let reply = index.borrow_mut().handle_text(&frame, snapshot);
        if let Some(reply) = reply {
            let _ = replies.post_message(&JsValue::from_str(&reply));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    if let Ok(ready) = serde_json::to_string(&FromWorker::Ready) {
        let _ = scope.post_message(&JsValue::from_str(&ready));
    }
    true
}

/// The frame's JSON and the snapshot's UTF-8 beside it, from a message `[frame, snapshot?]`.
fn unpack(data: &JsValue) -> (Option<String>, Option<Vec<u8>>) {
    match data.dyn_ref::<Array>() {
        Some(parts) => (parts.get(0).as_string(), Snapshot::bytes_of(&parts.get(1))),
        None => (None, None),
    }
}

/// A worker holding one snapshot's index, seen from the page. Dropping it ends the worker.
pub(crate) struct IndexWorker {
    worker: Worker,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(Event)>,
}

impl IndexWorker {
    /// Starts a worker on this wasm module; `on_frame` gets every frame it sends, and
    /// [`FromWorker::Failed`] when it fails. `None` when no worker can be started here (no `Worker`, a
    /// policy that forbids it, a module that cannot be posted): the caller indexes on the page.
    pub(crate) fn start(on_frame: impl Fn(FromWorker) + 'static) -> Option<IndexWorker> {
        let glue = glue_url()?;
        let script = script_url()?;
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        options.set_name("小申索引");
        let worker = Worker::new_with_options(&script, &options);
        // The URL was resolved when the worker was made.
        let _ = Url::revoke_object_url(&script);
        let worker = worker.ok()?;
        let on_frame = Rc::new(on_frame);
        let on_message = {
            let on_frame = on_frame.clone();
            Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
                let frame = ev.data().as_string();
                if let Some(frame) = frame.and_then(|f| serde_json::from_str(&f).ok()) {
                    on_frame(frame);
                }
            })
        };
        // A script that does not load, or a trap in the wasm: the page takes over.
        let on_error = Closure::<dyn Fn(Event)>::new(move |_: Event| on_frame(FromWorker::Failed));
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let started = IndexWorker {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        };
        let first = Array::of2(&wasm_bindgen::module(), &JsValue::from_str(&glue));
        started
            .worker
            .post_message(&first)
            .is_ok()
            .then_some(started)
    }

    /// Sends `frame`, with the snapshot for [`ToWorker::Load`].
    pub(crate) fn send(&self, frame: &ToWorker, snapshot: Option<&Snapshot>) {
        let Ok(json) = serde_json::to_string(frame) else {
            return;
        };
        let message = Array::of1(&JsValue::from_str(&json));
        if let Some(snapshot) = snapshot {
            message.push(snapshot.as_js());
        }
        let _ = self.worker.post_message(&message);
    }
}

/// A Blob URL holding [`SCRIPT`].
fn script_url() -> Option<String> {
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let parts = Array::of1(&JsValue::from_str(SCRIPT));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    Url::create_object_url_with_blob(&blob).ok()
}

/// The absolute URL of `widget.js` (a Blob URL cannot resolve relative ones).
fn glue_url() -> Option<String> {
    let page = web_sys::window()?.location().href().ok()?;
    Url::new_with_base(GLUE, &page).ok().map(|u| u.href())
}

impl Drop for IndexWorker {
    fn drop(&mut self) {
        // Nothing may call the handlers once they are freed.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}
