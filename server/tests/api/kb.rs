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

#[tokio::test]
async fn the_snapshot_is_gzipped_once_per_version_and_only_for_clients_that_take_gzip() {
    use std::io::Read;

    let app = TestApp::start().await;
    let http = reqwest::Client::new();
    let get = |encoding: &'static str| {
        http.get(app.url("/api/kb/snapshot"))
            .header("accept-encoding", encoding)
            .send()
    };
    let plain = get("identity").await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let etag = plain.headers()["etag"].clone();
    let plain = plain.bytes().await.unwrap();
    // The version's own gzip is made in the background; the compression layer streams (chunked, no
    // Content-Length) until it is there.
    let mut stored = None;
    for _ in 0..100 {
        let res = get("br, gzip").await.unwrap();
        assert_eq!(res.headers()["content-encoding"], "gzip");
        assert_eq!(res.headers()["etag"], etag);
        if res.headers().get("content-length").is_some() {
            assert_eq!(res.headers()["vary"], "accept-encoding");
            stored = Some(res.bytes().await.unwrap());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let stored = stored.expect("the snapshot's gzip is made within 5 s");
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&stored[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain);
    assert!(
        stored.len() * 3 < plain.len(),
        "{} of {}",
        stored.len(),
        plain.len()
    );
    // The same bytes every time, and never for a client that refuses gzip.
    assert_eq!(get("gzip").await.unwrap().bytes().await.unwrap(), stored);
    let refused = get("gzip;q=0").await.unwrap();
    assert!(refused.headers().get("content-encoding").is_none());
    assert_eq!(refused.bytes().await.unwrap(), plain);
}

#[tokio::test]
async fn an_import_reaches_the_running_server_and_a_bad_file_changes_nothing() {
    let app = TestApp::start().await;
    let url = format!("sqlite://{}", app.dir.path().join("bangban.db").display());
    let store = bangban_server::store::sqlite::SqliteStore::open(&url)
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let before: KbSnapshot = http
        .get(app.url("/api/kb/snapshot"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let bad = app.dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "id,column,item,department,question,similar,keywords,answer\n\
         kb-9001,常见问题,,,新问题,,,新答案\nkb-9002,不存在的栏目,,,问题,,,答案\n",
    )
    .unwrap();
    let err = bangban_server::kb_io::import(&store, &bad, 0)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("第 3 行"), "{err}");

    let good = app.dir.path().join("good.csv");
    std::fs::write(
        &good,
        "\u{feff}id,column,item,department,question,similar,keywords,answer\n\
         kb-9001,常见问题,,,电动自行车上牌在哪里办,,,到所在区的车管所办理。\n",
    )
    .unwrap();
    bangban_server::kb_io::import(&store, &good, 0)
        .await
        .unwrap();

    let mut after = before.clone();
    for _ in 0..50 {
        after = http
            .get(app.url("/api/kb/snapshot"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if after.version != before.version {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(after.version, before.version + 1, "exactly one new version");
    assert_eq!(after.entries.len(), before.entries.len() + 1);
    assert!(after.entries.iter().any(|e| e.id == "kb-9001"));
    assert!(!after.entries.iter().any(|e| e.id == "kb-9002"));
}
