//! The published knowledge base, for the widget's cache.

use axum::extract::State;
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// `GET /api/kb/snapshot`: the snapshot JSON, or 304 when the client's ETag is current. Gzipped once per
/// version when the client takes gzip (the compression layer leaves a response with a `Content-Encoding`
/// alone, and gzips it itself while the version's own gzip is still being made).
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
    if let Some(gzip) = snap.gzip.get().filter(|_| accepts_gzip(&headers)) {
        let encoded = [
            (CONTENT_TYPE, "application/json"),
            (CONTENT_ENCODING, "gzip"),
            (VARY, "accept-encoding"),
        ];
        return (common, encoded, gzip.clone()).into_response();
    }
    (
        common,
        [(CONTENT_TYPE, "application/json".to_owned())],
        snap.json.clone(),
    )
        .into_response()
}

/// Whether `Accept-Encoding` takes gzip: `gzip` or `*`, without `q=0`.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let codings = headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','));
    codings.into_iter().any(|coding| {
        let mut parts = coding.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let q = parts.find_map(|p| p.trim().strip_prefix("q="));
        let q = q.map_or(Some(1.0), |q| q.trim().parse::<f32>().ok());
        (name.eq_ignore_ascii_case("gzip") || name == "*") && q.is_some_and(|q| q > 0.0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_taken_unless_refused() {
        let takes = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(ACCEPT_ENCODING, value.parse().unwrap());
            accepts_gzip(&headers)
        };
        assert!(takes("gzip"));
        assert!(takes("gzip, deflate, br, zstd"));
        assert!(takes("br;q=1.0, GZIP;q=0.5"));
        assert!(takes("*"));
        assert!(!takes("gzip;q=0"));
        assert!(!takes("gzip; q=0.000"));
        assert!(!takes("br, deflate"));
        assert!(!takes("identity"));
        assert!(!takes("gzip;q=x"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
