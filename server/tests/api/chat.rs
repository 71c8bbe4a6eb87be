//! The whole path over the real API: 转人工, 接入, messages both ways over WebSockets, 结束会话, rating.

use bangban_core::protocol::{
    ClientFrame, ConversationStatus, ConversationView, SenderKind, ServerFrame,
};

use crate::helpers::{TestApp, error_code, ok_json};

#[tokio::test]
async fn citizen_and_agent_talk_from_handoff_to_rating() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let conv = citizen
        .handoff(Some("居住证签注"), "居住证签注要带什么")
        .await;
    assert_eq!(conv.status, ConversationStatus::Waiting);
    assert_eq!(conv.department.as_deref(), Some("市公安局"));
    assert_eq!(conv.first_question, "居住证签注要带什么");
    assert_eq!(conv.last_seq, 2, "小申's two turns are the first messages");

    let agent = app.agent("chuangkou1").await;
    agent.sign_in().await;
    let mut agent_ws = agent.socket(&app).await;
    let queue = agent_ws
        .until(|f| match f {
            ServerFrame::Queue { waiting } => Some(waiting),
            _ => None,
        })
        .await;
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].conversation, conv.id);
    assert_eq!(queue[0].item.as_deref(), Some("居住证签注"));

    let mut citizen_ws = citizen.socket(&app).await;
    let taken = agent.accept(&conv.id).await;
    assert_eq!(taken.status, ConversationStatus::Active);
    assert_eq!(taken.agent.unwrap().username, "chuangkou1");
    let active = citizen_ws.until(conversation_frame).await;
    assert_eq!(active.status, ConversationStatus::Active);

    agent_ws
        .say(&conv.id, "a-1", "您好，请问需要什么帮助？")
        .await;
    let ack = agent_ws.until(ack_frame).await;
    assert_eq!(ack.1, "a-1");
    let got = citizen_ws
        .until(|f| match f {
            ServerFrame::Message { message } if message.sender == SenderKind::Agent => {
                Some(message)
            }
            _ => None,
        })
        .await;
    assert_eq!(got.text, "您好，请问需要什么帮助？");
    assert_eq!(got.author.as_deref(), Some("窗口客服小王"));
    assert_eq!(got.seq, ack.0);

    citizen_ws.say(&conv.id, "c-1", "我的居住证快到期了").await;
    let (seq, _) = citizen_ws.until(ack_frame).await;
    let seen = agent_ws
        .until(|f| match f {
            ServerFrame::Message { message } if message.client_id == "c-1" => Some(message),
            _ => None,
        })
        .await;
    assert_eq!((seen.seq, seen.sender), (seq, SenderKind::Citizen));

    let closed: ConversationView =
        ok_json(agent.post(&format!("/api/conversations/{}/close", conv.id))).await;
    assert_eq!(closed.status, ConversationStatus::Closed);
    assert_eq!(
        citizen_ws.until(conversation_frame).await.status,
        ConversationStatus::Closed
    );

    let rating = serde_json::json!({"level": "very_satisfied", "solved": true});
    let rated: ConversationView = ok_json(
        citizen
            .post(&format!("/api/conversations/{}/rating", conv.id))
            .json(&rating),
    )
    .await;
    assert_eq!(rated.rating.as_ref().unwrap().solved, Some(true));
    let agent_sees = agent_ws
        .until(|f| conversation_frame(f).filter(|c| c.rating.is_some()))
        .await;
    assert_eq!(
        agent_sees.rating.unwrap().level,
        bangban_core::rating::Rating::VerySatisfied
    );

    let all: Vec<bangban_core::protocol::ChatMessage> =
        ok_json(citizen.get(&format!("/api/conversations/{}/messages?after=0", conv.id))).await;
    let seqs: Vec<u64> = all.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, (1..=all.len() as u64).collect::<Vec<_>>(), "gapless");
    let senders: Vec<SenderKind> = all.iter().map(|m| m.sender).collect();
    assert_eq!(
        senders,
        [
            SenderKind::Citizen,
            SenderKind::Bot,
            SenderKind::System,
            SenderKind::Agent,
            SenderKind::Citizen,
            SenderKind::System
        ]
    );
}

#[tokio::test]
async fn a_resent_message_is_stored_once_and_acknowledged_with_the_same_seq() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(None, "你好").await;
    let mut ws = citizen.socket(&app).await;
    ws.say(&conv.id, "dup-1", "第一次").await;
    let first = ws.until(ack_frame).await;
    ws.say(&conv.id, "dup-1", "第一次").await;
    let second = ws.until(ack_frame).await;
    assert_eq!(first, second);
    // The HTTP path dedupes the same way.
    let third: serde_json::Value = ok_json(
        citizen
            .post(&format!("/api/conversations/{}/messages", conv.id))
            .json(&serde_json::json!({"client_id": "dup-1", "text": "第一次"})),
    )
    .await;
    assert_eq!(third["seq"], first.0);
    let all: Vec<serde_json::Value> =
        ok_json(citizen.get(&format!("/api/conversations/{}/messages?after=0", conv.id))).await;
    assert_eq!(all.iter().filter(|m| m["client_id"] == "dup-1").count(), 1);
}

