//! 办不成事 from both sides: reported with the transcript, dispatched (派单), taken, answered with the
//! 处理记录单 fields, closed (销单); the problem ledger follows; halls record offline reports.

use bangban_core::ledger::{LedgerItem, LedgerSource};
use bangban_core::ticket::{TicketDetail, TicketKind, TicketStatus, TicketView};

use crate::helpers::{TestApp, error_code, ok_json};

#[tokio::test]
async fn a_bancheng_report_goes_from_new_to_closed_with_its_record_and_ledger_entry() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(Some("居住证签注"), "提交按钮点不动").await;
    let report = serde_json::json!({
        "item": "居住证签注", "problem": "网上签注一直提交失败", "contact": "13812345678",
        "bot_transcript": [{"sender": "citizen", "text": "签注提交失败"}, {"sender": "bot", "text": "请刷新重试"}],
        "conversation": conv.id,
    });
    let res = citizen
        .post("/api/bancheng")
        .json(&report)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let ticket: TicketView = res.json().await.unwrap();
    assert_eq!(ticket.kind, TicketKind::Bancheng);
    assert!(ticket.number.starts_with("BB20261123"));
    assert_eq!(
        (ticket.status, ticket.due.as_str()),
        (TicketStatus::New, "2026-11-30")
    );
    assert_eq!(ticket.department.as_deref(), Some("市公安局"));

    let police = app.agent("yewu1").await;
    let boss = app.agent("jiandu1").await;
    let path = |a: &str| format!("/api/tickets/{}/{a}", ticket.id);
    let detail: TicketDetail = ok_json(police.get(&format!("/api/tickets/{}", ticket.id))).await;
    assert!(detail.record.transcript.contains("小申：请刷新重试"));
    assert!(detail.record.transcript.contains("提交按钮点不动"));
    let not_theirs = police
        .post(&path("dispatch"))
        .json(&serde_json::json!({"department": "市公安局"}));
    assert_eq!(error_code(not_theirs, 403).await, "forbidden");

    let dispatched: TicketDetail = ok_json(
        boss.post(&path("dispatch"))
            .json(&serde_json::json!({"department": "市公安局"})),
    )
    .await;
    assert_eq!(dispatched.ticket.status, TicketStatus::Dispatched);
    let ledger: Vec<LedgerItem> = ok_json(boss.get("/api/ledger")).await;
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0].source, LedgerSource::Bancheng);

    let reply = |solved: bool, why_not: Option<&str>| {
        police.post(&path("reply")).json(&serde_json::json!({
            "answer": "系统故障已修复，请重新提交。", "verification": "核实为系统缓存问题，已处理",
            "solved": solved, "why_not": why_not, "handler_contact": "021-12345678"
        }))
    };
    assert_eq!(error_code(reply(true, None), 409).await, "wrong_step");
    let taken: TicketDetail = ok_json(police.post(&path("take"))).await;
    assert_eq!(taken.ticket.status, TicketStatus::Handling);
    assert_eq!(taken.record.handler.as_deref(), Some("业务客服小李"));
    assert_eq!(
        error_code(reply(false, None), 400).await,
        "why_not_required"
    );
    let answered: TicketDetail = ok_json(reply(true, None)).await;
    assert_eq!(answered.ticket.status, TicketStatus::Answered);
    assert_eq!(answered.record.solved, Some(true));
    let mine: Vec<TicketView> = ok_json(citizen.get("/api/tickets/mine")).await;
    let seen = mine.iter().find(|t| t.id == ticket.id).unwrap();
    assert_eq!(seen.answer.as_deref(), Some("系统故障已修复，请重新提交。"));

    let closed: TicketDetail = ok_json(
        boss.post(&path("close"))
            .json(&serde_json::json!({"approver": "王处长"})),
    )
    .await;
    assert_eq!(closed.ticket.status, TicketStatus::Closed);
    assert_eq!(closed.record.approver.as_deref(), Some("王处长"));
    assert_eq!(closed.record.closed_on.as_deref(), Some("2026-11-23"));
    let ledger: Vec<LedgerItem> = ok_json(boss.get("/api/ledger")).await;
    assert!(
        ledger[0].closed_ms.is_some(),
        "销单 strikes the ledger entry off"
    );
    let again = boss.post(&path("close")).json(&serde_json::json!({}));
    assert_eq!(error_code(again, 409).await, "wrong_step");
}

#[tokio::test]
async fn halls_record_offline_reports_and_bad_reports_are_refused() {
    let app = TestApp::start().await;
    let hall = app.agent("chuangkou1").await;
    let res = hall
        .post("/api/tickets/offline")
        .json(&serde_json::json!({"reporter": "张先生", "contact": "13900001111", "item": "发票领用", "problem": "发票领用要跑两次"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let offline: TicketDetail = res.json().await.unwrap();
    assert!(offline.record.offline);
    assert_eq!(offline.record.received_by.as_deref(), Some("窗口客服小王"));
    assert_eq!(offline.ticket.department.as_deref(), Some("市税务局"));

    let citizen = app.citizen().await;
    let empty = citizen
        .post("/api/bancheng")
        .json(&serde_json::json!({"problem": "  "}));
    assert_eq!(error_code(empty, 400).await, "empty_text");
    let stranger = app.citizen().await;
    let others = stranger.handoff(None, "别人的会话").await;
    let peek = citizen
        .post("/api/bancheng")
        .json(&serde_json::json!({"problem": "附上别人的会话", "conversation": others.id}));
    assert_eq!(error_code(peek, 404).await, "not_found");
}
