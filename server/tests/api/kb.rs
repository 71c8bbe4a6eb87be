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
    // The pairs of traditional and simplified characters for the knowledge base's own characters, so that
    // the widget reads 居住證簽注 as 居住证签注 without the whole list in its wasm.
    assert!(snapshot.traditional.contains("證证") && snapshot.traditional.contains("簽签"));
    let pairs = snapshot.traditional.chars().count() / 2;
    assert!((100..2000).contains(&pairs), "{pairs} pairs");

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

/// `bangban faq search` answers one JSON line per question, the same from the JSON file and from its CSV export
/// (with a BOM, as Excel saves it), and survives empty and hostile lines.
#[test]
fn faq_search_reads_json_and_csv_alike() {
    use std::io::Write;
    use std::process::{Command, Stdio};

    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/demo-kb.json");
    let text = std::fs::read_to_string(root).unwrap();
    let file: bangban_core::kb::KbFile = serde_json::from_str(&text).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("kb.csv");
    std::fs::write(&csv, bangban_server::kb_io::to_csv(&file.entries).unwrap()).unwrap();
    let questions =
        "居住证签注要带什么材料\n\n<script>alert(1)</script>\n今天天气怎么样\n个税清单在哪开\n";
    let run = |kb: &std::path::Path| -> Vec<serde_json::Value> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bangban"))
            .args(["faq", "search", "--kb"])
            .arg(kb)
            .args(["--item", "居住证签注"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(questions.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let from_json = run(std::path::Path::new(root));
    let from_csv = run(&csv);
    assert_eq!(from_json.len(), 5, "one line per question, empty ones too");
    assert_eq!(from_json[2]["q"], "<script>alert(1)</script>");
    assert!(from_json[0]["answer"].is_string(), "{:?}", from_json[0]);
    assert!(from_json[3]["answer"].is_null());
    // The CSV export drops the knowledge base's own synonym groups, so only the questions those groups do
    // not touch are compared.
    assert_eq!(from_json[0], from_csv[0]);
    assert!(from_csv[3]["answer"].is_null());
}

/// `bangban faq search` keeps one output line per input line whatever the input: a byte-order mark in front, CRLF
/// line ends, a line that is not UTF-8 (a question saved as GBK) and a very long line each get their answer line,
/// and the lines after them are still answered. A line that is not UTF-8 is reported on stderr.
#[test]
fn faq_search_answers_every_line_of_bad_input() {
    use std::io::Write;
    use std::process::{Command, Stdio};

    let kb = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/demo-kb.json");
    let mut input = Vec::new();
    input.extend_from_slice("\u{feff}居住证签注要带什么材料\r\n".as_bytes());
    // 居住证 in GBK: not UTF-8.
    input.extend_from_slice(b"\xbe\xd3\xd7\xa1\xd6\xa4\n");
    input.extend_from_slice("办".repeat(200_000).as_bytes());
    input.extend_from_slice("\n个税清单在哪开".as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_bangban"))
        .args(["faq", "search", "--kb", kb])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "one line per question: {lines:?}");
    assert_eq!(
        lines[0]["q"], "居住证签注要带什么材料",
        "BOM and CR dropped"
    );
    assert_eq!(lines[0]["answer"], "kb-0010");
    assert!(lines[1]["q"].as_str().unwrap().contains('\u{fffd}'));
    assert!(lines[1]["answer"].is_null());
    assert_eq!(lines[2]["q"].as_str().unwrap().chars().count(), 200_000);
    assert_eq!(lines[3]["q"], "个税清单在哪开");
    assert!(lines[3]["answer"].is_string(), "{:?}", lines[3]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2 is not UTF-8"), "{stderr}");
}
