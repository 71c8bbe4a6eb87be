//! Loading the knowledge base: from `localStorage` at once, then revalidated against the server with
//! `If-None-Match`, so 小申 answers immediately and offline, and the snapshot is downloaded only when
//! it changed.

use bangban_core::kb::KbSnapshot;
use gloo_net::http::Method;

use crate::api::{self, ApiError};
use crate::storage;

/// The cached snapshot, if one is stored and readable.
pub(crate) fn cached() -> Option<KbSnapshot> {
    storage::get_json(storage::KB)
}

/// Asks the server for a newer snapshot: `Ok(None)` when the cached one is current.
pub(crate) async fn revalidate() -> Result<Option<KbSnapshot>, ApiError> {
    let etag = storage::get(storage::KB_ETAG).filter(|_| storage::get(storage::KB).is_some());
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
        return api::decode::<KbSnapshot>(response).await.map(Some);
    }
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    let snapshot: KbSnapshot = serde_json::from_str(&text).map_err(|_| ApiError::Network)?;
    // The ETag must never describe a snapshot other than the stored one.
    storage::remove(storage::KB_ETAG);
    if let Some(tag) = new_etag.filter(|_| storage::set(storage::KB, &text)) {
        storage::set(storage::KB_ETAG, &tag);
    }
    Ok(Some(snapshot))
}

/// Drops an unreadable cache together with its ETag, so the next revalidation downloads in full.
pub(crate) fn forget() {
    storage::remove(storage::KB);
    storage::remove(storage::KB_ETAG);
}
