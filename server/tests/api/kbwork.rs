//! The knowledge base's working life: maintainers' edits, unanswered questions, drafts from agents.

use bangban_core::kb::{KbEntry, KbSnapshot};
use bangban_core::kbwork::{DraftStatus, DraftView, UnansweredGroup};

use crate::helpers::{TestApp, error_code, ok_json};

fn entry(id: &str, question: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id, "column": "常见问题", "item": "居住证签注", "department": "市公安局",
        "question": question, "similar": [], "keywords": [], "answer": "请在随申办办理。"
    })
}

async fn snapshot(app: &TestApp) -> KbSnapshot {
    reqwest::get(app.url("/api/kb/snapshot"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn maintainers_add_edit_and_retire_entries_and_each_change_is_published() {
    let app = TestApp::start().await;
    let before = snapshot(&app).await;
    let keeper = app.agent("zhishi1").await;
    let added: KbEntry = ok_json(
        keeper
            .post("/api/kb/entries")
            .json(&entry("", "电子居住证怎么出示")),
    )
    .await;
    assert_eq!(added.id, "kb-0179", "the next free id");
    assert!(added.updated.is_some());
    let after = snapshot(&app).await;
    assert_eq!(after.version, before.version + 1);
    assert!(after.entries.iter().any(|e| e.id == "kb-0179"));

    let mut edited = entry("kb-0179", "电子居住证在哪里出示");
    edited["answer"] = "打开随申办亮证（唯一测试短语）。".into();
    ok_json::<KbEntry>(keeper.post("/api/kb/entries").json(&edited)).await;
    let found: Vec<serde_json::Value> = ok_json(keeper.get("/api/kb/entries?q=唯一测试短语")).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["retired"], false);

    let retire = keeper
        .post("/api/kb/entries/kb-0179/retire")
        .send()
        .await
        .unwrap();
    assert_eq!(retire.status(), 204);
    let last = snapshot(&app).await;
    assert_eq!(last.version, before.version + 3);
    assert!(!last.entries.iter().any(|e| e.id == "kb-0179"));

    let mut bad = entry("", "x");
    bad["column"] = "杂项".into();
    let refused = keeper.post("/api/kb/entries").json(&bad);
    assert_eq!(error_code(refused, 400).await, "bad_entry");
    let window = app.agent("chuangkou1").await;
    assert_eq!(
        error_code(window.get("/api/kb/entries"), 403).await,
        "forbidden"
    );
    let missing = keeper.post("/api/kb/entries/kb-9999/retire");
    assert_eq!(error_code(missing, 404).await, "not_found");
}

#[tokio::test]
async fn an_entry_published_ahead_appears_on_its_effective_day() {
    let app = TestApp::start().await;
    let keeper = app.agent("zhishi1").await;
    let mut ahead = entry("kb-0500", "新政策什么时候实施");
    ahead["column"] = "政策文件".into();
    ahead["effective"] = "2026-11-25".into();
    ok_json::<KbEntry>(keeper.post("/api/kb/entries").json(&ahead)).await;
    assert!(
        !snapshot(&app)
            .await
            .entries
            .iter()
            .any(|e| e.id == "kb-0500")
    );

    let dir = app.stop().await;
    let later = TestApp::start_in_at(dir, "2026-11-25T09:00:00+08:00").await;
    assert!(
        snapshot(&later)
            .await
            .entries
            .iter()
            .any(|e| e.id == "kb-0500")
    );
}

#[tokio::test]
async fn unanswered_questions_are_grouped_with_a_five_working_day_deadline_and_answered() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    for (q, reason) in [
        ("电动自行车怎么上牌", "no_match"),
        ("电动自行车上牌去哪", "no_match"),
        ("电动自行车上牌要什么", "declined_suggestion"),
        ("医保卡丢了怎么补", "unsolved"),
        // Typed in traditional characters: read with the published snapshot's pairs, it joins its group.
        ("電動自行車上牌去哪", "no_match"),
    ] {
        let res = citizen
            .post("/api/unanswered")
            .json(&serde_json::json!({"question": q, "item": null, "reason": reason}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 202);
    }
    let empty = citizen
        .post("/api/unanswered")
        .json(&serde_json::json!({"question": " ", "reason": "no_match"}));
    assert_eq!(error_code(empty, 400).await, "bad_question");

    let keeper = app.agent("zhishi1").await;
    let groups: Vec<UnansweredGroup> = ok_json(keeper.get("/api/kb/unanswered")).await;
    assert_eq!(groups.len(), 2, "{groups:?}");
    assert_eq!(groups[0].count, 4);
    assert!(groups[0].samples.iter().any(|s| s == "電動自行車上牌去哪"));
    assert_eq!(groups[0].question, "电动自行车怎么上牌");
    // Asked on Monday 2026-11-23: five working days later is the next Monday.
    assert_eq!(groups[0].due, "2026-11-30");
    assert!(!groups[0].overdue);

    let answer = serde_json::json!({
        "ids": groups[0].ids,
        "entry": entry("", "电动自行车上牌在哪里办理"),
    });
    let published: KbEntry = ok_json(keeper.post("/api/kb/unanswered/resolve").json(&answer)).await;
    assert!(
        snapshot(&app)
            .await
            .entries
            .iter()
            .any(|e| e.id == published.id)
    );
    let left: Vec<UnansweredGroup> = ok_json(keeper.get("/api/kb/unanswered")).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].question, "医保卡丢了怎么补");
}

