//! Loading the knowledge base: from `localStorage` at once, then revalidated against the server with
//! `If-None-Match`, so 小申 answers immediately and offline, and the snapshot is downloaded only when
//! it changed.
//!
//! Snapshots are handled as their JSON text, kept a JS string on the page: only the index (in a
//! worker, see `kb_worker`) parses it, and says when one is unreadable; the caller then calls
//! [`forget`].

use gloo_net::http::Method;
use js_sys::JsString;
use serde::de::IgnoredAny;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::api::{self, ApiError};
use crate::storage;

/// The cached snapshot's text, if one is stored (readable or not: indexing it tells).
pub(crate) fn cached() -> Option<JsString> {
    storage::get_js(storage::KB)
}

/// Asks the server for a newer snapshot's text, and caches it: `Ok(None)` when the cached one is
/// current.
pub(crate) async fn revalidate() -> Result<Option<JsString>, ApiError> {
    let etag = storage::get(storage::KB_ETAG).filter(|_| storage::get_js(storage::KB).is_some());
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
    if let Some(tag) = new_etag.filter(|_| storage::set_js(storage::KB, &text)) {
        storage::set(storage::KB_ETAG, &tag);
    }
    Ok(Some(text))
}

/// Drops an unreadable cache together with its ETag, so the next revalidation downloads in full.
pub(crate) fn forget() {
    storage::remove(storage::KB);
    storage::remove(storage::KB_ETAG);
}
