//! The dashboard: figures computed by the server match the seeded chats, counted here independently.

use bangban_core::protocol::ConversationView;
use bangban_core::standards::StatsReport;

use crate::helpers::{TestApp, error_code, ok_json};

#[tokio::test]
async fn dashboard_figures_match_a_seeded_set_of_chats() {
    let app = TestApp::start().await;
    let agent = app.agent("chuangkou1").await;
    agent.sign_in().await;
    let url = format!("sqlite://{}", app.dir.path().join("bangban.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();

    // (item, first response after ms, rating, solved, pushed to 12345)
    let seeds = [
        (
            Some("居住证签注"),
            Some(20_000),
            Some("very_satisfied"),
            Some(true),
            false,
        ),
        (
            Some("居住证新办"),
            Some(90_000),
            Some("satisfied"),
            Some(true),
            false,
        ),
        (Some("居住证签注"), Some(30_000), None, None, true),
        (None, Some(45_000), Some("dissatisfied"), Some(false), false),
        (Some("发票领用"), None, None, None, false),
    ];
    for (i, (item, response, level, solved, pushed)) in seeds.iter().enumerate() {
        let citizen = app.citizen().await;
        let conv = citizen.handoff(*item, &format!("问题{i}")).await;
        if response.is_none() {
            continue; // still waiting, never answered
        }
        agent.accept(&conv.id).await;
        ok_json::<serde_json::Value>(
            agent
                .post(&format!("/api/conversations/{}/messages", conv.id))
                .json(&serde_json::json!({"client_id": format!("r{i}"), "text": "您好"})),
        )
        .await;
        sqlx::query("UPDATE conversations SET first_response_ms = created_ms + ? WHERE id = ?")
            .bind(response.unwrap())
            .bind(&conv.id)
            .execute(&pool)
            .await
            .unwrap();
        let path = format!("/api/conversations/{}", conv.id);
        if *pushed {
            let body = serde_json::json!({"to": "hotline12345", "note": "非帮办范围"});
            ok_json::<ConversationView>(agent.post(&format!("{path}/transfer")).json(&body)).await;
            continue;
        }
        ok_json::<ConversationView>(agent.post(&format!("{path}/close"))).await;
        if let Some(level) = level {
            let body = serde_json::json!({
                "level": level, "solved": solved, "reason": "efficiency", "contact": "13800000000"
            });
            ok_json::<ConversationView>(citizen.post(&format!("{path}/rating")).json(&body)).await;
        }
    }
    let bot = app.citizen().await;
    for solved in [true, true, true, false] {
        let body =
            serde_json::json!({"entry": "kb-0010", "question": "签注材料", "solved": solved});
        bot.post("/api/bot-feedback")
            .json(&body)
            .send()
            .await
            .unwrap();
    }
    let body = serde_json::json!({"question": "电动车上牌", "reason": "no_match"});
    bot.post("/api/unanswered")
        .json(&body)
        .send()
        .await
        .unwrap();

    let boss = app.agent("jiandu1").await;
    let report: StatsReport = ok_json(boss.get("/api/stats?from=2026-11-23&to=2026-11-23")).await;
    let t = &report.total;
    // Counted by hand from `seeds`.
    assert_eq!(t.chats, 5);
    assert_eq!(
        t.answered_within_60s, 3,
        "20 s, 30 s and 45 s; not 90 s nor the unanswered one"
    );
    assert_eq!(t.first_response_median_ms, Some(30_000));
    assert_eq!(t.first_response_p90_ms, Some(90_000));
    assert_eq!((t.solved_yes, t.solved_answered), (2, 3));
    assert_eq!(t.pushed_12345, 1);
    assert_eq!(t.ratings, [1, 1, 0, 1, 0]);
    assert_eq!((t.bot_solved, t.bot_unsolved), (3, 2));
    assert_eq!(t.bot_rate(), Some(0.6));
    assert_eq!(t.cases, 1, "the real-name 不满意");
    let met: Vec<Option<bool>> = t.standards().iter().map(|s| s.2).collect();
    assert_eq!(
        met[..4],
        [Some(false), Some(false), Some(false), Some(true)]
    );

    let police = report
        .departments
        .iter()
        .find(|g| g.key == "市公安局")
        .unwrap();
    assert_eq!(police.figures.chats, 3);
    let general = report
        .departments
        .iter()
        .find(|g| g.key == "通用窗口")
        .unwrap();
    assert_eq!(general.figures.chats, 1);
    assert_eq!(report.agents.len(), 1);
    assert_eq!(report.agents[0].key, "窗口客服小王（chuangkou1）");
    assert_eq!(report.daily.len(), 1);

    let csv = boss
        .get("/api/stats/export?from=2026-11-23&to=2026-11-23&by=department")
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("\u{feff}部门,会话数,60秒内首次响应"));
    assert!(text.lines().any(|l| l.starts_with("市公安局,3,")), "{text}");

    let empty: StatsReport = ok_json(boss.get("/api/stats?from=2026-11-24&to=2026-11-30")).await;
    assert_eq!(empty.total.chats, 0);
    assert_eq!(
        error_code(agent.get("/api/stats?from=2026-11-23&to=2026-11-23"), 403).await,
        "forbidden"
    );
    let bad = boss.get("/api/stats?from=2026-11-23&to=2026-11-01");
    assert_eq!(error_code(bad, 400).await, "bad_range");
    let bad = boss.get("/api/stats?from=yesterday&to=2026-11-01");
    assert_eq!(error_code(bad, 400).await, "bad_date");
}