#[tokio::test]
async fn phone_and_id_numbers_in_unanswered_questions_are_masked_before_they_are_kept() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let res = citizen
        .post("/api/unanswered")
        .json(&serde_json::json!({
            "question": "我的身份证310101199001011234，手机13812345678，打了12345没人接",
            "reason": "no_match"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let keeper = app.agent("zhishi1").await;
    let groups: Vec<UnansweredGroup> = ok_json(keeper.get("/api/kb/unanswered")).await;
    assert_eq!(
        groups[0].question,
        "我的身份证310***********1234，手机138****5678，打了12345没人接"
    );
    // Nor is the number anywhere in the database's files (the write-ahead log included).
    for file in std::fs::read_dir(app.dir.path()).unwrap() {
        let path = file.unwrap().path();
        if !path.is_file() {
            continue;
        }
        let raw = std::fs::read(path).unwrap();
        let raw = String::from_utf8_lossy(&raw);
        assert!(!raw.contains("13812345678") && !raw.contains("310101199001011234"));
    }
}

#[tokio::test]
async fn an_agents_reply_becomes_a_draft_for_the_department_to_approve() {
    let app = TestApp::start().await;
    let agent = app.agent("chuangkou1").await;
    let propose = |q: &str| {
        agent.post("/api/kb/drafts").json(&serde_json::json!({
            "question": q, "answer": "签注后随申办电子居住证自动更新。", "item": "居住证签注"
        }))
    };
    let res = propose("签注后电子居住证会更新吗").send().await.unwrap();
    assert_eq!(res.status(), 201);
    let draft: DraftView = res.json().await.unwrap();
    assert_eq!(draft.department.as_deref(), Some("市公安局"));
    assert_eq!(draft.author, "窗口客服小王");
    let other: DraftView = ok_json(propose("另一个草稿")).await;

    let keeper = app.agent("zhishi1").await;
    let drafts: Vec<DraftView> = ok_json(keeper.get("/api/kb/drafts")).await;
    assert_eq!(drafts.len(), 2);
    let approve = serde_json::json!({"entry": entry("", "签注后电子居住证会自动更新吗")});
    let path = format!("/api/kb/drafts/{}/approve", draft.id);
    let approved: DraftView = ok_json(keeper.post(&path).json(&approve)).await;
    assert_eq!(approved.status, DraftStatus::Approved);
    let id = approved.entry.unwrap();
    assert!(snapshot(&app).await.entries.iter().any(|e| e.id == id));
    assert_eq!(
        error_code(keeper.post(&path).json(&approve), 409).await,
        "already_decided"
    );
    let rejected: DraftView =
        ok_json(keeper.post(&format!("/api/kb/drafts/{}/reject", other.id))).await;
    assert_eq!(rejected.status, DraftStatus::Rejected);
    let not_keeper = agent.post(&format!("/api/kb/drafts/{}/reject", other.id));
    assert_eq!(error_code(not_keeper, 404).await, "not_found");
    let empty = agent
        .post("/api/kb/drafts")
        .json(&serde_json::json!({"question": "", "answer": "x"}));
    assert_eq!(error_code(empty, 400).await, "empty_draft");
}
