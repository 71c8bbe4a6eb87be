//! 线上人工帮办 around the chat: hours and 留言, transfers, the response clock, capacity, agent helpers.

use bangban_core::protocol::{
    ClientFrame, ConversationStatus, ConversationView, Outcome, Role, SenderKind, ServerFrame,
};
use bangban_core::ticket::{TicketKind, TicketStatus, TicketView};

use crate::helpers::{TestApp, error_code, ok_json};

/// Saturday 2026-11-21, 10:00 in Shanghai.
const SATURDAY: &str = "2026-11-21T10:00:00+08:00";
/// Monday 2026-11-23, 12:00: the lunch break.
const LUNCH: &str = "2026-11-23T12:00:00+08:00";

#[tokio::test]
async fn outside_hours_the_citizen_leaves_a_message_and_reads_the_answer_later() {
    let app = TestApp::start_at(SATURDAY).await;
    let citizen = app.citizen().await;
    let status: serde_json::Value =
        ok_json(citizen.get("/api/service-status?item=居住证签注")).await;
    assert_eq!(status["open"], false);
    assert_eq!(status["hotline"], "12345");
    assert_eq!(status["message"], "人工服务将于 11月23日（周一）9:00 开始");

    let handoff = citizen
        .post("/api/conversations")
        .json(&serde_json::json!({"item": "居住证签注"}));
    assert_eq!(error_code(handoff, 409).await, "outside_hours");

    let ticket: TicketView = ok_json(citizen.post("/api/tickets").json(&serde_json::json!({
        "item": "居住证签注", "text": "周末能不能办居住证签注？", "contact": "13812345678"
    })))
    .await;
    assert_eq!(ticket.kind, TicketKind::LeaveMessage);
    assert!(ticket.number.starts_with("LY20261121"), "{}", ticket.number);
    assert_eq!(ticket.due, "2026-11-23", "answered on the next working day");
    assert_eq!(ticket.department.as_deref(), Some("市公安局"));

    let agent = app.agent("yewu1").await;
    let tickets: Vec<TicketView> = ok_json(agent.get("/api/tickets")).await;
    assert_eq!(tickets.len(), 1);
    let answered: TicketView = ok_json(
        agent
            .post(&format!("/api/tickets/{}/answer", ticket.id))
            .json(&serde_json::json!({"answer": "周末可在随申办线上办理签注。"})),
    )
    .await;
    assert_eq!(answered.status, TicketStatus::Answered);

    let mine: Vec<TicketView> = ok_json(citizen.get("/api/tickets/mine")).await;
    assert_eq!(
        mine[0].answer.as_deref(),
        Some("周末可在随申办线上办理签注。")
    );
    let stranger = app.citizen().await;
    let theirs: Vec<TicketView> = ok_json(stranger.get("/api/tickets/mine")).await;
    assert!(theirs.is_empty());
}

#[tokio::test]
async fn the_lunch_break_is_closed_and_bad_messages_are_refused() {
    let app = TestApp::start_at(LUNCH).await;
    let citizen = app.citizen().await;
    let status: serde_json::Value = ok_json(citizen.get("/api/service-status")).await;
    assert_eq!(status["open"], false);
    assert_eq!(status["message"], "人工服务将于今天 13:30 开始");
    for (body, code) in [
        (serde_json::json!({"text": "  "}), "empty_text"),
        (
            serde_json::json!({"text": "长".repeat(2001)}),
            "text_too_long",
        ),
        (
            serde_json::json!({"text": "问", "contact": "1".repeat(51)}),
            "bad_contact",
        ),
    ] {
        assert_eq!(
            error_code(citizen.post("/api/tickets").json(&body), 400).await,
            code
        );
    }
    // Another department's agent does not see the 市公安局 ticket; an unknown ticket is not found.
    app.add_agent("shuiwu1", Role::Business, Some("市税务局"))
        .await;
    ok_json::<TicketView>(citizen.post("/api/tickets").json(&serde_json::json!({
        "item": "居住证签注", "text": "问题"
    })))
    .await;
    let tax = app.agent("shuiwu1").await;
    let seen: Vec<TicketView> = ok_json(tax.get("/api/tickets")).await;
    assert!(seen.is_empty());
    let answer = tax
        .post("/api/tickets/nope/answer")
        .json(&serde_json::json!({"answer": "x"}));
    assert_eq!(error_code(answer, 404).await, "not_found");
}