#[tokio::test]
async fn sync_returns_exactly_what_a_client_missed() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(None, "你好").await;
    let mut ws = citizen.socket(&app).await;
    for i in 1..=5 {
        ws.say(&conv.id, &format!("m-{i}"), &format!("消息{i}"))
            .await;
        ws.until(ack_frame).await;
    }
    drop(ws);
    let mut again = citizen.socket(&app).await;
    again
        .send(&ClientFrame::Sync {
            conversation: conv.id.clone(),
            after: 4,
        })
        .await;
    let missed = again
        .until(|f| match f {
            ServerFrame::Messages { messages, .. } => Some(messages),
            _ => None,
        })
        .await;
    let texts: Vec<&str> = missed.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(
        texts,
        ["消息3", "消息4", "消息5"],
        "seq 5..=7 after the 2 bot turns"
    );
}

#[tokio::test]
async fn a_second_agent_cannot_take_a_taken_chat() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(Some("居住证签注"), "续签").await;
    let first = app.agent("chuangkou1").await;
    let second = app.agent("yewu1").await;
    first.sign_in().await;
    second.sign_in().await;
    first.accept(&conv.id).await;
    let req = second.post(&format!("/api/conversations/{}/accept", conv.id));
    // Taken by someone else: the second agent may no longer even see it.
    assert_eq!(error_code(req, 404).await, "not_found");
    let queue: Vec<serde_json::Value> = ok_json(second.get("/api/queue")).await;
    assert!(queue.is_empty());
}

#[tokio::test]
async fn a_reloaded_widget_finds_its_open_chat_and_then_its_unrated_one() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let none: Option<ConversationView> = ok_json(citizen.get("/api/conversations/current")).await;
    assert!(none.is_none());
    let conv = citizen.handoff(None, "你好").await;
    let again = citizen.handoff(None, "再点一次转人工").await;
    assert_eq!(again.id, conv.id, "a second 转人工 returns the open chat");
    let current: Option<ConversationView> =
        ok_json(citizen.get("/api/conversations/current")).await;
    assert_eq!(current.unwrap().id, conv.id);
    ok_json::<ConversationView>(citizen.post(&format!("/api/conversations/{}/close", conv.id)))
        .await;
    let unrated: Option<ConversationView> =
        ok_json(citizen.get("/api/conversations/current")).await;
    assert_eq!(unrated.unwrap().status, ConversationStatus::Closed);
    ok_json::<ConversationView>(
        citizen
            .post(&format!("/api/conversations/{}/rating", conv.id))
            .json(&serde_json::json!({"level": "satisfied"})),
    )
    .await;
    let done: Option<ConversationView> = ok_json(citizen.get("/api/conversations/current")).await;
    assert!(done.is_none());
}

fn ack_frame(f: ServerFrame) -> Option<(u64, String)> {
    match f {
        ServerFrame::Ack(ack) => Some((ack.seq, ack.client_id)),
        ServerFrame::Error { error, .. } => panic!("error frame: {error:?}"),
        _ => None,
    }
}

fn conversation_frame(f: ServerFrame) -> Option<ConversationView> {
    match f {
        ServerFrame::Conversation { conversation } => Some(conversation),
        _ => None,
    }
}

#[tokio::test]
async fn waiting_citizens_learn_their_place_in_the_queue() {
    let app = TestApp::start().await;
    let first = app.citizen().await;
    let second = app.citizen().await;
    let other_queue = app.citizen().await;
    let c1 = first.handoff(Some("居住证签注"), "第一位").await;
    let c2 = second.handoff(Some("居住证新办"), "第二位，同一部门").await;
    other_queue.handoff(Some("发票领用"), "别的部门").await;

    let mut ws = second.socket(&app).await;
    assert_eq!(ws.until(position_frame).await, (c2.id.clone(), 1));
    let mut other_ws = other_queue.socket(&app).await;
    assert_eq!(
        other_ws.until(position_frame).await.1,
        0,
        "another department's queue"
    );

    let agent = app.agent("yewu1").await;
    agent.sign_in().await;
    agent.accept(&c1.id).await;
    assert_eq!(ws.until(position_frame).await, (c2.id, 0));
}

fn position_frame(f: ServerFrame) -> Option<(String, u32)> {
    match f {
        ServerFrame::QueuePosition {
            conversation,
            ahead,
        } => Some((conversation, ahead)),
        _ => None,
    }
}
