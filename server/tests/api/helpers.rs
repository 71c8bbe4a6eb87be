//! `TestApp`: a running server plus typed clients for a citizen and agents.
#![expect(
    unreachable_pub,
    reason = "helpers shared by the test modules of one binary"
)]

use std::path::PathBuf;
use std::time::Duration;

use bangban_core::protocol::{
    BotTurn, ClientFrame, ConversationView, HandoffRequest, Me, Role, SenderKind, ServerFrame,
};
use bangban_server::config::ServeArgs;
use bangban_server::state::AppState;
use bangban_server::store::sqlite::SqliteStore;
use bangban_server::store::{NewAgent, Store};
use bangban_server::{prepare, run};
use futures::{SinkExt, StreamExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::Message;

pub const PASSWORD: &str = "test-password-1";
/// Where the server clock starts in tests: a Monday morning inside service hours, whatever the real time.
pub const WORKING_MORNING: &str = "2026-11-23T10:00:00+08:00";

/// A running server on 127.0.0.1 with its own database file.
pub struct TestApp {
    pub base: String,
    pub dir: tempfile::TempDir,
    /// The running server's state, e.g. to drive the response clock.
    pub state: AppState,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

impl TestApp {
    pub async fn start() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        TestApp::start_in(dir).await
    }

    /// Starts a server whose clock starts at `now` (RFC 3339).
    pub async fn start_at(now: &str) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        TestApp::launch(dir, now).await
    }

    /// Starts a server on the database in `dir` with its clock at `now`.
    pub async fn start_in_at(dir: tempfile::TempDir, now: &str) -> TestApp {
        TestApp::launch(dir, now).await
    }

    /// Starts a server on the database in `dir` (reused across restarts).
    pub async fn start_in(dir: tempfile::TempDir) -> TestApp {
        TestApp::launch(dir, WORKING_MORNING).await
    }

    /// Starts a server that assigns chats automatically.
    pub async fn start_auto_assign() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        TestApp::launch_with(dir, WORKING_MORNING, true).await
    }

    async fn launch(dir: tempfile::TempDir, now: &str) -> TestApp {
        TestApp::launch_with(dir, now, false).await
    }

    async fn launch_with(dir: tempfile::TempDir, now: &str, auto_assign: bool) -> TestApp {
        let mut args = args(dir.path().join("bangban.db"));
        args.demo_now = Some(now.into());
        args.auto_assign = auto_assign;
        let prepared = prepare(&args).await.unwrap();
        let state = prepared.state.clone();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(run(listener, prepared, async move {
            let _ = stopped.await;
        }));
        TestApp {
            base,
            dir,
            state,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Stops the server gracefully and gives back its folder.
    pub async fn stop(mut self) -> tempfile::TempDir {
        self.stop.take().unwrap().send(()).unwrap();
        let task = self.task.take().unwrap();
        tokio::time::timeout(Duration::from_secs(10), task)
            .await
            .expect("server stops")
            .unwrap()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::mem::replace(&mut self.dir, dir)
    }

    /// Adds an agent account with the test password, straight into the database.
    pub async fn add_agent(&self, username: &str, role: Role, department: Option<&str>) {
        let url = format!("sqlite://{}", self.dir.path().join("bangban.db").display());
        let store = SqliteStore::open(&url).await.unwrap();
        let hash = bangban_server::auth::hash_password(PASSWORD.into())
            .await
            .unwrap();
        store
            .upsert_agent(&NewAgent {
                username: username.into(),
                display_name: format!("{username} 的名字"),
                role,
                department: department.map(Into::into),
                password_hash: hash,
                max_chats: bangban_server::store::DEFAULT_MAX_CHATS,
            })
            .await
            .unwrap();
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn ws_url(&self, query: &str) -> String {
        format!("{}/api/ws{}", self.base.replace("http://", "ws://"), query)
    }

    pub async fn citizen(&self) -> Citizen {
        let http = reqwest::Client::new();
        let token: serde_json::Value = http
            .post(self.url("/api/visitors"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Citizen {
            base: self.base.clone(),
            http,
            token: token["token"].as_str().unwrap().to_owned(),
        }
    }

    pub async fn agent(&self, username: &str) -> AgentClient {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let res = http
            .post(self.url("/api/auth/login"))
            .json(&serde_json::json!({"username": username, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "login of {username}");
        let cookie = res
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        AgentClient {
            base: self.base.clone(),
            http,
            cookie,
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

fn args(db: PathBuf) -> ServeArgs {
    ServeArgs {
        addr: "127.0.0.1:0".parse().unwrap(),
        database: format!("sqlite://{}", db.display()),
        dist: PathBuf::from("../dist"),
        public: PathBuf::from("../public"),
        items: None,
        calendar: None,
        hours: None,
        canned: None,
        auto_assign: false,
        demo: true,
        demo_password: Some(PASSWORD.into()),
        demo_now: Some(WORKING_MORNING.into()),
        blobs: None,
    }
}

/// A citizen's HTTP client.
pub struct Citizen {
    pub base: String,
    pub http: reqwest::Client,
    pub token: String,
}

impl Citizen {
    pub fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
    }

    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
    }

    /// 转人工 after asking 小申 `question`.
    pub async fn handoff(&self, item: Option<&str>, question: &str) -> ConversationView {
        let req = HandoffRequest {
            item: item.map(Into::into),
            bot_transcript: vec![
                BotTurn {
                    sender: SenderKind::Citizen,
                    text: question.into(),
                },
                BotTurn {
                    sender: SenderKind::Bot,
                    text: "抱歉，小申暂时没有找到相关答案。".into(),
                },
            ],
        };
        ok_json(self.post("/api/conversations").json(&req)).await
    }

    pub async fn socket(&self, app: &TestApp) -> Socket {
        Socket::connect(&app.ws_url(&format!("?visitor={}", self.token)), None).await
    }
}

/// An agent's HTTP client (with the session cookie).
pub struct AgentClient {
    base: String,
    pub http: reqwest::Client,
    pub cookie: String,
}

impl AgentClient {
    pub fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.http.post(format!("{}{path}", self.base))
    }

    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.http.get(format!("{}{path}", self.base))
    }

    pub async fn sign_in(&self) -> Me {
        ok_json(
            self.post("/api/agent/duty")
                .json(&serde_json::json!({"on_duty": true})),
        )
        .await
    }

    pub async fn accept(&self, id: &str) -> ConversationView {
        ok_json(self.post(&format!("/api/conversations/{id}/accept"))).await
    }

    pub async fn socket(&self, app: &TestApp) -> Socket {
        Socket::connect(&app.ws_url(""), Some(&self.cookie)).await
    }
}

/// Sends and expects a 2xx JSON answer.
pub async fn ok_json<T: DeserializeOwned>(req: reqwest::RequestBuilder) -> T {
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Sends and expects an error status with our envelope; returns the code.
pub async fn error_code(req: reqwest::RequestBuilder, status: u16) -> String {
    let res = req.send().await.unwrap();
    assert_eq!(res.status().as_u16(), status);
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    body["code"].as_str().unwrap().to_owned()
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A WebSocket client speaking our frames.
pub struct Socket {
    ws: Ws,
}

impl Socket {
    pub async fn connect(url: &str, cookie: Option<&str>) -> Socket {
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let mut req = url.into_client_request().unwrap();
        if let Some(c) = cookie {
            req.headers_mut().insert("cookie", c.parse().unwrap());
        }
        let (ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
        Socket { ws }
    }

    pub async fn send(&mut self, frame: &impl Serialize) {
        let text = serde_json::to_string(frame).unwrap();
        self.ws.send(Message::Text(text.into())).await.unwrap();
    }

    pub async fn send_raw(&mut self, text: &str) {
        self.ws.send(Message::Text(text.into())).await.unwrap();
    }

    pub async fn say(&mut self, conversation: &str, client_id: &str, text: &str) {
        self.send(&ClientFrame::Send {
            conversation: conversation.into(),
            client_id: client_id.into(),
            text: text.into(),
        })
        .await;
    }

    /// The next frame, within 5 seconds.
    pub async fn next(&mut self) -> ServerFrame {
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(5), self.ws.next())
                .await
                .expect("a frame within 5 s")
                .expect("socket open")
                .expect("no socket error");
            match msg {
                Message::Text(t) => return serde_json::from_str(t.as_str()).unwrap(),
                Message::Close(c) => panic!("closed: {c:?}"),
                _ => {}
            }
        }
    }

    /// Skips frames until `pick` returns something.
    pub async fn until<T>(&mut self, mut pick: impl FnMut(ServerFrame) -> Option<T>) -> T {
        for _ in 0..50 {
            if let Some(found) = pick(self.next().await) {
                return found;
            }
        }
        panic!("frame not seen in 50 frames");
    }

    /// Waits for the close frame and returns its code.
    pub async fn closed(&mut self) -> Option<u16> {
        loop {
            match tokio::time::timeout(Duration::from_secs(5), self.ws.next())
                .await
                .expect("closes within 5 s")
            {
                Some(Ok(Message::Close(c))) => return c.map(|c| u16::from(c.code)),
                Some(Ok(_)) => continue,
                _ => return None,
            }
        }
    }
}
