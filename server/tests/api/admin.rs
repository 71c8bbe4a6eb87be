//! Administration: accounts from the console, agent status for supervisors, the item registry.

use bangban_core::protocol::{AgentSummary, PasswordIssued, ServiceItem};

use crate::helpers::{TestApp, error_code, ok_json};

#[tokio::test]
async fn an_administrator_creates_disables_and_resets_accounts() {
    let app = TestApp::start().await;
    let admin = app.agent("admin1").await;
    let res = admin
        .post("/api/admin/agents")
        .json(&serde_json::json!({
            "username": "shuiwu1", "display_name": "税务客服小赵", "role": "business",
            "department": "市税务局", "max_chats": 3
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let issued: PasswordIssued = res.json().await.unwrap();
    let http = reqwest::Client::new();
    let login = |password: String| {
        http.post(app.url("/api/auth/login"))
            .json(&serde_json::json!({"username": "shuiwu1", "password": password}))
    };
    assert_eq!(
        login(issued.password.clone())
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let boss = app.agent("jiandu1").await;
    let all: Vec<AgentSummary> = ok_json(boss.get("/api/agents")).await;
    let new = all.iter().find(|a| a.username == "shuiwu1").unwrap();
    assert_eq!((new.max_chats, new.on_duty, new.open_chats), (3, false, 0));
    let window = app.agent("chuangkou1").await;
    assert_eq!(
        error_code(window.get("/api/agents"), 403).await,
        "forbidden"
    );
    let forged = boss
        .post("/api/admin/agents")
        .json(&serde_json::json!({"username": "x", "display_name": "x", "role": "admin"}));
    assert_eq!(error_code(forged, 403).await, "forbidden");

    let disable = admin
        .post("/api/admin/agents/shuiwu1/disable")
        .send()
        .await
        .unwrap();
    assert_eq!(disable.status(), 204);
    assert_eq!(
        error_code(login(issued.password.clone()), 401).await,
        "bad_credentials"
    );
    admin
        .post("/api/admin/agents/shuiwu1/enable")
        .send()
        .await
        .unwrap();
    let reset: PasswordIssued =
        ok_json(admin.post("/api/admin/agents/shuiwu1/reset-password")).await;
    assert_ne!(reset.password, issued.password);
    assert_eq!(
        error_code(login(issued.password), 401).await,
        "bad_credentials"
    );
    assert_eq!(login(reset.password).send().await.unwrap().status(), 200);

    let missing = admin.post("/api/admin/agents/nobody/reset-password");
    assert_eq!(error_code(missing, 404).await, "not_found");
    let bad = admin
        .post("/api/admin/agents")
        .json(&serde_json::json!({"username": "有 空格", "display_name": "x", "role": "window"}));
    assert_eq!(error_code(bad, 400).await, "bad_username");
    let myself = admin.post("/api/admin/agents/admin1/disable");
    assert_eq!(error_code(myself, 409).await, "self");
}

#[tokio::test]
async fn the_item_registry_routes_chats_and_is_edited_by_the_administrator() {
    let app = TestApp::start().await;
    let admin = app.agent("admin1").await;
    let items: Vec<ServiceItem> = ok_json(admin.get("/api/items")).await;
    assert_eq!(items.len(), 35);

    let mut edited = items.clone();
    edited.push(ServiceItem {
        item: "电动自行车登记".into(),
        department: "市公安局".into(),
    });
    let saved: Vec<ServiceItem> =
        ok_json(admin.http.put(app.url("/api/admin/items")).json(&edited)).await;
    assert_eq!(saved.len(), 36);
    let conv = app
        .citizen()
        .await
        .handoff(Some("电动自行车登记"), "怎么上牌")
        .await;
    assert_eq!(conv.department.as_deref(), Some("市公安局"));

    let mut duplicated = edited.clone();
    duplicated.push(edited[0].clone());
    let refused = admin
        .http
        .put(app.url("/api/admin/items"))
        .json(&duplicated);
    assert_eq!(error_code(refused, 400).await, "bad_items");
    let window = app.agent("chuangkou1").await;
    let not_admin = window.http.put(app.url("/api/admin/items")).json(&edited);
    assert_eq!(error_code(not_admin, 403).await, "forbidden");

    // The registry survives a restart (it is in the database, not only in memory).
    let dir = app.stop().await;
    let app = TestApp::start_in(dir).await;
    let conv = app
        .citizen()
        .await
        .handoff(Some("电动自行车登记"), "又来了")
        .await;
    assert_eq!(conv.department.as_deref(), Some("市公安局"));
}
