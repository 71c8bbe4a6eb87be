//! Loading the knowledge base: from browser storage at once, then revalidated against the server with
//! `If-None-Match`, so 小申 answers immediately and offline, and the snapshot is downloaded only when
//! it changed.
//!
//! A snapshot is kept in `localStorage` when it fits, which is read without waiting. Browsers allow an
//! origin about 5 MB there, and a large knowledge base is more (20,000 entries are 19 MB), so a snapshot
//! that does not fit goes to the Cache API instead ([`BIG_CACHE`]), which has the origin's whole quota;
//! only one of the two holds it at a time. The Cache API needs a secure context (https, or localhost):
//! elsewhere a large snapshot is simply not kept, as before.
//!
//! Snapshots are handled as their JSON text, kept a JS string on the page: only the index (in a
//! worker, see `kb_worker`) parses it, and says when one is unreadable; the caller then calls
//! [`forget`].

use gloo_net::http::Method;
use js_sys::{Array, JsString};
use leptos::task::spawn_local;
use serde::de::IgnoredAny;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, Cache};

use crate::api::{self, ApiError};
use crate::storage;

/// The Cache API cache that holds a snapshot too big for `localStorage`.
const BIG_CACHE: &str = "bangban-kb";
/// The key of the snapshot in [`BIG_CACHE`].
const BIG_KEY: &str = "/api/kb/snapshot";

/// The snapshot's text if `localStorage` holds it (readable or not: indexing it tells). When it does
/// not, [`cached_big`] may.
pub(crate) fn cached() -> Option<JsString> {
    storage::get_js(storage::KB)
}

/// The text of a snapshot kept in the Cache API because it was too big for `localStorage`.
pub(crate) async fn cached_big() -> Option<JsString> {
    let response = big_response().await?;
    let text = JsFuture::from(response.text().ok()?).await.ok()?;
    text.dyn_into().ok()
}

/// Asks the server for a newer snapshot's text, and caches it: `Ok(None)` when the cached one is
/// current.
pub(crate) async fn revalidate() -> Result<Option<JsString>, ApiError> {
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
    let text = web_sys::Response::from(response)
        .text()
        .map_err(|_| ApiError::Network)?;
    let text = JsFuture::from(text).await.map_err(|_| ApiError::Network)?;
    let text: JsString = text.dyn_into().map_err(|_| ApiError::Network)?;
    // The ETag must never describe a snapshot other than the stored one.
    storage::remove(storage::KB_ETAG);
    // Without an ETag the snapshot is not kept: it could never be revalidated.
    let Some(tag) = new_etag else {
        return Ok(Some(text));
    };
    if storage::set_js(storage::KB, &text) {
        storage::set(storage::KB_ETAG, &tag);
        drop_big().await;
    } else {
        // Too big for `localStorage` (or none there), whose failed write may have left the old one.
        storage::remove(storage::KB);
        if put_big(&text).await {
            storage::set(storage::KB_ETAG, &tag);
        }
    }
    Ok(Some(text))
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

/// Keeps snapshot `text` in [`BIG_CACHE`]; `false` when it could not (no Cache API, quota).
async fn put_big(text: &JsString) -> bool {
    let Some(cache) = big_cache().await else {
        return false;
    };
    let options = BlobPropertyBag::new();
    options.set_type("application/json");
    // The text goes to the Blob as it is: it is never copied into the wasm memory.
    let blob = Blob::new_with_str_sequence_and_options(&Array::of1(text), &options);
    let response = blob.and_then(|b| web_sys::Response::new_with_opt_blob(Some(&b)));
    let Ok(response) = response else {
        return false;
    };
    JsFuture::from(cache.put_with_str(BIG_KEY, &response))
        .await
        .is_ok()
}

/// Drops the snapshot kept in [`BIG_CACHE`], if any.
async fn drop_big() {
    if let Some(cache) = big_cache().await {
        let _ = JsFuture::from(cache.delete_with_str(BIG_KEY)).await;
    }
}
