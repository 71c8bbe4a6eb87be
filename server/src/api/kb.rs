//! The published knowledge base, for the widget's cache.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// `GET /api/kb/snapshot`: the snapshot JSON, or 304 when the client's ETag is current.
pub async fn snapshot(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let snap = state.kb.current();
    let fresh = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == snap.etag));
    let common = [
        (ETAG, snap.etag.clone()),
        (CACHE_CONTROL, "no-cache".to_owned()),
    ];
    if fresh {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        common,
        [(CONTENT_TYPE, "application/json".to_owned())],
        snap.json.clone(),
    )
        .into_response()
}