#[tokio::test]
async fn a_window_agent_hands_a_chat_to_the_departments_business_agent() {
    let app = TestApp::start().await;
    app.add_agent("chuangkou9", Role::Window, Some("市公安局"))
        .await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(Some("居住证签注"), "签注被退回了").await;
    let window = app.agent("chuangkou1").await;
    window.sign_in().await;
    window.accept(&conv.id).await;
    window_says(&window, &conv.id, "我先了解一下情况").await;

    let moved: ConversationView = ok_json(
        window
            .post(&format!("/api/conversations/{}/transfer", conv.id))
            .json(&serde_json::json!({"to": "business", "note": "材料被退回，需业务核实"})),
    )
    .await;
    assert_eq!(moved.status, ConversationStatus::Waiting);
    assert_eq!(
        moved.transfer.as_ref().unwrap().note,
        "材料被退回，需业务核实"
    );
    let write = window
        .post(&format!("/api/conversations/{}/messages", conv.id))
        .json(&serde_json::json!({"client_id": "late", "text": "还在吗"}));
    assert_eq!(error_code(write, 404).await, "not_found");

    // Only a 业务客服 of the department may take it, not another 窗口客服.
    let other_window = app.agent("chuangkou9").await;
    other_window.sign_in().await;
    let queue: Vec<serde_json::Value> = ok_json(other_window.get("/api/queue")).await;
    assert!(queue.is_empty());
    let expert = app.agent("yewu1").await;
    expert.sign_in().await;
    let queue: Vec<serde_json::Value> = ok_json(expert.get("/api/queue")).await;
    assert_eq!(queue[0]["transfer"]["note"], "材料被退回，需业务核实");
    expert.accept(&conv.id).await;
    let history: Vec<serde_json::Value> =
        ok_json(expert.get(&format!("/api/conversations/{}/messages?after=0", conv.id))).await;
    let texts: Vec<&str> = history
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.contains(&"签注被退回了"),
        "the whole history: {texts:?}"
    );
    assert!(texts.contains(&"我先了解一下情况"));
}

#[tokio::test]
async fn pushing_to_12345_makes_a_ticket_with_the_transcript_and_ends_the_chat() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(Some("居住证签注"), "我要投诉派出所").await;
    let agent = app.agent("chuangkou1").await;
    agent.sign_in().await;
    agent.accept(&conv.id).await;
    let ended: ConversationView = ok_json(
        agent
            .post(&format!("/api/conversations/{}/transfer", conv.id))
            .json(&serde_json::json!({"to": "hotline12345", "note": "投诉类，非帮办范围"})),
    )
    .await;
    assert_eq!(ended.status, ConversationStatus::Closed);
    assert_eq!(ended.outcome, Some(Outcome::Pushed12345));
    let tickets: Vec<TicketView> = ok_json(agent.get("/api/tickets")).await;
    let ticket = &tickets[0];
    assert_eq!(ticket.kind, TicketKind::Hotline12345);
    assert!(ticket.number.starts_with("RX20261123"));
    assert!(ticket.problem.contains("投诉类，非帮办范围"));
    assert!(ticket.problem.contains("群众：我要投诉派出所"));
    let mine: Vec<TicketView> = ok_json(citizen.get("/api/tickets/mine")).await;
    assert_eq!(mine[0].number, ticket.number);
}

