//! 问题台账: held 差评 enter it by themselves; agents and supervisors enter other problems; 挂账销号; the monthly
//! report and the CSV with contacts masked.

use bangban_core::followup::CaseView;
use bangban_core::ledger::{LedgerItem, LedgerSource, MonthlyRow};
use bangban_core::protocol::ConversationView;

use crate::helpers::{TestApp, error_code, ok_json};

#[tokio::test]
async fn problems_enter_the_ledger_are_struck_off_and_reported_monthly() {
    let app = TestApp::start().await;
    // A 差评 that holds goes in by itself.
    let citizen = app.citizen().await;
    let conv = citizen.handoff(Some("居住证签注"), "签注被退回").await;
    let police = app.agent("yewu1").await;
    police.sign_in().await;
    police.accept(&conv.id).await;
    let path = format!("/api/conversations/{}", conv.id);
    ok_json::<ConversationView>(police.post(&format!("{path}/close"))).await;
    let rating = serde_json::json!({
        "level": "dissatisfied", "reason": "competence", "comment": "答非所问", "contact": "13812345678"
    });
    ok_json::<ConversationView>(citizen.post(&format!("{path}/rating")).json(&rating)).await;
    let case: CaseView = ok_json::<Vec<CaseView>>(police.get("/api/cases"))
        .await
        .remove(0);
    let step = |a: &str, body: serde_json::Value| {
        police
            .post(&format!("/api/cases/{}/{a}", case.id))
            .json(&body)
    };
    ok_json::<CaseView>(step("contact", serde_json::json!({"note": "已回访"}))).await;
    let verified: CaseView = ok_json(step(
        "verify",
        serde_json::json!({"holds": true, "note": "业务不熟，组织培训"}),
    ))
    .await;

    let items: Vec<LedgerItem> = ok_json(police.get("/api/ledger")).await;
    assert_eq!(items.len(), 1);
    let from_case = &items[0];
    assert_eq!(from_case.source, LedgerSource::BadRating);
    assert_eq!(from_case.department, "市公安局");
    assert_eq!(Some(&from_case.deadline), verified.rectify_due.as_ref());
    assert_eq!(from_case.measures, "业务不熟，组织培训");

    // An agent's own flag: their department, 10 working days by default (Mon 11/23 → Mon 12/7).
    let flagged: LedgerItem = ok_json(police.post("/api/ledger").json(&serde_json::json!({
        "source": "agent_flag", "problem": "页面上传按钮在手机上点不动", "contact": "13900001111"
    })))
    .await;
    assert_eq!(
        (flagged.department.as_str(), flagged.deadline.as_str()),
        ("市公安局", "2026-12-07")
    );
    // A leader's visit record for another department, already past its deadline.
    let boss = app.agent("jiandu1").await;
    let late: LedgerItem = ok_json(boss.post("/api/ledger").json(&serde_json::json!({
        "source": "leader_visit", "department": "市税务局", "problem": "窗口排队时间长",
        "measures": "增开窗口", "deadline": "2026-11-20", "raised_by": "区领导"
    })))
    .await;
    let all: Vec<LedgerItem> = ok_json(boss.get("/api/ledger")).await;
    assert_eq!(all.len(), 3);
    assert!(all.iter().find(|i| i.id == late.id).unwrap().overdue);
    let theirs: Vec<LedgerItem> = ok_json(police.get("/api/ledger")).await;
    assert_eq!(theirs.len(), 2, "a department sees its own problems only");

    let close = |id: &str| {
        police
            .post(&format!("/api/ledger/{id}/close"))
            .json(&serde_json::json!({"result": "已修复并告知群众", "notified": true}))
    };
    let closed: LedgerItem = ok_json(close(&flagged.id)).await;
    assert!(closed.closed_ms.is_some() && closed.notified);
    assert_eq!(error_code(close(&flagged.id), 409).await, "already_closed");
    assert_eq!(error_code(close(&late.id), 404).await, "not_found");

    let report: Vec<MonthlyRow> = ok_json(boss.get("/api/ledger/monthly?month=2026-11")).await;
    let row = |d: &str| report.iter().find(|r| r.department == d).cloned().unwrap();
    assert_eq!(
        row("市公安局"),
        MonthlyRow {
            department: "市公安局".into(),
            opened: 2,
            closed: 1,
            overdue: 0
        }
    );
    assert_eq!(
        row("市税务局"),
        MonthlyRow {
            department: "市税务局".into(),
            opened: 1,
            closed: 0,
            overdue: 1
        }
    );
    let csv = boss
        .get("/api/ledger/monthly/export?month=2026-11")
        .send()
        .await
        .unwrap();
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("\u{feff}部门,本月新增,本月销号,逾期未销号"));
    let ledger_csv = boss
        .get("/api/ledger/export")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ledger_csv.contains("138****5678") && ledger_csv.contains("139****1111"));
    assert!(
        !ledger_csv.contains("13812345678"),
        "contacts are masked in exports"
    );
}

#[tokio::test]
async fn bad_ledger_entries_are_refused() {
    let app = TestApp::start().await;
    let window = app.agent("chuangkou1").await;
    let cases = [
        (
            serde_json::json!({"source": "bad_rating", "problem": "x", "department": "市公安局"}),
            "bad_source",
        ),
        (
            serde_json::json!({"source": "agent_flag", "problem": " "}),
            "empty_text",
        ),
        (
            serde_json::json!({"source": "agent_flag", "problem": "无部门"}),
            "bad_department",
        ),
        (
            serde_json::json!({"source": "opinion", "problem": "x", "department": "市税务局"}),
            "bad_department",
        ),
    ];
    for (body, code) in cases {
        assert_eq!(
            error_code(window.post("/api/ledger").json(&body), 400).await,
            code
        );
    }
    let boss = app.agent("jiandu1").await;
    let bad = boss.post("/api/ledger").json(&serde_json::json!({
        "source": "opinion", "problem": "x", "department": "市税务局", "deadline": "明天"
    }));
    assert_eq!(error_code(bad, 400).await, "bad_deadline");
    assert_eq!(
        error_code(window.get("/api/ledger/monthly?month=2026-11"), 403).await,
        "forbidden"
    );
    assert_eq!(
        error_code(boss.get("/api/ledger/monthly?month=2026-13"), 400).await,
        "bad_month"
    );
}
