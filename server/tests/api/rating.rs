//! 好差评 and the follow-up of 差评 with deadlines in working days.

use bangban_core::followup::{CaseStatus, CaseView};
use bangban_core::protocol::ConversationView;

use crate::helpers::{TestApp, error_code, ok_json};

/// A chat on 居住证签注 taken by yewu1 (市公安局) and ended by them.
async fn ended_chat(
    app: &TestApp,
) -> (crate::helpers::Citizen, crate::helpers::AgentClient, String) {
    let citizen = app.citizen().await;
    let conv = citizen.handoff(Some("居住证签注"), "签注被退回").await;
    let agent = app.agent("yewu1").await;
    agent.sign_in().await;
    agent.accept(&conv.id).await;
    ok_json::<ConversationView>(agent.post(&format!("/api/conversations/{}/close", conv.id))).await;
    (citizen, agent, conv.id)
}

fn rating(level: &str, reason: Option<&str>, contact: Option<&str>) -> serde_json::Value {
    serde_json::json!({"level": level, "solved": false, "comment": "等太久", "reason": reason, "contact": contact})
}

#[tokio::test]
async fn a_real_name_bad_rating_opens_a_case_due_the_next_working_day_across_a_holiday() {
    // Wednesday 2026-09-30; 国庆 runs 10/1-10/7, so the next working day is Thursday 10/8.
    let app = TestApp::start_at("2026-09-30T10:00:00+08:00").await;
    let (citizen, agent, id) = ended_chat(&app).await;
    let path = format!("/api/conversations/{id}/rating");
    let no_reason = citizen
        .post(&path)
        .json(&rating("dissatisfied", None, Some("13812345678")));
    assert_eq!(error_code(no_reason, 400).await, "reason_required");
    let rated: ConversationView = ok_json(citizen.post(&path).json(&rating(
        "very_dissatisfied",
        Some("efficiency"),
        Some("13812345678"),
    )))
    .await;
    assert!(rated.rating.as_ref().unwrap().real_name);

    let cases: Vec<CaseView> = ok_json(agent.get("/api/cases")).await;
    assert_eq!(cases.len(), 1);
    let case = &cases[0];
    assert_eq!(case.status, CaseStatus::ContactPending);
    assert_eq!(case.due.as_deref(), Some("2026-10-08"));
    assert!(case.number.starts_with("CP20260930"));
    // Rating again (within 24 hours) does not open a second case.
    ok_json::<ConversationView>(citizen.post(&path).json(&rating(
        "dissatisfied",
        Some("attitude"),
        Some("13812345678"),
    )))
    .await;
    let again: Vec<CaseView> = ok_json(agent.get("/api/cases")).await;
    assert_eq!(again.len(), 1);
}

#[tokio::test]
async fn a_case_goes_from_contact_to_rectification_to_reply_with_every_step_recorded() {
    // Friday 2026-11-27: contact due Monday 11/30; an ordinary rectification 5 working days after that.
    let app = TestApp::start_at("2026-11-27T10:00:00+08:00").await;
    let (citizen, agent, id) = ended_chat(&app).await;
    ok_json::<ConversationView>(
        citizen
            .post(&format!("/api/conversations/{id}/rating"))
            .json(&rating(
                "dissatisfied",
                Some("attitude"),
                Some("13812345678"),
            )),
    )
    .await;
    let case: CaseView = ok_json::<Vec<CaseView>>(agent.get("/api/cases"))
        .await
        .remove(0);
    assert_eq!(case.due.as_deref(), Some("2026-11-30"));
    let step = |action: &str, body: serde_json::Value| {
        agent
            .post(&format!("/api/cases/{}/{action}", case.id))
            .json(&body)
    };
    let early = step("rectify", serde_json::json!({"note": "跳步"}));
    assert_eq!(error_code(early, 409).await, "wrong_step");
    let empty = step("contact", serde_json::json!({"note": " "}));
    assert_eq!(error_code(empty, 400).await, "bad_note");

    let contacted: CaseView = ok_json(step(
        "contact",
        serde_json::json!({"note": "已电话联系群众"}),
    ))
    .await;
    assert_eq!(contacted.status, CaseStatus::Verifying);
    let verified: CaseView = ok_json(step(
        "verify",
        serde_json::json!({"holds": true, "complex": false, "note": "客服回复不及时属实"}),
    ))
    .await;
    assert_eq!(verified.status, CaseStatus::Rectifying);
    // Verified on Friday 11/27: five working days later is Friday 12/4.
    assert_eq!(verified.due.as_deref(), Some("2026-12-04"));
    ok_json::<CaseView>(step(
        "rectify",
        serde_json::json!({"note": "已培训窗口人员"}),
    ))
    .await;
    let done: CaseView = ok_json(step(
        "reply",
        serde_json::json!({"note": "已告知群众整改结果"}),
    ))
    .await;
    assert_eq!(done.status, CaseStatus::Replied);
    assert_eq!(done.due, None);
    let actions: Vec<&str> = done.steps.iter().map(|s| s.action.as_str()).collect();
    assert_eq!(actions, ["回访", "核实：情况属实", "整改完成", "答复"]);
    assert!(done.steps.iter().all(|s| s.by == "业务客服小李"));

    // Another department does not see it.
    app.add_agent(
        "shuiwu1",
        bangban_core::protocol::Role::Business,
        Some("市税务局"),
    )
    .await;
    let tax = app.agent("shuiwu1").await;
    let theirs: Vec<CaseView> = ok_json(tax.get("/api/cases")).await;
    assert!(theirs.is_empty());
}

