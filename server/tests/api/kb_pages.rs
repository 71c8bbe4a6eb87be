//! What the console's 知识库 pages need from the API: entries filtered by 栏目 and 事项, every validation
//! problem at once, the published version on each maintainer's call (`bangban-kb-version`), overdue groups
//! and only the drafts a maintainer may decide on.

use bangban_core::kb::{KbEntry, KbSnapshot};
use bangban_core::kbwork::{DraftView, UnansweredGroup};
use bangban_core::protocol::Role;

use crate::helpers::{TestApp, error_code, ok_json};

const VERSION: &str = "bangban-kb-version";

fn entry(question: &str) -> serde_json::Value {
    serde_json::json!({
        "id": "", "column": "政策文件", "item": "居住证签注", "department": "市公安局",
        "question": question, "answer": "自 2027 年起按新办法执行。"
    })
}

async fn published(app: &TestApp) -> u64 {
    let snapshot: KbSnapshot = reqwest::get(app.url("/api/kb/snapshot"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    snapshot.version
}

/// Sends the request, expects a 2xx and returns the version header.
async fn version_of(req: reqwest::RequestBuilder) -> u64 {
    let res = req.send().await.unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let header = res.headers().get(VERSION).expect("the version header");
    header.to_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn every_maintainer_call_that_changes_the_base_says_the_new_version() {
    let app = TestApp::start().await;
    let keeper = app.agent("zhishi1").await;
    let start = published(&app).await;
    assert_eq!(
        version_of(keeper.get("/api/kb/entries?q=居住证")).await,
        start
    );

    let saved = version_of(
        keeper
            .post("/api/kb/entries")
            .json(&entry("新办法何时执行")),
    )
    .await;
    assert_eq!(saved, start + 1);
    assert_eq!(published(&app).await, saved);
    let retired = version_of(keeper.post("/api/kb/entries/kb-0179/retire")).await;
    assert_eq!(retired, start + 2);

    let citizen = app.citizen().await;
    let report = serde_json::json!({"question": "摩托车牌照怎么申请", "reason": "no_match"});
    let res = citizen
        .post("/api/unanswered")
        .json(&report)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let groups: Vec<UnansweredGroup> = ok_json(keeper.get("/api/kb/unanswered")).await;
    let resolve = serde_json::json!({"ids": groups[0].ids, "entry": entry("摩托车牌照怎么申请")});
    let resolved = version_of(keeper.post("/api/kb/unanswered/resolve").json(&resolve)).await;
    assert_eq!(resolved, start + 3);

    let agent = app.agent("chuangkou1").await;
    let proposal = serde_json::json!({"question": "能代办吗", "answer": "可以，带双方身份证。"});
    let draft: DraftView = ok_json(agent.post("/api/kb/drafts").json(&proposal)).await;
    let approve = serde_json::json!({"entry": entry("能代办吗")});
    let path = format!("/api/kb/drafts/{}/approve", draft.id);
    assert_eq!(
        version_of(keeper.post(&path).json(&approve)).await,
        start + 4
    );
}

#[tokio::test]
async fn entries_are_filtered_by_column_and_item() {
    let app = TestApp::start().await;
    let keeper = app.agent("zhishi1").await;
    let added: KbEntry = ok_json(
        keeper
            .post("/api/kb/entries")
            .json(&entry("新办法何时执行")),
    )
    .await;

    let url = "/api/kb/entries?column=政策文件&item=居住证签注";
    let found: Vec<serde_json::Value> = ok_json(keeper.get(url)).await;
    assert!(found.iter().any(|e| e["id"] == added.id.as_str()));
    assert!(found.iter().all(|e| e["column"] == "政策文件"));
    assert!(found.iter().all(|e| e["item"] == "居住证签注"));

    let other: Vec<serde_json::Value> =
        ok_json(keeper.get("/api/kb/entries?q=新办法&column=常见问题")).await;
    assert!(other.is_empty());
    let all: Vec<serde_json::Value> = ok_json(keeper.get("/api/kb/entries?q=新办法&item=")).await;
    assert_eq!(all.len(), 1, "an empty filter means any");

    let mut keyed = entry("办证用什么码");
    keyed["keywords"] = serde_json::json!(["EMS邮寄"]);
    ok_json::<KbEntry>(keeper.post("/api/kb/entries").json(&keyed)).await;
    let by_keyword: Vec<serde_json::Value> = ok_json(keeper.get("/api/kb/entries?q=ems")).await;
    assert_eq!(by_keyword.len(), 1, "keywords match whatever the case");
}

#[tokio::test]
async fn a_refused_entry_lists_every_problem_in_chinese() {
    let app = TestApp::start().await;
    let keeper = app.agent("zhishi1").await;
    let mut bad = entry(" ");
    bad["answer"] = "".into();
    bad["effective"] = "2027-02-30x".into();
    let res = keeper
        .post("/api/kb/entries")
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("问题不能为空"), "{message}");
    assert!(message.contains("答案不能为空"), "{message}");
    assert!(message.contains("生效日期"), "{message}");

    let window = app.agent("chuangkou1").await;
    let refused = window.get("/api/kb/entries?column=政策文件");
    assert_eq!(error_code(refused, 403).await, "forbidden");
}

#[tokio::test]
async fn a_group_past_its_fifth_working_day_is_overdue() {
    // Asked on Monday 2026-11-23: due Monday 2026-11-30, overdue from the Tuesday.
    let app = TestApp::start_at("2026-11-23T10:00:00+08:00").await;
    let citizen = app.citizen().await;
    let report = serde_json::json!({"question": "摩托车牌照怎么申请", "reason": "no_match"});
    let res = citizen
        .post("/api/unanswered")
        .json(&report)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);

    let dir = app.stop().await;
    let on_time = TestApp::start_in_at(dir, "2026-11-30T17:00:00+08:00").await;
    let keeper = on_time.agent("zhishi1").await;
    let groups: Vec<UnansweredGroup> = ok_json(keeper.get("/api/kb/unanswered")).await;
    assert_eq!(
        (groups[0].due.as_str(), groups[0].overdue),
        ("2026-11-30", false)
    );

    let dir = on_time.stop().await;
    let late = TestApp::start_in_at(dir, "2026-12-01T09:00:00+08:00").await;
    let keeper = late.agent("zhishi1").await;
    let groups: Vec<UnansweredGroup> = ok_json(keeper.get("/api/kb/unanswered")).await;
    assert!(groups[0].overdue);
}

#[tokio::test]
async fn a_department_maintainer_lists_only_the_drafts_it_may_decide() {
    let app = TestApp::start().await;
    app.add_agent("zhishi2", Role::KbMaintainer, Some("市教委"))
        .await;
    let agent = app.agent("chuangkou1").await;
    for item in ["居住证签注", "教师资格认定（初中、小学、幼儿园）"] {
        let proposal =
            serde_json::json!({"question": "能代办吗", "answer": "可以。", "item": item});
        let res = agent
            .post("/api/kb/drafts")
            .json(&proposal)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
    let everyone: Vec<DraftView> = ok_json(app.agent("zhishi1").await.get("/api/kb/drafts")).await;
    assert_eq!(
        everyone.len(),
        2,
        "a maintainer without a department sees all"
    );
    let education: Vec<DraftView> = ok_json(app.agent("zhishi2").await.get("/api/kb/drafts")).await;
    assert_eq!(education.len(), 1);
    assert_eq!(education[0].department.as_deref(), Some("市教委"));
}
