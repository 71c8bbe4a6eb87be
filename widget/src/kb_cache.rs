//! Loading the knowledge base: from browser storage at once, then revalidated against the server with
//! `If-None-Match`, so 小申 answers immediately and offline, and the snapshot is downloaded only when
//! it changed.
//!
//! A snapshot is kept in `localStorage` when it fits, which is read without waiting. Browsers allow an
//! origin 5-10 MB there, and a large knowledge base is more (20,000 entries are 30 MB), so a snapshot
//! that does not fit goes to the Cache API instead ([`BIG_CACHE`]), which has the origin's whole quota;
//! only one of the two holds it at a time. The Cache API needs a secure context (https, or localhost):
//! elsewhere a large snapshot is simply not kept, as before.
//!
//! Snapshots are handled as their JSON, kept a JS value on the page ([`Snapshot`]): only the index
//! (in a worker, see `kb_worker`) parses it, and says when one is unreadable; the caller then calls
//! [`forget`]. A downloaded snapshot is read as bytes: the page decodes it to text only when it may
//! fit in `localStorage`, so a large one (30 MB at 20,000 entries) goes from the network to the Cache
//! API and the worker without the page ever decoding, encoding or copying it as text.

use gloo_net::http::Method;
use js_sys::{ArrayBuffer, JsString, Uint8Array};
use leptos::task::spawn_local;
use serde::de::IgnoredAny;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Cache;

use crate::api::{self, ApiError};
use crate::storage;

/// The Cache API cache that holds a snapshot too big for `localStorage`.
const BIG_CACHE: &str = "bangban-kb";
/// The key of the snapshot in [`BIG_CACHE`].
const BIG_KEY: &str = "/api/kb/snapshot";
/// Snapshots of more bytes never fit in `localStorage` (Chromium allows an origin 10 MiB of UTF-16,
/// that is 5 Mi characters, and a character is at most 3 bytes of UTF-8), so they are not decoded to
/// be tried there.
const LOCAL_MAX_BYTES: u32 = 16 << 20;

#[wasm_bindgen]
extern "C" {
    /// A `TextDecoder` (UTF-8) whose text stays a JS string, for `localStorage`: `web_sys`'s copies it
    /// into the wasm memory.
    #[wasm_bindgen(js_name = TextDecoder)]
    type Utf8Decoder;

    #[wasm_bindgen(constructor, catch, js_class = TextDecoder)]
    fn new() -> Result<Utf8Decoder, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn decode(this: &Utf8Decoder, bytes: &ArrayBuffer) -> Result<JsString, JsValue>;
}

/// A snapshot's JSON as the page holds it: a JS string (from `localStorage`) or an `ArrayBuffer` of
/// its UTF-8 (downloaded, or from the Cache API). Either is posted to the worker as it is.
#[derive(Clone)]
pub(crate) struct Snapshot(JsValue);

impl Snapshot {
    /// The JS value to post to a worker.
    pub(crate) fn as_js(&self) -> &JsValue {
        &self.0
    }

    /// The JSON's UTF-8, as received from [`Snapshot::as_js`] in a worker or held on the page (copied
    /// into the wasm memory); `None` when `value` is neither a string nor an `ArrayBuffer`. Bytes that
    /// are not UTF-8 fail to parse like any other bad snapshot.
    pub(crate) fn bytes_of(value: &JsValue) -> Option<Vec<u8>> {
        if let Some(text) = value.as_string() {
            return Some(text.into_bytes());
        }
        let bytes = value.dyn_ref::<ArrayBuffer>()?;
        Some(Uint8Array::new(bytes).to_vec())
    }

    /// The JSON's UTF-8 (copied into the wasm memory).
    pub(crate) fn bytes(&self) -> Option<Vec<u8>> {
        Snapshot::bytes_of(&self.0)
    }
}

/// The snapshot's text if `localStorage` holds it (readable or not: indexing it tells). When it does
/// not, [`cached_big`] may.
pub(crate) fn cached() -> Option<Snapshot> {
    storage::get_js(storage::KB).map(|text| Snapshot(text.into()))
}

/// A snapshot kept in the Cache API because it was too big for `localStorage`, as bytes.
pub(crate) async fn cached_big() -> Option<Snapshot> {
    let response = big_response().await?;
    let bytes = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    bytes
        .is_instance_of::<ArrayBuffer>()
        .then_some(Snapshot(bytes))
}

