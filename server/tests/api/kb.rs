//! The published knowledge base: compressed, versioned with an ETag, 304 when unchanged.

use bangban_core::kb::KbSnapshot;

use crate::helpers::TestApp;

#[tokio::test]
async fn snapshot_is_gzipped_and_revalidates_with_304() {
    let app = TestApp::start().await;
    let http = reqwest::Client::new();
    let res = http
        .get(app.url("/api/kb/snapshot"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-encoding"], "gzip");
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();

    let plain = http.get(app.url("/api/kb/snapshot")).send().await.unwrap();
    let snapshot: KbSnapshot = plain.json().await.unwrap();
    assert!(snapshot.version >= 1);
    assert!(
        snapshot.entries.len() >= 150,
        "the demo knowledge base is loaded"
    );

    let again = http
        .get(app.url("/api/kb/snapshot"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let stale = http
        .get(app.url("/api/kb/snapshot"))
        .header("if-none-match", "\"kb-0-old\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 200);
}
