//! Restarting the server loses nothing that was acknowledged; sockets are told the server is going away.

use bangban_core::protocol::{ChatMessage, ServerFrame};

use crate::helpers::{TestApp, ok_json};

#[tokio::test]
async fn acknowledged_messages_survive_a_restart() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(None, "你好").await;
    let mut ws = citizen.socket(&app).await;
    let mut acked = Vec::new();
    for i in 0..20 {
        ws.say(&conv.id, &format!("r-{i}"), &format!("重启前 {i}"))
            .await;
        let seq = ws
            .until(|f| match f {
                ServerFrame::Ack(a) => Some(a.seq),
                _ => None,
            })
            .await;
        acked.push(seq);
    }
    let stop = tokio::spawn(app.stop());
    assert_eq!(ws.closed().await, Some(1001), "going away");
    let dir = stop.await.unwrap();

    let app = TestApp::start_in(dir).await;
    let messages: Vec<ChatMessage> = ok_json(
        citizen
            .http
            .get(app.url(&format!("/api/conversations/{}/messages?after=0", conv.id)))
            .bearer_auth(&citizen.token),
    )
    .await;
    for (i, seq) in acked.iter().enumerate() {
        let found: Vec<_> = messages.iter().filter(|m| m.seq == *seq).collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, format!("重启前 {i}"));
    }
}

#[tokio::test]
async fn every_socket_is_told_the_server_is_going_away() {
    let app = TestApp::start().await;
    let mut sockets = Vec::new();
    for _ in 0..40 {
        let citizen = app.citizen().await;
        citizen.handoff(None, "你好").await;
        sockets.push(citizen.socket(&app).await);
    }
    let stop = tokio::spawn(app.stop());
    for ws in &mut sockets {
        assert_eq!(ws.closed().await, Some(1001));
    }
    stop.await.unwrap();
}