#[tokio::test]
async fn unanswered_chats_alert_at_45_seconds_and_reach_every_window_at_60() {
    let app = TestApp::start().await;
    app.add_agent("chuangkou9", Role::Window, Some("市税务局"))
        .await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(Some("居住证签注"), "等了好久").await;
    let police = app.agent("yewu1").await;
    let mut police_ws = police.socket(&app).await;
    let other = app.agent("chuangkou9").await;
    other.sign_in().await;
    let queue: Vec<serde_json::Value> = ok_json(other.get("/api/queue")).await;
    assert!(
        queue.is_empty(),
        "another department's 窗口 does not see it yet"
    );

    bangban_server::sla::tick(&app.state, conv.created_ms + 44_000)
        .await
        .unwrap();
    bangban_server::sla::tick(&app.state, conv.created_ms + 46_000)
        .await
        .unwrap();
    let waited = police_ws
        .until(|f| match f {
            ServerFrame::Alert {
                conversation,
                waited_ms,
            } if conversation == conv.id => Some(waited_ms),
            _ => None,
        })
        .await;
    assert_eq!(waited, 46_000);

    bangban_server::sla::tick(&app.state, conv.created_ms + 61_000)
        .await
        .unwrap();
    let queue: Vec<serde_json::Value> = ok_json(other.get("/api/queue")).await;
    assert_eq!(queue.len(), 1, "offered to every 窗口客服 at 60 s");
    assert_eq!(queue[0]["escalated"], true);
    other.accept(&conv.id).await;
    let answered: ConversationView =
        ok_json(citizen.get(&format!("/api/conversations/{}", conv.id))).await;
    assert!(
        answered.first_response_ms.is_none(),
        "taking is not answering"
    );
    window_says(&other, &conv.id, "您好").await;
    let answered: ConversationView =
        ok_json(citizen.get(&format!("/api/conversations/{}", conv.id))).await;
    assert!(answered.first_response_ms.is_some());
}

#[tokio::test]
async fn an_agent_takes_at_most_their_limit_of_chats() {
    let app = TestApp::start().await;
    let agent = app.agent("chuangkou1").await;
    agent.sign_in().await;
    for i in 0..5 {
        let conv = app.citizen().await.handoff(None, &format!("问题{i}")).await;
        agent.accept(&conv.id).await;
    }
    let sixth = app.citizen().await.handoff(None, "第六个").await;
    let take = agent.post(&format!("/api/conversations/{}/accept", sixth.id));
    assert_eq!(error_code(take, 409).await, "at_capacity");
}

#[tokio::test]
async fn typing_and_read_reach_the_other_side() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(None, "你好").await;
    let agent = app.agent("chuangkou1").await;
    agent.sign_in().await;
    agent.accept(&conv.id).await;
    let mut agent_ws = agent.socket(&app).await;
    let mut citizen_ws = citizen.socket(&app).await;
    citizen_ws
        .send(&ClientFrame::Typing {
            conversation: conv.id.clone(),
        })
        .await;
    let who = agent_ws
        .until(|f| match f {
            ServerFrame::Typing { who, .. } => Some(who),
            _ => None,
        })
        .await;
    assert_eq!(who, SenderKind::Citizen);
    agent_ws
        .send(&ClientFrame::Read {
            conversation: conv.id.clone(),
            seq: 999,
        })
        .await;
    let (reader, seq) = citizen_ws
        .until(|f| match f {
            ServerFrame::Read { reader, seq, .. } => Some((reader, seq)),
            _ => None,
        })
        .await;
    assert_eq!(reader, SenderKind::Agent);
    let view: ConversationView =
        ok_json(citizen.get(&format!("/api/conversations/{}", conv.id))).await;
    assert_eq!(seq, view.last_seq, "read never goes past the last message");
    assert_eq!(view.agent_read_seq, view.last_seq);
}

