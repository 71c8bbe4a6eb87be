//! Fault test: many chats exchange messages while the server is killed (SIGKILL) and restarted several
//! times and connections are cut at random. At the end every acknowledged message is present exactly once,
//! in the order it was sent, and `seq` has no gaps. Prints the counts (`-- --nocapture`).
//!
//! It runs the real `bangban` binary on loopback only.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bangban_core::protocol::{ChatMessage, ClientFrame, ConversationView, ServerFrame};
use futures::{SinkExt, StreamExt};
use rand::Rng;
use tokio_tungstenite::tungstenite::Message;

const CHATS: usize = 12;
const MESSAGES_PER_SIDE: usize = 25;
const KILLS: usize = 3;
const PASSWORD: &str = "fault-test";

struct Server {
    port: u16,
    db: String,
    child: Option<Child>,
}

impl Server {
    fn start(&mut self) {
        let child = Command::new(env!("CARGO_BIN_EXE_bangban"))
            .args([
                "serve",
                "--demo",
                "--addr",
                &format!("127.0.0.1:{}", self.port),
            ])
            .args([
                "--database",
                &self.db,
                "--dist",
                "/nonexistent",
                "--public",
                "/nonexistent",
            ])
            .env("BANGBAN_DEMO_PASSWORD", PASSWORD)
            .env("BANGBAN_DEMO_NOW", "2026-11-23T10:00:00+08:00")
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start bangban");
        self.child = Some(child);
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("SIGKILL");
            child.wait().expect("reaped");
        }
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

async fn wait_up(base: &str) {
    let http = reqwest::Client::new();
    for _ in 0..200 {
        if let Ok(r) = http.get(format!("{base}/api/kb/snapshot")).send().await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server did not come up");
}

/// Retries an HTTP call through restarts.
async fn retry<T, F, Fut>(mut call: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, String>>,
{
    for _ in 0..400 {
        if let Ok(v) = call().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("call kept failing");
}

/// One side of one chat: sends its messages one by one, each until acknowledged, reconnecting as needed.
async fn talker(
    url: String,
    cookie: Option<String>,
    conversation: String,
    side: &'static str,
    cuts: Arc<AtomicU64>,
) -> Vec<(String, u64)> {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut acked = Vec::new();
    let mut next = 0;
    while next < MESSAGES_PER_SIDE {
        let mut req = url.as_str().into_client_request().unwrap();
        if let Some(c) = &cookie {
            req.headers_mut().insert("cookie", c.parse().unwrap());
        }
        let Ok((mut ws, _)) = tokio_tungstenite::connect_async(req).await else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        'connected: while next < MESSAGES_PER_SIDE {
            let client_id = format!("{side}-{next}");
            let frame = ClientFrame::Send {
                conversation: conversation.clone(),
                client_id: client_id.clone(),
                text: format!("{side} 第{next}条"),
            };
            let text = serde_json::to_string(&frame).unwrap();
            if ws.send(Message::Text(text.into())).await.is_err() {
                break;
            }
            let cut_now = rand::thread_rng().gen_ratio(1, 15);
            loop {
                if cut_now {
                    // Cut the connection before reading the ack: the message may or may not be stored.
                    cuts.fetch_add(1, Ordering::Relaxed);
                    break 'connected;
                }
                let msg = tokio::time::timeout(Duration::from_secs(5), ws.next()).await;
                match msg {
                    Ok(Some(Ok(Message::Text(t)))) => {
                        if let Ok(ServerFrame::Ack(ack)) = serde_json::from_str(t.as_str())
                            && ack.client_id == client_id
                        {
                            acked.push((client_id, ack.seq));
                            next += 1;
                            break;
                        }
                    }
                    Ok(Some(Ok(_))) => {}
                    _ => break 'connected,
                }
            }
        }
    }
    acked
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_acknowledged_message_is_lost_or_doubled_through_kills_and_cuts() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Server {
        port,
        db: format!("sqlite://{}", dir.path().join("fault.db").display()),
        child: None,
    };
    // One agent takes every chat: allow it.
    let added = Command::new(env!("CARGO_BIN_EXE_bangban"))
        .args([
            "agent",
            "--database",
            &server.db,
            "add",
            "fault1",
            "--name",
            "压力测试客服",
        ])
        .args([
            "--role",
            "window",
            "--max-chats",
            "100",
            "--password",
            PASSWORD,
        ])
        .status()
        .expect("bangban agent add");
    assert!(added.success());
    server.start();
    let base = server.base();
    wait_up(&base).await;

    // An agent on duty, and CHATS citizens each with a chat the agent has taken.
    let agent = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let login = agent
        .post(format!("{base}/api/auth/login"))
        .json(&serde_json::json!({"username": "fault1", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    agent
        .post(format!("{base}/api/agent/duty"))
        .json(&serde_json::json!({"on_duty": true}))
        .send()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let mut chats = Vec::new();
    for i in 0..CHATS {
        let token: serde_json::Value = http
            .post(format!("{base}/api/visitors"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = token["token"].as_str().unwrap().to_owned();
        let conv: ConversationView = http
            .post(format!("{base}/api/conversations"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"item": null, "bot_transcript": [
                {"sender": "citizen", "text": format!("第{i}位群众的问题")}
            ]}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let accepted = agent
            .post(format!("{base}/api/conversations/{}/accept", conv.id))
            .send()
            .await
            .unwrap();
        assert!(accepted.status().is_success());
        chats.push((token, conv.id));
    }

    let ws_base = base.replace("http://", "ws://");
    let cuts = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for (token, conv) in &chats {
        let url = format!("{ws_base}/api/ws?visitor={token}");
        tasks.push(tokio::spawn(talker(
            url,
            None,
            conv.clone(),
            "citizen",
            cuts.clone(),
        )));
        let url = format!("{ws_base}/api/ws");
        tasks.push(tokio::spawn(talker(
            url,
            Some(cookie.clone()),
            conv.clone(),
            "agent",
            cuts.clone(),
        )));
    }

    // Kill and restart the server while they talk.
    let started = Instant::now();
    for _ in 0..KILLS {
        tokio::time::sleep(Duration::from_millis(
            rand::thread_rng().gen_range(300..900),
        ))
        .await;
        server.kill();
        tokio::time::sleep(Duration::from_millis(200)).await;
        server.start();
    }
    let mut acked: HashMap<String, Vec<(String, u64)>> = HashMap::new();
    for (i, task) in tasks.into_iter().enumerate() {
        let conv = chats[i / 2].1.clone();
        acked.entry(conv).or_default().extend(task.await.unwrap());
    }
    wait_up(&base).await;

    // Every acknowledged message exactly once, in order, seq without gaps.
    let mut stored_total = 0;
    let mut acked_total = 0;
    for (token, conv) in &chats {
        let messages: Vec<ChatMessage> = retry(|| {
            let req = http
                .get(format!("{base}/api/conversations/{conv}/messages?after=0"))
                .bearer_auth(token);
            async move {
                let r = req.send().await.map_err(|e| e.to_string())?;
                r.json().await.map_err(|e| e.to_string())
            }
        })
        .await;
        stored_total += messages.len();
        let seqs: Vec<u64> = messages.iter().map(|m| m.seq).collect();
        assert_eq!(
            seqs,
            (1..=messages.len() as u64).collect::<Vec<_>>(),
            "gapless"
        );
        let by_id: HashMap<&str, &ChatMessage> =
            messages.iter().map(|m| (m.client_id.as_str(), m)).collect();
        assert_eq!(by_id.len(), messages.len(), "no client id stored twice");
        let mine = &acked[conv];
        acked_total += mine.len();
        for (client_id, seq) in mine {
            let stored = by_id
                .get(client_id.as_str())
                .expect("acknowledged message is stored");
            assert_eq!(stored.seq, *seq, "stored under the acknowledged seq");
        }
        for side in ["citizen", "agent"] {
            let order: Vec<&str> = messages
                .iter()
                .filter(|m| m.client_id.starts_with(side))
                .map(|m| m.client_id.as_str())
                .collect();
            let expected: Vec<String> = (0..MESSAGES_PER_SIDE)
                .map(|i| format!("{side}-{i}"))
                .collect();
            assert_eq!(order, expected, "{side} messages in the order sent");
        }
    }
    println!(
        "fault test: {CHATS} chats, {KILLS} SIGKILL restarts, {} connection cuts, {acked_total} acknowledged, \
         {stored_total} stored (incl. system and 小申 turns), 0 lost, 0 doubled, {:.1} s",
        cuts.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    );
    assert_eq!(acked_total, CHATS * 2 * MESSAGES_PER_SIDE);
}