/// Asks the server for a newer snapshot, and caches it: `Ok(None)` when the cached one is current.
pub(crate) async fn revalidate() -> Result<Option<Snapshot>, ApiError> {
    let stored = storage::get_js(storage::KB).is_some() || big_response().await.is_some();
    let etag = storage::get(storage::KB_ETAG).filter(|_| stored);
    let headers: Vec<(&str, &str)> = etag
        .as_deref()
        .map(|tag| ("If-None-Match", tag))
        .into_iter()
        .collect();
    let response = api::send(Method::GET, "/api/kb/snapshot", None, &headers).await?;
    if response.status() == 304 {
        return Ok(None);
    }
    let new_etag = response.headers().get("etag");
    if !response.ok() {
        let error = api::decode::<IgnoredAny>(response).await.err();
        return Err(error.unwrap_or(ApiError::Network));
    }
    let response = web_sys::Response::from(response);
    // The Cache API is given the response itself when the snapshot goes there: Chromium streams its body
    // into the cache in small steps, where a response made from the bytes is copied on the page in one
    // long task (70-80 ms at 30 MB).
    let copy = response.clone().ok();
    let bytes = response.array_buffer().map_err(|_| ApiError::Network)?;
    let bytes = JsFuture::from(bytes).await.map_err(|_| ApiError::Network)?;
    let bytes: ArrayBuffer = bytes.dyn_into().map_err(|_| ApiError::Network)?;
    // The ETag must never describe a snapshot other than the stored one.
    storage::remove(storage::KB_ETAG);
    // Without an ETag the snapshot is not kept: it could never be revalidated.
    let Some(tag) = new_etag else {
        cancel(copy);
        return Ok(Some(Snapshot(bytes.into())));
    };
    if let Some(text) = local_text(&bytes)
        && storage::set_js(storage::KB, &text)
    {
        cancel(copy);
        storage::set(storage::KB_ETAG, &tag);
        drop_big().await;
        return Ok(Some(Snapshot(text.into())));
    }
    // Too big for `localStorage` (or none there), whose failed write may have left the old one.
    storage::remove(storage::KB);
    // Without a copy of the body (the response could not be cloned), one is made from the bytes.
    let copy = match copy {
        Some(copy) => Ok(copy),
        None => web_sys::Response::new_with_opt_buffer_source(Some(&bytes)),
    };
    if let Ok(copy) = copy
        && put_big(&copy).await
    {
        storage::set(storage::KB_ETAG, &tag);
    }
    Ok(Some(Snapshot(bytes.into())))
}

/// The text of snapshot `bytes` when they could fit in `localStorage`.
fn local_text(bytes: &ArrayBuffer) -> Option<JsString> {
    if bytes.byte_length() > LOCAL_MAX_BYTES {
        return None;
    }
    Utf8Decoder::new().ok()?.decode(bytes).ok()
}

/// Drops an unreadable cache together with its ETag, so the next revalidation downloads in full.
pub(crate) fn forget() {
    storage::remove(storage::KB);
    storage::remove(storage::KB_ETAG);
    spawn_local(drop_big());
}

/// [`BIG_CACHE`], where the Cache API can be used.
async fn big_cache() -> Option<Cache> {
    let caches = web_sys::window()?.caches().ok()?;
    JsFuture::from(caches.open(BIG_CACHE))
        .await
        .ok()?
        .dyn_into()
        .ok()
}

/// The snapshot kept in [`BIG_CACHE`], body unread.
async fn big_response() -> Option<web_sys::Response> {
    let cache = big_cache().await?;
    let found = JsFuture::from(cache.match_with_str(BIG_KEY)).await.ok()?;
    found.dyn_into().ok()
}

/// Drops the unread copy of a response's body, so the browser stops keeping it.
fn cancel(copy: Option<web_sys::Response>) {
    if let Some(body) = copy.and_then(|c| c.body()) {
        let _ = body.cancel();
    }
}

/// Keeps the snapshot `response` (its body unread) in [`BIG_CACHE`]; `false` when it could not (no Cache
/// API, quota).
async fn put_big(response: &web_sys::Response) -> bool {
    let Some(cache) = big_cache().await else {
        return false;
    };
    JsFuture::from(cache.put_with_str(BIG_KEY, response))
        .await
        .is_ok()
}

/// Drops the snapshot kept in [`BIG_CACHE`], if any.
async fn drop_big() {
    if let Some(cache) = big_cache().await {
        let _ = JsFuture::from(cache.delete_with_str(BIG_KEY)).await;
    }
}
