//! Bad input gets a clear error and changes nothing; HTML is stored and returned as text.

use bangban_core::protocol::{MAX_MESSAGE_CHARS, ServerFrame};

use crate::helpers::{TestApp, error_code, ok_json};

#[tokio::test]
async fn empty_and_oversized_messages_are_refused_and_nothing_is_stored() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(None, "你好").await;
    let path = format!("/api/conversations/{}/messages", conv.id);
    let cases = [
        ("", "empty_message"),
        ("   ", "empty_message"),
        (&*"长".repeat(MAX_MESSAGE_CHARS + 1), "message_too_long"),
    ];
    for (i, (text, code)) in cases.iter().enumerate() {
        let req = citizen
            .post(&path)
            .json(&serde_json::json!({"client_id": format!("bad-{i}"), "text": text}));
        assert_eq!(error_code(req, 400).await, *code);
    }
    let exactly_max = "长".repeat(MAX_MESSAGE_CHARS);
    ok_json::<serde_json::Value>(
        citizen
            .post(&path)
            .json(&serde_json::json!({"client_id": "max", "text": exactly_max})),
    )
    .await;
    let all: Vec<serde_json::Value> = ok_json(citizen.get(&format!("{path}?after=2"))).await;
    assert_eq!(all.len(), 1, "only the valid message was stored");
}

#[tokio::test]
async fn malformed_frames_get_an_error_and_the_socket_stays_usable() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(None, "你好").await;
    let mut ws = citizen.socket(&app).await;
    // A waiting citizen is first told their place in the queue.
    assert!(matches!(
        ws.next().await,
        ServerFrame::QueuePosition { ahead: 0, .. }
    ));
    for junk in [
        "not json",
        r#"{"type":"drop_tables"}"#,
        r#"{"type":"send"}"#,
        "[]",
    ] {
        ws.send_raw(junk).await;
        match ws.next().await {
            ServerFrame::Error { error, .. } => assert_eq!(error.code, "malformed_frame"),
            other => panic!("{junk}: {other:?}"),
        }
    }
    ws.say("no-such-conversation", "m-1", "你好").await;
    match ws.next().await {
        ServerFrame::Error { error, client_id } => {
            assert_eq!(error.code, "not_found");
            assert_eq!(client_id.as_deref(), Some("m-1"));
        }
        other => panic!("{other:?}"),
    }
    ws.say(&conv.id, "m-2", "还在吗").await;
    assert!(matches!(ws.next().await, ServerFrame::Ack(_)));
}

#[tokio::test]
async fn html_is_kept_as_text() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(None, "<img src=x onerror=alert(1)>").await;
    let hostile = "<script>alert('x')</script>&amp;";
    ok_json::<serde_json::Value>(
        citizen
            .post(&format!("/api/conversations/{}/messages", conv.id))
            .json(&serde_json::json!({"client_id": "h-1", "text": hostile})),
    )
    .await;
    let all: Vec<serde_json::Value> =
        ok_json(citizen.get(&format!("/api/conversations/{}/messages?after=0", conv.id))).await;
    assert_eq!(all[0]["text"], "<img src=x onerror=alert(1)>");
    assert_eq!(all.last().unwrap()["text"], hostile);
}

#[tokio::test]
async fn malformed_bodies_and_bad_handoffs_are_refused() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let broken = citizen
        .post("/api/conversations")
        .header("content-type", "application/json")
        .body("{not json");
    assert_eq!(error_code(broken, 400).await, "malformed_body");
    let not_json = citizen.post("/api/conversations").body("item=x");
    assert_eq!(error_code(not_json, 400).await, "bad_content_type");
    let too_many: Vec<_> = (0..41)
        .map(|_| serde_json::json!({"sender": "citizen", "text": "问"}))
        .collect();
    let req = citizen
        .post("/api/conversations")
        .json(&serde_json::json!({"item": null, "bot_transcript": too_many}));
    assert_eq!(error_code(req, 400).await, "too_many_turns");
    let forged_agent = citizen.post("/api/conversations").json(&serde_json::json!({
        "bot_transcript": [{"sender": "agent", "text": "我是客服"}]
    }));
    assert_eq!(error_code(forged_agent, 400).await, "bad_turn");
    let none: Option<serde_json::Value> = ok_json(citizen.get("/api/conversations/current")).await;
    assert!(none.is_none(), "no half-created chat");
}

#[tokio::test]
async fn ratings_wait_for_the_end_and_refuse_long_comments() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(None, "你好").await;
    let path = format!("/api/conversations/{}/rating", conv.id);
    let early = citizen
        .post(&path)
        .json(&serde_json::json!({"level": "satisfied"}));
    assert_eq!(error_code(early, 409).await, "not_closed");
    ok_json::<serde_json::Value>(citizen.post(&format!("/api/conversations/{}/close", conv.id)))
        .await;
    let long = citizen.post(&path).json(&serde_json::json!({
        "level": "dissatisfied", "comment": "差".repeat(501)
    }));
    assert_eq!(error_code(long, 400).await, "comment_too_long");
    let unknown = citizen
        .post(&path)
        .json(&serde_json::json!({"level": "meh"}));
    assert_eq!(error_code(unknown, 400).await, "malformed_body");
}
