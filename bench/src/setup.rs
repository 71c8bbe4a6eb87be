//! Setup over HTTP, before any WebSocket is open (so the queue broadcasts of 转人工 and 接入 reach nobody):
//! agents sign in and 签入, then every citizen gets a visitor token, does 转人工 and is taken by an agent,
//! round-robin.

use anyhow::{Context, Result};
use bangban_core::protocol::{BotTurn, ConversationView, HandoffRequest, SenderKind, VisitorToken};
use futures::{StreamExt, TryStreamExt, stream};
use serde_json::json;

/// Concurrent HTTP requests during setup: enough to overlap round trips, few enough not to queue for long.
const PARALLEL: usize = 16;

/// One chat: its id and the citizen's token. Chat `i` was taken by agent `i % agents`.
pub(crate) struct Chat {
    /// Conversation id.
    pub(crate) conv: String,
    /// The citizen's bearer token.
    pub(crate) token: String,
}

/// Signs the agents in (returns their `Cookie` header values) and opens one taken chat per citizen.
pub(crate) async fn run(
    base: &str,
    agents: &[String],
    password: &str,
    citizens: usize,
) -> Result<(Vec<String>, Vec<Chat>)> {
    let http = reqwest::Client::new();
    let cookies: Vec<String> = stream::iter(agents)
        .map(|name| sign_in(&http, base, name, password))
        .buffered(PARALLEL)
        .try_collect()
        .await?;
    let chats = stream::iter(0..citizens)
        .map(|i| open_chat(&http, base, i, &cookies[i % cookies.len()]))
        .buffered(PARALLEL)
        .try_collect()
        .await?;
    Ok((cookies, chats))
}

/// Logs in and goes on duty (签入); returns `bangban_session=...`.
async fn sign_in(http: &reqwest::Client, base: &str, name: &str, password: &str) -> Result<String> {
    let login = http
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"username": name, "password": password}))
        .send()
        .await?
        .error_for_status()
        .with_context(|| format!("login of {name}"))?;
    let cookie = login
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .context("login without a cookie")?
        .to_owned();
    http.post(format!("{base}/api/agent/duty"))
        .header("cookie", &cookie)
        .json(&json!({"on_duty": true}))
        .send()
        .await?
        .error_for_status()?;
    Ok(cookie)
}

/// A new citizen, their 转人工, and 接入 by the agent with `cookie`.
async fn open_chat(http: &reqwest::Client, base: &str, i: usize, cookie: &str) -> Result<Chat> {
    let VisitorToken { token } = http
        .post(format!("{base}/api/visitors"))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let handoff = HandoffRequest {
        item: None,
        bot_transcript: vec![BotTurn {
            sender: SenderKind::Citizen,
            text: format!("压测第 {i} 位群众的问题"),
        }],
    };
    let conv: ConversationView = http
        .post(format!("{base}/api/conversations"))
        .bearer_auth(&token)
        .json(&handoff)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    http.post(format!("{base}/api/conversations/{}/accept", conv.id))
        .header("cookie", cookie)
        .send()
        .await?
        .error_for_status()
        .with_context(|| format!("accept of chat {i}"))?;
    Ok(Chat {
        conv: conv.id,
        token,
    })
}
