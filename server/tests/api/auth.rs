//! Agent login: argon2 passwords, an HttpOnly SameSite=Strict session cookie, and 401 without it.

use crate::helpers::{PASSWORD, TestApp, error_code};

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_and_me_needs_it() {
    let app = TestApp::start().await;
    let http = reqwest::Client::new();
    assert_eq!(
        error_code(http.get(app.url("/api/me")), 401).await,
        "unauthenticated"
    );
    let res = http
        .post(app.url("/api/auth/login"))
        .json(&serde_json::json!({"username": "chuangkou1", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("bangban_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");

    let agent = app.agent("chuangkou1").await;
    let me: serde_json::Value = agent
        .get("/api/me")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["username"], "chuangkou1");
    assert_eq!(me["role"], "window");
    assert_eq!(me["on_duty"], false);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let app = TestApp::start().await;
    let http = reqwest::Client::new();
    for (user, pass) in [("chuangkou1", "wrong"), ("nobody", PASSWORD), ("", "")] {
        let req = http
            .post(app.url("/api/auth/login"))
            .json(&serde_json::json!({"username": user, "password": pass}));
        assert_eq!(error_code(req, 401).await, "bad_credentials");
    }
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::start().await;
    let agent = app.agent("yewu1").await;
    assert_eq!(agent.get("/api/me").send().await.unwrap().status(), 200);
    let out = agent.post("/api/auth/logout").send().await.unwrap();
    assert_eq!(out.status(), 204);
    // The old cookie is dead on the server too, not only forgotten by the client.
    let again = reqwest::Client::new()
        .get(app.url("/api/me"))
        .header("cookie", &agent.cookie);
    assert_eq!(error_code(again, 401).await, "unauthenticated");
}

#[tokio::test]
async fn supervisors_cannot_sign_in_for_chats() {
    let app = TestApp::start().await;
    let boss = app.agent("jiandu1").await;
    let req = boss
        .post("/api/agent/duty")
        .json(&serde_json::json!({"on_duty": true}));
    assert_eq!(error_code(req, 403).await, "forbidden");
}

/// `GET /api/me` carries the server's own clock, demo shift included, for the console's one-minute countdown:
/// the `Date` header is the system clock, days away from a test server's.
#[tokio::test]
async fn me_tells_the_server_clock_even_when_it_is_shifted() {
    let app = TestApp::start().await;
    let agent = app.agent("chuangkou1").await;
    let res = agent.get("/api/me").send().await.unwrap();
    let now: i64 = res.headers()["x-bangban-now"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let morning: jiff::Timestamp = crate::helpers::WORKING_MORNING.parse().unwrap();
    let morning = morning.as_millisecond();
    assert!(
        (morning..morning + 600_000).contains(&now),
        "{now} is the demo clock, not the system clock"
    );
}
