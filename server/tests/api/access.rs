//! Every API checks who is asking: other citizens and other departments' agents get "not found".

use bangban_core::protocol::{ClientFrame, Role, ServerFrame};

use crate::helpers::{TestApp, error_code, ok_json};

#[tokio::test]
async fn another_citizen_sees_nothing_of_my_chat() {
    let app = TestApp::start().await;
    let me = app.citizen().await;
    let stranger = app.citizen().await;
    let conv = me.handoff(None, "我的问题").await;
    for path in [
        format!("/api/conversations/{}", conv.id),
        format!("/api/conversations/{}/messages?after=0", conv.id),
    ] {
        assert_eq!(error_code(stranger.get(&path), 404).await, "not_found");
    }
    let send = stranger
        .post(&format!("/api/conversations/{}/messages", conv.id))
        .json(&serde_json::json!({"client_id": "x-1", "text": "插一句"}));
    assert_eq!(error_code(send, 404).await, "not_found");
    let close = stranger.post(&format!("/api/conversations/{}/close", conv.id));
    assert_eq!(error_code(close, 404).await, "not_found");

    let mut ws = stranger.socket(&app).await;
    ws.send(&ClientFrame::Sync {
        conversation: conv.id.clone(),
        after: 0,
    })
    .await;
    match ws.next().await {
        ServerFrame::Error { error, .. } => assert_eq!(error.code, "not_found"),
        other => panic!("expected an error, got {other:?}"),
    }
}

#[tokio::test]
async fn agents_see_only_their_departments_queue() {
    let app = TestApp::start().await;
    app.add_agent("shuiwu1", Role::Business, Some("市税务局"))
        .await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(Some("居住证签注"), "续签").await;

    let tax = app.agent("shuiwu1").await;
    tax.sign_in().await;
    let queue: Vec<serde_json::Value> = ok_json(tax.get("/api/queue")).await;
    assert!(
        queue.is_empty(),
        "a 市税务局 agent does not see 市公安局 chats"
    );
    let take = tax.post(&format!("/api/conversations/{}/accept", conv.id));
    assert_eq!(error_code(take, 404).await, "not_found");

    let police = app.agent("yewu1").await;
    police.sign_in().await;
    let queue: Vec<serde_json::Value> = ok_json(police.get("/api/queue")).await;
    assert_eq!(queue.len(), 1);
}

#[tokio::test]
async fn an_agent_must_sign_in_before_taking_and_take_before_writing() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(None, "你好").await;
    let agent = app.agent("chuangkou1").await;
    let take = agent.post(&format!("/api/conversations/{}/accept", conv.id));
    assert_eq!(error_code(take, 409).await, "not_on_duty");
    let write = agent
        .post(&format!("/api/conversations/{}/messages", conv.id))
        .json(&serde_json::json!({"client_id": "a-1", "text": "抢答"}));
    assert_eq!(error_code(write, 409).await, "not_assigned");
}

#[tokio::test]
async fn without_credentials_nothing_answers() {
    let app = TestApp::start().await;
    let http = reqwest::Client::new();
    for path in [
        "/api/queue",
        "/api/agent/conversations",
        "/api/conversations/current",
    ] {
        assert_eq!(
            error_code(http.get(app.url(path)), 401).await,
            "unauthenticated",
            "{path}"
        );
    }
    let bad_token = http
        .get(app.url("/api/conversations/current"))
        .bearer_auth("forged");
    assert_eq!(error_code(bad_token, 401).await, "unauthenticated");
    let ws = tokio_tungstenite::connect_async(app.ws_url("?visitor=forged")).await;
    assert!(ws.is_err(), "a forged token gets no socket");
}

#[tokio::test]
async fn supervisors_watch_every_queue_but_take_nothing() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(Some("发票领用"), "发票怎么领").await;
    let boss = app.agent("jiandu1").await;
    let queue: Vec<serde_json::Value> = ok_json(boss.get("/api/queue")).await;
    assert_eq!(queue.len(), 1);
    let mut ws = boss.socket(&app).await;
    let pushed = ws
        .until(|f| match f {
            ServerFrame::Queue { waiting } => Some(waiting),
            _ => None,
        })
        .await;
    assert_eq!(pushed[0].conversation, conv.id);
    let take = boss.post(&format!("/api/conversations/{}/accept", conv.id));
    assert_eq!(error_code(take, 403).await, "forbidden");
}