#[tokio::test]
async fn agents_search_the_knowledge_base_and_see_canned_replies_and_history() {
    let app = TestApp::start().await;
    let agent = app.agent("chuangkou1").await;
    let hits: Vec<serde_json::Value> =
        ok_json(agent.get("/api/kb/search?q=居住证签注需要带哪些材料&item=居住证签注")).await;
    assert_eq!(hits[0]["id"], "kb-0010");
    assert_eq!(hits[0]["confident"], true);
    assert!(!hits[0]["answer"].as_str().unwrap().is_empty());
    let canned: Vec<String> = ok_json(agent.get("/api/canned")).await;
    assert!(canned.len() >= 3);
    let anonymous = reqwest::Client::new().get(app.url("/api/kb/search?q=x"));
    assert_eq!(error_code(anonymous, 401).await, "unauthenticated");

    let citizen = app.citizen().await;
    let first = citizen.handoff(None, "上次的问题").await;
    ok_json::<ConversationView>(citizen.post(&format!("/api/conversations/{}/close", first.id)))
        .await;
    let second = citizen.handoff(None, "这次的问题").await;
    agent.sign_in().await;
    agent.accept(&second.id).await;
    let history: Vec<ConversationView> =
        ok_json(agent.get(&format!("/api/conversations/{}/history", second.id))).await;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].first_question, "上次的问题");
    // The agent serving the citizen now may read the earlier chat, though another agent had it.
    let earlier: Vec<serde_json::Value> =
        ok_json(agent.get(&format!("/api/conversations/{}/messages?after=0", first.id))).await;
    assert_eq!(earlier[0]["text"], "上次的问题");
    let write = agent
        .post(&format!("/api/conversations/{}/messages", first.id))
        .json(&serde_json::json!({"client_id": "old", "text": "补充"}));
    assert_eq!(error_code(write, 409).await, "conversation_closed");
    // Another citizen's ended chats stay out of reach.
    let stranger = app.citizen().await;
    let theirs = stranger.handoff(None, "别人的问题").await;
    ok_json::<ConversationView>(stranger.post(&format!("/api/conversations/{}/close", theirs.id)))
        .await;
    let peek = agent.get(&format!(
        "/api/conversations/{}/messages?after=0",
        theirs.id
    ));
    assert_eq!(error_code(peek, 404).await, "not_found");
}

async fn window_says(agent: &crate::helpers::AgentClient, conv: &str, text: &str) {
    ok_json::<serde_json::Value>(
        agent
            .post(&format!("/api/conversations/{conv}/messages"))
            .json(&serde_json::json!({"client_id": format!("say-{}", uuid::Uuid::new_v4().simple()), "text": text})),
    )
    .await;
}

#[tokio::test]
async fn with_auto_assign_chats_go_to_the_least_loaded_agent_with_room() {
    let app = TestApp::start_auto_assign().await;
    // A chat waiting before anyone signs in goes to the first agent who does.
    let early = app.citizen().await.handoff(None, "一早就来了").await;
    let first = app.agent("chuangkou1").await;
    first.sign_in().await;
    let taken: ConversationView =
        ok_json(first.get(&format!("/api/conversations/{}", early.id))).await;
    assert_eq!(taken.agent.unwrap().username, "chuangkou1");

    app.add_agent("chuangkou2", Role::Window, None).await;
    let second = app.agent("chuangkou2").await;
    second.sign_in().await;
    let mut owners = Vec::new();
    for i in 0..3 {
        let citizen = app.citizen().await;
        let conv = citizen.handoff(None, &format!("问题{i}")).await;
        let view: ConversationView =
            ok_json(citizen.get(&format!("/api/conversations/{}", conv.id))).await;
        owners.push(view.agent.map(|a| a.username));
    }
    // chuangkou1 already had one: the next goes to chuangkou2, then they alternate by load.
    assert_eq!(
        owners,
        [
            Some("chuangkou2".into()),
            Some("chuangkou1".into()),
            Some("chuangkou2".into())
        ]
    );
}