#[tokio::test]
async fn complex_complaints_get_13_working_days_and_unfounded_ones_close_with_why() {
    let app = TestApp::start().await;
    for (holds, complex) in [(true, true), (false, false)] {
        let (citizen, agent, id) = ended_chat(&app).await;
        ok_json::<ConversationView>(
            citizen
                .post(&format!("/api/conversations/{id}/rating"))
                .json(&rating("dissatisfied", Some("other"), Some("13900001111"))),
        )
        .await;
        let cases: Vec<CaseView> = ok_json(agent.get("/api/cases")).await;
        let case = cases.iter().find(|c| c.conversation == id).unwrap();
        let path = |a: &str| format!("/api/cases/{}/{a}", case.id);
        ok_json::<CaseView>(
            agent
                .post(&path("contact"))
                .json(&serde_json::json!({"note": "已联系"})),
        )
        .await;
        let verified: CaseView = ok_json(agent.post(&path("verify")).json(&serde_json::json!({
            "holds": holds, "complex": complex, "note": "核实情况"
        })))
        .await;
        if holds {
            // From Monday 2026-11-23, 13 working days is Wednesday 12/10.
            assert_eq!(verified.due.as_deref(), Some("2026-12-10"));
            assert!(verified.complex);
        } else {
            assert_eq!(verified.status, CaseStatus::NotHeld);
            assert_eq!(verified.steps.last().unwrap().note, "核实情况");
        }
    }
}

#[tokio::test]
async fn anonymous_bad_ratings_open_no_case_and_ratings_lock_after_24_hours() {
    let app = TestApp::start().await;
    let (citizen, agent, id) = ended_chat(&app).await;
    let path = format!("/api/conversations/{id}/rating");
    ok_json::<ConversationView>(citizen.post(&path).json(&rating(
        "dissatisfied",
        Some("other"),
        None,
    )))
    .await;
    let cases: Vec<CaseView> = ok_json(agent.get("/api/cases")).await;
    assert!(cases.is_empty(), "no contact, no follow-up");

    // Pretend the first rating was 25 hours ago.
    let url = format!("sqlite://{}", app.dir.path().join("bangban.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query(
        "UPDATE conversations SET rating_first_ms = rating_first_ms - 90000000 WHERE id = ?",
    )
    .bind(&id)
    .execute(&pool)
    .await
    .unwrap();
    let late = citizen.post(&path).json(&rating("satisfied", None, None));
    assert_eq!(error_code(late, 409).await, "rating_locked");
}

#[tokio::test]
async fn an_invited_citizen_rates_before_the_end_and_bot_answers_get_their_own_rating() {
    let app = TestApp::start().await;
    let citizen = app.citizen().await;
    let conv = citizen.handoff(None, "你好").await;
    let agent = app.agent("chuangkou1").await;
    agent.sign_in().await;
    agent.accept(&conv.id).await;
    let invited: ConversationView =
        ok_json(agent.post(&format!("/api/conversations/{}/invite-rating", conv.id))).await;
    assert!(invited.rating_invited_ms.is_some());
    let rated: ConversationView = ok_json(
        citizen
            .post(&format!("/api/conversations/{}/rating", conv.id))
            .json(&serde_json::json!({"level": "very_satisfied", "solved": true})),
    )
    .await;
    assert_eq!(
        rated.status,
        bangban_core::protocol::ConversationStatus::Active
    );

    let feedback = serde_json::json!({"entry": "kb-0010", "question": "签注材料", "solved": true});
    let res = citizen
        .post("/api/bot-feedback")
        .json(&feedback)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let bad = citizen
        .post("/api/bot-feedback")
        .json(&serde_json::json!({"entry": "", "question": "x", "solved": true}));
    assert_eq!(error_code(bad, 400).await, "bad_feedback");
}
